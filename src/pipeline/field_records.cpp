#include "pipeline/field_records.hpp"

#include "core/ids.hpp"

namespace furrow::pipeline {

store::FieldBoundary new_boundary(const store::Field& field, const fields::MultiPolygon& shape, TimeMs now) {
    store::FieldBoundary b;
    b.id = new_uuid();
    b.field_id = field.id;
    b.owner_id = field.owner_id;
    b.leaf_user_id = field.leaf_user_id;
    b.geometry = fields::to_geojson(shape).dump();
    b.area_ha = fields::geodesic_area_m2(shape) / 10'000;
    b.created_time = b.updated_time = now;
    return b;
}

} // namespace furrow::pipeline
