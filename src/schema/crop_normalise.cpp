// normalise_crop(): applies the crop-name vocabulary (crop_names.cpp) and Leaf's crop table
// (crops.cpp). The rules, in order, are the ones docs/CROPS.md states.
#include "core/strings.hpp"
#include "schema/crop_names.hpp"
#include "schema/crops.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <vector>

namespace furrow::schema {
namespace {

// UTF-8 Latin-1 letters (second byte after 0xC3) without their accents; "" keeps the character.
constexpr std::string_view latin1_base[64] = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",  // À..Ï
    "d", "n", "o", "o", "o", "o", "o", "",  "o", "u", "u", "u", "u", "y", "",  "ss", // Ð..ß
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",  // à..ï
    "d", "n", "o", "o", "o", "o", "o", "",  "o", "u", "u", "u", "u", "y", "",  "y",  // ð..ÿ
};

void append_folded(std::string& out, std::string_view text, std::size_t& i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == 0xC3 && i + 1 < text.size()) {
        const auto next = static_cast<unsigned char>(text[i + 1]);
        if (next >= 0x80 && next <= 0xBF && !latin1_base[next - 0x80].empty()) {
            out += latin1_base[next - 0x80];
            ++i;
            return;
        }
    }
    if (c == '_' || c == '-' || c == '\t') out += ' ';
    else if (c < 0x80) out += static_cast<char>(std::tolower(c));
    else out += static_cast<char>(c);
}

struct Vocabulary {
    std::map<std::string, std::string_view> jd_ids; // "173" -> "Corn"
    std::map<std::string, std::string_view> names;  // crop_key(text) -> Leaf's name
};

const Vocabulary& vocabulary() {
    static const Vocabulary v = [] {
        Vocabulary out;
        for (const auto& entry : crop_names()) {
            if (entry.vocabulary == "jd_crop_id") out.jd_ids.emplace(std::string(entry.text), entry.crop);
            else out.names.emplace(crop_key(entry.text), entry.crop);
        }
        return out;
    }();
    return v;
}

// The spellings of one key that name the same crop: as written; JD's "wheat (hrd rd spr)" without
// its parentheses (Leaf's "rice long"); a JD token's words with the class in parentheses
// ("wheat hrd rd spr") or after a comma (Ag Leader's "corn white" is Leaf's "corn, white").
std::vector<std::string> spellings(const std::string& key) {
    std::vector<std::string> out{key};
    if (key.find('(') != std::string::npos) {
        std::string plain;
        for (char c : key)
            if (c != '(' && c != ')') plain += c;
        out.push_back(plain);
    } else if (const auto space = key.find(' '); space != std::string::npos) {
        const std::string head = key.substr(0, space), rest = key.substr(space + 1);
        out.push_back(head + " (" + rest + ")");
        out.push_back(head + ", " + rest);
    }
    return out;
}

std::optional<std::string> known_name(const std::string& key) {
    const auto& names = vocabulary().names;
    if (const auto it = names.find(key); it != names.end()) return std::string(it->second);
    if (auto crop = find_crop(key)) return crop->name;
    return std::nullopt;
}

std::optional<std::string> resolve(const std::string& key) {
    const auto forms = spellings(key);
    for (const auto& form : forms)
        if (auto name = known_name(form)) return name;
    // A plural or singular the table does not list ("soybean", "oat", "pea").
    for (const auto& form : forms) {
        if (auto name = known_name(form + "s")) return name;
        if (form.size() > 3 && form.back() == 's')
            if (auto name = known_name(form.substr(0, form.size() - 1))) return name;
    }
    return std::nullopt;
}

} // namespace

std::string crop_key(std::string_view text) {
    std::string folded;
    for (std::size_t i = 0; i < text.size(); ++i) append_folded(folded, text, i);
    std::string out;
    for (char c : folded) {
        if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
        out += c;
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

std::string normalise_crop(std::string_view text) {
    std::string key = crop_key(text);
    if (key.empty()) return trim(text);
    std::optional<std::string_view> jd_name;
    if (std::all_of(key.begin(), key.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        const auto& ids = vocabulary().jd_ids;
        const auto it = ids.find(key.substr(std::min(key.find_first_not_of('0'), key.size() - 1)));
        if (it == ids.end()) return trim(text); // an id nobody has published: reported as written
        jd_name = it->second;
        key = crop_key(*jd_name);
    }
    if (auto name = resolve(key)) return *name;
    // A John Deere crop Leaf's table does not list ("Hemp"): John Deere's name, in the table's case.
    return jd_name ? to_lower(*jd_name) : trim(text);
}

} // namespace furrow::schema
