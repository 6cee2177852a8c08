// Reading one stored point without the others (schema::read_point_binary, used by the map's click).
#include "schema/point_table_io.hpp"
#include "core/error.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

namespace furrow::schema {
namespace {

MachineData three_points() {
    MachineData d;
    for (int i = 0; i < 3; ++i) {
        const auto p = d.points.add_point(10.0 + i, 50.0 - i, 1000 * (i + 1));
        d.points.set(PropertyId::speed, unit("km/h"), p, 5.0 * (i + 1));
    }
    d.points.set(PropertyId::wet_mass_per_area, unit("kg/ha"), 2, 9000);
    return d;
}

TEST(PointTableIo, one_point_is_read_with_every_column) {
    furrow::testing::TempDir dir;
    const auto path = dir.path() / "points.bin";
    write_points_binary(three_points(), path);
    for (std::size_t i = 0; i < 3; ++i) {
        const auto stored = read_point_binary(path, i);
        EXPECT_EQ(stored.count, 3u);
        ASSERT_EQ(stored.point.size(), 1u);
        EXPECT_DOUBLE_EQ(stored.point.lon()[0], 10.0 + static_cast<double>(i));
        EXPECT_DOUBLE_EQ(stored.point.lat()[0], 50.0 - static_cast<double>(i));
        EXPECT_EQ(stored.point.time()[0], static_cast<TimeMs>(1000 * (i + 1)));
        const auto* speed = stored.point.find(PropertyId::speed);
        ASSERT_NE(speed, nullptr);
        EXPECT_EQ(speed->unit->name, "km/h");
        EXPECT_DOUBLE_EQ(speed->values[0], 5.0 * static_cast<double>(i + 1));
        const auto* yield = stored.point.find(PropertyId::wet_mass_per_area);
        ASSERT_NE(yield, nullptr);
        if (i == 2) EXPECT_DOUBLE_EQ(yield->values[0], 9000);
        else EXPECT_TRUE(is_missing(yield->values[0]));
    }
}

TEST(PointTableIo, product_rate_columns_are_stored_and_read_back) {
    furrow::testing::TempDir dir;
    const auto path = dir.path() / "points.bin";
    auto d = three_points();
    d.points.product_column("Urea: 46 % N", unit("kg/ha")).values = {100, 110, missing};
    write_points_binary(d, path);
    const auto all = read_points_binary(path);
    ASSERT_EQ(all.points.product_columns().size(), 1u);
    const auto& urea = all.points.product_columns()[0];
    EXPECT_EQ(urea.product, "Urea: 46 % N");
    EXPECT_EQ(urea.unit->name, "kg/ha");
    EXPECT_DOUBLE_EQ(urea.values[1], 110);
    EXPECT_TRUE(is_missing(urea.values[2]));
    EXPECT_NE(all.points.find(PropertyId::speed), nullptr);
    const auto one = read_point_binary(path, 1);
    ASSERT_EQ(one.point.product_columns().size(), 1u);
    EXPECT_DOUBLE_EQ(one.point.product_columns()[0].values[0], 110);
}

TEST(PointTableIo, past_the_end_gives_the_count_and_no_point) {
    furrow::testing::TempDir dir;
    const auto path = dir.path() / "points.bin";
    write_points_binary(three_points(), path);
    const auto stored = read_point_binary(path, 3);
    EXPECT_EQ(stored.count, 3u);
    EXPECT_EQ(stored.point.size(), 0u);
}

TEST(PointTableIo, one_point_of_a_truncated_file_is_an_error) {
    furrow::testing::TempDir dir;
    const auto path = dir.path() / "points.bin";
    write_points_binary(three_points(), path);
    // 20 bytes of header and 72 of positions and times: cut inside the first column.
    std::filesystem::resize_file(path, 100);
    EXPECT_THROW(read_point_binary(path, 2), Error);
}

} // namespace
} // namespace furrow::schema
