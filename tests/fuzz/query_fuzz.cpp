// libFuzzer target for the query-string path of a list request: the raw request target goes through
// parse_target (api/request_reader.cpp), then list_query (api/paging.cpp, api/query_params.cpp)
// with filters of every parameter type, then the paging headers that echo the query back.
// The input is the request target, e.g. "/x?page=1&size=5&sort=size,desc&status=FAILED".
// Anything but a list query or Error(invalid_input) is a finding; so is a query that breaks the
// promises list_query makes (page >= 0, size 1..100, only allowed sort columns and enum values).
#include "api/paging.hpp"
#include "api/request_reader.hpp"
#include "core/error.hpp"

#include <array>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string_view>

using furrow::api::FilterSpec;
using furrow::api::ParamType;
using furrow::store::Op;

namespace {

constexpr std::array<std::string_view, 3> statuses = {"RECEIVED", "PROCESSED", "FAILED"};

constexpr FilterSpec filters[] = {
    {"leafUserId", "leaf_user_id", Op::eq, ParamType::uuid},
    {"status", "status", Op::eq, ParamType::enumeration, statuses},
    {"name", "name", Op::eq, ParamType::text},
    {"startTime", "start_time", Op::ge, ParamType::time},
    {"minArea", "area_m2", Op::ge, ParamType::number},
    {"merged", "merged", Op::eq, ParamType::boolean},
    {"fieldId", "field_ids", Op::has_item, ParamType::text},
};

const std::map<std::string_view, std::string_view> sort_columns = {
    {"size", "size"}, {"fileName", "file_name"}, {"uploadTimestamp", "upload_time"}};

void check(const furrow::store::ListQuery& query) {
    if (query.page < 0 || query.size < 1 || query.size > furrow::api::max_page_size) std::abort();
    for (const auto& key : query.sort) {
        bool known = false;
        for (const auto& [name, column] : sort_columns) known = known || key.column == column;
        if (!known) std::abort();
    }
    for (const auto& filter : query.filters) {
        if (filter.column != "status") continue;
        const auto* value = std::get_if<std::string>(&filter.value);
        if (value == nullptr) std::abort();
        bool allowed = false;
        for (const auto s : statuses) allowed = allowed || *value == s;
        if (!allowed) std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view target(reinterpret_cast<const char*>(data), size);
    furrow::api::Request request;
    request.base_url = "http://localhost";
    try {
        furrow::api::parse_target(target, request);
        const furrow::api::QueryParams params(request.query);
        const auto query = furrow::api::list_query(params, filters, sort_columns);
        check(query);
        furrow::api::Response response;
        furrow::api::add_paging_headers(response, request, query, static_cast<std::int64_t>(size) * 7);
    } catch (const furrow::Error& e) {
        if (e.code() == furrow::ErrorCode::invalid_input) return 0;
        std::fprintf(stderr, "unexpected Error(%s): %s\n", std::string(furrow::to_string(e.code())).c_str(), e.what());
        std::abort();
    }
    return 0;
}
