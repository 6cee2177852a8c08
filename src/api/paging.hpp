#pragma once
// List endpoints: filters declared as data, page/size/sort, and the X-Total-Count + Link headers.
#include "api/http_types.hpp"
#include "api/query_params.hpp"
#include "store/list_query.hpp"

#include <map>
#include <span>
#include <string_view>
#include <vector>

namespace furrow::api {

enum class ParamType { uuid, text, time, number, boolean, enumeration };

// One filter of a list endpoint: query parameter -> column, operator and value type.
struct FilterSpec {
    std::string_view param;
    std::string_view column;
    store::Op op = store::Op::eq;
    ParamType type = ParamType::text;
    std::span<const std::string_view> allowed = {}; // for enumeration
};

inline constexpr std::int64_t default_page_size = 20;
inline constexpr std::int64_t max_page_size = 100;

// page (>= 0), size (1..100, default 20), repeated sort=field[,asc|desc] mapped through
// `sort_columns` (wire name -> column), then every filter in `filters` that is present.
store::ListQuery list_query(const QueryParams& params, std::span<const FilterSpec> filters,
                            const std::map<std::string_view, std::string_view>& sort_columns);

// X-Total-Count and Link (rel next/prev/last/first), keeping the request's other parameters; no Link
// when the links would not fit in one header value (a query string of tens of kilobytes).
void add_paging_headers(Response& response, const Request& request, const store::ListQuery& query,
                        std::int64_t total);

} // namespace furrow::api
