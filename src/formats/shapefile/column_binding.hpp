#pragma once
// The column catalogue's answer for one layer, as OGR field indexes: which field feeds which
// standard property (in which source unit), which fields carry time, and which carry names.
#include "formats/columns/column_resolver.hpp"
#include "formats/shapefile/record_time.hpp"
#include "schema/point_table.hpp"

#include <ogr_api.h>
#include <string>
#include <vector>

namespace furrow::formats::shapefile {

using columns::Meaning;

struct ValueField {
    int field;
    schema::PropertyId property;
    const schema::Unit* unit;
};

struct TextField {
    int field;
    Meaning meaning; // recording, crop, variety, product, field, serial
};

struct ColumnBinding {
    std::vector<ValueField> values;
    std::vector<TextField> texts;
    TimeFields time;
};

ColumnBinding bind_columns(const columns::Resolution& resolution);

// The field as a number: NaN for null, empty, dBase overflow ("****") or text that is not a number.
double numeric_value(OGRFeatureH feature, int field);
// "On"/"In"/"Yes"/1 -> 1, "Off"/"Out"/"No"/0 -> 0, else NaN.
double recording_value(OGRFeatureH feature, int field);

} // namespace furrow::formats::shapefile
