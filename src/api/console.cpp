// The web console (issue #20, docs/CONSOLE.md): furrow serves the console's built assets (console/,
// bundled by esbuild at build time) at `/` and `/console/<name>`, plus `/console/settings.json`, the
// few server settings the page needs before sign-in (basemap URL, the upload providers). Everything else the console shows it reads from
// the API itself. The assets are static files; every answer carries a Content-Security-Policy that
// allows only furrow's own origin (no inline script, no CDN), so the page cannot run foreign code.
#include "api/console_assets.hpp"
#include "api/problem.hpp"
#include "api/providers.hpp"
#include "api/routes.hpp"

#include <fmt/format.h>


namespace furrow::api {
namespace {

// MapLibre runs its tile worker from our own file (maplibre-gl-csp-worker.js, see console/src/map/),
// so no blob: worker is needed; its canvas reads images as blob: and data: URLs.
std::string content_security_policy(const std::string& basemap_origin) {
    const std::string extra = basemap_origin.empty() ? "" : " " + basemap_origin;
    return fmt::format("default-src 'self'; script-src 'self'; worker-src 'self'; style-src 'self'; "
                       "img-src 'self' data: blob:{0}; connect-src 'self'{0}; object-src 'none'; "
                       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
                       extra);
}

void add_console_headers(Response& r, const std::string& csp) {
    r.headers.emplace_back("Content-Security-Policy", csp);
    r.headers.emplace_back("X-Content-Type-Options", "nosniff");
    r.headers.emplace_back("Referrer-Policy", "no-referrer");
    // The assets change with every build and carry no version in their names: revalidate each time.
    r.headers.emplace_back("Cache-Control", "no-cache");
}

Response asset(const ConsoleAssets& assets, const std::string& csp, const std::string& name, const std::string& path) {
    const auto found = assets.find(name);
    if (!found.error.empty()) {
        auto r = problem(found.status, found.error, path);
        add_console_headers(r, csp);
        return r;
    }
    Response r;
    r.content_type = std::string(found.media_type);
    r.file = found.path;
    add_console_headers(r, csp);
    return r;
}

} // namespace

void add_console_routes(Router& router, ApiContext& ctx) {
    // shared_ptr: the handlers are std::function, which must be copyable; three handlers share them.
    const auto assets = std::make_shared<const ConsoleAssets>(resolve_console_dir(ctx.config.console_dir));
    const auto csp = std::make_shared<const std::string>(content_security_policy(origin_of(ctx.config.console_basemap_url)));
    router.add("GET", "/", [assets, csp](Request& req) { return asset(*assets, *csp, "index.html", req.path); },
               public_route());
    router.add("GET", "/console/settings.json",
               [&ctx, csp](Request&) {
                   nlohmann::json names = nlohmann::json::array();
                   for (const auto name : providers) names.push_back(std::string(name));
                   auto r = Response::json(200, {{"basemapUrl", ctx.config.console_basemap_url}, {"providers", names}});
                   add_console_headers(r, *csp);
                   return r;
               },
               public_route());
    router.add("GET", "/console/{name}",
               [assets, csp](Request& req) { return asset(*assets, *csp, req.path_param("name"), req.path); },
               public_route());
}

} // namespace furrow::api
