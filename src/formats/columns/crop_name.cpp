#include "formats/columns/crop_name.hpp"

#include "core/strings.hpp"
#include "schema/crops.hpp"

#include <algorithm>

namespace furrow::formats::columns {

std::string normalise_crop(std::string_view name) {
    std::string words = to_lower(trim(name));
    std::replace(words.begin(), words.end(), '_', ' ');
    if (auto crop = schema::find_crop(words)) return crop->name;
    if (const auto space = words.find(' '); space != std::string::npos) {
        const std::string head = words.substr(0, space), rest = words.substr(space + 1);
        // JD tokens put the class after the crop: "wheat hrd rd spr" is the table's "wheat (hrd rd spr)".
        if (auto crop = schema::find_crop(head + " (" + rest + ")")) return crop->name;
        // Ag Leader writes "CORN WHITE" where the table says "corn, white".
        if (auto crop = schema::find_crop(head + ", " + rest)) return crop->name;
    }
    return trim(name);
}

} // namespace furrow::formats::columns
