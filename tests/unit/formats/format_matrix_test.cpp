// Every real sample of the manifest (tests/support/sample_manifest.cpp), uploaded as a user would:
// the registry must give it to the expected format (and every other data set in the upload to the
// formats the row names), and reading it must give the manifest's independently obtained figures.
#include "formats/registry.hpp"
#include "support/sample_manifest.hpp"
#include "support/sample_reader.hpp"
#include "support/shared_data.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <ostream>
#include <set>

namespace furrow::testing {
// gtest names a failing row by its sample, not by its bytes.
void PrintTo(const SampleExpectation& row, std::ostream* os) { *os << row.path; }
} // namespace furrow::testing

namespace furrow::formats {
namespace {

using testing::ReadDataset;
using testing::SampleExpectation;

constexpr TimeMs one_day = 86'400'000;

void expect_extent(const std::vector<const ReadDataset*>& mine, const testing::Extent& e) {
    constexpr double margin = 2e-6; // the manifest's bounds are rounded to 1e-6 degrees
    const TimeMs first = e.first_day.empty() ? 0 : *parse_iso8601(std::string(e.first_day));
    const TimeMs end = e.last_day.empty() ? 1 : *parse_iso8601(std::string(e.last_day)) + one_day;
    for (const auto* read : mine) {
        const auto& t = read->data.points;
        for (std::size_t point_idx = 0; point_idx < t.size(); ++point_idx) {
            ASSERT_GE(t.lon()[point_idx], e.lon_min - margin) << point_idx;
            ASSERT_LE(t.lon()[point_idx], e.lon_max + margin) << point_idx;
            ASSERT_GE(t.lat()[point_idx], e.lat_min - margin) << point_idx;
            ASSERT_LE(t.lat()[point_idx], e.lat_max + margin) << point_idx;
            ASSERT_GE(t.time()[point_idx], first) << format_iso8601(t.time()[point_idx]);
            ASSERT_LT(t.time()[point_idx], end) << format_iso8601(t.time()[point_idx]);
        }
    }
}

void expect_column(const std::vector<const ReadDataset*>& mine, const testing::ColumnExpectation& e) {
    SCOPED_TRACE(schema::info(e.property).key);
    double sum = 0;
    std::size_t present = 0;
    for (const auto* read : mine) {
        const auto* column = read->data.points.find(e.property);
        ASSERT_NE(column, nullptr) << read->dataset.name;
        if (!e.unit.empty()) {
            EXPECT_EQ(column->unit->name, e.unit);
        }
        for (const double v : column->values)
            if (!std::isnan(v)) sum += v, ++present;
    }
    if (e.sum) {
        EXPECT_NEAR(sum, *e.sum, std::max(1e-6, std::abs(*e.sum) * 1e-9));
    }
    if (e.present) {
        EXPECT_EQ(present, *e.present);
    }
}

// Every value is a number or NaN, never garbage, and every column is as long as the table.
void expect_sane_values(const ReadDataset& read) {
    const auto& t = read.data.points;
    for (const auto& column : t.columns()) {
        ASSERT_EQ(column.values.size(), t.size()) << schema::info(column.id).key;
        for (const double v : column.values) ASSERT_TRUE(std::isnan(v) || std::abs(v) < 1e10) << schema::info(column.id).key << " " << v;
    }
}

void expect_first_source(const ReadDataset& first, const SampleExpectation& e) {
    const auto& source = first.data.source;
    if (e.ends) {
        ASSERT_FALSE(first.data.points.time().empty());
        EXPECT_EQ(format_iso8601(first.data.points.time().front()), format_iso8601(e.ends->first));
        EXPECT_EQ(format_iso8601(first.data.points.time().back()), format_iso8601(e.ends->second));
    }
    if (e.crops) {
        EXPECT_EQ(source.crops, *e.crops);
    }
    if (e.varieties) {
        EXPECT_EQ(source.varieties, *e.varieties);
    }
    for (const auto& [key, value] : e.reported_totals) {
        ASSERT_TRUE(source.reported_totals.contains(key)) << key << " in " << source.reported_totals.dump();
        EXPECT_EQ(source.reported_totals.at(key).at("value").get<double>(), value) << key;
    }
}

class FormatMatrix : public ::testing::TestWithParam<SampleExpectation> {};

TEST_P(FormatMatrix, registry_detects_and_reads_the_sample) {
    const SampleExpectation& e = GetParam();
    const auto read = testing::read_sample(testing::shared_data() / e.path);
    std::vector<const ReadDataset*> mine;
    std::multiset<std::string_view> others;
    for (const auto& r : read) {
        if (r.format->id == e.format_id) mine.push_back(&r);
        else others.insert(r.format->id);
    }
    ASSERT_EQ(mine.size(), e.machine_files) << "data sets given to " << e.format_id;
    EXPECT_EQ(others, std::multiset<std::string_view>(e.other_formats.begin(), e.other_formats.end()))
        << "data sets the registry gave to other formats";
    std::size_t points = 0;
    for (const auto* r : mine) {
        SCOPED_TRACE(r->dataset.name + " " + r->dataset.part);
        points += r->data.points.size();
        EXPECT_EQ(r->data.source.operation_type_name(), e.operation_type);
        expect_sane_values(*r);
    }
    EXPECT_EQ(points, e.points) << "points over the " << e.format_id << " machine files";
    if (e.extent) expect_extent(mine, *e.extent);
    for (const auto& column : e.columns) expect_column(mine, column);
    expect_first_source(*mine.front(), e);
}

std::string test_name(const ::testing::TestParamInfo<SampleExpectation>& info) {
    std::string name(info.param.path);
    std::replace_if(name.begin(), name.end(), [](unsigned char c) { return std::isalnum(c) == 0; }, '_');
    return name;
}

INSTANTIATE_TEST_SUITE_P(SharedData, FormatMatrix, ::testing::ValuesIn(testing::sample_manifest().begin(), testing::sample_manifest().end()),
                         test_name);

bool has_row(std::string_view format_id) {
    const auto rows = testing::sample_manifest();
    return std::any_of(rows.begin(), rows.end(), [&](const auto& row) { return row.format_id == format_id; });
}

const testing::FormatWithoutSample* reason_for(std::string_view format_id) {
    for (const auto& entry : testing::formats_without_sample())
        if (entry.format_id == format_id) return &entry;
    return nullptr;
}

TEST(FormatMatrixCoverage, every_format_with_a_reader_has_a_sample_or_a_reason) {
    for (const auto& format : all_formats()) {
        if (format.read == nullptr) continue;
        EXPECT_TRUE(has_row(format.id) || reason_for(format.id) != nullptr)
            << "format " << format.id << " has a reader but no sample in tests/support/sample_manifest.cpp: add a row for a "
            << "sample in shared/data, or list it in formats_without_sample() with the reason";
    }
}

TEST(FormatMatrixCoverage, manifest_names_only_readable_formats_and_no_stale_reasons) {
    for (const auto& row : testing::sample_manifest()) {
        const Format* format = find_format(row.format_id);
        ASSERT_NE(format, nullptr) << row.path << ": no format " << row.format_id << " in the registry";
        EXPECT_NE(format->read, nullptr) << row.path << ": " << row.format_id << " has no reader";
        EXPECT_GT(row.machine_files, 0u) << row.path;
    }
    for (const auto& entry : testing::formats_without_sample()) {
        const Format* format = find_format(entry.format_id);
        ASSERT_NE(format, nullptr) << "formats_without_sample() names unknown format " << entry.format_id;
        EXPECT_NE(format->read, nullptr) << entry.format_id << " has no reader: it needs no reason";
        EXPECT_FALSE(has_row(entry.format_id)) << entry.format_id << " has a sample now: drop its reason";
        EXPECT_FALSE(entry.reason.empty()) << entry.format_id;
    }
}

} // namespace
} // namespace furrow::formats
