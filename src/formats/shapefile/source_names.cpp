#include "formats/shapefile/source_names.hpp"

#include "core/strings.hpp"
#include "formats/columns/operation_inference.hpp"
#include "schema/crop_names.hpp"
#include "schema/crops.hpp"

#include <algorithm>

namespace furrow::formats::shapefile {
namespace {

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

// One crop named twice (Deere's CropToken OATS and its Crop column's id 11) is listed once.
void add_crop(std::vector<std::string>& crops, std::string_view text) {
    auto name = schema::normalise_crop(text);
    if (!name.empty() && std::find(crops.begin(), crops.end(), name) == crops.end()) crops.push_back(std::move(name));
}

} // namespace

void SourceNames::add(Meaning meaning, std::string_view text) {
    switch (meaning) {
    case Meaning::crop: add_unique(m_crops, text); break;
    case Meaning::variety: add_unique(m_varieties, text); break;
    case Meaning::product: add_unique(m_products, text); break;
    case Meaning::field: add_unique(m_fields, text); break;
    default: break;
    }
}

schema::SourceInfo SourceNames::describe(const schema::PointTable& points, const std::optional<JdMetadata>& jd) const {
    schema::SourceInfo out;
    if (jd) out.operation_type = jd_operation_type(jd->operation);
    if (!out.operation_type) out.operation_type = columns::infer_operation(points).type;
    if (jd) {
        out.original_operation_type = jd->operation;
        if (!jd->crop_token.empty()) add_crop(out.crops, jd->crop_token);
        out.customer = jd->client, out.farm = jd->farm, out.field = jd->field;
        out.machinery = jd->machines, out.operators = jd->operators;
    }
    for (const auto& crop : m_crops) add_crop(out.crops, crop);
    // A harvest's or planting's "product" is the crop (SMS yield: Product = "Wheat").
    const bool crop_products = out.operation_type == schema::OperationType::harvested || out.operation_type == schema::OperationType::planted;
    for (const auto& product : m_products) {
        if (crop_products && schema::find_crop(schema::normalise_crop(product))) add_crop(out.crops, product);
        else out.products.push_back({product, product, ""});
    }
    out.varieties = m_varieties;
    if (out.field.empty() && !m_fields.empty()) out.field = m_fields.front();
    return out;
}

} // namespace furrow::formats::shapefile
