#pragma once
// The `unitMeasurement` configuration (contract-facts §6): which unit each standard property is
// reported in under METRIC or IMPERIAL. furrow computes in canonical units (schema/units.hpp);
// these conversions apply only to what is written for the user, never to the stored points.
#include "schema/machine_data.hpp"
#include "schema/property_registry.hpp"

#include <optional>

namespace furrow::schema {

enum class UnitSystem { default_units, metric, imperial };

// The unit a value of property `id`, now in `current`, is reported in under `system`: `current`
// itself for DEFAULT and for dimensions without a system unit (percent, degrees, counts, flags).
// `current` may also be the unit of a per-file total of the property (kg for appliedRate's total).
const Unit& target_unit(UnitSystem system, PropertyId id, const Unit& current);

// Converts every column to its target unit and retags it. No-op for DEFAULT.
void convert_to_system(PointTable& table, UnitSystem system);

// `data` as written for `system`: `data` itself for DEFAULT, else a converted copy kept in `copy`.
const MachineData& in_system(const MachineData& data, UnitSystem system, std::optional<MachineData>& copy);

} // namespace furrow::schema
