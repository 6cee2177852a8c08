#include "pipeline/configuration.hpp"

#include "core/error.hpp"
#include "core/local_time.hpp"
#include "pipeline/cleaning/cleaning_settings.hpp"
#include "schema/operation_type.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <functional>
#include <map>

namespace furrow::pipeline {
namespace {

using json = nlohmann::json;
using Check = std::function<void(std::string_view key, const json& value)>;

[[noreturn]] void reject(std::string_view key, const std::string& why) {
    throw Error(ErrorCode::invalid_input, std::string(key), fmt::format("{}: {}", key, why));
}

Check boolean() {
    return [](std::string_view key, const json& v) {
        if (!v.is_boolean()) reject(key, "must be true or false");
    };
}

Check number(double min, double max, bool integer = false) {
    return [=](std::string_view key, const json& v) {
        if (!v.is_number()) reject(key, "must be a number");
        const double d = v.get<double>();
        if (d < min || d > max) reject(key, fmt::format("must be between {} and {}", min, max));
        if (integer && d != static_cast<double>(static_cast<long long>(d))) reject(key, "must be a whole number");
    };
}

Check choice(std::vector<std::string> allowed) {
    return [allowed = std::move(allowed)](std::string_view key, const json& v) {
        if (!v.is_string() || std::find(allowed.begin(), allowed.end(), v.get<std::string>()) == allowed.end())
            reject(key, fmt::format("must be one of {}", fmt::join(allowed, ", ")));
    };
}

// "" (the zone at the data's position) or an IANA zone name.
void check_time_zone(std::string_view key, const json& v) {
    if (!v.is_string()) reject(key, "must be an IANA time zone name such as \"America/Chicago\", or \"\"");
    const auto zone = v.get<std::string>();
    if (!zone.empty() && !is_time_zone(zone))
        reject(key, fmt::format("'{}' is not an IANA time zone", zone.substr(0, 100)));
}

bool is_operation_type(const std::string& s) { return schema::operation_type_from(s).has_value(); }

// {"<prop>": [{"operator": "GT|GTE|LT|LTE|EQ|NE", "value": number|string}]} (contract-facts §10).
void check_cleanup_rules(std::string_view key, const json& v) {
    static const std::vector<std::string> numeric = {"wetMass", "wetMassPerArea", "wetVolume", "wetVolumePerArea",
                                                     "harvestMoisture", "appliedRate", "seedRate",
                                                     "tillageDepthActual", "area", "products"};
    static const std::vector<std::string> textual = {"recordingStatus", "crop"};
    static const std::vector<std::string> operators = {"GT", "GTE", "LT", "LTE", "EQ", "NE"};
    if (!v.is_object()) reject(key, "must be an object of property -> [{operator, value}]");
    for (const auto& [prop, rules] : v.items()) {
        const bool is_numeric = std::find(numeric.begin(), numeric.end(), prop) != numeric.end();
        const bool is_text = std::find(textual.begin(), textual.end(), prop) != textual.end();
        if (!is_numeric && !is_text) reject(key, fmt::format("'{}' is not a property cleanup rules can test", prop));
        if (!rules.is_array()) reject(key, fmt::format("'{}' must be a list of rules", prop));
        for (const auto& rule : rules) {
            if (!rule.is_object() || !rule.contains("operator") || !rule.contains("value"))
                reject(key, fmt::format("each rule of '{}' needs operator and value", prop));
            const auto& op = rule["operator"];
            if (!op.is_string() || std::find(operators.begin(), operators.end(), op.get<std::string>()) == operators.end())
                reject(key, fmt::format("operator of '{}' must be one of {}", prop, fmt::join(operators, ", ")));
            if (is_numeric && !rule["value"].is_number()) reject(key, fmt::format("value of '{}' must be a number", prop));
            if (is_text && (!rule["value"].is_string() || (op != "EQ" && op != "NE")))
                reject(key, fmt::format("'{}' takes a string value with EQ or NE", prop));
        }
    }
}

// {"<operationType>": {"<property>": true|false}} for the image attribute maps.
void check_attribute_map(std::string_view key, const json& v) {
    if (!v.is_object()) reject(key, "must be an object of operation type -> {property: true|false}");
    for (const auto& [type, props] : v.items()) {
        if (!is_operation_type(type)) reject(key, fmt::format("'{}' is not an operation type", type));
        if (!props.is_object()) reject(key, fmt::format("'{}' must be an object of property -> true|false", type));
        for (const auto& [prop, flag] : props.items())
            if (!flag.is_boolean()) reject(key, fmt::format("'{}.{}' must be true or false", type, prop));
    }
}

// {"standardGeoJson": {"<operationType>": {"<property>": "optional"|"required"}}}.
void check_optional_map(std::string_view key, const json& v) {
    if (!v.is_object()) reject(key, "must be an object like {\"standardGeoJson\": {\"planted\": {...}}}");
    for (const auto& [output, types] : v.items()) {
        if (!types.is_object()) reject(key, fmt::format("'{}' must be an object", output));
        for (const auto& [type, props] : types.items()) {
            if (!is_operation_type(type)) reject(key, fmt::format("'{}' is not an operation type", type));
            if (!props.is_object()) reject(key, fmt::format("'{}' must be an object", type));
            for (const auto& [prop, mode] : props.items())
                if (mode != "optional" && mode != "required")
                    reject(key, fmt::format("'{}.{}' must be \"optional\" or \"required\"", type, prop));
        }
    }
}

void check_color_ramp(std::string_view key, const json& v) {
    if (!v.is_object()) reject(key, "must be an object of \"N%\" or \"nv\" -> [r, g, b(, a)]");
    for (const auto& [stop, rgb] : v.items()) {
        if (!rgb.is_array() || rgb.size() < 3 || rgb.size() > 4)
            reject(key, fmt::format("'{}' must be [r, g, b] or [r, g, b, a]", stop));
        for (const auto& c : rgb)
            if (!c.is_number_integer() || c.get<int>() < 0 || c.get<int>() > 255)
                reject(key, fmt::format("'{}' colour components must be integers 0-255", stop));
    }
}

// The cleaning module validates its own settings; its message names the filter and field.
void check_cleaning_filters(std::string_view key, const json& v) {
    if (!v.is_object()) reject(key, "must be an object of filter -> settings (docs/CLEANING.md)");
    try {
        cleaning::cleaning_settings_from_json(v);
    } catch (const Error& e) {
        reject(key, e.what());
    }
}

json default_cleanup_rules() {
    const auto gt0 = json::array({{{"operator", "GT"}, {"value", 0}}});
    return {
        {"wetMass", gt0}, {"wetMassPerArea", gt0}, {"wetVolume", gt0}, {"wetVolumePerArea", gt0},
        {"appliedRate", gt0}, {"seedRate", gt0},
        {"harvestMoisture", json::array({{{"operator", "GT"}, {"value", 0}}, {{"operator", "LT"}, {"value", 100}}})},
        {"tillageDepthActual", json::array({{{"operator", "GTE"}, {"value", 0}}})},
        {"recordingStatus", json::array({{{"operator", "EQ"}, {"value", "On"}}})},
        {"crop", json::array({{{"operator", "NE"}, {"value", "unknown"}}})},
        {"products", json::array({{{"operator", "GTE"}, {"value", 0}}})},
    };
}

json default_color_ramp() {
    return {{"0%", {200, 0, 0}},   {"35%", {255, 40, 0}}, {"45%", {255, 150, 0}}, {"55%", {255, 240, 0}},
            {"65%", {0, 230, 0}},  {"75%", {0, 190, 0}},  {"100%", {0, 130, 0}},  {"nv", {0, 0, 0, 0}}};
}

json all_false_attribute_map() {
    json map = json::object();
    for (const auto type : schema::operation_type_names) map[std::string(type)] = json::object();
    return map;
}

struct KeyRule {
    ConfigKey key;
    Check check;
};

const std::vector<KeyRule>& key_rules() {
    const bool applied = true, stored_only = false;
    // One add() per key: a single braced list of ~50 JSON defaults trips GCC's -Wmaybe-uninitialized at -O2.
    static const std::vector<KeyRule> rules = [] {
        std::vector<KeyRule> r;
        const auto add = [&r](ConfigKey key, Check check) { r.push_back({std::move(key), std::move(check)}); };
        // Data synchronization: furrow has no provider connections, so these only round-trip.
        add({"fieldsAutoSync", "sync field boundaries from providers", true, stored_only}, boolean());
        add({"operationsAutoSync", "sync operation data from providers", true, stored_only}, boolean());
        add({"customDataSync", "fetch provider fields in PREVIEW mode first", true, stored_only}, boolean());
        add({"organizationDataSync", "ALL or SELECTED_ONLY provider organizations", "ALL", stored_only}, choice({"ALL", "SELECTED_ONLY"}));
        add({"syncPartnerData", "also fetch shared/partner data", false, stored_only}, boolean());
        add({"implementsAutoSync", "sync implements", false, stored_only}, boolean());
        add({"machinesAutoSync", "sync machines", false, stored_only}, boolean());
        add({"operatorsAutoSync", "sync operators", false, stored_only}, boolean());
        add({"productsAutoSync", "sync products", false, stored_only}, boolean());
        add({"zonesAutoSync", "sync zones", false, stored_only}, boolean());
        // Field boundaries.
        add({"automaticFixBoundary", "repair invalid boundaries of uploaded boundary files", true, applied}, boolean());
        add({"fieldsAttachIntersection", "minimum % overlap to link an operation to a field", 0.01, applied}, number(0, 100));
        add({"fieldsAutoMerge", "merge overlapping fields", false, stored_only}, boolean());
        add({"fieldsMergeIntersection", "minimum % overlap for a field merge", 0.01, stored_only}, number(0, 100));
        // Machine file conversion.
        add({"cleanupStandardGeojson", "drop points that break cleanupRules from standardGeojson", true, applied}, boolean());
        add({"cleanupRules", "the valid-point rules; a custom value replaces the whole set", default_cleanup_rules(), applied}, check_cleanup_rules);
        add({"originalOperationData", "add originalOperationData to summaries", true, stored_only}, boolean());
        add({"timeZone", "zone of a file's times that carry none; \"\" = the zone at the data's position", "", applied}, check_time_zone);
        add({"unitMeasurement", "units of outputs: DEFAULT, METRIC or IMPERIAL", "DEFAULT", applied}, choice({"DEFAULT", "METRIC", "IMPERIAL"}));
        add({"enableOutsideFieldGeojson", "keep points outside every field (needs splitOperationsByField)", false, applied}, boolean());
        add({"enableGeoparquetOutput", "also write standard (and filtered) GeoParquet", false, applied}, boolean());
        add({"enablePolygonOutput", "also write the swath-polygon GeoParquet", false, applied}, boolean());
        add({"cropOptional", "make crop optional in standardGeojson", {{"standardGeoJson", {{"planted", {{"crop", "required"}}}}}}, stored_only}, check_optional_map);
        add({"seedRateOptional", "make seedRate optional in standardGeojson", {{"standardGeoJson", {{"planted", {{"seedRate", "required"}}}}}}, stored_only}, check_optional_map);
        // Field operations.
        add({"fieldOperationCreation", "create field operations", true, applied}, boolean());
        add({"operationsFilteredGeojson", "produce filteredGeojson (cleaned points)", true, applied}, boolean());
        add({"operationsRemoveOutliers", "remove outliers (mean +- k SD) in filteredGeojson", true, applied}, boolean());
        add({"operationsOutliersLimit", "k of the outlier filter, in standard deviations", 3, applied}, number(0.5, 10));
        add({"cleaningFilters", "furrow's yield/as-applied cleaning thresholds (docs/CLEANING.md)", cleaning::to_json(cleaning::CleaningSettings{}), applied}, check_cleaning_filters);
        add({"operationsMergeRange", "merge window in days", 5, applied}, number(0, 366, true));
        add({"operationsMergeRangeHarvested", "harvest merge window in days", 21, applied}, number(0, 366, true));
        add({"operationsProcessingRange", "look-back in months", 12, stored_only}, number(0, 120, true));
        add({"splitOperationsByField", "one operation per field", true, applied}, boolean());
        add({"splitOperationsByProvider", "group operations by provider too", true, applied}, boolean());
        add({"splitOperationsByTillType", "separate operations per tillType", false, stored_only}, boolean());
        add({"summarizeByProductEntry", "merge product entries of the same name", true, stored_only}, boolean());
        add({"outOfStandardOperations", "keep non-standard data, marked as such", false, stored_only}, boolean());
        add({"enableOperationsSession", "build the sessions view", false, applied}, boolean());
        // Images.
        add({"operationsImageCreation", "make PNG images (images, imagesV2)", false, applied}, boolean());
        add({"operationsImageAsGeoTiff", "make GeoTIFF images", false, applied}, boolean());
        add({"operationsImageAttributeCreation", "per operation type, which properties get operation images", all_false_attribute_map(), applied}, check_attribute_map);
        add({"filesImageAttributeCreation", "per operation type, which properties get file images", all_false_attribute_map(), applied}, check_attribute_map);
        add({"generateProviderImages", "make images for provider files", false, stored_only}, boolean());
        add({"geoimagesColorRamp", "legacy V1 ramp", default_color_ramp(), stored_only}, check_color_ramp);
        add({"geoimagesProjection", "legacy V1 image projection", "EPSG:3857", stored_only}, choice({"EPSG:3857", "EPSG:4326"}));
        add({"geoimagesResolution", "legacy V1 resolution in degrees", 0.00001, stored_only}, number(1e-7, 1));
        add({"geoimagesShape", "legacy V1 point shape", "SQUARE", stored_only}, choice({"SQUARE", "ROUND"}));
        add({"irrigationProcessingRange", "irrigation look-back in months", 12, stored_only}, number(0, 120, true));
        return r;
    }();
    return rules;
}

const KeyRule* find_rule(std::string_view name) {
    for (const auto& rule : key_rules())
        if (rule.key.name == name) return &rule;
    return nullptr;
}

} // namespace

const std::vector<ConfigKey>& configuration_keys() {
    static const std::vector<ConfigKey> keys = [] {
        std::vector<ConfigKey> out;
        for (const auto& rule : key_rules()) out.push_back(rule.key);
        return out;
    }();
    return keys;
}

// docs/CONFIGURATIONS.md, docs/API.md "Limits".
constexpr std::size_t max_value_bytes = 8192;

json validated_changes(const json& body, bool for_leaf_user) {
    if (!body.is_object()) throw Error(ErrorCode::invalid_input, "body: must be a JSON object of configuration keys");
    json changes = json::object();
    for (const auto& [name, value] : body.items()) {
        if (name == "apiOwnerUsername" || name == "leafUserId") continue;
        const auto* rule = find_rule(name);
        if (rule == nullptr)
            throw Error(ErrorCode::invalid_input, name,
                        fmt::format("{}: not a configuration key (docs/CONFIGURATIONS.md lists them)", name));
        if (value.is_null()) {
            if (!for_leaf_user) reject(name, "the API owner's keys cannot be null (leave the key out to keep it)");
        } else {
            rule->check(name, value);
            // Bounds a stored configuration (and every answer that shows it); the largest real value,
            // a full cleanupRules or colorRamp, is a few hundred bytes.
            if (const auto bytes = value.dump().size(); bytes > max_value_bytes)
                reject(name, fmt::format("longer than {} bytes as JSON ({})", max_value_bytes, bytes));
        }
        changes[name] = value;
    }
    return changes;
}

void apply_changes(json& stored_values, const json& changes) {
    for (const auto& [name, value] : changes.items()) {
        if (value.is_null()) stored_values.erase(name);
        else stored_values[name] = value;
    }
}

json effective_configuration(store::Session& db, const std::string& owner_id, const std::string& leaf_user_id) {
    json out = json::object();
    for (const auto& rule : key_rules()) out[std::string(rule.key.name)] = rule.key.default_value;
    if (const auto owner = db.find_config(owner_id, "")) apply_changes(out, owner->values);
    if (!leaf_user_id.empty())
        if (const auto user = db.find_config(owner_id, leaf_user_id)) apply_changes(out, user->values);
    return out;
}

Settings settings_of(const json& c) {
    Settings s;
    s.cleanup_standard_geojson = c.at("cleanupStandardGeojson").get<bool>();
    s.cleanup_rules = c.at("cleanupRules");
    s.remove_outliers = c.at("operationsRemoveOutliers").get<bool>();
    s.outliers_limit = c.at("operationsOutliersLimit").get<double>();
    s.cleaning_filters = c.at("cleaningFilters");
    s.time_zone = c.at("timeZone").get<std::string>();
    const auto units = c.at("unitMeasurement").get<std::string>();
    s.unit_system = units == "METRIC" ? UnitSystem::metric
                    : units == "IMPERIAL" ? UnitSystem::imperial
                                          : UnitSystem::default_units;
    s.split_operations_by_field = c.at("splitOperationsByField").get<bool>();
    s.outside_field_geojson = c.at("enableOutsideFieldGeojson").get<bool>();
    s.operations_session = c.at("enableOperationsSession").get<bool>();
    s.field_operation_creation = c.at("fieldOperationCreation").get<bool>();
    s.merge_range_days = c.at("operationsMergeRange").get<double>();
    s.merge_range_harvested_days = c.at("operationsMergeRangeHarvested").get<double>();
    s.split_operations_by_provider = c.at("splitOperationsByProvider").get<bool>();
    s.fields_attach_intersection = c.at("fieldsAttachIntersection").get<double>();
    return s;
}

} // namespace furrow::pipeline
