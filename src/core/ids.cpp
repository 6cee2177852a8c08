#include "core/ids.hpp"

#include "core/error.hpp"

#include <openssl/rand.h>

#include <array>
#include <cctype>
#include <vector>

namespace furrow {
namespace {

void fill_random(unsigned char* out, std::size_t n) {
    if (RAND_bytes(out, static_cast<int>(n)) != 1)
        throw Error(ErrorCode::internal, "ids: the system random generator failed");
}

constexpr char hex_digits[] = "0123456789abcdef";

} // namespace

std::string new_uuid() {
    std::array<unsigned char, 16> b{};
    fill_random(b.data(), b.size());
    b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40); // RFC 4122 version 4
    b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80); // RFC 4122 variant
    std::string out;
    out.reserve(36);
    for (std::size_t byte_idx = 0; byte_idx < b.size(); ++byte_idx) {
        if (byte_idx == 4 || byte_idx == 6 || byte_idx == 8 || byte_idx == 10) out.push_back('-');
        out.push_back(hex_digits[b[byte_idx] >> 4]);
        out.push_back(hex_digits[b[byte_idx] & 0x0f]);
    }
    return out;
}

std::optional<std::string> parse_uuid(std::string_view text) {
    if (text.size() != 36) return std::nullopt;
    std::string out(text);
    for (std::size_t char_idx = 0; char_idx < out.size(); ++char_idx) {
        const bool dash_position = char_idx == 8 || char_idx == 13 || char_idx == 18 || char_idx == 23;
        const char c = out[char_idx];
        if (dash_position) {
            if (c != '-') return std::nullopt;
        } else if (!std::isxdigit(static_cast<unsigned char>(c))) {
            return std::nullopt;
        } else {
            out[char_idx] = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
    }
    return out;
}

std::string random_hex(std::size_t bytes) {
    std::vector<unsigned char> b(bytes);
    fill_random(b.data(), b.size());
    std::string out;
    out.reserve(bytes * 2);
    for (unsigned char v : b) {
        out.push_back(hex_digits[v >> 4]);
        out.push_back(hex_digits[v & 0x0f]);
    }
    return out;
}

} // namespace furrow
