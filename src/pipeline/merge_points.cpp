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
    if (into.operation_type.empty()) into.operation_type = from.operation_type;
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

schema::MachineData merge_points(std::vector<schema::MachineData> parts) {
    schema::MachineData out;
    // Whole parts in order of their first time: each file keeps its own point order (its swaths are
    // drawn between consecutive points), files do not interleave.
    std::vector<std::pair<TimeMs, std::size_t>> firsts; // (first time, input position)
    for (std::size_t part_idx = 0; part_idx < parts.size(); ++part_idx) {
        const auto& t = parts[part_idx].points.time();
        firsts.emplace_back(t.empty() ? std::numeric_limits<TimeMs>::max() : *std::min_element(t.begin(), t.end()), part_idx);
    }
    std::sort(firsts.begin(), firsts.end()); // ties keep input order: the position is the second key
    std::vector<schema::MachineData> ordered;
    ordered.reserve(parts.size());
    for (const auto& [first, part_idx] : firsts) ordered.push_back(std::move(parts[part_idx]));
    parts = std::move(ordered);
    std::size_t total = 0;
    for (const auto& part : parts) total += part.points.size();
    auto& points = out.points;
    points.reserve(total);
    std::vector<std::size_t> offset(parts.size());
    for (std::size_t part_idx = 0; part_idx < parts.size(); ++part_idx) {
        const auto& from = parts[part_idx].points;
        offset[part_idx] = points.size();
        for (std::size_t i = 0; i < from.size(); ++i) points.add_point(from.lon()[i], from.lat()[i], from.time()[i]);
    }

    for (std::size_t part_idx = 0; part_idx < parts.size(); ++part_idx) {
        for (const auto& column : parts[part_idx].points.columns()) {
            auto& target = points.column(column.id, *column.unit);
            if (target.unit->dimension != column.unit->dimension) continue; // cannot be one column: left missing
            const bool same_unit = target.unit == column.unit;
            for (std::size_t i = 0; i < column.values.size(); ++i) {
                const double v = column.values[i];
                target.values[offset[part_idx] + i] = same_unit || schema::is_missing(v) ? v : schema::convert(v, *column.unit, *target.unit);
            }
        }
        merge_source(out.source, parts[part_idx].source);
    }
    return out;
}

} // namespace furrow::pipeline
