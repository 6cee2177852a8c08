#include "formats/jd_greenstar/fdl_log.hpp"

#include "core/error.hpp"
#include "formats/columns/unit_text.hpp"
#include "formats/jd_greenstar/rcd_xml.hpp"

#include <fmt/format.h>
#include <pugixml.hpp>

#include <algorithm>
#include <charconv>
#include <map>
#include <set>

namespace furrow::formats::jd_greenstar {
namespace {

// How deep the walks below go: the display nests a handful of levels; a deeper (hostile) file
// must not exhaust the stack.
constexpr int max_depth = 32;

void descendants(const pugi::xml_node& node, std::string_view name, std::vector<pugi::xml_node>& out, int depth) {
    if (depth > max_depth) return;
    for (const auto c : node.children()) {
        if (local_name(c) == name) out.push_back(c);
        descendants(c, name, out, depth + 1);
    }
}

std::vector<pugi::xml_node> descendants(const pugi::xml_node& node, std::string_view name) {
    std::vector<pugi::xml_node> out;
    descendants(node, name, out, 0);
    return out;
}

std::string attr(const pugi::xml_node& node, const char* name) { return node.attribute(name).value(); }

std::optional<double> number(const pugi::xml_node& node, const char* name) {
    const std::string text = attr(node, name);
    double out = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return out;
}

// The setup's entities by erid (a log block's setup lists each entity once, possibly nested:
// a CropVariety sits inside its Crop).
struct SetupIndex {
    std::map<std::string, pugi::xml_node> by_erid;
    explicit SetupIndex(const pugi::xml_node& setup) {
        if (!setup) return;
        for (const auto c : setup.children()) add(c, 0);
    }
    void add(const pugi::xml_node& node, int depth) {
        if (depth > max_depth) return;
        const std::string erid = attr(node, "erid");
        if (!erid.empty()) by_erid.try_emplace(erid, node);
        for (const auto c : node.children()) add(c, depth + 1);
    }
    pugi::xml_node find(const std::string& erid) const {
        const auto it = by_erid.find(erid);
        return it == by_erid.end() ? pugi::xml_node() : it->second;
    }
    std::string name_of(const std::string& erid) const { return attr(find(erid), "name"); }
};

void add_unique(std::vector<std::string>& list, const std::string& value) {
    if (!value.empty() && std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
}

LoggedColumn column_of(const pugi::xml_node& node) {
    std::string representation = attr(node, "variableRepresentation");
    if (representation.empty()) representation = attr(node, "definedTypeRepresentation");
    return {attr(node, "columnID"), representation, attr(node, "sourceUOM")};
}

// Every element with a columnID under `node` (a meter's target and measured elements).
void columns_under(const pugi::xml_node& node, std::vector<LoggedColumn>& out, int depth = 0) {
    if (depth > max_depth) return;
    for (const auto c : node.children()) {
        if (!attr(c, "columnID").empty()) out.push_back(column_of(c));
        columns_under(c, out, depth + 1);
    }
}

std::optional<Equipment> equipment(const SetupIndex& setup, const pugi::xml_node& ref, const char* type_attr) {
    if (!ref) return std::nullopt;
    const std::string erid = attr(ref, "eridRef");
    const auto node = setup.find(erid);
    if (!node) return std::nullopt;
    return Equipment{erid, attr(node, "name"), attr(node, "serialNumber"), setup.name_of(attr(node, type_attr))};
}

// The navigation reference the display computes for the implement, else the first one (the receiver).
pugi::xml_node navigation_of(const pugi::xml_node& config) {
    pugi::xml_node first;
    for (const auto nav : descendants(config, "NavigationReference")) {
        if (!first) first = nav;
        if (attr(child_named(nav, "dtNavigationType"), "value") == "dtiComputedImplement") return nav;
    }
    return first;
}

LogRegion read_region(const pugi::xml_node& block, const pugi::xml_node& header) {
    LogRegion r;
    const auto config = child_named(block, "ConfigBlock");
    const SetupIndex setup(child_named(config, "Setup"));
    const auto region = child_named(config, "LogTaskRegion");
    r.start = parse_iso8601(attr(region, "timeStamp"));
    r.time_column = attr(region, "timeColumnID");
    const auto data = child_named(child_named(block, "LogDataBlock"), "EvenByteDelta");
    r.fdd_path = attr(data, "filePathName");
    if (const auto offset = number(data, "filePosition"); offset && *offset >= 0) r.fdd_offset = static_cast<std::size_t>(*offset);

    // Setup: the field the header names, its farm and the farm's client; the task; who and what worked.
    const auto field = setup.find(attr(child_named(header, "FieldRef"), "eridRef"));
    r.field = attr(field, "name");
    const auto farm = setup.find(attr(field, "farmRef"));
    r.farm = attr(farm, "name");
    r.client = setup.name_of(attr(farm, "clientRef"));
    r.task = setup.name_of(attr(child_named(header, "TaskRef"), "eridRef"));
    r.operator_name = setup.name_of(attr(child_named(region, "OperatorRef"), "eridRef"));
    r.machine = equipment(setup, child_named(region, "MachineRef"), "machineTypeRef");
    r.implement = equipment(setup, child_named(region, "ImplementRef"), "implementTypeRef");

    // Meters by id, sections by id, across the block's equipment configurations.
    std::map<std::string, pugi::xml_node> meters, sections;
    for (const auto meter : descendants(config, "Meter")) meters.try_emplace(attr(meter, "id"), meter);
    for (const auto section : descendants(config, "Section")) sections.try_emplace(attr(section, "id"), section);

    const auto operation = child_named(region, "Operation");
    r.operation_class = attr(child_named(operation, "dtOperationClass"), "value");
    for (const auto ref : operation.children()) {
        if (local_name(ref) != "ProductRef") continue;
        const auto product = setup.find(attr(ref, "eridRef"));
        const auto kind = local_name(product);
        if (kind == "CropVariety") {
            add_unique(r.varieties, attr(product, "name"));
            if (local_name(product.parent()) == "Crop") add_unique(r.crops, attr(product.parent(), "name"));
        } else if (kind == "Crop") {
            add_unique(r.crops, attr(product, "name"));
        } else {
            add_unique(r.products, attr(product, "name"));
        }
    }

    const auto nav = navigation_of(config);
    for (const auto c : nav.children()) {
        if (attr(c, "columnID").empty()) continue;
        const auto col = column_of(c);
        if (col.representation == "vrLatitude") r.latitude = col.id;
        else if (col.representation == "vrLongitude") r.longitude = col.id;
        else r.values.push_back(col);
    }

    // The operation's meters give its values and its sections; machine-info measurements (speed,
    // fuel) are the machine's. Weather and observations are set by hand once per task: not points.
    std::set<std::string> section_ids;
    const auto add_meter = [&](const std::string& id, bool with_sections) {
        const auto it = meters.find(id);
        if (it == meters.end()) return;
        columns_under(it->second, r.values);
        if (with_sections)
            for (const auto ref : it->second.children())
                if (local_name(ref) == "SectionRef") section_ids.insert(attr(ref, "idRef"));
    };
    for (const auto ref : operation.children())
        if (local_name(ref) == "MeterRef") add_meter(attr(ref, "idRef"), true);
    for (const auto measurements : region.children()) {
        if (local_name(measurements) != "TaskMeasurements" || attr(measurements, "taskMeasurementType") != "machineInfo") continue;
        for (const auto ref : measurements.children())
            if (local_name(ref) == "MeterRef") add_meter(attr(ref, "idRef"), false);
    }
    for (const auto& [id, section] : sections) {
        if (!section_ids.empty() && !section_ids.contains(id)) continue;
        const auto state = child_named(child_named(section, "RecordingStateElement"), "DefinedTypeColumn");
        if (attr(state, "columnID").empty()) continue;
        const auto width = child_named(section, "vrSectionWidth");
        const auto* unit = columns::parse_unit(attr(width, "sourceUOM"));
        const auto value = number(width, "value");
        const double metres = unit != nullptr && value ? *value * unit->to_canonical : 0.0;
        r.sections.push_back({attr(state, "columnID"), metres});
    }
    return r;
}

} // namespace

std::vector<LogRegion> parse_fdl(std::string_view xml, std::string_view name) {
    pugi::xml_document doc;
    const pugi::xml_parse_result result = doc.load_buffer(xml.data(), xml.size(), pugi::parse_default, pugi::encoding_auto);
    if (!result)
        throw Error(ErrorCode::corrupt_file,
                    fmt::format("jd_greenstar: {}: malformed XML: {} at offset {}", name, result.description(), result.offset));
    const auto root = doc.document_element();
    if (local_name(root) != "RCDLogFile")
        throw Error(ErrorCode::corrupt_file, fmt::format("jd_greenstar: {}: the root element is <{}>, not <RCDLogFile>", name, root.name()));
    const auto header = child_named(root, "RCDLogHeader");
    std::vector<LogRegion> out;
    for (const auto block : root.children())
        if (local_name(block) == "RCDLogBlock") out.push_back(read_region(block, header));
    return out;
}

} // namespace furrow::formats::jd_greenstar
