#pragma once
// Typed access to query parameters. Every getter returns nullopt when the parameter is absent and
// throws Error(invalid_input, <name>, "<name>: ...") when it is present but malformed, so the
// client learns which parameter was wrong.
#include "core/time.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace furrow::api {

class QueryParams {
public:
    explicit QueryParams(const std::vector<std::pair<std::string, std::string>>& query) : m_query(query) {}

    std::optional<std::string> text(std::string_view name) const; // the first value
    std::vector<std::string> all(std::string_view name) const;
    std::optional<std::string> uuid(std::string_view name) const;
    std::optional<TimeMs> time(std::string_view name) const;
    std::optional<double> number(std::string_view name) const;
    std::optional<bool> boolean(std::string_view name) const;
    std::optional<std::int64_t> integer(std::string_view name, std::int64_t min, std::int64_t max) const;
    // The allowed value the parameter names (compared case-insensitively when asked), in its listed spelling.
    std::optional<std::string> one_of(std::string_view name, std::span<const std::string_view> allowed,
                                      bool case_insensitive = false) const;

private:
    const std::vector<std::pair<std::string, std::string>>& m_query;
};

// The same checks for a value that is not a query parameter (path segment, form field, JSON key).
std::string require_uuid(std::string_view name, std::string_view value);

} // namespace furrow::api
