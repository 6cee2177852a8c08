#include "api/request_reader.hpp"
#include "api/router.hpp"
#include "core/error.hpp"

#include <gtest/gtest.h>

namespace furrow::api {
namespace {

Handler named(const std::string& name) {
    return [name](Request&) {
        Response r;
        r.body = name;
        return r;
    };
}

std::string route_of(const Router& router, const std::string& method, const std::string& path) {
    const auto m = router.match(method, path);
    if (!m.route) return m.path_known ? "405" : "404";
    Request req;
    return m.route->handler(req).body;
}

} // namespace

TEST(Router, literal_segments_win_over_parameters) {
    Router r;
    r.add("GET", "/files/{id}", named("one"));
    r.add("GET", "/files/uncoveredFiles", named("uncovered"));
    EXPECT_EQ(route_of(r, "GET", "/files/uncoveredFiles"), "uncovered");
    EXPECT_EQ(route_of(r, "GET", "/files/abc"), "one");
    EXPECT_EQ(r.match("GET", "/files/abc").params.at("id"), "abc");
}

TEST(Router, distinguishes_unknown_paths_from_wrong_methods) {
    Router r;
    r.add("GET", "/batch/{id}", named("get"));
    EXPECT_EQ(route_of(r, "DELETE", "/batch/x"), "405");
    EXPECT_EQ(route_of(r, "GET", "/batch/x/y"), "404");
    EXPECT_EQ(route_of(r, "GET", "/batch/x/"), "get"); // a trailing slash is the same path
}

TEST(RequestReader, decodes_path_and_query) {
    Request req;
    parse_target("/a%20b/c?x=1+2&y=%2F&flag&x=3", req);
    EXPECT_EQ(req.path, "/a b/c");
    ASSERT_EQ(req.query.size(), 4u);
    EXPECT_EQ(req.query[0], (std::pair<std::string, std::string>{"x", "1 2"}));
    EXPECT_EQ(req.query[1].second, "/");
    EXPECT_EQ(req.query[2].second, "");
}

TEST(RequestReader, rejects_bad_encoding) {
    Request req;
    EXPECT_THROW(parse_target("/a%zz", req), Error);
    Request req2;
    EXPECT_THROW(parse_target("/a?x=%4", req2), Error);
}

} // namespace furrow::api
