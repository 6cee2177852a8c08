#include "api/fields_json.hpp"

#include "core/time.hpp"

namespace furrow::api {
namespace {

nlohmann::json geometry_of(const store::FieldBoundary& b) {
    auto geometry = nlohmann::json::parse(b.geometry, nullptr, false);
    return geometry.is_discarded() ? nlohmann::json() : geometry;
}

nlohmann::json area_of(const store::FieldBoundary& b) { return {{"value", b.area_ha}, {"unit", "ha"}}; }

} // namespace

nlohmann::json field_json(const store::Field& f, const std::optional<store::FieldBoundary>& active) {
    nlohmann::json out = f.document; // provider members as sent (providerName, organizationId, ...)
    out["id"] = f.id;
    out["leafUserId"] = f.leaf_user_id;
    out["name"] = f.name;
    out["type"] = f.type;
    out["status"] = f.status;
    out["boundaries"] = f.boundary_ids;
    out["files"] = nlohmann::json::array();
    if (f.farm_id) out["farmId"] = *f.farm_id;
    if (active) {
        out["geometry"] = geometry_of(*active);
        out["area"] = area_of(*active);
    }
    out["createdTime"] = format_iso8601(f.created_time);
    out["updatedTime"] = format_iso8601(f.updated_time);
    return out;
}

nlohmann::json boundary_json(const store::FieldBoundary& b) {
    nlohmann::json out = {{"id", b.id},
            {"status", b.status},
            {"geometry", geometry_of(b)},
            {"area", area_of(b)},
            {"validity", "VALID"}, // invalid geometries are refused, so every stored one is valid
            {"createdTime", format_iso8601(b.created_time)},
            {"updatedTime", format_iso8601(b.updated_time)}};
    // Leaf's mark of a boundary that automaticFixBoundary repaired (boundary uploads, docs/API.md).
    if (!b.fix_status.empty()) out["fixStatus"] = b.fix_status;
    return out;
}

} // namespace furrow::api
