#include "formats/isoxml/taskdata.hpp"

#include "core/error.hpp"
#include "core/strings.hpp"
#include "formats/detect_helpers.hpp"
#include "formats/isoxml/ddi.hpp"
#include "formats/isoxml/xml_util.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

namespace furrow::formats::isoxml {
namespace {

using detail::integer;
using detail::text;

std::uint32_t object_id(const pugi::xml_node& node, const char* attribute) {
    const auto v = integer(node, attribute, 0);
    return v >= 0 && v <= 0xFFFFFFFF ? static_cast<std::uint32_t>(v) : 0;
}

std::uint16_t ddi_of(const pugi::xml_node& node, const char* attribute) {
    return parse_ddi(trim(text(node, attribute))).value_or(0xFFFF);
}

std::optional<TimeMs> time_of(const pugi::xml_node& node, const char* attribute) {
    return parse_iso8601(trim(text(node, attribute)));
}

TimeEntry parse_time(const pugi::xml_node& tim) {
    TimeEntry entry{time_of(tim, "A"), time_of(tim, "B"), static_cast<int>(integer(tim, "D", 0)), {}};
    for (const pugi::xml_node dlv : tim.children("DLV")) {
        const auto value = integer(dlv, "B", std::numeric_limits<std::int64_t>::min());
        if (value == std::numeric_limits<std::int64_t>::min()) continue; // empty or not a number: no total
        entry.totals.push_back({ddi_of(dlv, "A"), value, text(dlv, "C")});
    }
    return entry;
}

// ISO 11783-10 ASP: A start, B stop, C duration in seconds, D type (1 planned, 4 effective).
void add_allocations(const pugi::xml_node& allocation, const std::string& ref, std::vector<Allocation>& out) {
    constexpr std::int64_t effective = 4;
    for (const pugi::xml_node asp : allocation.children("ASP")) {
        if (integer(asp, "D", 0) != effective) continue;
        const auto start = time_of(asp, "A");
        if (!start || ref.empty()) continue;
        auto stop = time_of(asp, "B");
        const auto seconds = integer(asp, "C", -1);
        if (!stop && seconds >= 0) stop = *start + seconds * 1000;
        if (stop && *stop >= *start) out.push_back({ref, *start, *stop});
    }
}

Task parse_task(const pugi::xml_node& tsk) {
    Task task{text(tsk, "A"), text(tsk, "B"), text(tsk, "C"), text(tsk, "D"), text(tsk, "E"), text(tsk, "F"),
              static_cast<int>(integer(tsk, "G", 0)), {}, {}, {}, {}, {}, {}, {}, {}};
    for (const pugi::xml_node child : tsk.children()) {
        const std::string_view name = child.name();
        if (name == "TLG") task.time_logs.push_back(trim(text(child, "A")));
        else if (name == "WAN") {
            task.worker_ids.push_back(text(child, "A"));
            add_allocations(child, trim(text(child, "A")), task.worker_allocations);
        } else if (name == "DAN") {
            task.device_ids.push_back(text(child, "C"));
            add_allocations(child, trim(text(child, "C")), task.device_allocations);
        }
        else if (name == "PAN") {
            task.product_ids.push_back(text(child, "A"));
            if (const std::string element = trim(text(child, "E")); !element.empty())
                task.product_elements.emplace_back(trim(text(child, "A")), element);
        }
        else if (name == "TIM") task.times.push_back(parse_time(child));
    }
    return task;
}

Device parse_device(const pugi::xml_node& dvc) {
    Device device{text(dvc, "A"), text(dvc, "B"), text(dvc, "C"), text(dvc, "D"), text(dvc, "E"), text(dvc, "F"),
                  {}, {}, {}, {}};
    for (const pugi::xml_node child : dvc.children()) {
        const std::string_view name = child.name();
        if (name == "DET") {
            DeviceElement element{text(child, "A"), object_id(child, "B"), static_cast<int>(integer(child, "C", 0)),
                                  text(child, "D"), object_id(child, "E"), object_id(child, "F"), {}};
            for (const pugi::xml_node dor : child.children("DOR")) element.object_refs.push_back(object_id(dor, "A"));
            device.elements.push_back(std::move(element));
        } else if (name == "DPD")
            device.process_data.push_back({object_id(child, "A"), ddi_of(child, "B"), text(child, "E"), object_id(child, "F")});
        else if (name == "DPT")
            device.properties.push_back({object_id(child, "A"), ddi_of(child, "B"), integer(child, "C", 0), text(child, "D"),
                                         object_id(child, "E")});
        else if (name == "DVP")
            device.presentations.push_back({object_id(child, "A"), integer(child, "B", 0), detail::decimal(child, "C", 1),
                                            static_cast<int>(integer(child, "D", 0)), trim(text(child, "E"))});
    }
    return device;
}

Product parse_product(const pugi::xml_node& pdt) {
    Product product{text(pdt, "A"), text(pdt, "B"), static_cast<int>(integer(pdt, "F", 0)), {}};
    for (const pugi::xml_node prn : pdt.children("PRN")) product.component_ids.push_back(text(prn, "A"));
    return product;
}

CropType parse_crop_type(const pugi::xml_node& ctp) {
    CropType crop{text(ctp, "A"), text(ctp, "B"), {}};
    for (const pugi::xml_node cvt : ctp.children("CVT"))
        crop.varieties.push_back({text(cvt, "A"), text(cvt, "B"), text(cvt, "C")});
    return crop;
}

// One top-level element of TASKDATA.XML or of an XFR file's XFC root.
void add_element(TaskData& td, const pugi::xml_node& node) {
    const std::string_view name = node.name();
    if (name == "TSK") td.tasks.push_back(parse_task(node));
    else if (name == "DVC") td.devices.push_back(parse_device(node));
    else if (name == "WKR") td.workers.push_back({text(node, "A"), text(node, "B"), text(node, "C")});
    else if (name == "PDT") td.products.push_back(parse_product(node));
    else if (name == "CTP") td.crop_types.push_back(parse_crop_type(node));
    else if (name == "CTR") td.customers.push_back({text(node, "A"), text(node, "B")});
    else if (name == "FRM") td.farms.push_back({text(node, "A"), text(node, "B"), text(node, "I")});
    else if (name == "PFD")
        td.fields.push_back({text(node, "A"), text(node, "C"), text(node, "E"), text(node, "F"), text(node, "G"),
                             text(node, "H")});
}

// ISO 11783-10 XFR: A = file name without extension, B = 1 for XML (the only type defined for it).
void add_external_file(TaskData& td, const Bundle& bundle, const FolderIndex& folder, const pugi::xml_node& xfr) {
    const std::string b = trim(text(xfr, "B"));
    if (!b.empty() && b != "1") return;
    const BundleEntry& entry = folder.require(trim(text(xfr, "A")) + ".XML");
    td.external_entries.push_back(entry.path);
    const std::string xml = bundle.read_all(entry);
    pugi::xml_document doc;
    detail::load_xml(doc, xml, formats::detail::file_name_of(entry.path));
    for (const pugi::xml_node child : doc.document_element().children()) add_element(td, child);
}

template <typename T>
const T* find_by_id(const std::vector<T>& items, std::string_view id) {
    if (id.empty()) return nullptr;
    const auto it = std::find_if(items.begin(), items.end(), [&](const T& item) { return item.id == id; });
    return it == items.end() ? nullptr : &*it;
}

} // namespace

FolderIndex::FolderIndex(const Bundle& bundle, std::string_view folder) {
    for (const auto& entry : bundle.entries())
        if (formats::detail::parent_of(entry.path) == folder)
            m_by_name.emplace(to_lower(formats::detail::file_name_of(entry.path)), &entry);
}

const BundleEntry* FolderIndex::find(std::string_view file_name) const {
    const auto it = m_by_name.find(to_lower(file_name));
    return it == m_by_name.end() ? nullptr : it->second;
}

const BundleEntry& FolderIndex::require(std::string_view file_name) const {
    if (const auto* entry = find(file_name)) return *entry;
    throw Error(ErrorCode::corrupt_file,
                fmt::format("isoxml: {}: referenced by TASKDATA.XML but missing", file_name));
}

TaskData read_taskdata(const Bundle& bundle, const BundleEntry& taskdata_entry) {
    TaskData td;
    td.folder = formats::detail::parent_of(taskdata_entry.path);
    const FolderIndex folder(bundle, td.folder);
    const std::string xml = bundle.read_all(taskdata_entry);
    pugi::xml_document doc;
    detail::load_xml(doc, xml, formats::detail::file_name_of(taskdata_entry.path));
    // Document order is kept: an XFR's elements take the XFR's place.
    for (const pugi::xml_node child : doc.document_element().children()) {
        if (std::string_view(child.name()) == "XFR") add_external_file(td, bundle, folder, child);
        else add_element(td, child);
    }
    return td;
}

const Task* TaskData::find_task(std::string_view id) const { return find_by_id(tasks, id); }
const Device* TaskData::find_device(std::string_view id) const { return find_by_id(devices, id); }
const Worker* TaskData::find_worker(std::string_view id) const { return find_by_id(workers, id); }
const Product* TaskData::find_product(std::string_view id) const { return find_by_id(products, id); }
const CropType* TaskData::find_crop_type(std::string_view id) const { return find_by_id(crop_types, id); }
const Customer* TaskData::find_customer(std::string_view id) const { return find_by_id(customers, id); }
const Farm* TaskData::find_farm(std::string_view id) const { return find_by_id(farms, id); }
const Field* TaskData::find_field(std::string_view id) const { return find_by_id(fields, id); }

const DeviceElement* Device::find_element(std::uint32_t id) const {
    const auto it = std::find_if(elements.begin(), elements.end(), [&](const DeviceElement& e) { return e.object_id == id; });
    return it == elements.end() ? nullptr : &*it;
}

const ValuePresentation* Device::find_presentation(std::uint32_t id) const {
    const auto it = std::find_if(presentations.begin(), presentations.end(),
                                 [&](const ValuePresentation& p) { return p.object_id == id; });
    return it == presentations.end() ? nullptr : &*it;
}

ElementRef TaskData::find_element(std::string_view element_id) const {
    for (const auto& device : devices)
        if (const auto* element = find_by_id(device.elements, element_id)) return {&device, element};
    return {};
}

int element_depth(const Device& device, const DeviceElement& element) {
    constexpr int unknown = 1000;
    const DeviceElement* current = &element;
    // Parent links come from the file: bound the walk so a cycle cannot hang us.
    for (int depth = 0; depth < 64; ++depth) {
        if (current->type == static_cast<int>(ElementType::device)) return depth;
        const auto parent = current->parent_object_id;
        const auto it = std::find_if(device.elements.begin(), device.elements.end(),
                                     [&](const DeviceElement& e) { return e.object_id == parent; });
        if (it == device.elements.end() || &*it == current) return depth; // the device itself is the root
        current = &*it;
    }
    return unknown;
}

int element_rank(const TaskData& td, std::string_view element_id) {
    constexpr int unknown = 10'000;
    const ElementRef ref = td.find_element(element_id);
    if (ref.element == nullptr) return unknown;
    if (ref.element->type == static_cast<int>(ElementType::device)) return 0;
    return 1 + element_depth(*ref.device, *ref.element);
}

} // namespace furrow::formats::isoxml
