#include "api/paging.hpp"

#include "core/error.hpp"
#include "core/strings.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace furrow::api {
namespace {

constexpr std::size_t max_link_bytes = 32 * 1024;

void parse_sort(const QueryParams& params, const std::map<std::string_view, std::string_view>& sort_columns,
                store::ListQuery& query) {
    for (const auto& value : params.all("sort")) {
        const auto parts = split(value, ',');
        const auto field = trim(parts[0]);
        const auto column = sort_columns.find(field);
        if (column == sort_columns.end()) {
            std::string fields;
            for (const auto& [name, col] : sort_columns) fields += (fields.empty() ? "" : ", ") + std::string(name);
            throw Error(ErrorCode::invalid_input, "sort",
                        fmt::format("sort: unknown field '{}'; sortable fields: {}", field.substr(0, 100), fields));
        }
        bool descending = false;
        if (parts.size() == 2 && iequals(trim(parts[1]), "desc")) descending = true;
        else if (parts.size() > 2 || (parts.size() == 2 && !iequals(trim(parts[1]), "asc")))
            throw Error(ErrorCode::invalid_input, "sort",
                        fmt::format("sort: '{}' must be field,asc or field,desc", value.substr(0, 100)));
        // A column already sorted on decides nothing more; repeats would only grow the ORDER BY
        // (thousands of sort=size,asc made SQLite fail with "too many terms").
        const bool repeated = std::any_of(query.sort.begin(), query.sort.end(),
                                          [&](const auto& key) { return key.column == column->second; });
        if (!repeated) query.sort.push_back({std::string(column->second), descending});
    }
}

void apply_filter(const QueryParams& params, const FilterSpec& spec, store::ListQuery& query) {
    std::optional<store::Value> value;
    switch (spec.type) {
    case ParamType::uuid:
        if (auto v = params.uuid(spec.param)) value = *v;
        break;
    case ParamType::text:
        if (auto v = params.text(spec.param)) value = *v;
        break;
    case ParamType::time:
        if (auto v = params.time(spec.param)) value = *v;
        break;
    case ParamType::number:
        if (auto v = params.number(spec.param)) value = *v;
        break;
    case ParamType::boolean:
        if (auto v = params.boolean(spec.param)) value = *v;
        break;
    case ParamType::enumeration:
        if (auto v = params.one_of(spec.param, spec.allowed)) value = *v;
        break;
    }
    if (value) query.filters.push_back({std::string(spec.column), spec.op, std::move(*value)});
}

std::string page_link(const Request& request, std::int64_t page, std::int64_t size) {
    std::string query;
    for (const auto& [key, value] : request.query) {
        if (key == "page" || key == "size") continue;
        query += url_encode(key) + "=" + url_encode(value) + "&";
    }
    return fmt::format("<{}{}?{}page={}&size={}>", request.base_url, request.path, query, page, size);
}

} // namespace

store::ListQuery list_query(const QueryParams& params, std::span<const FilterSpec> filters,
                            const std::map<std::string_view, std::string_view>& sort_columns) {
    store::ListQuery query;
    query.page = params.integer("page", 0, 10'000'000).value_or(0);
    query.size = params.integer("size", 1, max_page_size).value_or(default_page_size);
    parse_sort(params, sort_columns, query);
    for (const auto& spec : filters) apply_filter(params, spec, query);
    return query;
}

void add_paging_headers(Response& response, const Request& request, const store::ListQuery& query,
                        std::int64_t total) {
    const std::int64_t last = total == 0 ? 0 : (total - 1) / query.size;
    std::vector<std::string> links;
    if (query.page < last) links.push_back(page_link(request, query.page + 1, query.size) + "; rel=\"next\"");
    if (query.page > 0) links.push_back(page_link(request, query.page - 1, query.size) + "; rel=\"prev\"");
    links.push_back(page_link(request, last, query.size) + "; rel=\"last\"");
    links.push_back(page_link(request, 0, query.size) + "; rel=\"first\"");
    std::string link;
    for (const auto& l : links) link += (link.empty() ? "" : ",") + l;
    response.headers.emplace_back("X-Total-Count", std::to_string(total));
    // The links repeat the request's query four times; from a query near the 64 KiB request-header
    // limit that is more than one header value may hold (Beast refuses values over 64 KiB and the
    // answer would be lost), so such a request gets its page without links.
    if (link.size() <= max_link_bytes) response.headers.emplace_back("Link", link);
}

} // namespace furrow::api
