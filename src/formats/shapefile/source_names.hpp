#pragma once
// Crop, variety, product and field names met in the records, collected once each, and turned into
// the machine file's SourceInfo together with the JD metadata and the operation type.
#include "formats/shapefile/column_binding.hpp"
#include "formats/shapefile/jd_metadata.hpp"
#include "schema/machine_data.hpp"

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace furrow::formats::shapefile {

class SourceNames {
public:
    void add(Meaning meaning, std::string_view text);
    // Operation from the JD metadata when present, else from the properties read.
    schema::SourceInfo describe(const schema::PointTable& points, const std::optional<JdMetadata>& jd) const;

private:
    std::vector<std::string> m_crops, m_varieties, m_products, m_fields;
};

} // namespace furrow::formats::shapefile
