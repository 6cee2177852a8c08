#include "pipeline/merge_points.hpp"

#include <algorithm>
#include <limits>

namespace furrow::pipeline {
namespace {

template <typename T, typename Same>
void append_unique(std::vector<T>& into, const std::vector<T>& from, Same same) {
    for (const auto& item : from)
        if (std::none_of(into.begin(), into.end(), [&](const T& have) { return same(have, item); })) into.push_back(item);
}

void merge_source(schema::SourceInfo& into, const schema::SourceInfo& from) {
    if (!into.operation_type) into.operation_type = from.operation_type;
    if (into.original_operation_type.empty()) into.original_operation_type = from.original_operation_type;
    const auto equal = [](const auto& a, const auto& b) { return a == b; };
    append_unique(into.crops, from.crops, equal);
    append_unique(into.varieties, from.varieties, equal);
    append_unique(into.products, from.products, [](const auto& a, const auto& b) { return a.name == b.name && a.id == b.id; });
    append_unique(into.machinery, from.machinery, [](const auto& a, const auto& b) {
        return a.id == b.id && a.name == b.name && a.serial_number == b.serial_number;
    });
    append_unique(into.operators, from.operators, [](const auto& a, const auto& b) { return a.id == b.id && a.name == b.name; });
    if (into.farm.empty()) into.farm = from.farm;
    if (into.customer.empty()) into.customer = from.customer;
}

} // namespace

void PointMerger::add(const schema::MachineData& part) {
    auto& points = m_out.points;
    const std::size_t offset = points.size();
    const auto& from = part.points;
    for (std::size_t point_idx = 0; point_idx < from.size(); ++point_idx)
        points.add_point(from.lon()[point_idx], from.lat()[point_idx], from.time()[point_idx]);
    for (const auto& column : from.columns()) {
        auto& target = points.column(column.id, *column.unit);
        target.values.reserve(m_reserved); // a column new to the merge gets the same room as the others
        if (target.unit->dimension != column.unit->dimension) continue; // cannot be one column: left missing
        const bool same_unit = target.unit == column.unit;
        for (std::size_t point_idx = 0; point_idx < column.values.size(); ++point_idx) {
            const double v = column.values[point_idx];
            target.values[offset + point_idx] =
                same_unit || schema::is_missing(v) ? v : schema::convert(v, *column.unit, *target.unit);
        }
    }
    for (const auto& column : from.product_columns()) {
        auto& target = points.product_column(column.product, *column.unit);
        target.values.reserve(m_reserved);
        if (target.unit->dimension != column.unit->dimension) continue; // kg/ha and L/ha: left missing
        for (std::size_t point_idx = 0; point_idx < column.values.size(); ++point_idx) {
            const double v = column.values[point_idx];
            target.values[offset + point_idx] = schema::is_missing(v) ? v : schema::convert(v, *column.unit, *target.unit);
        }
    }
    merge_source(m_out.source, part.source);
}

schema::MachineData merge_points(std::vector<schema::MachineData> parts) {
    // Whole parts in order of their first time: each file keeps its own point order (its swaths are
    // drawn between consecutive points), files do not interleave.
    std::vector<std::pair<TimeMs, std::size_t>> firsts; // (first time, input position)
    std::size_t total = 0;
    for (std::size_t part_idx = 0; part_idx < parts.size(); ++part_idx) {
        const auto& t = parts[part_idx].points.time();
        firsts.emplace_back(t.empty() ? std::numeric_limits<TimeMs>::max() : *std::min_element(t.begin(), t.end()), part_idx);
        total += t.size();
    }
    std::sort(firsts.begin(), firsts.end()); // ties keep input order: the position is the second key
    PointMerger merger;
    merger.reserve(total);
    for (const auto& [first, part_idx] : firsts) {
        merger.add(parts[part_idx]);
        parts[part_idx] = {}; // the merge holds each point once
    }
    return merger.finish();
}

} // namespace furrow::pipeline
