#include "formats/isoxml/source_info.hpp"

#include "core/strings.hpp"
#include "formats/isoxml/ddi.hpp"
#include "schema/crop_names.hpp"

#include <algorithm>
#include <limits>
#include <map>

namespace furrow::formats::isoxml {
namespace {

constexpr std::uint16_t cultural_practice_ddi = 0x00B3; // DDI 179 Actual Cultural Practice

void add_unique(std::vector<std::string>& list, std::string_view value) {
    std::string clean = trim(value);
    if (!clean.empty() && std::find(list.begin(), list.end(), clean) == list.end()) list.push_back(std::move(clean));
}

// The devices whose elements the time logs refer to; the task's device allocations when none.
std::vector<const Device*> task_devices(const TaskData& td, const Task& task, const LoggedData& logged) {
    std::vector<const Device*> out;
    const auto add = [&](const Device* device) {
        if (device != nullptr && std::find(out.begin(), out.end(), device) == out.end()) out.push_back(device);
    };
    for (const auto& element_id : logged.element_ids) add(td.find_element(element_id).device);
    if (out.empty())
        for (const auto& device_id : task.device_ids) add(td.find_device(device_id));
    return out;
}

// ISO 11783-10: a connector element (type 6) is where an implement couples to a tractor. A tractor's
// own description may list its hitches as connectors too, but it also holds the navigation reference
// (type 7, the GPS antenna), which an implement normally does not.
std::string machine_type(const Device& device) {
    const auto has = [&](ElementType type) {
        return std::any_of(device.elements.begin(), device.elements.end(),
                           [&](const DeviceElement& e) { return e.type == static_cast<int>(type); });
    };
    return has(ElementType::connector) && !has(ElementType::navigation) ? "implement" : "machine";
}

std::string original_operation(const std::vector<const Device*>& devices, const LoggedData& logged,
                               std::optional<schema::OperationType> operation_type) {
    if (logged.cultural_practice) {
        const auto name = cultural_practice_name(*logged.cultural_practice);
        if (!name.empty()) return std::string(name);
    }
    for (const auto* device : devices)
        for (const auto& property : device->properties)
            if (property.ddi == cultural_practice_ddi && !cultural_practice_name(property.value).empty())
                return std::string(cultural_practice_name(property.value));
    // No word in the source: say what the logged DDIs mean, in the same vocabulary.
    if (operation_type == schema::OperationType::harvested) return "Harvesting";
    if (operation_type == schema::OperationType::planted) return "Sowing and Planting";
    if (operation_type == schema::OperationType::applied) return "Application";
    if (operation_type == schema::OperationType::tillage) return "Tillage";
    return "";
}

std::string variety_name(const TaskData& td, const CropVariety& variety) {
    if (!trim(variety.designator).empty()) return variety.designator;
    const Product* product = td.find_product(variety.product_id);
    return product != nullptr ? product->designator : std::string();
}

// Crops and varieties from the field (PFD G/H) and from allocated products that are crop varieties
// (CVT C); products from the product allocations (PAN), mixtures with their components.
void add_crops_and_products(const TaskData& td, const Task& task, const Field* field, schema::SourceInfo& info) {
    for (const auto& crop : td.crop_types)
        for (const auto& variety : crop.varieties) {
            const bool on_field = field != nullptr && !field->crop_variety_id.empty() && variety.id == field->crop_variety_id;
            const bool allocated = !variety.product_id.empty() &&
                                   std::find(task.product_ids.begin(), task.product_ids.end(), variety.product_id) !=
                                       task.product_ids.end();
            if (!on_field && !allocated) continue;
            add_unique(info.crops, schema::normalise_crop(crop.designator));
            add_unique(info.varieties, variety_name(td, variety));
        }
    if (field != nullptr)
        if (const CropType* crop = td.find_crop_type(field->crop_type_id)) add_unique(info.crops, schema::normalise_crop(crop->designator));
    const auto add_product = [&](const std::string& id, const char* type) {
        const Product* product = td.find_product(id);
        if (product == nullptr) return;
        const bool known = std::any_of(info.products.begin(), info.products.end(),
                                       [&](const schema::Product& p) { return p.id == id; });
        if (!known) info.products.push_back({product->id, trim(product->designator), type});
    };
    for (const auto& product_id : task.product_ids) {
        add_product(product_id, "");
        if (const Product* product = td.find_product(product_id))
            for (const auto& component_id : product->component_ids) add_product(component_id, "Component");
    }
}

// When the task says the device or worker was at work (effective allocation stamps); empty when
// it does not, which the sessions read as "the whole file".
std::vector<schema::TimeSpan> periods_of(const std::vector<Allocation>& allocations, const std::string& ref) {
    std::vector<schema::TimeSpan> out;
    for (const auto& allocation : allocations)
        if (allocation.ref == ref) out.push_back({allocation.start, allocation.stop});
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.start < b.start; });
    return out;
}

