#include "formats/jd_greenstar/setup_boundaries.hpp"

#include "core/strings.hpp"
#include "formats/detect_helpers.hpp"
#include "formats/jd_greenstar/fdshape.hpp"
#include "formats/jd_greenstar/rcd_xml.hpp"

#include <pugixml.hpp>

#include <map>

namespace furrow::formats::jd_greenstar {
namespace {

using namespace furrow::formats::detail;

// The field, farm and client a catalogue's Setup names for its SpatialItems.
struct FieldNames {
    std::string field, farm, client;
};

FieldNames names_of(const pugi::xml_node& root) {
    const auto setup = child_named(root, "Setup");
    std::map<std::string, pugi::xml_node> by_erid;
    for (auto it = setup.begin(); it != setup.end(); ++it) {
        if (std::string(it->attribute("erid").value()).size()) by_erid.try_emplace(it->attribute("erid").value(), *it);
        for (const auto c : it->children())
            if (std::string(c.attribute("erid").value()).size()) by_erid.try_emplace(c.attribute("erid").value(), c);
    }
    const auto find = [&](const char* erid) {
        const auto it = by_erid.find(erid);
        return it == by_erid.end() ? pugi::xml_node() : it->second;
    };
    const auto field = find(child_named(root, "SpatialItems").attribute("eridFieldRef").value());
    const auto farm = find(field.attribute("farmRef").value());
    const auto client = find(farm.attribute("clientRef").value());
    return {field.attribute("name").value(), farm.attribute("name").value(), client.attribute("name").value()};
}

} // namespace

std::vector<FoundBoundary> setup_boundaries(const Bundle& bundle, const Dataset& dataset) {
    std::vector<FoundBoundary> out;
    for (const auto& path : dataset.entries) {
        if (!has_extension(path, ".SpatialCatalog") || !path_contains_dir(path, "Fields")) continue;
        const auto* entry = bundle.find(path);
        if (entry == nullptr) continue;
        const std::string xml = bundle.read_all(*entry);
        pugi::xml_document doc;
        if (!doc.load_buffer(xml.data(), xml.size())) continue;
        const auto root = doc.document_element();
        if (local_name(root) != "SpatialCatalog") continue;
        const auto names = names_of(root);
        for (const auto item : child_named(root, "SpatialItems").children()) {
            if (local_name(item) != "Boundary" || std::string_view(item.attribute("spatialGeometryType").value()) != "polygon")
                continue;
            const std::string shape_path = parent_of(path) + "/" + item.attribute("fileName").value() + ".fdShape";
            const auto* shape = bundle.find(shape_path);
            if (shape == nullptr) continue;
            FoundBoundary found;
            found.name = names.field;
            found.farm = names.farm;
            found.client = names.client;
            found.source = shape_path;
            try {
                found.geometry = multipolygon_of(read_fdshape_rings(bundle.read_all(*shape)));
            } catch (const ShapeError& e) {
                found.geometry = nullptr;
                found.source += std::string(": ") + e.what();
            }
            out.push_back(std::move(found));
        }
    }
    return out;
}

} // namespace furrow::formats::jd_greenstar
