#pragma once
// Reads one shapefile data set (.shp + .dbf + .shx, optional .prj/.cpg and JD metadata .json) into
// points in source units: GDAL/OGR reads the files from a private scratch copy, the column
// catalogue (formats/columns) says what the columns mean, georeference.cpp puts every feature at a
// WGS84 lon/lat. Polygon layers without times are refused as prescriptions / boundaries.
#include "formats/format.hpp"

namespace furrow::formats::shapefile {

// Throws Error(corrupt_file | unsupported_format, "shapefile: <entry>: <what>").
schema::MachineData read_shapefile(const Bundle& bundle, const Dataset& dataset);

// The data set's member kind by file-name suffix (".shp", ".dbf", ".prj", "-deere-metadata.json",
// ...), lower-case; empty for files that are not part of a shapefile. Shared with detect().
std::string member_suffix(std::string_view file_name);

} // namespace furrow::formats::shapefile