void add_people_and_places(const TaskData& td, const Task& task, const Field* field, schema::SourceInfo& info) {
    for (const auto& worker_id : task.worker_ids)
        if (const Worker* worker = td.find_worker(worker_id)) {
            const std::string name = trim(trim(worker->first_name) + " " + trim(worker->last_name));
            const bool known = std::any_of(info.operators.begin(), info.operators.end(),
                                           [&](const schema::Person& p) { return p.id == worker->id; });
            if (!name.empty() && !known)
                info.operators.push_back({worker->id, name, "", periods_of(task.worker_allocations, worker->id)});
        }
    // The task's own references first; the field's as a fallback (CCI tasks name no farm).
    const Customer* customer = td.find_customer(task.customer_id);
    if (customer == nullptr && field != nullptr) customer = td.find_customer(field->customer_id);
    const Farm* farm = td.find_farm(task.farm_id);
    if (farm == nullptr && field != nullptr) farm = td.find_farm(field->farm_id);
    if (customer != nullptr) info.customer = trim(customer->name);
    if (farm != nullptr) info.farm = trim(farm->name);
    if (field != nullptr) info.field = trim(field->designator);
    info.task_name = trim(task.designator);
}

} // namespace

schema::SourceInfo describe_task(const TaskData& td, const Task& task, const LoggedData& logged) {
    schema::SourceInfo info;
    const auto devices = task_devices(td, task, logged);
    info.operation_type = operation_type_for(logged.ddis);
    info.original_operation_type = original_operation(devices, logged, info.operation_type);
    for (const auto* device : devices)
        info.machinery.push_back({device->id, trim(device->designator), machine_type(*device),
                                  trim(device->serial_number), "", periods_of(task.device_allocations, device->id)});
    const Field* field = td.find_field(task.field_id);
    add_crops_and_products(td, task, field, info);
    add_people_and_places(td, task, field, info);
    info.reported_totals = reported_totals(td, task);
    return info;
}

nlohmann::json reported_totals(const TaskData& td, const Task& task) {
    // TIMs in time order (stable: those without a start keep their place relative to each other).
    std::vector<const TimeEntry*> times;
    for (const auto& time : task.times) times.push_back(&time);
    std::stable_sort(times.begin(), times.end(), [](const TimeEntry* a, const TimeEntry* b) {
        return a->start.value_or(std::numeric_limits<TimeMs>::min()) < b->start.value_or(std::numeric_limits<TimeMs>::min());
    });
    struct Chosen { std::size_t time_idx; int rank; std::int64_t value; };
    std::map<std::uint16_t, Chosen> chosen;
    for (std::size_t time_idx = 0; time_idx < times.size(); ++time_idx)
        for (const auto& total : times[time_idx]->totals) {
            if (find_total_ddi(total.ddi) == nullptr) continue;
            const Chosen candidate{time_idx, element_rank(td, total.element_id), total.value};
            auto it = chosen.find(total.ddi);
            if (it == chosen.end() || time_idx > it->second.time_idx ||
                (time_idx == it->second.time_idx && candidate.rank < it->second.rank))
                chosen.insert_or_assign(total.ddi, candidate);
        }
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [ddi, c] : chosen) {
        const TotalDdi& t = *find_total_ddi(ddi);
        out[std::string(t.name)] = {{"value", static_cast<double>(c.value) * t.scale},
                                    {"unit", std::string(t.unit)},
                                    {"ddi", ddi_label(ddi)}};
    }
    return out;
}

} // namespace furrow::formats::isoxml
