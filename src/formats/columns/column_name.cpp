#include "formats/columns/column_name.hpp"

#include "core/strings.hpp"
#include "formats/columns/unit_text.hpp"

#include <cctype>

namespace furrow::formats::columns {

std::string column_key(std::string_view name) {
    std::string key;
    for (const char c : name)
        if (std::isalnum(static_cast<unsigned char>(c))) key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return key;
}

HeaderText split_header(std::string_view header) {
    std::string text = trim(header);
    if (text.empty() || (text.back() != ')' && text.back() != ']')) return {text, ""};
    const char open_bracket = text.back() == ')' ? '(' : '[';
    const auto open = text.rfind(open_bracket);
    if (open == std::string::npos || open == 0) return {text, ""};
    std::string unit = trim(std::string_view(text).substr(open + 1, text.size() - open - 2));
    // Ag Leader's "(M)" / "(V)" say mass or volume, not metres: one capital letter is part of the name.
    const bool one_capital = unit.size() == 1 && std::isupper(static_cast<unsigned char>(unit[0]));
    if (one_capital || parse_unit(unit) == nullptr) return {text, ""};
    return {trim(std::string_view(text).substr(0, open)), unit};
}

} // namespace furrow::formats::columns
