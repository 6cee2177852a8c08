#include "app/convert_images.hpp"

#include "core/error.hpp"
#include "outputs/raster/render_images.hpp"

#include <chrono>
#include <fstream>

namespace furrow::app {
namespace {

enum class Kind { images, images_v2, geotiff };

// The listing of one output kind: Leaf's objects with the file's name relative to `dir`.
nlohmann::json listing(const std::vector<outputs::RenderedImage>& images, const std::filesystem::path& dir, Kind kind) {
    auto list = nlohmann::json::array();
    for (const auto& image : images) {
        nlohmann::json entry = {{"property", image.property}, {"file", image.file.lexically_relative(dir).string()}};
        if (kind == Kind::images) entry["ramp"] = image.legend;
        if (kind == Kind::images_v2) {
            entry["legend"] = image.legend;
            entry["extent"] = image.extent;
        }
        list.push_back(std::move(entry));
    }
    return list;
}

void write_json(const std::filesystem::path& path, const nlohmann::json& value) {
    std::ofstream out(path);
    out << value.dump(2) << '\n';
    if (!out) throw Error(ErrorCode::internal, "convert: cannot write " + path.string());
}

} // namespace

nlohmann::json write_image_outputs(const schema::PointTable& points, const std::filesystem::path& dir) {
    const auto start = std::chrono::steady_clock::now();
    for (const char* sub : {"images", "imagesV2", "geotiffImages"}) std::filesystem::create_directories(dir / sub);
    // The server draws imagesV2 and geotiffImages from the filtered points (Leaf's rule). Here the
    // images run beside --filtered, not after it, so all three are drawn from the standard points:
    // convert's outputs differ from the server's there (issue #18 point 3: one pipeline for both).
    const auto rendered = outputs::render_images({.v1_points = &points, .v2_points = &points, .images_dir = dir / "images",
                                                  .images_v2_dir = dir / "imagesV2", .geotiff_dir = dir / "geotiffImages"});
    const auto& v1 = rendered.images;
    const auto& v2 = rendered.images_v2;
    const auto& tiffs = rendered.geotiffs;
    write_json(dir / "images.json", listing(v1, dir, Kind::images));
    write_json(dir / "imagesV2.json", listing(v2, dir, Kind::images_v2));
    write_json(dir / "geotiffImages.json", listing(tiffs, dir, Kind::geotiff));
    const auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return {{"images", v1.size()}, {"imagesV2", v2.size()}, {"geotiffImages", tiffs.size()}, {"images_ms", ms}};
}

} // namespace furrow::app
