#include "store/postgres/pg_text.hpp"

namespace furrow::store::postgres {
namespace {

constexpr std::string_view replacement = "\xEF\xBF\xBD"; // U+FFFD

bool continuation(unsigned char byte) { return (byte & 0xC0) == 0x80; }

// Length of the valid UTF-8 sequence at `pos` (RFC 3629 table 3-7), or 0 if there is none.
std::size_t sequence_length(std::string_view text, std::size_t pos) {
    const auto byte = [&](std::size_t offset) {
        return pos + offset < text.size() ? static_cast<unsigned char>(text[pos + offset]) : 0;
    };
    const unsigned char lead = byte(0);
    if (lead >= 0x01 && lead <= 0x7F) return 1;
    if (lead >= 0xC2 && lead <= 0xDF) return continuation(byte(1)) ? 2 : 0;
    if (lead >= 0xE0 && lead <= 0xEF) {
        const unsigned char second = byte(1);
        const bool second_ok = lead == 0xE0   ? second >= 0xA0 && second <= 0xBF  // no overlong forms
                               : lead == 0xED ? second >= 0x80 && second <= 0x9F  // no surrogates
                                              : continuation(second);
        return second_ok && continuation(byte(2)) ? 3 : 0;
    }
    if (lead >= 0xF0 && lead <= 0xF4) {
        const unsigned char second = byte(1);
        const bool second_ok = lead == 0xF0   ? second >= 0x90 && second <= 0xBF  // no overlong forms
                               : lead == 0xF4 ? second >= 0x80 && second <= 0x8F  // not past U+10FFFF
                                              : continuation(second);
        return second_ok && continuation(byte(2)) && continuation(byte(3)) ? 4 : 0;
    }
    return 0; // NUL, a stray continuation byte, 0xC0/0xC1, 0xF5..0xFF
}

} // namespace

std::string storable_text(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t pos = 0;
    while (pos < text.size()) {
        const auto length = sequence_length(text, pos);
        if (length == 0) {
            out += replacement;
            ++pos;
        } else {
            out.append(text.substr(pos, length));
            pos += length;
        }
    }
    return out;
}

} // namespace furrow::store::postgres
