#pragma once
// The `unitMeasurement` configuration (contract-facts §6): which unit each standard property is
// reported in. furrow computes in canonical units (schema/units.hpp); these conversions apply only
// to what is written for the user, never to the stored points.
//   METRIC, IMPERIAL: the contract-facts §6 table, the same for every file.
//   DEFAULT: the provider's units, as Leaf keeps them (a John Deere harvest: bu/ac, lb/ac, ft, mi/hr):
//     1. a property the source wrote in a display unit is reported in that unit;
//     2. areas stay m2 (every Leaf DEFAULT sample reports area in m2);
//     3. any other property (derived, or written in an ISO 11783 device unit such as mg/m2) follows
//        the family of the source's display units: for an imperial source the IMPERIAL table with
//        speed in mi/hr (what US displays show; Leaf's DEFAULT samples), otherwise canonical metric
//        (kg/ha, L/ha, m, m/s, kg, L), which is also what a source without display units gets.
#include "schema/machine_data.hpp"
#include "schema/property_registry.hpp"

#include <optional>
#include <vector>

namespace furrow::schema {

enum class UnitSystem { default_units, metric, imperial };

// The unit a value of property `id`, now in canonical `current`, is reported in under `system`
// (`provider`: the file's source units, read by DEFAULT only); `current` itself for dimensions
// without a system unit (percent, degrees, counts, flags). `current` may also be the unit of a
// per-file total of the property (kg for appliedRate's total).
const Unit& target_unit(UnitSystem system, PropertyId id, const Unit& current, const ProviderUnits& provider);

// Converts every column to its target unit and retags it.
void convert_to_system(PointTable& table, UnitSystem system, const ProviderUnits& provider);

// The column of `id` in its canonical unit (metres, degrees ...) whatever unit system it is written
// in: what geometry is drawn with (swath widths and lengths). Empty when the table has no such column.
std::vector<double> canonical_values(const PointTable& table, PropertyId id);

// `data` as written for `system`: `data` itself when nothing changes, else a converted copy kept
// in `copy`. DEFAULT reads `data.provider_units`.
const MachineData& in_system(const MachineData& data, UnitSystem system, std::optional<MachineData>& copy);

} // namespace furrow::schema
