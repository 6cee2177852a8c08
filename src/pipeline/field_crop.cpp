#include "pipeline/field_crop.hpp"

#include "core/error.hpp"
#include "fields/boundary_geometry.hpp"

#include <fmt/format.h>

namespace furrow::pipeline {

std::string crop_boundary_ref(const std::string& field_id, const std::string& boundary_id) {
    return field_id + "/" + boundary_id;
}

BoundaryCrop::BoundaryCrop(store::Session& db, const std::string& owner_id, const std::vector<std::string>& refs) {
    if (refs.empty()) return;
    std::vector<fields::IndexedField> shapes;
    for (const auto& ref : refs) {
        const auto slash = ref.find('/');
        const auto field_id = ref.substr(0, slash);
        const auto boundary_id = slash == std::string::npos ? std::string() : ref.substr(slash + 1);
        const auto boundary = db.find_boundary(owner_id, field_id, boundary_id);
        if (!boundary)
            throw Error(ErrorCode::invalid_input,
                        fmt::format("field {} boundary {} no longer exists", field_id, boundary_id));
        shapes.push_back({field_id, fields::parse_boundary(nlohmann::json::parse(boundary->geometry))});
    }
    m_index.emplace(std::move(shapes));
}

void BoundaryCrop::apply(schema::MachineData& data) const {
    if (!m_index) return;
    const auto located = m_index->locate_all(data.points);
    std::vector<bool> keep(located.size());
    for (std::size_t i = 0; i < located.size(); ++i) keep[i] = located[i] >= 0;
    data.points.keep(keep);
}

} // namespace furrow::pipeline
