#pragma once
// Reads a GeoJSON FeatureCollection of Point features (Farmobile exports, Leaf-style point files)
// into points in source units.
//
// - Each feature is parsed on its own with simdjson ondemand (json_scan.hpp says why): memory is the
//   file plus one copy while it is padded for simdjson, plus the columns.
// - Properties: Leaf's standard keys, and any name the column catalogue knows, units per geojson_properties.hpp. "timestamp" is ISO 8601 (no
//   zone = UTC) or a number: epoch milliseconds from 1e11 up, else epoch seconds. "operationType"
//   (the first one seen) becomes the file's operation; "crop", "variety", "originalOperationType" are
//   kept in SourceInfo. recordingStatus may be "On"/"Off", true/false or 1/0.
// - A feature that is not a Point (or has no readable position or time) is skipped and counted in
//   reported_totals["skippedFeatures"]. Malformed JSON fails the file:
//   Error(corrupt_file, "geojson: <entry>: <simdjson error> at byte N").
#include "formats/format.hpp"

namespace furrow::formats::geojson {

schema::MachineData read(const Bundle& bundle, const Dataset& dataset);

} // namespace furrow::formats::geojson
