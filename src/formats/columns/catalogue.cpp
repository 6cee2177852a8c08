#include "formats/columns/catalogue.hpp"

#include <array>

namespace furrow::formats::columns {
namespace {

using P = schema::PropertyId;
using M = Meaning;

constexpr auto all_vocabularies = std::to_array<Vocabulary>({
    {"john_deere", "John Deere Operations Center / Gen4 shapefile", Kind::exporter,
     "jd-opscenter-oats-harvest, jd-opscenter-wheat-seeding, jd-gen4-* samples and their -Deere-Metadata.json"},
    {"sms", "Ag Leader SMS shapefile", Kind::exporter,
     "sms-case-wheat-yield-2018, sms-urea-asapplied-poly (and OFPEDATA2's R re-writes of them)"},
    {"yield_editor", "Ag Leader advanced export / USDA Yield Editor shapefile", Kind::exporter,
     "agleader-basswood-corn-2012; yieldcleanr read_yield_data"},
    {"trimble", "Trimble AgGPS (FM-1000 / FmX / CFX-750) track log", Kind::exporter,
     "FM-1000 Integrated Display User Guide v9.25 rev. B, p. 99"},
    {"adapt", "ADAPT / John Deere representation codes", Kind::distinctive,
     "github:ADAPT/ADAPT source/Representation/Resources/RepresentationSystem.xml (English default units)"},
    {"agleader_text", "Ag Leader SMS / display export headers", Kind::distinctive,
     "Ag Leader SMS text export headers with the unit in parentheses, e.g. Yld Mass(Dry)(tonne/ha)"},
    {"leaf", "Leaf standard keys", Kind::distinctive,
     "Leaf standardGeojson keys (docs/SCHEMA.md) in Leaf's default /units (contract-facts §5, §6)"},
    {"leaf_shapefile", "generic shapefile (Leaf's documented columns)", Kind::fallback,
     "the columns Leaf documents for generic shapefiles, in Leaf's default units (contract-facts §9)"},
    {"generic_table", "generic point table", Kind::fallback,
     "lat/lon/time tables (CSIRO grape CSV and the like); metric units where a plain name is used"},
});

// Order inside a vocabulary is priority: when two columns feed one property, or one truncated
// name fits several entries, the earlier entry wins (IsoTime over Time; Actual over Target).
constexpr auto entries = std::to_array<Entry>({
    // John Deere Ops Center / Gen4 exports. Names come full ("SWATHWIDTH") or cut to 7 characters
    // by tools that rewrite the .dbf ("SWATHWI"). VRYIELDVOL is JD's dry yield by volume: in the
    // oats sample it equals WetMass corrected to 14 % moisture / 32 lb/bu, not the wet volume.
    {"john_deere", "DISTANCE", M::value, P::distance, "ft"},
    {"john_deere", "DISTANC", M::value, P::distance, "ft"},
    {"john_deere", "SWATHWIDTH", M::value, P::equipment_width, "ft"},
    {"john_deere", "SWATHWI", M::value, P::equipment_width, "ft"},
    {"john_deere", "VRYIELDVOL", M::value, P::dry_volume_per_area, "bu/ac"},
    {"john_deere", "VRYIELD", M::value, P::dry_volume_per_area, "bu/ac"},
    {"john_deere", "WetMass", M::value, P::wet_mass_per_area, "lb/ac"},
    {"john_deere", "WetMss", M::value, P::wet_mass_per_area, "lb/ac"},
    {"john_deere", "Moisture", M::value, P::harvest_moisture, "percentage"},
    {"john_deere", "Moistur", M::value, P::harvest_moisture, "percentage"},
    {"john_deere", "Heading", M::value, P::heading, "arcdeg"},
    {"john_deere", "Elevation", M::value, P::elevation, "ft"},
    {"john_deere", "Elevatn", M::value, P::elevation, "ft"},
    {"john_deere", "AppliedRate", M::value, P::applied_rate, "lb/ac"},
    {"john_deere", "AppldRt", M::value, P::applied_rate, "lb/ac"},
    {"john_deere", "TargetRate", M::value, P::applied_rate_target, "lb/ac"},
    {"john_deere", "TargtRt", M::value, P::applied_rate_target, "lb/ac"},
    {"john_deere", "Speed", M::value, P::speed, "mi/hr"},
    {"john_deere", "IsoTime", M::time}, // before Time: it has milliseconds and says UTC
    {"john_deere", "Time", M::time},
    {"john_deere", "VARIETY", M::variety},
    {"john_deere", "Product", M::product},
    {"john_deere", "Products", M::product},
    {"john_deere", "Crop", M::crop},

    // Ag Leader SMS shapefiles: the 10-character dBase names SMS writes (its display headers cut,
    // the unit's first letters kept: "Distance_f" = Distance(ft)), and the forms the OFPEDATA2
    // samples were re-written to by R ("yld_mss_w" for "Yld_Mass_W").
    {"sms", "Distance_f", M::value, P::distance, "ft"},
    {"sms", "Distance__", M::value, P::distance, "ft"},
    {"sms", "dstnc_f", M::value, P::distance, "ft"},
    {"sms", "Track_deg_", M::value, P::heading, "arcdeg"},
    {"sms", "trck_d_", M::value, P::heading, "arcdeg"},
    {"sms", "Elevation_", M::value, P::elevation, "ft"},
    {"sms", "elevtn_", M::value, P::elevation, "ft"},
    {"sms", "Swth_Wdth_", M::value, P::equipment_width, "ft"},
    {"sms", "Swath_Widt", M::value, P::equipment_width, "ft"},
    {"sms", "swth_w_", M::value, P::equipment_width, "ft"},
    {"sms", "Crop_Flw_M", M::value, P::crop_flow, "lb/s"},
    {"sms", "crp_flw_m", M::value, P::crop_flow, "lb/s"},
    {"sms", "Moisture__", M::value, P::harvest_moisture, "percentage"},
    {"sms", "mostr__", M::value, P::harvest_moisture, "percentage"},
    {"sms", "Yld_Mass_W", M::value, P::wet_mass_per_area, "lb/ac"},
    {"sms", "yld_mss_w", M::value, P::wet_mass_per_area, "lb/ac"},
    {"sms", "Yld_Vol_We", M::value, P::wet_volume_per_area, "bu/ac"},
    {"sms", "Yld_Vol_Wt", M::value, P::wet_volume_per_area, "bu/ac"},
    {"sms", "yld_vl_w", M::value, P::wet_volume_per_area, "bu/ac"},
    {"sms", "Yld_Mass_D", M::value, P::dry_mass_per_area, "lb/ac"},
    {"sms", "yld_mss_d", M::value, P::dry_mass_per_area, "lb/ac"},
    {"sms", "Yld_Vol_Dr", M::value, P::dry_volume_per_area, "bu/ac"},
    {"sms", "yld_vl_d", M::value, P::dry_volume_per_area, "bu/ac"},
    {"sms", "Speed_mph_", M::value, P::speed, "mi/hr"},
    {"sms", "spd_mp_", M::value, P::speed, "mi/hr"},
    {"sms", "Rt_Apd_Ms_", M::value, P::applied_rate, "lb/ac"},
    {"sms", "Rt_Apd_Liq", M::value, P::applied_rate, "gal/ac"},
    {"sms", "rt_apd_lq_", M::value, P::applied_rate, "gal/ac"},
    {"sms", "Rt_Apd_Ct_", M::value, P::seed_rate, "seeds/ac"},
    {"sms", "Area_Count", M::recording},
    {"sms", "are_cnt", M::recording},
    {"sms", "Date", M::time}, // the day; the time of day comes from the session and durations
    {"sms", "Time", M::time},
    {"sms", "dataset", M::session_start},
    {"sms", "Duration_s", M::duration_s},
    {"sms", "durtn_s", M::duration_s},
    {"sms", "Product", M::product},
    {"sms", "Variety", M::variety},
    {"sms", "field", M::field},

    // Ag Leader yield data as USDA Yield Editor writes it (advanced export columns + derived
    // ones): FLOW lb/s, DISTANCE and SWATH in inches, TIME = GPS time as Unix seconds, ALTITUDE ft.
    {"yield_editor", "FLOW", M::value, P::crop_flow, "lb/s"},
    {"yield_editor", "DISTANCE", M::value, P::distance, "in"},
    {"yield_editor", "SWATH", M::value, P::equipment_width, "in"},
    {"yield_editor", "MOISTURE", M::value, P::harvest_moisture, "percentage"},
    {"yield_editor", "ALTITUDE", M::value, P::elevation, "ft"},
    {"yield_editor", "DRY_BU_AC", M::value, P::dry_volume_per_area, "bu/ac"},
    {"yield_editor", "SPEED", M::value, P::speed, "mi/hr"},
    {"yield_editor", "TIME", M::unix_seconds},
    {"yield_editor", "CROP", M::crop},
    {"yield_editor", "FIELD", M::field},
    {"yield_editor", "SERIAL", M::serial},

    // Trimble AgGPS track logs (FM-1000 guide p. 99, "Units" = metric): Speed km/h, Swath_wdth m,
    // UTC_Date YYYYMMDD + UTC_Time hh:mm:ss.s. Target's unit is not documented: it is mapped only
    // when the file says it (header / metadata / unit code), else reported as unmapped.
    {"trimble", "Speed", M::value, P::speed, "km/h"},
    {"trimble", "Swath_wdth", M::value, P::equipment_width, "m"},
    {"trimble", "Target", M::value, P::applied_rate_target, ""},
    {"trimble", "UTC_Date", M::date},
    {"trimble", "UTC_Time", M::time_of_day},

    // ADAPT representation codes (RepresentationSystem.xml), the English default unit of each.
    // In .dbf files they come cut to 10 characters ("vrAppRateV"): column_resolver matches those
    // by prefix, and where several codes share a prefix the first listed here (Actual before
    // Target / SetPoint) is taken unless the column's unit tells them apart.
    {"adapt", "vrYieldWetMassPerArea", M::value, P::wet_mass_per_area, "lb/ac"},
    {"adapt", "vrYieldWetMassFlow", M::value, P::crop_flow, "lb/s"},
    {"adapt", "vrYieldWetVolumePerArea", M::value, P::wet_volume_per_area, "bu/ac"},
    {"adapt", "vrYieldMassPerArea", M::value, P::dry_mass_per_area, "lb/ac"},
    {"adapt", "vrYieldVolumePerArea", M::value, P::dry_volume_per_area, "bu/ac"},
    // JD's exports write the dry yield by volume per area under this code (VRYIELDVOL, bu1ac-1).
    {"adapt", "vrYieldVolume", M::value, P::dry_volume_per_area, "bu/ac"},
    {"adapt", "vrHarvestMoisture", M::value, P::harvest_moisture, "percentage"},
    {"adapt", "vrAppRateVolumeActual", M::value, P::applied_rate, "gal/ac"},
    {"adapt", "vrAppRateVolumeTarget", M::value, P::applied_rate_target, "gal/ac"},
    {"adapt", "vrAppRateVolumeSetPoint", M::value, P::applied_rate_target, "gal/ac"},
    {"adapt", "vrAppRateMassActual", M::value, P::applied_rate, "lb/ac"},
    {"adapt", "vrAppRateMassTarget", M::value, P::applied_rate_target, "lb/ac"},
    {"adapt", "vrAppRateMassSetPoint", M::value, P::applied_rate_target, "lb/ac"},
    {"adapt", "vrSolutionRateLiquid", M::value, P::applied_rate, "gal/ac"},
    {"adapt", "vrSolutionRateMass", M::value, P::applied_rate, "lb/ac"},
    {"adapt", "vrSeedRateSeedsActual", M::value, P::seed_rate, "seeds/ac"},
    {"adapt", "vrSeedRateSeedsTarget", M::value, P::seed_rate_target, "seeds/ac"},
    {"adapt", "vrSeedRateSeedsSetPoint", M::value, P::seed_rate_target, "seeds/ac"},
    {"adapt", "vrSeedRateMassActual", M::value, P::seed_rate, "lb/ac"},
    {"adapt", "vrSeedRateMassTarget", M::value, P::seed_rate_target, "lb/ac"},
    {"adapt", "vrSeedRateMassSetPoint", M::value, P::seed_rate_target, "lb/ac"},
    {"adapt", "vrTillageDepthActual", M::value, P::tillage_depth_actual, "in"},
    {"adapt", "vrTillageDepthTarget", M::value, P::tillage_depth_target, "in"},
    {"adapt", "vrVehicleSpeed", M::value, P::speed, "mi/hr"},
    {"adapt", "vrHeading", M::value, P::heading, "arcdeg"},
    {"adapt", "vrElevation", M::value, P::elevation, "ft"},
    {"adapt", "vrDistanceTraveled", M::value, P::distance, "ft"},
    {"adapt", "vrSwathWidth", M::value, P::equipment_width, "ft"},
    {"adapt", "vrEquipmentWidth", M::value, P::equipment_width, "ft"},
    {"adapt", "vrWorkingWidthActual", M::value, P::equipment_width, "ft"},
    {"adapt", "vrFuelRatePerHour", M::value, P::fuel_rate, "gal/hr"},
    // As GreenStar 2/3 .fdl logs write them (JohnDeere/SampleData cards): the metered rates are
    // "...Measured", the harvest meter logs the wet mass of each record's interval.
    {"adapt", "vrAppRateVolumeMeasured", M::value, P::applied_rate, "gal/ac"},
    {"adapt", "vrAppRateMassMeasured", M::value, P::applied_rate, "lb/ac"},
    {"adapt", "vrSeedRateSeedsMeasured", M::value, P::seed_rate, "seeds/ac"},
    {"adapt", "vrSeedRateMassMeasured", M::value, P::seed_rate, "lb/ac"},
    {"adapt", "vrYieldWetMass", M::value, P::wet_mass, "lb"},

    // Ag Leader display / SMS text export headers: the name, then the unit in parentheses, which
    // the header always carries (the defaults below are SMS's US units for a header without one).
    // Speed(mph), Distance(ft), Elevation(ft) are Leaf's keys with a header unit (see "leaf").
    {"agleader_text", "Yld Mass(Wet)", M::value, P::wet_mass_per_area, "lb/ac"},
    {"agleader_text", "Yld Mass(Dry)", M::value, P::dry_mass_per_area, "lb/ac"},
    {"agleader_text", "Yld Vol(Wet)", M::value, P::wet_volume_per_area, "bu/ac"},
    {"agleader_text", "Yld Vol(Dry)", M::value, P::dry_volume_per_area, "bu/ac"},
    {"agleader_text", "Yield(Wet)", M::value, P::wet_volume_per_area, "bu/ac"},
    {"agleader_text", "Yield(Dry)", M::value, P::dry_volume_per_area, "bu/ac"},
    {"agleader_text", "Crop Flw(M)", M::value, P::crop_flow, "lb/s"},
    {"agleader_text", "Swth Wdth", M::value, P::equipment_width, "ft"},
    {"agleader_text", "Swath Width", M::value, P::equipment_width, "ft"},
    {"agleader_text", "Rt Apd Ms", M::value, P::applied_rate, "lb/ac"},
    {"agleader_text", "Rt Apd Liq", M::value, P::applied_rate, "gal/ac"},
    {"agleader_text", "Rt Apd Ct", M::value, P::seed_rate, "seeds/ac"},
    {"agleader_text", "Rate Applied(Ms)", M::value, P::applied_rate, "lb/ac"},
    {"agleader_text", "Rate Applied(Liq)", M::value, P::applied_rate, "gal/ac"},
    {"agleader_text", "Target Rate(Ms)", M::value, P::applied_rate_target, "lb/ac"},
    {"agleader_text", "Target Rate(Liq)", M::value, P::applied_rate_target, "gal/ac"},
    {"agleader_text", "Track", M::value, P::heading, "arcdeg"},
    {"agleader_text", "Moisture", M::value, P::harvest_moisture, "percentage"},
    {"agleader_text", "Area Count", M::recording},

    // Leaf's standard keys, in the units Leaf reports by default (also Farmobile's GeoJSON, which
    // carries no units and no public document gives them). fuelRate has no documented unit: L/h.
    {"leaf", "speed", M::value, P::speed, "mi/hr"},
    {"leaf", "heading", M::value, P::heading, "arcdeg"},
    {"leaf", "elevation", M::value, P::elevation, "ft"},
    {"leaf", "distance", M::value, P::distance, "ft"},
    {"leaf", "equipmentWidth", M::value, P::equipment_width, "ft"},
    {"leaf", "area", M::value, P::area, "m2"},
    {"leaf", "recordingStatus", M::recording},
    {"leaf", "harvestMoisture", M::value, P::harvest_moisture, "percentage"},
    {"leaf", "wetMass", M::value, P::wet_mass, "lb"},
    {"leaf", "wetMassPerArea", M::value, P::wet_mass_per_area, "lb/ac"},
    {"leaf", "wetVolume", M::value, P::wet_volume, "bu"},
    {"leaf", "wetVolumePerArea", M::value, P::wet_volume_per_area, "bu/ac"},
    {"leaf", "dryMass", M::value, P::dry_mass, "lb"},
    {"leaf", "dryMassPerArea", M::value, P::dry_mass_per_area, "lb/ac"},
    {"leaf", "dryVolume", M::value, P::dry_volume, "bu"},
    {"leaf", "dryVolumePerArea", M::value, P::dry_volume_per_area, "bu/ac"},
    {"leaf", "cropFlow", M::value, P::crop_flow, "lb/s"},
    {"leaf", "seedRate", M::value, P::seed_rate, "seeds/ac"},
    {"leaf", "seedRateTarget", M::value, P::seed_rate_target, "seeds/ac"},
    {"leaf", "appliedRate", M::value, P::applied_rate, "gal/ac"},
    {"leaf", "appliedRateTarget", M::value, P::applied_rate_target, "gal/ac"},
    {"leaf", "tillageDepthActual", M::value, P::tillage_depth_actual, "in"},
    {"leaf", "tillageDepthTarget", M::value, P::tillage_depth_target, "in"},
    {"leaf", "fuelRate", M::value, P::fuel_rate, "L/h"},
    {"leaf", "fuelUsed", M::value, P::fuel_used, "gal"},

    // The columns Leaf documents for generic shapefiles, in Leaf's default units.
    {"leaf_shapefile", "Crop", M::crop},
    {"leaf_shapefile", "Crop_Type", M::crop},
    {"leaf_shapefile", "Product_Pr", M::crop},
    {"leaf_shapefile", "Moisture", M::value, P::harvest_moisture, "percentage"},
    {"leaf_shapefile", "Yld_Vol_We", M::value, P::wet_volume_per_area, "bu/ac"},
    {"leaf_shapefile", "Yield_Mass", M::value, P::wet_mass_per_area, "lb/ac"},
    {"leaf_shapefile", "WetMass", M::value, P::wet_mass_per_area, "lb/ac"},
    {"leaf_shapefile", "seedRate", M::value, P::seed_rate, "seeds/ac"},
    {"leaf_shapefile", "SeedCount", M::value, P::seed_rate, "seeds/ac"},
    {"leaf_shapefile", "Rt_Apd_Ct_", M::value, P::seed_rate, "seeds/ac"},
    {"leaf_shapefile", "Rt_Apd_Liq", M::value, P::applied_rate, "gal/ac"},
    {"leaf_shapefile", "AppliedRat", M::value, P::applied_rate, "gal/ac"},
    {"leaf_shapefile", "actualRate", M::value, P::applied_rate, "gal/ac"},
    {"leaf_shapefile", "SwathWidth", M::value, P::equipment_width, "ft"},
    {"leaf_shapefile", "Swath_Widt", M::value, P::equipment_width, "ft"},
    {"leaf_shapefile", "Width", M::value, P::equipment_width, "ft"},
    {"leaf_shapefile", "Product", M::product},
    {"leaf_shapefile", "Products", M::product},
    {"leaf_shapefile", "Variety", M::variety},
    {"leaf_shapefile", "Date", M::time},
    {"leaf_shapefile", "Time", M::time},
    {"leaf_shapefile", "Timestamp", M::time},

    // Generic point tables. "Yield" without a unit is t/ha, the unit of the metric exports that
    // write a plain "Yield" (CSIRO's grape CSV: Yield = Lin_Yield kg/m / RowWidth m x 10). Flow
    // columns come in kg/h, kg/min, lb/s, ...: only mapped when the header says the unit.
    {"generic_table", "lon", M::lon},
    {"generic_table", "long", M::lon},
    {"generic_table", "lng", M::lon},
    {"generic_table", "longitude", M::lon},
    {"generic_table", "x", M::lon},
    {"generic_table", "lat", M::lat},
    {"generic_table", "latitude", M::lat},
    {"generic_table", "y", M::lat},
    {"generic_table", "yield", M::value, P::wet_mass_per_area, "t/ha"},
    {"generic_table", "yield", M::value, P::wet_volume_per_area, "bu/ac"}, // "Yield (bu/ac)"
    {"generic_table", "yieldwet", M::value, P::wet_mass_per_area, "t/ha"},
    {"generic_table", "yieldwet", M::value, P::wet_volume_per_area, "bu/ac"},
    {"generic_table", "yielddry", M::value, P::dry_mass_per_area, "t/ha"},
    {"generic_table", "yielddry", M::value, P::dry_volume_per_area, "bu/ac"},
    {"generic_table", "flowrate", M::value, P::crop_flow, ""},
    {"generic_table", "flow", M::value, P::crop_flow, ""},
    {"generic_table", "massflow", M::value, P::crop_flow, ""},
    {"generic_table", "rowwidth", M::value, P::equipment_width, "m"},
    {"generic_table", "width", M::value, P::equipment_width, "m"},
    {"generic_table", "swath", M::value, P::equipment_width, "m"},
    {"generic_table", "swathwidth", M::value, P::equipment_width, "m"},
    {"generic_table", "moisture", M::value, P::harvest_moisture, "percentage"},
    {"generic_table", "moist", M::value, P::harvest_moisture, "percentage"},
    {"generic_table", "altitude", M::value, P::elevation, "m"},
    {"generic_table", "alt", M::value, P::elevation, "m"},
    {"generic_table", "elevation", M::value, P::elevation, "m"},
    {"generic_table", "elev", M::value, P::elevation, "m"},
    {"generic_table", "crop", M::crop},
    {"generic_table", "croptype", M::crop},
    {"generic_table", "grain", M::crop},
    {"generic_table", "graintype", M::crop},
    {"generic_table", "variety", M::variety},
    {"generic_table", "field", M::field},
    // Columns that may hold a time in some form; the CSV reader tells the form by the values.
    {"generic_table", "date", M::time},
    {"generic_table", "datestamp", M::time},
    {"generic_table", "datetime", M::time},
    {"generic_table", "timestamp", M::time},
    {"generic_table", "time", M::time},
    {"generic_table", "gpstime", M::time},
    {"generic_table", "utc", M::time},
    {"generic_table", "timeutc", M::time},
    {"generic_table", "isotime", M::time},
    {"generic_table", "epoch", M::time},
    {"generic_table", "unixtime", M::time},
    {"generic_table", "logdate", M::time},
});

} // namespace

std::span<const Vocabulary> vocabularies() { return all_vocabularies; }
std::span<const Entry> catalogue() { return entries; }

const Vocabulary* find_vocabulary(std::string_view id) {
    for (const auto& v : all_vocabularies)
        if (v.id == id) return &v;
    return nullptr;
}

std::string_view meaning_name(Meaning meaning) {
    switch (meaning) {
    case M::value: return "value";
    case M::lon: return "longitude";
    case M::lat: return "latitude";
    case M::time: return "date and time";
    case M::date: return "date";
    case M::time_of_day: return "time of day";
    case M::unix_seconds: return "Unix seconds";
    case M::recording: return "recordingStatus";
    case M::session_start: return "session start";
    case M::duration_s: return "record duration (s)";
    case M::crop: return "crop";
    case M::variety: return "variety";
    case M::product: return "product";
    case M::field: return "field name";
    case M::serial: return "monitor serial";
    }
    return "value";
}

} // namespace furrow::formats::columns
