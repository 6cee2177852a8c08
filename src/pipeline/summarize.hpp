#pragma once
// The summary of a standardised machine file (contract-facts §4): a GeoJSON Feature whose geometry
// is the covered area and whose properties hold time span, areas, per-property statistics,
// totals, crop, machinery and what the machine itself reported.
#include "schema/machine_data.hpp"
#include "schema/unit_systems.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>

namespace furrow::pipeline {

// At most this many vertices in the summary's geometry (the coverage simplified for maps,
// geo/coverage.hpp): with coordinates to 7 decimals, ~60 KB of JSON however large the file.
inline constexpr std::size_t summary_max_vertices = 2500;

struct Summary {
    nlohmann::json feature;       // geometry: the simplified coverage
    nlohmann::json full_geometry; // the coverage at full resolution (MultiPolygon), for ?resolution=full
    TimeMs start_time = 0;
    TimeMs end_time = 0;
    double total_area_m2 = 0;
};

// `data` in canonical units (coverage and totals rely on metres and m2); statistics and totals are
// reported in `system`'s units (schema/unit_systems.hpp). totalArea and coverageArea stay in m2.
Summary summarize(const schema::MachineData& data, const std::optional<std::string>& crop,
                  schema::UnitSystem system = schema::UnitSystem::default_units);

// property key -> unit of every numeric column (GET /files/{id}/units).
nlohmann::json units_of(const schema::PointTable& table);

} // namespace furrow::pipeline
