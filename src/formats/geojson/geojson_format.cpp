#include "formats/geojson/geojson_format.hpp"

#include "formats/detect_helpers.hpp"
#include "formats/geojson/geojson_reader.hpp"

namespace furrow::formats::geojson {
namespace {

std::vector<Dataset> detect(const Bundle& bundle) {
    return detail::datasets_by_marker(bundle, [](std::string_view path) -> std::optional<std::string> {
        if (!detail::has_extension(path, ".geojson")) return std::nullopt;
        return std::string();
    }, true);
}

} // namespace

Format format() {
    return {"geojson", "GeoJSON points (Farmobile)", "GEOJSON", "Farmobile", detect, "", nullptr, read};
}

} // namespace furrow::formats::geojson
