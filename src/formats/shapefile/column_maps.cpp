#include "formats/shapefile/column_maps.hpp"

#include "core/strings.hpp"

#include <array>

namespace furrow::formats::shapefile {
namespace {

using P = schema::PropertyId;
using R = Role;

// A rule for a column that is not a property value (time, names, recording state).
constexpr ColumnRule other(std::string_view names, Role role) { return {names, role, P::speed, ""}; }

// John Deere Operations Center exports. Names come full ("SWATHWIDTH") or cut to 7 characters
// by tools that rewrite the .dbf ("SWATHWI"). VRYIELDVOL is JD's dry yield by volume: in the oats
// sample it equals WetMass corrected to 14 % moisture / 32 lb/bu, not the wet volume.
constexpr std::array<ColumnRule, 14> jd_rules = {{
    {"DISTANCE|DISTANC", R::value, P::distance, "ft"},
    {"SWATHWIDTH|SWATHWI", R::value, P::equipment_width, "ft"},
    {"VRYIELDVOL|VRYIELD", R::value, P::dry_volume_per_area, "bu/ac"},
    {"WetMass|WetMss", R::value, P::wet_mass_per_area, "lb/ac"},
    {"Moisture|Moistur", R::value, P::harvest_moisture, "percentage"},
    {"Heading", R::value, P::heading, "arcdeg"},
    {"Elevation|Elevatn", R::value, P::elevation, "ft"},
    {"AppliedRate|AppldRt", R::value, P::applied_rate, "lb/ac"},
    {"TargetRate|TargtRt", R::value, P::applied_rate_target, "lb/ac"},
    {"Speed", R::value, P::speed, "mi/hr"},
    other("IsoTime", R::time), // before Time: it has milliseconds and says UTC
    other("Time", R::time),
    other("VARIETY", R::variety),
    other("Product|Products", R::product),
}};

// SMS (Ag Leader SMS / "Other") exports: the 10-character dBase names SMS writes, and the forms
// the OFPEDATA2 samples were re-written to by R (e.g. "yld_mss_w" for "Yld_Mass_W").
constexpr std::array<ColumnRule, 22> sms_rules = {{
    {"Distance_f|Distance__|dstnc_f", R::value, P::distance, "ft"},
    {"Track_deg_|trck_d_", R::value, P::heading, "arcdeg"},
    {"Elevation_|elevtn_", R::value, P::elevation, "ft"},
    {"Swth_Wdth_|Swath_Widt|swth_w_", R::value, P::equipment_width, "ft"},
    {"Crop_Flw_M|crp_flw_m", R::value, P::crop_flow, "lb/s"},
    {"Moisture__|mostr__", R::value, P::harvest_moisture, "percentage"},
    {"Yld_Mass_W|yld_mss_w", R::value, P::wet_mass_per_area, "lb/ac"},
    {"Yld_Vol_We|Yld_Vol_Wt|yld_vl_w", R::value, P::wet_volume_per_area, "bu/ac"},
    {"Yld_Mass_D|yld_mss_d", R::value, P::dry_mass_per_area, "lb/ac"},
    {"Yld_Vol_Dr|yld_vl_d", R::value, P::dry_volume_per_area, "bu/ac"},
    {"Speed_mph_|spd_mp_", R::value, P::speed, "mi/hr"},
    {"Rt_Apd_Ms_|rt_apd_ms_", R::value, P::applied_rate, "lb/ac"},
    {"Rt_Apd_Liq|rt_apd_lq_", R::value, P::applied_rate, "gal/ac"},
    {"Rt_Apd_Ct_|rt_apd_ct_", R::value, P::seed_rate, "seeds/ac"},
    other("Area_Count|are_cnt", R::recording_text),
    other("Date", R::time), // the day; the time of day comes from the session and durations
    other("Time", R::time),
    other("dataset", R::session_start),
    other("Duration_s|durtn_s", R::duration_s),
    other("Product", R::product),
    other("Variety", R::variety),
    other("field", R::field_name),
}};

// Ag Leader yield data as USDA Yield Editor writes it (advanced export columns + derived ones):
// FLOW lb/s, DISTANCE and SWATH in inches, TIME = GPS time as Unix seconds, ALTITUDE ft.
constexpr std::array<ColumnRule, 10> agleader_rules = {{
    {"FLOW", R::value, P::crop_flow, "lb/s"},
    {"DISTANCE", R::value, P::distance, "in"},
    {"SWATH", R::value, P::equipment_width, "in"},
    {"MOISTURE", R::value, P::harvest_moisture, "percentage"},
    {"ALTITUDE", R::value, P::elevation, "ft"},
    {"DRY_BU_AC", R::value, P::dry_volume_per_area, "bu/ac"},
    {"SPEED", R::value, P::speed, "mi/hr"},
    other("TIME", R::unix_seconds),
    other("CROP", R::crop),
    other("FIELD", R::field_name),
}};

// The columns Leaf documents for generic shapefiles (contract-facts §9), in Leaf's default units.
constexpr std::array<ColumnRule, 10> generic_rules = {{
    other("Crop|Crop_Type|Product_Pr", R::crop),
    {"Moisture|Moisture__", R::value, P::harvest_moisture, "percentage"},
    {"Yld_Vol_We", R::value, P::wet_volume_per_area, "bu/ac"},
    {"Yield_Mass|WetMass", R::value, P::wet_mass_per_area, "lb/ac"},
    {"seedRate|SeedCount|Rt_Apd_Ct_", R::value, P::seed_rate, "seeds/ac"},
    {"Rt_Apd_Liq", R::value, P::applied_rate, "gal/ac"},
    {"AppliedRat|actualRate", R::value, P::applied_rate, "gal/ac"},
    {"SwathWidth|Swath_Widt|Width", R::value, P::equipment_width, "ft"},
    other("Product|Products", R::product),
    other("Variety", R::variety),
}};

constexpr std::array<Exporter, 4> all = {{
    {"john_deere", "John Deere Operations Center", jd_rules},
    {"sms", "SMS", sms_rules},
    {"agleader", "Ag Leader / Yield Editor", agleader_rules},
    {"generic", "generic shapefile", generic_rules},
}};

} // namespace

std::span<const Exporter> exporters() { return all; }

const Exporter& john_deere() { return all[0]; }

bool rule_matches(const ColumnRule& rule, std::string_view column) {
    std::string_view names = rule.names;
    while (!names.empty()) {
        const auto bar = names.find('|');
        if (iequals(names.substr(0, bar), column)) return true;
        names = bar == std::string_view::npos ? std::string_view() : names.substr(bar + 1);
    }
    return false;
}

const ColumnRule* find_rule(const Exporter& exporter, std::string_view column) {
    for (const auto& rule : exporter.rules)
        if (rule_matches(rule, column)) return &rule;
    return nullptr;
}

const Exporter& choose_exporter(const std::vector<std::string>& columns) {
    const Exporter* best = &all.back();
    std::size_t best_score = 0;
    for (const auto& exporter : all) {
        std::size_t score = 0;
        for (const auto& column : columns) score += find_rule(exporter, column) ? 1 : 0;
        if (score > best_score) best = &exporter, best_score = score;
    }
    return *best;
}

} // namespace furrow::formats::shapefile
