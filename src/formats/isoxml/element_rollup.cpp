#include "formats/isoxml/element_rollup.hpp"

#include "schema/point_table.hpp"

#include <algorithm>
#include <numeric>

namespace furrow::formats::isoxml {
namespace {

using schema::PropertyId;

constexpr std::uint16_t actual_working_width = 0x0043;
constexpr std::uint16_t maximum_working_width = 0x0046;
constexpr std::uint16_t actual_work_state = 0x008D;

bool is_side_by_side(int type) {
    return type == static_cast<int>(ElementType::section) || type == static_cast<int>(ElementType::unit);
}

template <typename T>
void add_once(std::vector<T>& list, const T& value) {
    if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
}

const DeviceElement* element_by_id(const Device& device, std::string_view id) {
    const auto it = std::find_if(device.elements.begin(), device.elements.end(),
                                 [&](const DeviceElement& e) { return e.id == id; });
    return it == device.elements.end() ? nullptr : &*it;
}

// The element and its ancestors up to `root`, or nothing when its parent links do not reach it.
std::vector<const DeviceElement*> path_to_root(const Device& device, const DeviceElement* element, const DeviceElement* root) {
    std::vector<const DeviceElement*> path;
    // Parent links come from the file: bound the walk so a cycle cannot hang us.
    for (int depth = 0; depth < 64 && element != nullptr; ++depth) {
        path.push_back(element);
        if (element == root) return path;
        const DeviceElement* parent = device.find_element(element->parent_object_id);
        element = parent == element ? nullptr : parent;
    }
    return {};
}

// The element's width from its device description (DPT 0x0043, else 0x0046), mm; 0 when none.
double described_width(const Device& device, const DeviceElement& element) {
    double maximum = 0;
    for (const auto& property : device.properties) {
        const bool own = std::find(element.object_refs.begin(), element.object_refs.end(), property.object_id) !=
                         element.object_refs.end();
        if (!own || property.value <= 0) continue;
        if (property.ddi == actual_working_width) return static_cast<double>(property.value);
        if (property.ddi == maximum_working_width) maximum = static_cast<double>(property.value);
    }
    return maximum;
}

} // namespace

RollupRule rollup_rule(PropertyId property) {
    switch (property) {
    case PropertyId::applied_rate:
    case PropertyId::applied_rate_target:
    case PropertyId::seed_rate:
    case PropertyId::seed_rate_target: return RollupRule::rate;
    case PropertyId::equipment_width: return RollupRule::width;
    case PropertyId::recording_status: return RollupRule::work_state;
    default: return RollupRule::mean;
    }
}

std::optional<ElementRollup> ElementRollup::build(const TaskData& td, const DdiMapping& mapping, std::string_view element_id,
                                                  std::span<const TlgHeader* const> headers) {
    const ElementRef ref = td.find_element(element_id);
    if (ref.device == nullptr) return std::nullopt;
    const Device& device = *ref.device;
    std::vector<const DeviceElement*> logging;
    for (const auto* header : headers)
        for (const auto& dlv : header->dlvs)
            if (dlv.ddi == mapping.ddi)
                if (const auto* element = element_by_id(device, dlv.element_id)) add_once(logging, element);
    if (logging.size() < 2) return std::nullopt;
    const auto root = std::find_if(device.elements.begin(), device.elements.end(),
                                   [](const DeviceElement& e) { return e.type == static_cast<int>(ElementType::device); });
    if (root == device.elements.end()) return std::nullopt;

    std::vector<const DeviceElement*> included{&*root};
    for (const auto* element : logging)
        for (const auto* on_path : path_to_root(device, element, &*root)) add_once(included, on_path);

    ElementRollup rollup(mapping, rollup_rule(mapping.property));
    std::vector<const DeviceElement*> node_elements{&*root};
    rollup.m_nodes.push_back({root->id, false, described_width(device, *root), {}, {}, {}, {}});
    for (std::size_t node_idx = 0; node_idx < node_elements.size(); ++node_idx) {
        const DeviceElement* parent = node_elements[node_idx];
        for (const auto& candidate : device.elements) { // document order
            const bool child = &candidate != parent && candidate.parent_object_id == parent->object_id &&
                               std::find(included.begin(), included.end(), &candidate) != included.end() &&
                               std::find(node_elements.begin(), node_elements.end(), &candidate) == node_elements.end();
            if (!child) continue;
            rollup.m_nodes[node_idx].children.push_back(node_elements.size());
            node_elements.push_back(&candidate);
            rollup.m_nodes.push_back({candidate.id, is_side_by_side(candidate.type), described_width(device, candidate),
                                      {}, {}, {}, {}});
        }
    }
    return rollup;
}

void ElementRollup::bind(const TlgHeader& header) {
    for (auto& node : m_nodes) {
        node.value_dlv.reset();
        node.width_dlv.reset();
        node.state_dlv.reset();
        for (std::size_t dlv_idx = 0; dlv_idx < header.dlvs.size(); ++dlv_idx) {
            const TlgDlv& dlv = header.dlvs[dlv_idx];
            if (dlv.element_id != node.element_id) continue;
            if (dlv.ddi == m_mapping->ddi && !node.value_dlv) node.value_dlv = dlv_idx;
            if (dlv.ddi == actual_working_width && !node.width_dlv) node.width_dlv = dlv_idx;
            if (dlv.ddi == actual_work_state && !node.state_dlv) node.state_dlv = dlv_idx;
        }
    }
}

double ElementRollup::value(std::span<const std::int32_t> last, std::span<const std::uint8_t> known,
                            bool& from_children) const {
    Reading reading{last, known, false};
    const double out = evaluate(0, reading);
    from_children = reading.from_children;
    return out;
}

bool ElementRollup::contains(std::string_view element_id) const {
    return std::any_of(m_nodes.begin(), m_nodes.end(), [&](const Node& n) { return n.element_id == element_id; });
}

double ElementRollup::value_at(std::string_view element_id, std::span<const std::int32_t> last,
                               std::span<const std::uint8_t> known) const {
    const auto it = std::find_if(m_nodes.begin(), m_nodes.end(), [&](const Node& n) { return n.element_id == element_id; });
    if (it == m_nodes.end()) return schema::missing;
    Reading reading{last, known, false};
    return evaluate(static_cast<std::size_t>(it - m_nodes.begin()), reading);
}

double ElementRollup::evaluate(std::size_t node_idx, Reading& reading) const {
    const Node& node = m_nodes[node_idx];
    const double own = node.value_dlv && reading.known[*node.value_dlv] != 0
                           ? point_value(*m_mapping, reading.last[*node.value_dlv])
                           : schema::missing;
    const bool own_answers = m_rule == RollupRule::work_state ? !schema::is_missing(own)
                                                               : !schema::is_missing(own) && own != 0;
    if (own_answers || node.children.empty()) return own;
    std::vector<std::size_t> children;
    std::vector<double> values;
    for (const auto child_idx : node.children) {
        const double v = evaluate(child_idx, reading);
        if (schema::is_missing(v)) continue;
        children.push_back(child_idx);
        values.push_back(v);
    }
    if (values.empty()) return own;
    // Reported when children replace a logged 0 or are combined; one child standing in for a parent
    // that logs nothing is how most devices log (the value on their function element).
    if (!schema::is_missing(own) || values.size() > 1) reading.from_children = true;
    if (m_rule == RollupRule::work_state)
        return std::any_of(values.begin(), values.end(), [](double v) { return v == 1.0; }) ? 1.0 : 0.0;
    const bool side_by_side =
        std::all_of(children.begin(), children.end(), [&](std::size_t idx) { return m_nodes[idx].side_by_side; });
    return side_by_side ? combine_side_by_side(children, values, reading) : combine_streams(values);
}

double ElementRollup::combine_side_by_side(const std::vector<std::size_t>& children, const std::vector<double>& values,
                                           Reading& reading) const {
    std::vector<std::size_t> working; // positions in `children`
    for (std::size_t k = 0; k < children.size(); ++k)
        if (is_working(m_nodes[children[k]], reading)) working.push_back(k);
    if (working.empty()) {
        if (m_rule == RollupRule::rate || m_rule == RollupRule::width) return 0.0; // every section off
        return std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
    }
    if (m_rule == RollupRule::width) {
        double sum = 0;
        for (const auto k : working) sum += values[k];
        return sum;
    }
    bool widths_known = true;
    for (const auto k : working) widths_known = widths_known && width_of(m_nodes[children[k]], reading) > 0;
    double weighted = 0, weights = 0;
    for (const auto k : working) {
        const double w = widths_known ? width_of(m_nodes[children[k]], reading) : 1.0;
        weighted += values[k] * w;
        weights += w;
    }
    return weighted / weights;
}

double ElementRollup::combine_streams(const std::vector<double>& values) const {
    switch (m_rule) {
    case RollupRule::rate: return std::accumulate(values.begin(), values.end(), 0.0);
    case RollupRule::width: return *std::max_element(values.begin(), values.end());
    case RollupRule::work_state:
    case RollupRule::mean: break;
    }
    return std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}

double ElementRollup::width_of(const Node& node, const Reading& reading) const {
    if (node.width_dlv && reading.known[*node.width_dlv] != 0 && reading.last[*node.width_dlv] > 0)
        return static_cast<double>(reading.last[*node.width_dlv]); // DDI 0x0043 is mm at scale 1
    return node.fixed_width;
}

bool ElementRollup::is_working(const Node& node, const Reading& reading) const {
    if (!node.state_dlv || reading.known[*node.state_dlv] == 0) return true;
    return (reading.last[*node.state_dlv] & 0x3) != 0; // ISO 11783-11 DDI 141: 0 off; 1 on; 2, 3 error / n.a.
}

} // namespace furrow::formats::isoxml
