#pragma once
// The summary's `products` of an application (contract-facts §4, Leaf's as-applied summary):
// [{name, type, rate: {value, unit}, totalApplied: {value, unit}, area: {value, unit}}].
//
// - A file with a rate per product (schema::ProductColumn: an ISOXML bin per product) gets one entry
//   per product: area = the summed `area` of the points where that product's rate is above 0,
//   totalApplied = the sum of rate x area over its points, rate = totalApplied / area (the
//   area-weighted mean rate, so rate x area = totalApplied as in Leaf's entries).
// - A file with one product and no rate per product: that product at `appliedRate`, the same way.
// - Otherwise (no product named, or several without their own rates: a tank mix logged as one rate)
//   the entries name the products without rate or totals: furrow does not invent a split.
// `tankMix` is true when the source names a mixture's components (SourceInfo type "Component").
#include "schema/machine_data.hpp"
#include "schema/unit_systems.hpp"

#include <nlohmann/json.hpp>

namespace furrow::pipeline {

// `data` in canonical units; rates and totals reported in `system`'s units, area in m2.
nlohmann::json product_summary(const schema::MachineData& data, schema::UnitSystem system);
bool is_tank_mix(const schema::SourceInfo& source);

} // namespace furrow::pipeline
