#pragma once
// A validated list request handed from the API layer to a repository. Column names come from
// per-resource allow-lists in the API layer and are checked again by the backend before they
// reach SQL; values are always bound, never spliced.
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace furrow::store {

using Value = std::variant<std::string, std::int64_t, double, bool>;

// has_item: the column holds a JSON array of strings and one of them equals the value.
enum class Op { eq, ne, ge, le, has_item };

struct Filter {
    std::string column;
    Op op = Op::eq;
    Value value;
};

struct SortKey {
    std::string column;
    bool descending = false;
};

struct ListQuery {
    std::vector<Filter> filters;
    std::vector<SortKey> sort; // the id is always appended as the last key, so pages are stable
    std::int64_t page = 0;
    std::int64_t size = 20;
};

template <typename T>
struct Page {
    std::vector<T> items;
    std::int64_t total = 0;
};

const char* sql_operator(Op op);

} // namespace furrow::store
