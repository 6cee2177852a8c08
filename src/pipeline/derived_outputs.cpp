#include "pipeline/derived_outputs.hpp"

#include "core/error.hpp"
#include "core/ids.hpp"
#include "pipeline/cleaning/clean_points.hpp"

#include <algorithm>
#include <optional>

namespace furrow::pipeline {
namespace {

// The points restricted to the properties the attribute map turns on for this operation type;
// nullopt when it turns none on (then every property gets an image, as furrow's default).
std::optional<schema::PointTable> selected_properties(const schema::MachineData& data, const nlohmann::json& map) {
    const auto type = map.find(data.source.operation_type_name());
    if (type == map.end() || !type->is_object()) return std::nullopt;
    std::vector<std::string> wanted;
    for (const auto& [property, on] : type->items())
        if (on.is_boolean() && on.get<bool>()) wanted.push_back(property);
    if (wanted.empty()) return std::nullopt;
    schema::PointTable table = data.points;
    std::vector<schema::PropertyId> drop;
    for (const auto& column : table.columns())
        if (std::find(wanted.begin(), wanted.end(), schema::info(column.id).key) == wanted.end()) drop.push_back(column.id);
    for (const auto id : drop) table.remove(id);
    return table;
}

void collect_keys(const nlohmann::json& value, std::vector<std::string>& out) {
    if (value.is_array()) {
        for (const auto& item : value) collect_keys(item, out);
    } else if (value.is_object()) {
        for (const auto& [member, item] : value.items()) {
            if ((member == "blob" || member == "aux") && item.is_string()) out.push_back(item.get<std::string>());
            else collect_keys(item, out);
        }
    }
}

} // namespace

ScratchDir::ScratchDir(Context& ctx) : m_path(ctx.blobs.staging_dir() / ("render-" + random_hex(8))) {
    std::filesystem::create_directories(m_path);
}

ScratchDir::~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(m_path, ec);
}

Cleaned clean_standard_points(const schema::MachineData& standard, const nlohmann::json& configuration) {
    const auto settings = cleaning::cleaning_settings_from_config(configuration);
    const auto result = cleaning::clean_points(standard, settings);
    if (result.kept == 0) throw Error(ErrorCode::invalid_input, cleaning::no_points_passed_message);
    return {cleaning::filtered_copy(standard, result), {.kept_points = result.kept, .report = result.report()}};
}

outputs::RenderedImages render_file_images(const ScratchDir& scratch, const schema::MachineData& standard,
                                           const schema::MachineData* filtered, const nlohmann::json& configuration,
                                           bool geotiffs, const std::string& attribute_key) {
    const auto& map = configuration.at(attribute_key);
    const auto standard_selected = selected_properties(standard, map);
    const auto& v1_points = standard_selected ? *standard_selected : standard.points;
    // Without filtered points, V2 and the GeoTIFFs use the very table v1 does: no second copy.
    const auto filtered_selected = filtered != nullptr ? selected_properties(*filtered, map) : std::nullopt;
    const auto& v2_points = filtered == nullptr ? v1_points : filtered_selected ? *filtered_selected : filtered->points;

    for (const char* sub : {"images", "imagesV2", "geotiffImages"}) std::filesystem::create_directories(scratch.path() / sub);
    outputs::ImageRequest request{.v1_points = &v1_points, .v2_points = &v2_points, .images_dir = scratch.path() / "images",
                                  .images_v2_dir = scratch.path() / "imagesV2", .geotiff_dir = {}};
    if (geotiffs) request.geotiff_dir = scratch.path() / "geotiffImages";
    return outputs::render_images(request);
}

std::vector<std::string> artifact_blob_keys(const nlohmann::json& artifacts) {
    std::vector<std::string> out;
    collect_keys(artifacts, out);
    return out;
}

} // namespace furrow::pipeline
