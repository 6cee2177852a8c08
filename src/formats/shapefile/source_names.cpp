#include "formats/shapefile/source_names.hpp"

#include "core/strings.hpp"
#include "schema/crops.hpp"

#include <algorithm>

namespace furrow::formats::shapefile {
namespace {

using schema::PropertyId;

// Distinct names in order of first appearance, capped: a column of free text must not become a
// list of thousands.
void add_unique(std::vector<std::string>& names, std::string_view text) {
    constexpr std::size_t max_names = 20;
    std::string name = trim(text);
    // Yield Editor keeps the quotes of Ag Leader's text export: "\"CORN\"".
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') name = trim(name.substr(1, name.size() - 2));
    if (name.empty() || names.size() >= max_names) return;
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
}

bool has_any(const schema::PointTable& points, std::initializer_list<PropertyId> ids) {
    return std::any_of(ids.begin(), ids.end(), [&](PropertyId id) { return points.find(id) != nullptr; });
}

} // namespace

std::string normalise_crop(std::string_view name) {
    std::string words = to_lower(trim(name));
    std::replace(words.begin(), words.end(), '_', ' ');
    if (auto crop = schema::find_crop(words)) return crop->name;
    // JD tokens put the class after the crop: "wheat hrd rd spr" is the table's "wheat (hrd rd spr)".
    if (const auto space = words.find(' '); space != std::string::npos) {
        const std::string qualified = words.substr(0, space) + " (" + words.substr(space + 1) + ")";
        if (auto crop = schema::find_crop(qualified)) return crop->name;
    }
    return trim(name);
}

std::string operation_from_properties(const schema::PointTable& points) {
    if (has_any(points, {PropertyId::wet_mass_per_area, PropertyId::crop_flow, PropertyId::wet_volume_per_area,
                         PropertyId::dry_mass_per_area, PropertyId::dry_volume_per_area}))
        return schema::op_type_harvested;
    if (has_any(points, {PropertyId::seed_rate})) return schema::op_type_planted;
    if (has_any(points, {PropertyId::applied_rate})) return schema::op_type_applied;
    if (has_any(points, {PropertyId::tillage_depth_actual})) return schema::op_type_tillage;
    return "";
}

void SourceNames::add(Role role, std::string_view text) {
    switch (role) {
    case Role::crop: add_unique(m_crops, text); break;
    case Role::variety: add_unique(m_varieties, text); break;
    case Role::product: add_unique(m_products, text); break;
    case Role::field_name: add_unique(m_fields, text); break;
    default: break;
    }
}

schema::SourceInfo SourceNames::describe(const schema::PointTable& points, const std::optional<JdMetadata>& jd) const {
    schema::SourceInfo out;
    out.operation_type = jd ? jd_operation_type(jd->operation) : "";
    if (out.operation_type.empty()) out.operation_type = operation_from_properties(points);
    if (jd) {
        out.original_operation_type = jd->operation;
        if (!jd->crop_token.empty()) out.crops.push_back(normalise_crop(jd->crop_token));
        out.customer = jd->client, out.farm = jd->farm, out.field = jd->field;
        out.machinery = jd->machines, out.operators = jd->operators;
    }
    for (const auto& crop : m_crops) out.crops.push_back(normalise_crop(crop));
    // A harvest's or planting's "product" is the crop (SMS yield: Product = "Wheat").
    const bool crop_products = out.operation_type == schema::op_type_harvested || out.operation_type == schema::op_type_planted;
    for (const auto& product : m_products) {
        if (crop_products && schema::find_crop(product)) out.crops.push_back(normalise_crop(product));
        else out.products.push_back({product, product, ""});
    }
    out.varieties = m_varieties;
    if (out.field.empty() && !m_fields.empty()) out.field = m_fields.front();
    return out;
}

} // namespace furrow::formats::shapefile
