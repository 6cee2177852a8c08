#pragma once
// Method + path pattern -> handler. Patterns use {name} for one path segment. A literal segment
// wins over a {param} at the same place, so "/files/uncoveredFiles" is not taken for an id.
#include "api/http_types.hpp"

#include <functional>
#include <string>
#include <vector>

namespace furrow::api {

using Handler = std::function<Response(Request&)>;

struct RouteOptions {
    bool public_route = false;   // no bearer token needed
    bool accepts_upload = false; // multipart body streamed to disk (up to max upload size)
    bool accepts_link_token = false; // a signed ?token= download link may stand in for the bearer token
    // Answered on the I/O thread instead of the handler pool: only for constant-time answers that must
    // not queue behind busy handlers (the liveness probe).
    bool runs_inline = false;
    // For uploads: checks made once the headers are in, before the body is read, so a bad
    // request is refused before gigabytes arrive. Throws Error like a handler.
    std::function<void(Request&)> precheck;
};

inline RouteOptions public_route() {
    RouteOptions options;
    options.public_route = true;
    return options;
}

inline RouteOptions inline_public_route() {
    RouteOptions options = public_route();
    options.runs_inline = true;
    return options;
}

inline RouteOptions download_route() {
    RouteOptions options;
    options.accepts_link_token = true;
    return options;
}

struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    Handler handler;
    RouteOptions options;
};

struct RouteMatch {
    const Route* route = nullptr;
    std::map<std::string, std::string> params;
    bool path_known = false; // some route has this path, with another method (-> 405)
};

class Router {
public:
    void add(std::string method, std::string pattern, Handler handler, RouteOptions options = {});
    RouteMatch match(const std::string& method, const std::string& path) const;
    // Every route, in registration order (the OpenAPI document is checked against it).
    const std::vector<Route>& routes() const { return m_routes; }

private:
    std::vector<Route> m_routes;
};

} // namespace furrow::api
