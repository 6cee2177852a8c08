#include "schema/crop_names_doc.hpp"

#include "schema/crop_names.hpp"

#include <fmt/format.h>

namespace furrow::schema {

std::string crop_names_markdown() {
    std::string out = std::string(crop_names_doc_begin) + "\n\n";
    out += "| vocabulary | source |\n|---|---|\n";
    for (const auto& v : crop_vocabularies()) out += fmt::format("| `{}` {} | {} |\n", v.id, v.title, v.reference);
    for (const auto& v : crop_vocabularies()) {
        out += fmt::format("\n**{}** (`{}`)\n\n| source writes | furrow reports |\n|---|---|\n", v.title, v.id);
        for (const auto& name : crop_names())
            if (name.vocabulary == v.id) out += fmt::format("| `{}` | {} |\n", name.text, normalise_crop(name.text));
    }
    out += "\n" + std::string(crop_names_doc_end) + "\n";
    return out;
}

} // namespace furrow::schema
