#include "pipeline/merge_points.hpp"
#include "schema/point_table_io.hpp"
#include "support/temp_dir.hpp"
#include "core/error.hpp"

#include <gtest/gtest.h>

namespace furrow::pipeline {
namespace {
using schema::PropertyId;
using schema::unit;

schema::MachineData part(std::vector<TimeMs> times, const char* rate_unit, double rate, std::string machine) {
    schema::MachineData d;
    d.source.operation_type = schema::OperationType::applied;
    d.source.crops = {"corn"};
    d.source.machinery.push_back({.id = machine, .name = machine, .type = "machine", .serial_number = "", .brand = "", .periods = {}});
    for (const auto t : times) {
        const auto p = d.points.add_point(1.0 + static_cast<double>(t), 2.0, t);
        d.points.set(PropertyId::applied_rate, unit(rate_unit), p, rate);
    }
    return d;
}

TEST(MergePoints, orders_files_by_first_time_and_converts_to_the_first_unit) {
    // The later file comes first in the input; each file keeps its own point order.
    auto merged = merge_points({part({9, 4}, "t/ha", 0.05, "m2"), part({1, 3}, "kg/ha", 100, "m1")});
    ASSERT_EQ(merged.points.size(), 4u);
    EXPECT_EQ(merged.points.time(), (std::vector<TimeMs>{1, 3, 9, 4}));
    const auto* rate = merged.points.find(PropertyId::applied_rate);
    ASSERT_NE(rate, nullptr);
    EXPECT_EQ(rate->unit->name, "kg/ha");
    // 0.05 t/ha = 50 kg/ha.
    EXPECT_DOUBLE_EQ(rate->values[1], 100);
    EXPECT_DOUBLE_EQ(rate->values[2], 50);
    EXPECT_EQ(merged.source.machinery.size(), 2u);
    EXPECT_EQ(merged.source.crops, (std::vector<std::string>{"corn"}));
}

TEST(MergePoints, another_dimension_is_left_missing) {
    auto merged = merge_points({part({1}, "kg/ha", 100, "m"), part({2}, "L/ha", 80, "m")});
    const auto* rate = merged.points.find(PropertyId::applied_rate);
    EXPECT_DOUBLE_EQ(rate->values[0], 100);
    EXPECT_TRUE(schema::is_missing(rate->values[1]));
    EXPECT_EQ(merged.source.machinery.size(), 1u);
}

TEST(PointTableIo, round_trips_columns_units_and_source) {
    furrow::testing::TempDir dir;
    auto data = part({5, 6, 7}, "L/ha", 80, "sprayer");
    data.points.set(PropertyId::speed, unit("km/h"), 1, 12.5);
    data.source.operators.push_back({.id = "w1", .name = "Ann", .machine_id = "", .periods = {}});
    const auto path = dir.path() / "points.bin";
    schema::write_points_binary(data, path);
    const auto back = schema::read_points_binary(path);
    EXPECT_EQ(back.points.time(), data.points.time());
    EXPECT_EQ(back.points.lon(), data.points.lon());
    ASSERT_NE(back.points.find(PropertyId::speed), nullptr);
    EXPECT_EQ(back.points.find(PropertyId::speed)->unit->name, "km/h");
    EXPECT_DOUBLE_EQ(back.points.find(PropertyId::speed)->values[1], 12.5);
    EXPECT_TRUE(schema::is_missing(back.points.find(PropertyId::speed)->values[0]));
    EXPECT_EQ(back.source.operators.at(0).name, "Ann");
    EXPECT_EQ(back.source.operation_type, schema::OperationType::applied);
}

TEST(PointTableIo, a_truncated_file_is_an_error) {
    furrow::testing::TempDir dir;
    const auto path = dir.path() / "points.bin";
    schema::write_points_binary(part({1, 2, 3}, "L/ha", 80, "s"), path);
    std::filesystem::resize_file(path, std::filesystem::file_size(path) - 20);
    EXPECT_THROW(schema::read_points_binary(path), Error);
}

TEST(MergePoints, fed_one_part_at_a_time_it_equals_the_whole_merge) {
    // A column only the second part has is missing (NaN) on the first part's points.
    auto second = part({5, 6}, "kg/ha", 80, "m2");
    second.points.set(PropertyId::speed, unit("m/s"), 0, 2.5);
    const auto whole = merge_points({part({1, 2}, "kg/ha", 100, "m1"), second});
    PointMerger merger;
    merger.reserve(4);
    merger.add(part({1, 2}, "kg/ha", 100, "m1"));
    merger.add(second);
    const auto fed = merger.finish();
    EXPECT_EQ(fed.points.time(), whole.points.time());
    EXPECT_EQ(fed.points.lon(), whole.points.lon());
    const auto* speed = fed.points.find(PropertyId::speed);
    ASSERT_NE(speed, nullptr);
    EXPECT_TRUE(schema::is_missing(speed->values[0]) && schema::is_missing(speed->values[1]));
    EXPECT_DOUBLE_EQ(speed->values[2], 2.5);
    EXPECT_EQ(fed.points.find(PropertyId::applied_rate)->values, whole.points.find(PropertyId::applied_rate)->values);
    EXPECT_EQ(fed.source.machinery.size(), 2u);
}

TEST(PointTableIo, the_point_count_is_read_from_the_header) {
    furrow::testing::TempDir dir;
    const auto path = dir.path() / "points.bin";
    schema::write_points_binary(part({1, 2, 3}, "L/ha", 80, "s"), path);
    EXPECT_EQ(schema::read_points_count(path), 3u);
}

} // namespace
} // namespace furrow::pipeline
