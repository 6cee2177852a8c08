#include "api/byte_range.hpp"

#include <charconv>
#include <optional>

namespace furrow::api {
namespace {

std::optional<std::uint64_t> number(std::string_view text) {
    if (text.empty()) return std::nullopt;
    std::uint64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

} // namespace

ByteRange parse_byte_range(std::string_view header, std::uint64_t size) {
    const ByteRange whole{ByteRange::Kind::whole, 0, size};
    constexpr std::string_view unit = "bytes=";
    if (header.substr(0, unit.size()) != unit) return whole;
    const auto spec = header.substr(unit.size());
    const auto dash = spec.find('-');
    if (dash == std::string_view::npos || spec.find(',') != std::string_view::npos) return whole;
    const auto first_text = spec.substr(0, dash);
    const auto last_text = spec.substr(dash + 1);
    if (first_text.empty()) { // "-N": the last N bytes
        const auto suffix = number(last_text);
        if (!suffix) return whole;
        if (*suffix == 0 || size == 0) return {ByteRange::Kind::unsatisfiable, 0, 0};
        const auto length = std::min(*suffix, size);
        return {ByteRange::Kind::part, size - length, length};
    }
    const auto first = number(first_text);
    if (!first) return whole;
    std::uint64_t last = size == 0 ? 0 : size - 1;
    if (!last_text.empty()) {
        const auto given = number(last_text);
        if (!given || *given < *first) return whole;
        last = std::min(*given, last);
    }
    if (*first >= size) return {ByteRange::Kind::unsatisfiable, 0, 0};
    return {ByteRange::Kind::part, *first, last - *first + 1};
}

} // namespace furrow::api
