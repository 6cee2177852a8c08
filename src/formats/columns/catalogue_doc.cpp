#include "formats/columns/catalogue_doc.hpp"

#include "formats/columns/catalogue.hpp"

#include <fmt/format.h>

namespace furrow::formats::columns {
namespace {

std::string_view kind_name(Kind kind) {
    switch (kind) {
    case Kind::exporter: return "exporter (used when the column set is theirs)";
    case Kind::distinctive: return "distinctive (always; source of 10-character cuts)";
    case Kind::fallback: return "reader fallback";
    }
    return "";
}

std::string what(const Entry& entry) {
    if (entry.meaning != Meaning::value) return fmt::format("*{}*", meaning_name(entry.meaning));
    return fmt::format("`{}`", schema::info(entry.property).key);
}

} // namespace

std::string catalogue_markdown() {
    std::string out = std::string(catalogue_doc_begin) + "\n\n";
    out += "| vocabulary | kind | source |\n|---|---|---|\n";
    for (const auto& v : vocabularies()) out += fmt::format("| `{}` {} | {} | {} |\n", v.id, v.title, kind_name(v.kind), v.source);
    for (const auto& v : vocabularies()) {
        out += fmt::format("\n**{}** (`{}`)\n\n| column | means | default unit |\n|---|---|---|\n", v.title, v.id);
        for (const auto& entry : catalogue())
            if (entry.vocabulary == v.id)
                out += fmt::format("| `{}` | {} | {} |\n", entry.name, what(entry),
                                   entry.meaning != Meaning::value ? "" : entry.unit.empty() ? "must be given by the file" : std::string(entry.unit));
    }
    out += "\n" + std::string(catalogue_doc_end) + "\n";
    return out;
}

} // namespace furrow::formats::columns
