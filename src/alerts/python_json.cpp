#include "alerts/python_json.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstdint>

namespace furrow::alerts {
namespace {

void append_escape(std::string& out, std::uint32_t unit) { out += fmt::format("\\u{:04x}", unit); }

void append_code_point(std::string& out, std::uint32_t cp) {
    if (cp < 0x10000) {
        append_escape(out, cp);
        return;
    }
    cp -= 0x10000;
    append_escape(out, 0xD800 + (cp >> 10));
    append_escape(out, 0xDC00 + (cp & 0x3FF));
}

// Decodes one UTF-8 sequence at s[pos]; advances pos. Malformed input (which a Python str cannot
// hold) becomes U+FFFD, one byte at a time, so the output stays valid JSON.
std::uint32_t next_code_point(const std::string& s, std::size_t& pos) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
    const unsigned char lead = byte(pos);
    int length = 0;
    std::uint32_t cp = 0;
    if (lead >= 0xF0 && lead <= 0xF4) length = 4, cp = lead & 0x07;
    else if (lead >= 0xE0) length = lead <= 0xEF ? 3 : 0, cp = lead & 0x0F;
    else if (lead >= 0xC2) length = 2, cp = lead & 0x1F;
    if (length == 0 || pos + static_cast<std::size_t>(length) > s.size()) {
        ++pos;
        return 0xFFFD;
    }
    for (int i = 1; i < length; ++i) {
        const unsigned char c = byte(pos + static_cast<std::size_t>(i));
        if ((c & 0xC0) != 0x80) {
            ++pos;
            return 0xFFFD;
        }
        cp = (cp << 6) | (c & 0x3F);
    }
    static constexpr std::uint32_t min_of_length[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min_of_length[length] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        ++pos;
        return 0xFFFD;
    }
    pos += static_cast<std::size_t>(length);
    return cp;
}

// json.encoder.py_encode_basestring_ascii: ESCAPE_DCT for the short forms, \uXXXX for the rest.
void append_string(std::string& out, const std::string& s) {
    out += '"';
    std::size_t pos = 0;
    while (pos < s.size()) {
        const unsigned char c = static_cast<unsigned char>(s[pos]);
        if (c >= 0x80) {
            append_code_point(out, next_code_point(s, pos));
            continue;
        }
        ++pos;
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        default:
            if (c < 0x20 || c == 0x7F) append_escape(out, c);
            else out += static_cast<char>(c);
        }
    }
    out += '"';
}

void append_value(std::string& out, const nlohmann::ordered_json& value) {
    using Type = nlohmann::ordered_json::value_t;
    switch (value.type()) {
    case Type::null:
    case Type::discarded: out += "null"; return;
    case Type::boolean: out += value.get<bool>() ? "true" : "false"; return;
    case Type::number_integer: out += std::to_string(value.get<std::int64_t>()); return;
    case Type::number_unsigned: out += std::to_string(value.get<std::uint64_t>()); return;
    case Type::number_float: out += python_float_repr(value.get<double>()); return;
    case Type::string: append_string(out, value.get_ref<const std::string&>()); return;
    case Type::binary: out += "null"; return; // never built by furrow; JSON has no binary
    case Type::array: {
        out += '[';
        bool first = true;
        for (const auto& item : value) {
            if (!first) out += ", ";
            first = false;
            append_value(out, item);
        }
        out += ']';
        return;
    }
    case Type::object: {
        out += '{';
        bool first = true;
        for (const auto& [key, item] : value.items()) {
            if (!first) out += ", ";
            first = false;
            append_string(out, key);
            out += ": ";
            append_value(out, item);
        }
        out += '}';
        return;
    }
    }
}

} // namespace

std::string python_float_repr(double value) {
    // json.dumps writes these (allow_nan=True) although they are not strict JSON.
    if (std::isnan(value)) return "NaN";
    if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
    // Shortest round-trip digits in scientific form: "d[.ddd]e±X".
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific);
    const std::string text(buffer, result.ptr);
    const bool negative = text.front() == '-';
    const auto e_pos = text.find('e');
    std::string digits;
    for (std::size_t i = negative ? 1 : 0; i < e_pos; ++i)
        if (text[i] != '.') digits += text[i];
    const int exponent = std::stoi(text.substr(e_pos + 1));
    // Python's float_repr_style 'short' (Objects/floatobject.c, format code 'r'): decpt is the
    // position of the decimal point after the first digit's; exponent form when decpt is
    // outside (-4, 16].
    const int decpt = exponent + 1;
    std::string out = negative ? "-" : "";
    if (decpt <= -4 || decpt > 16) {
        out += digits.substr(0, 1);
        // Appended in place: GCC 12 at -O3 reports a false -Wrestrict overlap on `"." + temporary`.
        if (digits.size() > 1) out.append(".").append(digits, 1);
        out += fmt::format("e{}{:02}", exponent < 0 ? '-' : '+', std::abs(exponent));
    } else if (decpt <= 0) {
        out += "0." + std::string(static_cast<std::size_t>(-decpt), '0') + digits;
    } else if (static_cast<std::size_t>(decpt) >= digits.size()) {
        out += digits + std::string(static_cast<std::size_t>(decpt) - digits.size(), '0') + ".0";
    } else {
        out += digits.substr(0, static_cast<std::size_t>(decpt)) + "." + digits.substr(static_cast<std::size_t>(decpt));
    }
    return out;
}

std::string python_json_dumps(const nlohmann::ordered_json& value) {
    std::string out;
    append_value(out, value);
    return out;
}

} // namespace furrow::alerts
