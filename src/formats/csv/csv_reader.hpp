#pragma once
// Reads one yield-monitor text file into points in source units.
//
// - The whole entry is read once; lines are views into it (memory ~ file size + columns).
// - The first non-empty line decides the layout (layouts.hpp): a header naming longitude and
//   latitude, else Ag Leader Advanced Export records (the layout then follows each row's field count).
// - A line without a position, with an unreadable time, or with a field count no layout knows is
//   skipped and counted in SourceInfo.reported_totals["skippedLines"]; an unreadable number in another
//   column is just a missing value. A file with no line left fails:
//   Error(corrupt_file, "csv: <entry>: no line with a position").
// - Times: Ag Leader GPS time is Unix seconds (UTC; the basswood sample decodes to the harvest day in
//   SOURCE.md). A date and time of day without a zone are taken as UTC (text_time.hpp).
#include "formats/format.hpp"

namespace furrow::formats::csv {

schema::MachineData read(const Bundle& bundle, const Dataset& dataset);

} // namespace furrow::formats::csv
