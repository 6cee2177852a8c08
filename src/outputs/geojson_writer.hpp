#pragma once
// Points as a GeoJSON FeatureCollection of Point features (RFC 7946), written straight to a file:
// one Feature per point, properties = timestamp, operationType and every column under its Leaf
// key. Missing values are left out, not written as null. Memory stays flat whatever the size.
#include "schema/machine_data.hpp"

#include <filesystem>
#include <string>

namespace furrow::outputs {

struct GeojsonOptions {
    bool include_units = false; // a top-level "units" member (the raw output is in source units)
    std::string crop;           // written on every point when set
};

void write_points_geojson(const schema::MachineData& data, const GeojsonOptions& options,
                          const std::filesystem::path& out);

} // namespace furrow::outputs
