#include "schema/point_table.hpp"

#include <algorithm>

namespace furrow::schema {

void PointTable::reserve(std::size_t points) {
    m_lon.reserve(points);
    m_lat.reserve(points);
    m_time.reserve(points);
    if (m_tracking_machines) m_machine.reserve(points);
    for (auto& c : m_columns) c.values.reserve(points);
    for (auto& c : m_products) c.values.reserve(points);
}

std::size_t PointTable::add_point(double lon, double lat, TimeMs time) {
    m_lon.push_back(lon);
    m_lat.push_back(lat);
    m_time.push_back(time);
    if (m_tracking_machines) m_machine.push_back(-1);
    for (auto& c : m_columns) c.values.push_back(missing);
    for (auto& c : m_products) c.values.push_back(missing);
    return m_lon.size() - 1;
}

Column& PointTable::column(PropertyId id, const Unit& unit) {
    if (auto* existing = find(id)) return *existing;
    m_columns.push_back(Column{id, &unit, std::vector<double>(size(), missing)});
    return m_columns.back();
}

ProductColumn& PointTable::product_column(std::string_view product, const Unit& unit) {
    for (auto& c : m_products)
        if (c.product == product) return c;
    m_products.push_back(ProductColumn{std::string(product), &unit, std::vector<double>(size(), missing)});
    return m_products.back();
}

Column* PointTable::find(PropertyId id) {
    for (auto& c : m_columns)
        if (c.id == id) return &c;
    return nullptr;
}

const Column* PointTable::find(PropertyId id) const {
    for (const auto& c : m_columns)
        if (c.id == id) return &c;
    return nullptr;
}

void PointTable::remove(PropertyId id) {
    std::erase_if(m_columns, [id](const Column& c) { return c.id == id; });
}

namespace {

template <typename T>
void keep_flagged(std::vector<T>& values, const std::vector<bool>& flags) {
    std::size_t out = 0;
    for (std::size_t point_idx = 0; point_idx < values.size(); ++point_idx)
        if (flags[point_idx]) values[out++] = values[point_idx];
    values.resize(out);
}

} // namespace

void PointTable::keep(const std::vector<bool>& flags) {
    keep_flagged(m_lon, flags);
    keep_flagged(m_lat, flags);
    keep_flagged(m_time, flags);
    if (m_tracking_machines) keep_flagged(m_machine, flags);
    for (auto& c : m_columns) keep_flagged(c.values, flags);
    for (auto& c : m_products) keep_flagged(c.values, flags);
}

} // namespace furrow::schema
