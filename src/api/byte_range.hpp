#pragma once
// The Range request header for stored downloads (RFC 9110 §14): one range of bytes. Several ranges
// or a header we cannot read are answered with the whole file, which the RFC allows.
#include <cstdint>
#include <string_view>

namespace furrow::api {

struct ByteRange {
    enum class Kind { whole, part, unsatisfiable };
    Kind kind = Kind::whole;
    std::uint64_t first = 0;
    std::uint64_t length = 0; // bytes from `first`; the whole size for Kind::whole
};

ByteRange parse_byte_range(std::string_view header, std::uint64_t size);

} // namespace furrow::api
