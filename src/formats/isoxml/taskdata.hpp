#pragma once
// What furrow reads of an ISO 11783-10 TASKDATA.XML: tasks, devices, workers, products, crops,
// customers, farms and fields. External files (<XFR A="TSK00000" B="1"/>: TSK00000.XML in the same
// folder, root XFC) are merged as if their elements were inline. File names are matched
// case-insensitively inside the TASKDATA folder (TLG00001.BIN and TLG00001.bin are the same file).
// Attribute letters follow ISO 11783-10 (v3 and v4 agree on everything modelled here).
#include "core/time.hpp"
#include "formats/bundle.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace furrow::formats::isoxml {

// The entries directly inside one bundle folder, by upper-cased file name.
class FolderIndex {
public:
    FolderIndex(const Bundle& bundle, std::string_view folder);
    const BundleEntry* find(std::string_view file_name) const; // case-insensitive; nullptr if absent
    // Like find(), but throws Error(corrupt_file, "isoxml: <file>: referenced by TASKDATA.XML but missing").
    const BundleEntry& require(std::string_view file_name) const;

private:
    std::map<std::string, const BundleEntry*, std::less<>> m_by_name;
};

enum class ElementType { device = 1, function = 2, bin = 3, section = 4, unit = 5, connector = 6, navigation = 7 };

struct DeviceElement {          // DET
    std::string id;             // A
    std::uint32_t object_id = 0; // B
    int type = 0;               // C, see ElementType
    std::string designator;     // D
    std::uint32_t number = 0;   // E
    std::uint32_t parent_object_id = 0; // F: a DET's B, or 0 / the device itself for the root
    std::vector<std::uint32_t> object_refs; // DOR A: the DPDs and DPTs of this element
};

struct DeviceProcessData {      // DPD
    std::uint32_t object_id = 0; // A
    std::uint16_t ddi = 0;       // B
    std::string designator;      // E
    std::uint32_t presentation_id = 0; // F: a DVP's A, 0 = none
};

struct DeviceProperty {         // DPT
    std::uint32_t object_id = 0; // A
    std::uint16_t ddi = 0;       // B
    std::int64_t value = 0;      // C
    std::string designator;      // D
    std::uint32_t presentation_id = 0; // E: a DVP's A, 0 = none
};

// How a terminal shows a value: displayed = (raw + offset) x scale, in `unit` (ISO 11783-10 DVP).
struct ValuePresentation {      // DVP
    std::uint32_t object_id = 0; // A
    std::int64_t offset = 0;     // B
    double scale = 1;            // C
    int decimals = 0;            // D
    std::string unit;            // E, free text ("kg/ha", "l/ha", "kSeeds/ha")
};

struct Device {                 // DVC
    std::string id;             // A
    std::string designator;     // B
    std::string software_version; // C
    std::string client_name;    // D (ISO 11783-5 NAME, hex)
    std::string serial_number;  // E
    std::string structure_label; // F
    std::vector<DeviceElement> elements;
    std::vector<DeviceProcessData> process_data;
    std::vector<DeviceProperty> properties;
    std::vector<ValuePresentation> presentations;

    const DeviceElement* find_element(std::uint32_t object_id) const; // by DET B
    const ValuePresentation* find_presentation(std::uint32_t object_id) const; // by DVP A
};

struct TotalValue {             // DLV inside a task's TIM
    std::uint16_t ddi = 0;      // A
    std::int64_t value = 0;     // B
    std::string element_id;     // C
};

struct TimeEntry {              // TIM inside a TSK
    std::optional<TimeMs> start, stop; // A, B
    int type = 0;               // D: 4 = effective
    std::vector<TotalValue> totals;
};

// A device (DAN C) or worker (WAN A) allocated to a task, with one effective allocation stamp
// (ASP A start, B stop or A + C duration, D = 4 "effective"; planned stamps are not work).
struct Allocation {
    std::string ref;
    TimeMs start = 0;
    TimeMs stop = 0;
};

struct Task {                   // TSK
    std::string id, designator; // A, B
    std::string customer_id, farm_id, field_id, responsible_worker_id; // C, D, E, F
    int status = 0;             // G
    std::vector<std::string> time_logs;  // TLG A, e.g. "TLG00001"
    std::vector<std::string> worker_ids; // WAN A
    std::vector<std::string> device_ids; // DAN C
    std::vector<std::string> product_ids; // PAN A
    // PAN A with E, the device element (a bin, a boom) that applies it, when the allocation names one.
    std::vector<std::pair<std::string, std::string>> product_elements;
    std::vector<TimeEntry> times;
    std::vector<Allocation> device_allocations; // one per effective ASP of each DAN
    std::vector<Allocation> worker_allocations; // one per effective ASP of each WAN
};

struct Worker { std::string id, last_name, first_name; };            // WKR A, B, C
struct Product {                                                      // PDT
    std::string id, designator;                                       // A, B
    int type = 0;                                                     // F: 1 single, 2 mixture, 3 temporary mixture
    std::vector<std::string> component_ids;                           // PRN A
};
struct CropVariety { std::string id, designator, product_id; };      // CVT A, B, C
struct CropType { std::string id, designator; std::vector<CropVariety> varieties; }; // CTP A, B
struct Customer { std::string id, name; };                           // CTR A, B
struct Farm { std::string id, name, customer_id; };                  // FRM A, B, I
struct Field { std::string id, designator, customer_id, farm_id, crop_type_id, crop_variety_id; }; // PFD A, C, E, F, G, H

struct ElementRef {
    const Device* device = nullptr;
    const DeviceElement* element = nullptr;
};

struct TaskData {
    std::string folder;                        // the TASKDATA folder in the bundle ("" = root)
    std::vector<std::string> external_entries; // bundle paths of the XFR files
    std::vector<Task> tasks;
    std::vector<Device> devices;
    std::vector<Worker> workers;
    std::vector<Product> products;
    std::vector<CropType> crop_types;
    std::vector<Customer> customers;
    std::vector<Farm> farms;
    std::vector<Field> fields;

    const Task* find_task(std::string_view id) const;
    const Device* find_device(std::string_view id) const;
    const Worker* find_worker(std::string_view id) const;
    const Product* find_product(std::string_view id) const;
    const CropType* find_crop_type(std::string_view id) const;
    const Customer* find_customer(std::string_view id) const;
    const Farm* find_farm(std::string_view id) const;
    const Field* find_field(std::string_view id) const;
    ElementRef find_element(std::string_view element_id) const;
};

// Reads `taskdata_entry` (a TASKDATA.XML path in `bundle`) and its XFR files. Throws
// Error(corrupt_file) for malformed XML or a missing XFR file.
TaskData read_taskdata(const Bundle& bundle, const BundleEntry& taskdata_entry);

// An element's distance from its device's root element (0 = the root, large when unknown).
int element_depth(const Device& device, const DeviceElement& element);
// How close a DET is to the device level, for choosing among DLVs of the same DDI: 0 for a device
// element (type 1), 1 + depth for the others, large for an element TASKDATA.XML does not describe.
int element_rank(const TaskData& td, std::string_view element_id);

} // namespace furrow::formats::isoxml
