#include "api/paging.hpp"
#include "api/query_params.hpp"
#include "core/error.hpp"

#include <gtest/gtest.h>

namespace furrow::api {
namespace {

using Query = std::vector<std::pair<std::string, std::string>>;

std::string failing_parameter(const std::function<void()>& fn) {
    try {
        fn();
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::invalid_input);
        EXPECT_NE(std::string(e.what()).find(e.parameter()), std::string::npos) << "detail names the parameter";
        return e.parameter();
    }
    return "(no error)";
}

} // namespace

TEST(QueryParams, typed_getters_accept_good_values) {
    const Query q = {{"id", "9B561906-EFAC-43A3-9378-641E3698DA5D"}, {"t", "2021-03-12T19:50:55Z"},
                     {"n", "12.5"}, {"b", "TRUE"}, {"i", "7"}, {"e", "Harvested"}};
    const QueryParams p(q);
    EXPECT_EQ(p.uuid("id"), "9b561906-efac-43a3-9378-641e3698da5d");
    EXPECT_EQ(p.time("t"), 1615578655000);
    EXPECT_EQ(p.number("n"), 12.5);
    EXPECT_EQ(p.boolean("b"), true);
    EXPECT_EQ(p.integer("i", 0, 10), 7);
    constexpr std::string_view allowed[] = {"planted", "harvested"};
    EXPECT_EQ(p.one_of("e", allowed, true), "harvested");
    EXPECT_FALSE(p.text("absent"));
}

TEST(QueryParams, bad_values_name_the_parameter) {
    const Query q = {{"id", "nope"}, {"t", "2020-13-45"}, {"n", "abc"}, {"b", "maybe"}, {"i", "11"}, {"e", "x"}};
    const QueryParams p(q);
    constexpr std::string_view allowed[] = {"a"};
    EXPECT_EQ(failing_parameter([&] { p.uuid("id"); }), "id");
    EXPECT_EQ(failing_parameter([&] { p.time("t"); }), "t");
    EXPECT_EQ(failing_parameter([&] { p.number("n"); }), "n");
    EXPECT_EQ(failing_parameter([&] { p.boolean("b"); }), "b");
    EXPECT_EQ(failing_parameter([&] { p.integer("i", 0, 10); }), "i");
    EXPECT_EQ(failing_parameter([&] { p.one_of("e", allowed); }), "e");
}

TEST(Paging, defaults_and_limits) {
    const std::map<std::string_view, std::string_view> sorts = {{"id", "id"}, {"fileName", "file_name"}};
    const Query none;
    auto q = list_query(QueryParams(none), {}, sorts);
    EXPECT_EQ(q.page, 0);
    EXPECT_EQ(q.size, 20);
    for (const char* bad : {"101", "0", "-1", "ten"}) {
        const Query size = {{"size", bad}};
        EXPECT_EQ(failing_parameter([&] { list_query(QueryParams(size), {}, sorts); }), "size") << bad;
    }
    const Query page = {{"page", "-1"}};
    EXPECT_EQ(failing_parameter([&] { list_query(QueryParams(page), {}, sorts); }), "page");
}

TEST(Paging, sort_maps_fields_and_rejects_unknown_ones) {
    const std::map<std::string_view, std::string_view> sorts = {{"id", "id"}, {"fileName", "file_name"}};
    const Query good = {{"sort", "fileName,desc"}, {"sort", "id"}};
    const auto q = list_query(QueryParams(good), {}, sorts);
    ASSERT_EQ(q.sort.size(), 2u);
    EXPECT_EQ(q.sort[0].column, "file_name");
    EXPECT_TRUE(q.sort[0].descending);
    EXPECT_FALSE(q.sort[1].descending);
    for (const char* bad : {"bogus,asc", "id,sideways", "id,asc,desc", "owner_id"}) {
        const Query s = {{"sort", bad}};
        EXPECT_EQ(failing_parameter([&] { list_query(QueryParams(s), {}, sorts); }), "sort") << bad;
    }
}

TEST(Paging, a_repeated_sort_field_keeps_its_first_direction_only) {
    const std::map<std::string_view, std::string_view> sorts = {{"id", "id"}, {"fileName", "file_name"}};
    Query repeated = {{"sort", "fileName,desc"}, {"sort", "id"}};
    for (int i = 0; i < 3000; ++i) repeated.emplace_back("sort", i % 2 ? "fileName,asc" : "id,desc");
    const auto q = list_query(QueryParams(repeated), {}, sorts);
    ASSERT_EQ(q.sort.size(), 2u);
    EXPECT_EQ(q.sort[0].column, "file_name");
    EXPECT_TRUE(q.sort[0].descending);
    EXPECT_EQ(q.sort[1].column, "id");
    EXPECT_FALSE(q.sort[1].descending);
}

TEST(Paging, no_link_header_when_the_links_would_not_fit_in_one_header_value) {
    Request req;
    req.base_url = "http://h";
    req.path = "/x";
    req.query.assign(3000, {"name", "abcdefghij"}); // 45 KB of query, four times over in the links
    store::ListQuery q;
    Response r;
    add_paging_headers(r, req, q, 35);
    ASSERT_EQ(r.headers.size(), 1u);
    EXPECT_EQ(r.headers[0], (std::pair<std::string, std::string>{"X-Total-Count", "35"}));
    req.query.resize(30); // a long but ordinary query keeps its links
    r = {};
    add_paging_headers(r, req, q, 35);
    ASSERT_EQ(r.headers.size(), 2u);
    EXPECT_EQ(r.headers[1].first, "Link");
}

TEST(Paging, link_header_keeps_filters_and_marks_pages) {
    Request req;
    req.base_url = "http://h";
    req.path = "/x";
    req.query = {{"leafUserId", "u"}, {"page", "1"}, {"size", "10"}};
    store::ListQuery q;
    q.page = 1;
    q.size = 10;
    Response r;
    add_paging_headers(r, req, q, 35);
    ASSERT_EQ(r.headers.size(), 2u);
    EXPECT_EQ(r.headers[0].second, "35");
    EXPECT_EQ(r.headers[1].second,
              "<http://h/x?leafUserId=u&page=2&size=10>; rel=\"next\",<http://h/x?leafUserId=u&page=0&size=10>; "
              "rel=\"prev\",<http://h/x?leafUserId=u&page=3&size=10>; rel=\"last\",<http://h/x?leafUserId=u&page=0&"
              "size=10>; rel=\"first\"");
}

} // namespace furrow::api
