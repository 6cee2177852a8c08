#include "formats/isoxml/point_builder.hpp"

#include "core/strings.hpp"
#include "core/time.hpp"
#include "schema/units.hpp"

#include <algorithm>
#include <map>
#include <tuple>

namespace furrow::formats::isoxml {
namespace {

constexpr std::uint16_t cultural_practice_ddi = 0x00B3; // DDI 179 Actual Cultural Practice

bool same_source(const DdiMapping& mapping, const TlgDlv& dlv) {
    const DdiMapping* other = find_point_ddi(dlv.ddi);
    if (mapping.kind == DdiKind::condensed_work_state) return other == &mapping; // all 16 share one entry
    return dlv.ddi == mapping.ddi;
}

template <typename T>
void add_once(std::vector<T>& list, const T& value) {
    if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
}

} // namespace

std::span<const std::uint8_t> bytes_of(const std::string& s) {
    return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

PointBuilder::PointBuilder(const TaskData& td, const Task& task, std::span<const LoadedLog> logs) {
    for (const auto& log : logs)
        for (const auto& dlv : log.header.dlvs) {
            add_once(m_logged.ddis, dlv.ddi);
            add_once(m_logged.element_ids, dlv.element_id);
        }
    choose(td, logs);
    track_products(td, task);
    m_now = now_ms();
    constexpr int effective = 4; // ISO 11783-10 TIM D
    for (const auto& time : task.times)
        if (time.type == effective && time.start && is_plausible_time(*time.start, m_now) &&
            (!m_task_start || *time.start < *m_task_start))
            m_task_start = time.start;
}

TimeMs PointBuilder::true_time(const TlgRecord& record) {
    if (!m_clock_origin) m_clock_origin = record.record_time;
    if (is_plausible_time(record.time, m_now) || !m_task_start) return record.time;
    const TimeMs placed = *m_task_start + (record.record_time - *m_clock_origin);
    if (m_logged.task_time_points++ == 0) {
        m_logged.task_start = *m_task_start;
        m_logged.first_untrue_time = record.time;
    }
    return placed;
}

void PointBuilder::track_products(const TaskData& td, const Task& task) {
    const auto plan = std::find_if(m_plans.begin(), m_plans.end(), [](const Plan& p) {
        return p.mapping->property == schema::PropertyId::applied_rate && p.rollup.has_value();
    });
    if (plan == m_plans.end()) return;
    for (const auto& [product_id, element_id] : task.product_elements) {
        const Product* product = td.find_product(product_id);
        if (product == nullptr || !plan->rollup->contains(element_id)) continue;
        m_products.push_back({trim(product->designator), element_id, static_cast<std::size_t>(plan - m_plans.begin()), {}});
    }
}

void PointBuilder::choose(const TaskData& td, std::span<const LoadedLog> logs) {
    using Key = std::tuple<int, int, std::size_t>; // DDI rank, element rank, order of appearance
    std::map<schema::PropertyId, std::pair<Key, Plan>> best;
    std::size_t order = 0;
    for (const auto& log : logs)
        for (const auto& dlv : log.header.dlvs) {
            const DdiMapping* mapping = find_point_ddi(dlv.ddi);
            if (mapping == nullptr) continue;
            const Key key{mapping->rank, element_rank(td, dlv.element_id), order++};
            auto it = best.find(mapping->property);
            if (it == best.end() || key < it->second.first)
                best.insert_or_assign(mapping->property,
                                      std::pair{key, Plan{mapping, dlv.element_id, {}, {}, schema::missing, {}}});
        }
    std::vector<const TlgHeader*> headers;
    for (const auto& log : logs) headers.push_back(&log.header);
    for (auto& [property, entry] : best) {
        Plan& plan = entry.second;
        if (plan.mapping->kind == DdiKind::plain || plan.mapping->kind == DdiKind::work_state)
            plan.rollup = ElementRollup::build(td, *plan.mapping, plan.element_id, headers);
        m_plans.push_back(std::move(plan));
    }
}

double PointBuilder::value_of(Plan& plan, const std::vector<std::int32_t>& last, const std::vector<std::uint8_t>& known) {
    const DdiMapping& mapping = *plan.mapping;
    if (mapping.kind == DdiKind::condensed_work_state) {
        double state = schema::missing;
        for (const auto dlv_idx : plan.dlv_indices) {
            if (!known[dlv_idx]) continue;
            if (any_section_on(last[dlv_idx]) == 1.0) return 1.0;
            state = 0.0;
        }
        return state;
    }
    if (plan.rollup) {
        bool from_children = false;
        const double value = plan.rollup->value(last, known, from_children);
        if (from_children) ++m_logged.from_child_elements[std::string(schema::info(mapping.property).key)];
        return value;
    }
    const auto it = std::find_if(plan.dlv_indices.begin(), plan.dlv_indices.end(),
                                 [&](std::size_t dlv_idx) { return known[dlv_idx] != 0; });
    if (it == plan.dlv_indices.end()) return schema::missing;
    const double value = point_value(mapping, last[*it]);
    if (mapping.kind != DdiKind::running_total) return value;
    const double increase = value - plan.previous_level; // NaN while there is no previous level
    plan.previous_level = value;
    return increase >= 0 ? increase : schema::missing;
}

void PointBuilder::add(const LoadedLog& log) {
    const auto& dlvs = log.header.dlvs;
    for (auto& plan : m_plans) {
        plan.dlv_indices.clear();
        plan.previous_level = schema::missing;
        if (plan.rollup) plan.rollup->bind(log.header);
        for (std::size_t dlv_idx = 0; dlv_idx < dlvs.size(); ++dlv_idx)
            if (dlvs[dlv_idx].element_id == plan.element_id && same_source(*plan.mapping, dlvs[dlv_idx]))
                plan.dlv_indices.push_back(dlv_idx);
    }
    std::optional<std::size_t> practice_idx;
    for (std::size_t dlv_idx = 0; dlv_idx < dlvs.size() && !practice_idx; ++dlv_idx)
        if (dlvs[dlv_idx].ddi == cultural_practice_ddi) practice_idx = dlv_idx;
    m_has_elevation = m_has_elevation || log.header.ptn[index_of(PtnField::up)].mode != FieldMode::absent;

    // Last known raw value per DLV of this log; allocated once per log, not per record.
    std::vector<std::int32_t> last(dlvs.size(), 0);
    std::vector<std::uint8_t> known(dlvs.size(), 0);
    decode_tlg(log.header, bytes_of(log.bin), log.bin_name, [&](const TlgRecord& record) {
        for (const auto& sample : record.samples) {
            last[sample.index] = sample.value;
            known[sample.index] = 1;
        }
        if (practice_idx && known[*practice_idx] && !m_logged.cultural_practice)
            m_logged.cultural_practice = last[*practice_idx];
        if (!record.has_position) return;
        const TimeMs time = true_time(record);
        if (record.rejected_gps_time && m_logged.replaced_gps_times++ == 0) {
            m_logged.first_rejected_gps_time = *record.rejected_gps_time;
            m_logged.first_replacement = record.time;
        }
        m_table.lon().push_back(record.east);
        m_table.lat().push_back(record.north);
        m_table.time().push_back(time);
        m_elevation.push_back(record.up);
        for (auto& plan : m_plans) plan.values.push_back(value_of(plan, last, known));
        for (auto& product : m_products)
            product.values.push_back(m_plans[product.plan_idx].rollup->value_at(product.element_id, last, known));
    });
}

schema::PointTable PointBuilder::finish() {
    const auto has_value = [](const std::vector<double>& values) {
        return std::any_of(values.begin(), values.end(), [](double v) { return !schema::is_missing(v); });
    };
    if (m_has_elevation && has_value(m_elevation))
        m_table.column(schema::PropertyId::elevation, schema::unit("mm")).values = std::move(m_elevation);
    for (auto& plan : m_plans)
        if (has_value(plan.values))
            m_table.column(plan.mapping->property, schema::unit(plan.mapping->unit)).values = std::move(plan.values);
    for (auto& product : m_products)
        if (has_value(product.values))
            m_table.product_column(product.name, schema::unit(m_plans[product.plan_idx].mapping->unit)).values =
                std::move(product.values);
    return std::move(m_table);
}

} // namespace furrow::formats::isoxml
