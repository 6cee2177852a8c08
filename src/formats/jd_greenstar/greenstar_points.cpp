#include "formats/jd_greenstar/greenstar_points.hpp"

#include "formats/columns/column_resolver.hpp"
#include "formats/columns/unit_text.hpp"
#include "schema/crop_names.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace furrow::formats::jd_greenstar {
namespace {

using schema::PropertyId;

constexpr std::string_view recording_on = "dtiRecordingStatusOn";

struct ValueSource {
    std::size_t column; // index in the block
    PropertyId property;
    const schema::Unit* unit;
};

bool fits(PropertyId id, const schema::Unit& unit) {
    const auto& p = schema::info(id);
    return unit.dimension == p.dimension || unit.dimension == p.alt_dimension;
}

void add_unique(std::vector<std::string>& list, const std::string& value) {
    if (!value.empty() && std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
}

template <typename T> void add_unique_by_id(std::vector<T>& list, T item) {
    const bool known = std::any_of(list.begin(), list.end(), [&](const T& k) { return k.id == item.id; });
    if (!known) list.push_back(std::move(item));
}

std::optional<std::size_t> index_of(const FddBlock& block, const std::string& id) {
    for (std::size_t i = 0; i < block.columns.size(); ++i)
        if (block.columns[i].id == id) return i;
    return std::nullopt;
}

// The value columns of one region that feed a standard property (first column per property wins),
// noting the mapping in the report once per column name.
std::vector<ValueSource> value_sources(const LogRegion& region, const FddBlock& block, schema::ConversionReport& report) {
    std::vector<ValueSource> out;
    for (const auto& col : region.values) {
        const auto index = index_of(block, col.id);
        if (!index) continue;
        const std::string source = col.id + " (" + col.representation + ")";
        const auto resolved = columns::resolve_name(col.representation, "");
        const schema::Unit* unit = columns::parse_unit(col.unit);
        const bool mapped = resolved && resolved->meaning == columns::Meaning::value && unit != nullptr &&
                            fits(resolved->property, *unit);
        const bool taken = mapped && std::any_of(out.begin(), out.end(), [&](const ValueSource& v) { return v.property == resolved->property; });
        // A set value the display never filled (vehicle speed on the GS2 combine logs) is 0 in every
        // record: a speed of 0 while the positions move would be wrong, so it is left out.
        const auto& series = block.values[*index];
        const bool never_set = block.columns[*index].setup_value &&
                               std::all_of(series.begin(), series.end(), [](double v) { return std::isnan(v) || v == 0; });
        if (mapped && never_set) {
            report.warn(source + " is 0 in every record of a task region (the display did not report it): left out there");
            continue;
        }
        if (!mapped || taken) {
            if (std::find(report.unmapped.begin(), report.unmapped.end(), source) == report.unmapped.end())
                report.unmapped.push_back(source);
            continue;
        }
        out.push_back({*index, resolved->property, unit});
        const bool noted = std::any_of(report.columns.begin(), report.columns.end(),
                                       [&](const schema::ColumnMapping& c) { return c.source == source; });
        if (!noted)
            report.columns.push_back({source, std::string(schema::info(resolved->property).key), std::string(unit->name),
                                      "unit code " + col.unit});
    }
    return out;
}

struct SectionSource {
    std::size_t column;
    double width_m;
    double on_index; // the label index of dtiRecordingStatusOn in this column
};

std::vector<SectionSource> section_sources(const LogRegion& region, const FddBlock& block) {
    std::vector<SectionSource> out;
    for (const auto& section : region.sections) {
        const auto index = index_of(block, section.id);
        if (!index) continue;
        const auto& labels = block.columns[*index].labels;
        const auto on = std::find(labels.begin(), labels.end(), recording_on);
        if (on == labels.end()) continue;
        out.push_back({*index, section.width_m, static_cast<double>(on - labels.begin())});
    }
    return out;
}

void add_region(const LogRegion& region, const FddBlock& block, schema::MachineData& data) {
    const auto lat = index_of(block, region.latitude);
    const auto lon = index_of(block, region.longitude);
    const auto clock = index_of(block, region.time_column);
    if (!lat || !lon || !clock || !region.start) {
        data.report.warn("a task region of " + region.fdd_path + " at byte " + std::to_string(region.fdd_offset) +
                         " has no latitude, longitude or time column, or no start time: its " +
                         std::to_string(block.records) + " records are skipped");
        return;
    }
    const auto values = value_sources(region, block, data.report);
    const auto sections = section_sources(region, block);
    auto& t = data.points;
    for (std::size_t r = 0; r < block.records; ++r) {
        const double y = block.values[*lat][r];
        const double x = block.values[*lon][r];
        const double elapsed = block.values[*clock][r];
        if (std::isnan(x) || std::isnan(y) || std::isnan(elapsed) || (x == 0 && y == 0)) continue;
        const std::size_t p = t.add_point(x, y, *region.start + static_cast<TimeMs>(std::llround(elapsed)));
        for (const auto& v : values) {
            const double value = block.values[v.column][r];
            if (!std::isnan(value)) t.set(v.property, *v.unit, p, value);
        }
        if (sections.empty()) continue;
        double width = 0;
        bool known = false;
        for (const auto& s : sections) {
            const double state = block.values[s.column][r];
            if (std::isnan(state)) continue;
            known = true;
            if (state == s.on_index) width += s.width_m;
        }
        if (!known) continue;
        t.set(PropertyId::recording_status, schema::unit("flag"), p, width > 0 ? 1.0 : 0.0);
        if (width > 0) t.set(PropertyId::equipment_width, schema::unit("m"), p, width);
    }
}

void add_source_info(const LogRegion& region, schema::SourceInfo& src) {
    if (src.customer.empty()) src.customer = region.client;
    if (src.farm.empty()) src.farm = region.farm;
    if (src.field.empty()) src.field = region.field;
    if (src.task_name.empty()) src.task_name = region.task;
    for (const auto& crop : region.crops) add_unique(src.crops, schema::normalise_crop(crop));
    for (const auto& variety : region.varieties) add_unique(src.varieties, variety);
    for (const auto& product : region.products) add_unique_by_id(src.products, schema::Product{product, product, ""});
    const auto add_equipment = [&](const std::optional<Equipment>& e, const char* kind) {
        if (!e || (e->name.empty() && e->serial.empty())) return;
        add_unique_by_id(src.machinery, schema::Machinery{e->id, e->name, kind, e->serial, "John Deere", {}});
    };
    add_equipment(region.machine, "machine");
    add_equipment(region.implement, "implement");
    if (!region.operator_name.empty()) add_unique_by_id(src.operators, schema::Person{region.operator_name, region.operator_name, "", {}});
}

} // namespace

std::optional<schema::OperationType> operation_type_of(std::string_view operation_class) {
    if (operation_class == "dtiHarvest") return schema::OperationType::harvested;
    if (operation_class == "dtiSeeding") return schema::OperationType::planted;
    if (operation_class == "dtiApplication") return schema::OperationType::applied;
    if (operation_class == "dtiTillage") return schema::OperationType::tillage;
    return std::nullopt;
}

schema::MachineData build_machine_data(const std::vector<DecodedRegion>& regions) {
    schema::MachineData data;
    data.report.exporter = "John Deere GreenStar 2/3 display (.fdl/.fdd)";
    auto& src = data.source;
    std::string operation_class;
    for (const auto& decoded : regions) {
        const auto& region = *decoded.region;
        add_region(region, decoded.block, data);
        add_source_info(region, src);
        if (operation_class.empty()) operation_class = region.operation_class;
        else if (!region.operation_class.empty() && region.operation_class != operation_class)
            data.report.warn("task regions name operation classes " + operation_class + " and " + region.operation_class +
                             "; the first is the file's");
    }
    src.operation_type = operation_type_of(operation_class);
    src.original_operation_type = operation_class.starts_with("dti") ? operation_class.substr(3) : operation_class;
    if (!src.operation_type && !operation_class.empty()) src.unsupported_operation_type = src.original_operation_type;
    data.report.operation_type_reason = operation_class.empty() ? "the .fdl names no operation class (dtOperationClass)"
                                                                : "the .fdl's operation class " + operation_class;
    return data;
}

} // namespace furrow::formats::jd_greenstar
