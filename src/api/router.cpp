#include "api/router.hpp"

#include "core/strings.hpp"

namespace furrow::api {
namespace {

std::vector<std::string> segments_of(const std::string& path) {
    auto parts = split(path, '/');
    std::erase_if(parts, [](const std::string& p) { return p.empty(); });
    return parts;
}

bool is_param(const std::string& segment) {
    return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// Number of literal segments; higher is more specific. -1 when the path does not fit.
int fit(const Route& route, const std::vector<std::string>& parts, std::map<std::string, std::string>& params) {
    if (route.segments.size() != parts.size()) return -1;
    int literals = 0;
    for (std::size_t seg_idx = 0; seg_idx < parts.size(); ++seg_idx) {
        const auto& pattern = route.segments[seg_idx];
        if (is_param(pattern)) {
            params[pattern.substr(1, pattern.size() - 2)] = parts[seg_idx];
        } else if (pattern == parts[seg_idx]) {
            ++literals;
        } else {
            return -1;
        }
    }
    return literals;
}

} // namespace

std::string Request::header(const std::string& lower_name) const {
    const auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
}

const std::string& Request::path_param(const std::string& name) const {
    static const std::string empty;
    const auto it = path_params.find(name);
    return it == path_params.end() ? empty : it->second;
}

Response Response::json(int status, const nlohmann::json& value) {
    Response r;
    r.status = status;
    // The one place answers become JSON text. Control characters (NUL included) are escaped as
    // \u00XX by nlohmann; bytes that are not UTF-8 (client input quoted in a detail) become U+FFFD
    // instead of throwing, which would turn a 400 into a 500.
    r.body = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return r;
}

Response Response::no_content() {
    Response r;
    r.status = 204;
    r.content_type.clear();
    return r;
}

void Router::add(std::string method, std::string pattern, Handler handler, RouteOptions options) {
    Route route{std::move(method), pattern, segments_of(pattern), std::move(handler), std::move(options)};
    m_routes.push_back(std::move(route));
}

RouteMatch Router::match(const std::string& method, const std::string& path) const {
    const auto parts = segments_of(path);
    RouteMatch best;
    int best_literals = -1;
    for (const auto& route : m_routes) {
        std::map<std::string, std::string> params;
        const int literals = fit(route, parts, params);
        if (literals < 0) continue;
        if (route.method != method) {
            best.path_known = true;
            continue;
        }
        if (literals > best_literals) {
            best_literals = literals;
            best.route = &route;
            best.params = std::move(params);
        }
    }
    return best;
}

} // namespace furrow::api
