#pragma once
// Crops: density (for mass <-> volume) and standard moisture (for dry yield), by normalised name.
#include <optional>
#include <string>
#include <string_view>

namespace furrow::schema {

struct Crop {
    std::string name;                        // lower-case, as in Leaf's crop table
    double density_lb_per_bu = 0;            // 1 is the table's placeholder for "not a grain"
    std::optional<double> standard_moisture; // %, absent: dry values equal wet values

    bool has_density() const { return density_lb_per_bu > 1; }
    double density_kg_per_l() const { return density_lb_per_bu * 0.45359237 / 35.23907016688; }
};

std::optional<Crop> find_crop(std::string_view name); // case and surrounding spaces ignored
std::size_t crop_count();                             // rows in the table, duplicates included

} // namespace furrow::schema
