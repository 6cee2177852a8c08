#include "pipeline/cleaning/filter_context.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace furrow::pipeline::cleaning::detail {
namespace {

using schema::PropertyId;

// An equirectangular plane around the mean position: within a field (a few km) its distances are
// off by well under 0.1 %, far below what any threshold here can tell apart.
void project(const schema::PointTable& t, std::vector<double>& x, std::vector<double>& y) {
    if (t.size() == 0) return;
    double lon0 = 0, lat0 = 0;
    for (std::size_t i = 0; i < t.size(); ++i) {
        lon0 += t.lon()[i];
        lat0 += t.lat()[i];
    }
    lon0 /= static_cast<double>(t.size());
    lat0 /= static_cast<double>(t.size());
    constexpr double earth_radius = 6'371'008.8; // m, IUGG mean radius
    const double per_deg = earth_radius * std::numbers::pi / 180;
    const double cos_lat = std::cos(lat0 * std::numbers::pi / 180);
    x.resize(t.size());
    y.resize(t.size());
    for (std::size_t i = 0; i < t.size(); ++i) {
        x[i] = (t.lon()[i] - lon0) * per_deg * cos_lat;
        y[i] = (t.lat()[i] - lat0) * per_deg;
    }
}

double median_width(const schema::PointTable& t) {
    const auto* width = t.find(PropertyId::equipment_width);
    if (!width) return schema::missing;
    std::vector<double> w;
    for (const double v : width->values)
        if (!schema::is_missing(v) && v > 0) w.push_back(v);
    if (w.empty()) return schema::missing;
    std::nth_element(w.begin(), w.begin() + static_cast<std::ptrdiff_t>(w.size() / 2), w.end());
    return w[w.size() / 2];
}

} // namespace

const std::vector<double>* FilterContext::column(schema::PropertyId id) const {
    const auto* c = data.points.find(id);
    return c ? &c->values : nullptr;
}

std::optional<schema::PropertyId> judged_property(const schema::MachineData& data) {
    const auto& op = data.source.operation_type;
    std::vector<PropertyId> candidates;
    using schema::OperationType;
    if (op == OperationType::harvested)
        candidates = {PropertyId::wet_mass_per_area, PropertyId::dry_mass_per_area, PropertyId::wet_volume_per_area};
    else if (op == OperationType::applied) candidates = {PropertyId::applied_rate};
    else if (op == OperationType::planted) candidates = {PropertyId::seed_rate};
    else if (op == OperationType::tillage) candidates = {PropertyId::tillage_depth_actual};
    for (const auto id : candidates)
        if (data.points.find(id)) return id;
    return std::nullopt;
}

FilterContext make_context(const schema::MachineData& data, const CleaningSettings& settings,
                           std::vector<std::uint8_t>& removed_by) {
    FilterContext ctx{.data = data, .settings = settings, .removed_by = removed_by, .code = 0, .property = {},
                      .values = {}, .value_source = {}, .x = {}, .y = {}, .swath_width = schema::missing};
    ctx.property = judged_property(data);
    if (ctx.property) ctx.values = data.points.find(*ctx.property)->values;
    project(data.points, ctx.x, ctx.y);
    ctx.swath_width = median_width(data.points);
    return ctx;
}

double heading_difference(double a_deg, double b_deg) {
    const double d = std::fmod(std::fabs(a_deg - b_deg), 360.0);
    return d > 180 ? 360 - d : d;
}

} // namespace furrow::pipeline::cleaning::detail
