#pragma once
// The exporter's column rules applied to one layer: which OGR field feeds which standard property
// (in which source unit), which fields carry time, and which carry crop/variety/product names.
#include "formats/shapefile/column_maps.hpp"
#include "formats/shapefile/record_time.hpp"
#include "schema/point_table.hpp"

#include <map>
#include <ogr_api.h>
#include <string>
#include <vector>

namespace furrow::formats::shapefile {

struct ValueField {
    int field;
    schema::PropertyId property;
    const schema::Unit* unit;
};

struct TextField {
    int field;
    Role role; // recording_text, crop, variety, product, field_name
};

struct ColumnBinding {
    std::vector<ValueField> values;
    std::vector<TextField> texts;
    TimeFields time;
};

// `unit_overrides`: lower-case column name -> unit (from JD metadata). A property fed by two
// columns keeps the first (a column has one unit). A rate in seeds per area is a seed rate.
ColumnBinding bind_columns(OGRFeatureDefnH definition, const Exporter& exporter,
                           const std::map<std::string, const schema::Unit*>& unit_overrides);

// The field as a number: NaN for null, empty, dBase overflow ("****") or text that is not a number.
double numeric_value(OGRFeatureH feature, int field);
// "On"/"In"/"Yes" -> 1, "Off"/"Out"/"No" -> 0, else NaN.
double recording_value(OGRFeatureH feature, int field);

} // namespace furrow::formats::shapefile
