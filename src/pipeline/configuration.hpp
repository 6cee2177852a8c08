#pragma once
// Configurations (contract-facts §10, docs/CONFIGURATIONS.md): every key with its default and
// its rule, the owner -> leaf user inheritance, and the typed view the pipeline reads.
//
// Stored rows hold only the keys that were set. The owner's effective configuration is the
// defaults overlaid with the owner's row; a leaf user's is the owner's effective configuration
// overlaid with the user's row, so a key set on the user stays put when the owner changes it.
#include "schema/unit_systems.hpp"
#include "store/repository.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace furrow::pipeline {

using UnitSystem = schema::UnitSystem; // unitMeasurement (schema/unit_systems.hpp)

// Every key this version knows, in documentation order, with its default value.
struct ConfigKey {
    std::string_view name;
    std::string_view meaning;
    nlohmann::json default_value;
    bool applied; // false: accepted and stored for compatibility, no effect in furrow (documented)
};
const std::vector<ConfigKey>& configuration_keys();

// The keys of `body` checked and returned as changes to a stored row. Unknown keys, wrong types
// and out-of-range values throw Error(invalid_input) naming the key. `null` means "inherit
// again", allowed only for a leaf user (the owner's keys always have a value).
// apiOwnerUsername and leafUserId in the body are ignored (they are read-only).
nlohmann::json validated_changes(const nlohmann::json& body, bool for_leaf_user);

// Applies validated changes to a stored row's values (null removes the key).
void apply_changes(nlohmann::json& stored_values, const nlohmann::json& changes);

// The effective values for the owner (leaf_user_id empty) or for one of its leaf users.
nlohmann::json effective_configuration(store::Session& db, const std::string& owner_id,
                                       const std::string& leaf_user_id);

// What the pipeline reads, from an effective configuration. The keys that turn steps and outputs on
// are read where the catalogue names them (pipeline/catalogue.cpp), not here.
struct Settings {
    bool cleanup_standard_geojson = true;
    nlohmann::json cleanup_rules;
    bool remove_outliers = true;
    double outliers_limit = 3;
    nlohmann::json cleaning_filters;
    std::string time_zone; // timeZone: of local times (MachineData::local_time_zone); "" = at the data's position
    UnitSystem unit_system = UnitSystem::default_units;
    bool split_operations_by_field = true;
    bool outside_field_geojson = false;
    bool operations_session = false;
    // Field operations (docs/OPERATIONS.md).
    bool field_operation_creation = true;
    double merge_range_days = 5;
    double merge_range_harvested_days = 21;
    bool split_operations_by_provider = true;
    double fields_attach_intersection = 0.01; // % of a file's points inside a field to link them
};
Settings settings_of(const nlohmann::json& effective);

} // namespace furrow::pipeline
