#include "api/query_params.hpp"

#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/strings.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

namespace furrow::api {
namespace {

[[noreturn]] void bad(std::string_view name, std::string_view value, std::string_view expected) {
    std::string shown(value.substr(0, 100));
    throw Error(ErrorCode::invalid_input, std::string(name),
                fmt::format("{}: '{}' is not {}", name, shown, expected));
}

} // namespace

std::optional<std::string> QueryParams::text(std::string_view name) const {
    for (const auto& [key, value] : m_query)
        if (key == name) return value;
    return std::nullopt;
}

std::vector<std::string> QueryParams::all(std::string_view name) const {
    std::vector<std::string> out;
    for (const auto& [key, value] : m_query)
        if (key == name) out.push_back(value);
    return out;
}

std::string require_uuid(std::string_view name, std::string_view value) {
    auto id = parse_uuid(value);
    if (!id) bad(name, value, "a UUID");
    return *id;
}

std::optional<std::string> QueryParams::uuid(std::string_view name) const {
    const auto v = text(name);
    if (!v) return std::nullopt;
    return require_uuid(name, *v);
}

std::optional<TimeMs> QueryParams::time(std::string_view name) const {
    const auto v = text(name);
    if (!v) return std::nullopt;
    const auto t = parse_iso8601(*v);
    if (!t) bad(name, *v, "an ISO 8601 date-time (e.g. 2024-05-01T00:00:00.000Z)");
    return t;
}

std::optional<double> QueryParams::number(std::string_view name) const {
    const auto v = text(name);
    if (!v) return std::nullopt;
    double value = 0;
    const auto* end = v->data() + v->size();
    const auto [ptr, ec] = std::from_chars(v->data(), end, value);
    if (v->empty() || ec != std::errc() || ptr != end || !std::isfinite(value)) bad(name, *v, "a number");
    return value;
}

std::optional<bool> QueryParams::boolean(std::string_view name) const {
    const auto v = text(name);
    if (!v) return std::nullopt;
    if (iequals(*v, "true")) return true;
    if (iequals(*v, "false")) return false;
    bad(name, *v, "true or false");
}

std::optional<std::int64_t> QueryParams::integer(std::string_view name, std::int64_t min, std::int64_t max) const {
    const auto v = text(name);
    if (!v) return std::nullopt;
    std::int64_t value = 0;
    const auto* end = v->data() + v->size();
    const auto [ptr, ec] = std::from_chars(v->data(), end, value);
    if (v->empty() || ec != std::errc() || ptr != end || value < min || value > max)
        bad(name, *v, fmt::format("an integer from {} to {}", min, max));
    return value;
}

std::optional<std::string> QueryParams::one_of(std::string_view name, std::span<const std::string_view> allowed,
                                               bool case_insensitive) const {
    const auto v = text(name);
    if (!v) return std::nullopt;
    for (const auto candidate : allowed)
        if (case_insensitive ? iequals(candidate, *v) : candidate == *v) return std::string(candidate);
    std::string list;
    for (const auto candidate : allowed) list += (list.empty() ? "" : ", ") + std::string(candidate);
    bad(name, *v, "one of " + list);
}

} // namespace furrow::api
