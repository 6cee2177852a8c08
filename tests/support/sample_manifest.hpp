#pragma once
// The manifest of the real samples in shared/data: one row per sample upload, with the format the
// registry must pick and what reading it must give. The format matrix test
// (tests/unit/formats/format_matrix_test.cpp) runs every row; adding a format = one row here.
// Every number is from a source independent of furrow (SOURCE.md, GDAL/OGR, Python's csv module,
// hand arithmetic), named beside the row.
#include "core/time.hpp"
#include "schema/property_registry.hpp"

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace furrow::testing {

// One column over every machine file of the sample.
struct ColumnExpectation {
    schema::PropertyId property;
    std::string_view unit;              // the source unit the reader tags it with; "" = not checked
    std::optional<double> sum;          // over the values that are not missing, in that unit
    std::optional<std::size_t> present; // how many values are not missing
};

// Every point lies in the box; times fall in [first_day, last_day + 1 day) (UTC), or all are 0
// when the sample has no times (first_day "").
struct Extent {
    double lon_min, lon_max, lat_min, lat_max;
    std::string_view first_day, last_day;
};

struct SampleExpectation {
    std::string_view path;      // relative to shared/data: a .zip, a single file or a folder
    std::string_view format_id; // the registry's id for the sample's data sets
    std::size_t machine_files;  // data sets of that format after split()
    std::size_t points;         // over those machine files
    std::string_view operation_type; // of every machine file ("" = the source does not tell)
    // Data sets of other formats in the same upload (the Ag Leader text beside its shapefile).
    std::vector<std::string_view> other_formats = {};
    std::optional<Extent> extent = std::nullopt;
    // The first and last point's time of the first machine file.
    std::optional<std::pair<TimeMs, TimeMs>> ends = std::nullopt;
    std::vector<ColumnExpectation> columns = {};
    // What the first machine file's source says.
    std::optional<std::vector<std::string>> crops = std::nullopt;
    std::optional<std::vector<std::string>> varieties = std::nullopt;
    std::vector<std::pair<std::string_view, double>> reported_totals = {}; // key -> value
};

std::span<const SampleExpectation> sample_manifest();

// Formats with a reader but no row above, each with the reason; the matrix test fails for a
// format in neither list, so a new format cannot arrive without a sample or a reason.
struct FormatWithoutSample {
    std::string_view format_id;
    std::string_view reason;
};
std::span<const FormatWithoutSample> formats_without_sample();

} // namespace furrow::testing
