// Rendered images read back with the GDAL C API (an independent reader): the file's own SRS and
// geotransform must put each hand-placed point in a pixel of the colour / value computed by hand.
#include "outputs/raster/render_images.hpp"
#include "support/temp_dir.hpp"
#include "unit/outputs/raster/gdal_read.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numbers>

namespace furrow::outputs {
namespace {

using schema::PropertyId;
using testing::pixel_of;
using testing::rgba_at;

constexpr double lat0 = 52.0;

// Points at lat0, lon 8.000, 8.001, ... (68.6 m apart): each an isolated 4 m x 4 m swath heading east.
schema::PointTable row_of_points(const std::vector<double>& values, double distance_m = 4) {
    schema::PointTable t;
    for (std::size_t i = 0; i < values.size(); ++i) {
        t.add_point(8.0 + 0.001 * static_cast<double>(i), lat0, static_cast<TimeMs>(i) * 1000);
        t.set(PropertyId::equipment_width, schema::unit("m"), i, 4);
        t.set(PropertyId::heading, schema::unit("arcdeg"), i, 90);
        t.set(PropertyId::distance, schema::unit("m"), i, distance_m);
        t.set(PropertyId::recording_status, schema::unit("flag"), i, 1);
        t.set(PropertyId::wet_mass_per_area, schema::unit("kg/ha"), i, values[i]);
    }
    return t;
}

// Metres east/north of (lon, lat) on a sphere of the mean Earth radius: good to ~0.5 %, plenty
// against 2 m cells with metres of margin.
std::array<double, 2> offset(double lon, double lat, double east_m, double north_m) {
    constexpr double metres_per_degree = 6371008.8 * std::numbers::pi / 180;
    return {lon + east_m / (metres_per_degree * std::cos(lat * std::numbers::pi / 180)), lat + north_m / metres_per_degree};
}

RenderedImage only(const std::vector<RenderedImage>& images, const std::string& property) {
    for (const auto& image : images)
        if (image.property == property) return image;
    throw std::runtime_error("no image for " + property);
}

TEST(RasterRender, ramp_png_is_georeferenced_in_web_mercator_with_hand_computed_colours) {
    const std::vector<double> values = {10, 30, 50, 73, 90, 110};
    const auto t = row_of_points(values);
    furrow::testing::TempDir dir;
    const auto images = render_png_images(t, ImageStyle::ramp, dir.path());
    // wetMassPerArea only: width, heading and distance are constant, recordingStatus is a flag.
    ASSERT_EQ(images.size(), 1u);
    EXPECT_EQ(images[0].property, "wetMassPerArea");
    EXPECT_EQ(images[0].legend["35%"], nlohmann::json({255, 40, 0}));
    EXPECT_EQ(images[0].legend["nv"], nlohmann::json({0, 0, 0, 0}));
    ASSERT_TRUE(std::filesystem::exists(dir.path() / "wetMassPerArea.png.aux.xml"));
    const auto png = furrow::testing::open_raster(dir.path() / "wetMassPerArea.png");
    EXPECT_EQ(furrow::testing::authority_code(png.get()), "3857");
    EXPECT_EQ(GDALGetRasterCount(png.get()), 4);
    // Cells are half the 4 m width on the ground: 2 m / cos(lat) Web Mercator metres.
    std::array<double, 6> gt{};
    ASSERT_EQ(GDALGetGeoTransform(png.get(), gt.data()), CE_None);
    EXPECT_NEAR(gt[1] * std::cos(lat0 * std::numbers::pi / 180), 2.0, 1e-9);
    // Ramp over min 10 .. max 110, by hand: 30 -> 20 % (4/7 of 0..35 %: 200+55*4/7, 40*4/7);
    // 50 -> 40 % (half of 35..45 %); 73 -> 63 % (0.8 of 55..65 %: 255-0.8*255, 240-0.8*10);
    // 90 -> 80 % (0.2 of 75..100 %: 190-0.2*60).
    const std::vector<std::array<int, 4>> expected = {
        {200, 0, 0, 255}, {231, 23, 0, 255}, {255, 95, 0, 255}, {51, 232, 0, 255}, {0, 178, 0, 255}, {0, 130, 0, 255}};
    for (std::size_t i = 0; i < values.size(); ++i)
        EXPECT_EQ(rgba_at(png.get(), pixel_of(png.get(), t.lon()[i], lat0)), expected[i]) << "value " << values[i];
    // Halfway between two points there is no swath: transparent.
    EXPECT_EQ(rgba_at(png.get(), pixel_of(png.get(), 8.0005, lat0))[3], 0);
}

TEST(RasterRender, swath_covers_width_across_and_distance_along_the_heading) {
    auto t = row_of_points({1, 2}, 30); // 30 m long, 4 m wide, heading east
    t.add_point(8.0005, lat0, 5000);     // not working: paints nothing
    t.set(PropertyId::recording_status, schema::unit("flag"), 2, 0);
    t.set(PropertyId::wet_mass_per_area, schema::unit("kg/ha"), 2, 5);
    furrow::testing::TempDir dir;
    render_png_images(t, ImageStyle::ramp, dir.path());
    const auto png = furrow::testing::open_raster(dir.path() / "wetMassPerArea.png");
    const auto alpha_at = [&](double east_m, double north_m) {
        const auto [lon, lat] = offset(8.0, lat0, east_m, north_m);
        return rgba_at(png.get(), pixel_of(png.get(), lon, lat))[3];
    };
    EXPECT_EQ(alpha_at(0, 0), 255);
    EXPECT_EQ(alpha_at(11, 0), 255);  // within 15 m along
    EXPECT_EQ(alpha_at(-11, 0), 255); // centred on the point
    EXPECT_EQ(alpha_at(20, 0), 0);    // past the end
    EXPECT_EQ(alpha_at(0, 7), 0);     // beyond 2 m across (+ a cell)
    EXPECT_EQ(alpha_at(0, -7), 0);
    EXPECT_EQ(rgba_at(png.get(), pixel_of(png.get(), 8.0005, lat0))[3], 0); // recordingStatus off
}

TEST(RasterRender, quantile_png_has_legend_of_hand_computed_quantiles_and_class_colours) {
    std::vector<double> values;
    for (int v = 1; v <= 15; ++v) values.push_back(v);
    const auto t = row_of_points(values);
    furrow::testing::TempDir dir;
    const auto image = only(render_png_images(t, ImageStyle::quantile, dir.path()), "wetMassPerArea");
    // 15 sorted values, quantile k/7 at position 14k/7 = 2k: exactly the value 2k+1.
    const auto& ranges = image.legend["ranges"];
    ASSERT_EQ(ranges.size(), 7u);
    const char* codes[] = {"#C80000", "#FF2800", "#FF9600", "#FFF000", "#00E600", "#00BE00", "#008200"};
    for (int k = 0; k < 7; ++k) {
        EXPECT_EQ(ranges[k]["colorCode"], codes[k]);
        EXPECT_DOUBLE_EQ(ranges[k]["min"].get<double>(), 2 * k + 1);
        EXPECT_DOUBLE_EQ(ranges[k]["max"].get<double>(), 2 * k + 3);
    }
    const auto png = furrow::testing::open_raster(image.file);
    const auto colour_of = [&](int value) { return rgba_at(png.get(), pixel_of(png.get(), t.lon()[value - 1], lat0)); };
    EXPECT_EQ(colour_of(1), (std::array<int, 4>{200, 0, 0, 255}));
    EXPECT_EQ(colour_of(4), (std::array<int, 4>{255, 40, 0, 255}));  // [3, 5)
    EXPECT_EQ(colour_of(5), (std::array<int, 4>{255, 150, 0, 255})); // a bound opens the upper class
    EXPECT_EQ(colour_of(15), (std::array<int, 4>{0, 130, 0, 255}));
    // extent = the image's corners in lon/lat, as GDAL transforms them from the .aux.xml.
    const auto top_left = furrow::testing::lon_lat_of(png.get(), 0, 0);
    const auto bottom_right = furrow::testing::lon_lat_of(png.get(), GDALGetRasterXSize(png.get()), GDALGetRasterYSize(png.get()));
    EXPECT_NEAR(image.extent["xmin"].get<double>(), top_left[0], 1e-9);
    EXPECT_NEAR(image.extent["ymax"].get<double>(), top_left[1], 1e-9);
    EXPECT_NEAR(image.extent["xmax"].get<double>(), bottom_right[0], 1e-9);
    EXPECT_NEAR(image.extent["ymin"].get<double>(), bottom_right[1], 1e-9);
    EXPECT_LT(image.extent["xmin"].get<double>(), 8.0);
    EXPECT_GT(image.extent["xmax"].get<double>(), 8.014);
    EXPECT_LT(image.extent["ymin"].get<double>(), lat0);
    EXPECT_GT(image.extent["ymax"].get<double>(), lat0);
}

TEST(RasterRender, geotiff_holds_point_values_in_utm_with_nodata_elsewhere) {
    const std::vector<double> values = {10, 30, 50, 73.25, 90, 110};
    const auto t = row_of_points(values);
    furrow::testing::TempDir dir;
    const auto image = only(render_geotiffs(t, dir.path()), "wetMassPerArea");
    const auto tif = furrow::testing::open_raster(image.file);
    EXPECT_EQ(furrow::testing::authority_code(tif.get()), "32632"); // 8 E, 52 N: UTM zone 32 north
    GDALRasterBandH band = GDALGetRasterBand(tif.get(), 1);
    EXPECT_EQ(GDALGetRasterDataType(band), GDT_Float32);
    int has_nodata = 0;
    const double nodata = GDALGetRasterNoDataValue(band, &has_nodata);
    ASSERT_TRUE(has_nodata);
    EXPECT_EQ(nodata, static_cast<double>(std::numeric_limits<float>::lowest()));
    EXPECT_STREQ(GDALGetMetadataItem(tif.get(), "COMPRESSION", "IMAGE_STRUCTURE"), "DEFLATE");
    std::array<double, 6> gt{};
    ASSERT_EQ(GDALGetGeoTransform(tif.get(), gt.data()), CE_None);
    EXPECT_NEAR(gt[1], 2.0, 0.002); // 2 m cells, times the UTM scale factor (< 0.1 % off)
    for (std::size_t i = 0; i < values.size(); ++i)
        EXPECT_EQ(furrow::testing::value_at(tif.get(), pixel_of(tif.get(), t.lon()[i], lat0)), values[i]);
    EXPECT_EQ(furrow::testing::value_at(tif.get(), pixel_of(tif.get(), 8.0005, lat0)), nodata);
}

TEST(RasterRender, huge_extent_coarsens_cells_to_at_most_4096_pixels) {
    // Two points 5 degrees apart with a 1 m width would need ~700 000 cells a side at 0.5 m.
    schema::PointTable t;
    for (int i = 0; i < 2; ++i) {
        t.add_point(8.0 + 5 * i, lat0, i * 1000);
        t.set(PropertyId::equipment_width, schema::unit("m"), i, 1);
        t.set(PropertyId::speed, schema::unit("m/s"), i, 1 + i);
    }
    furrow::testing::TempDir dir;
    const auto image = only(render_png_images(t, ImageStyle::ramp, dir.path()), "speed");
    const auto png = furrow::testing::open_raster(image.file);
    EXPECT_EQ(GDALGetRasterXSize(png.get()), 4096);
    EXPECT_LE(GDALGetRasterYSize(png.get()), 4096);
    EXPECT_EQ(rgba_at(png.get(), pixel_of(png.get(), 8.0, lat0)), (std::array<int, 4>{200, 0, 0, 255}));
    EXPECT_EQ(rgba_at(png.get(), pixel_of(png.get(), 13.0, lat0)), (std::array<int, 4>{0, 130, 0, 255}));
}

TEST(RasterRender, properties_without_two_distinct_values_make_no_image) {
    auto t = row_of_points({5, 5, 5});
    t.column(PropertyId::harvest_moisture, schema::unit("percentage")); // all missing
    furrow::testing::TempDir dir;
    EXPECT_TRUE(render_png_images(t, ImageStyle::ramp, dir.path()).empty());
    EXPECT_TRUE(render_geotiffs(t, dir.path()).empty());
    EXPECT_TRUE(render_geotiffs(schema::PointTable{}, dir.path()).empty());
}

} // namespace
} // namespace furrow::outputs
