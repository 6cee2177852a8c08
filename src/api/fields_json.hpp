#pragma once
// Field and boundary records -> the JSON resources of Leaf's fields service (contract-facts.md §2).
#include "store/records.hpp"

#include <nlohmann/json.hpp>

#include <optional>

namespace furrow::api {

// The field with its (deprecated but documented) geometry and area mirroring the active boundary;
// `files` stays empty until operations link machine files to fields.
nlohmann::json field_json(const store::Field& field, const std::optional<store::FieldBoundary>& active);
nlohmann::json boundary_json(const store::FieldBoundary& boundary);

} // namespace furrow::api
