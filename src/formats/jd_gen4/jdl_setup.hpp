#pragma once
// The setup frame (top-level field 1 = 1) of a .jdl file: when logging started, who/where
// (client, farm, field), the crop and variety, the machines and implements, and the definition of
// every logged channel (docs/FORMATS.md "John Deere Gen4 .jdl" lists the field numbers and the
// evidence for each).
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace furrow::formats::jd_gen4 {

// One logged channel: field 5 messages inside an implement element.
struct ChannelDef {
    std::uint64_t id = 0;      // the id data frames use (field 1)
    std::uint64_t code = 0;    // Deere's own representation code (field 2)
    double scale = 1;          // value in `unit` = raw / scale (field 4)
    std::string unit;          // UCUM-like unit text, e.g. "bu1ac-1", "[mm3]1[m2]-1" (field 5)
    std::uint32_t ddi = 0;     // ISO 11783-11 DDI (field 7); 65535 = none
    bool has_ddi = false;
    std::string element;       // name of the element it belongs to ("DI Pump 1", "Front"), may be empty
    std::uint64_t element_id = 0; // that element's id (element field 1), which product allocations name
};

struct MachineDef {
    std::uint64_t id = 0;
    std::uint64_t kind = 0;    // 1 = machine (tractor, combine, sprayer), 2 = implement (field 2)
    std::string serial;        // field 4
    std::string name;          // field 5
    double width_m = 0;        // field 6, metres
};

struct Setup {
    std::int64_t start_ms = 0; // UTC ms since the epoch (field 3)
    std::string display_serial;
    std::string client, farm, field;
    std::string crop;                   // field 21.1.2: named only where the operation plants or harvests
    std::vector<std::string> varieties; // field 21.2
    std::vector<std::string> products;  // fields 21.3 (fertilizers), 21.4 (chemicals), 21.7 (tank mixes)
    // Field 20, product allocations: which product each element (boom, direct-injection pump, tank)
    // applies, {1: element id, 3: {1: product guid}}, resolved to the product's name through field 21.
    std::map<std::uint64_t, std::string> element_products;
    std::vector<MachineDef> machines;
    std::map<std::uint64_t, ChannelDef> channels;
    std::vector<std::uint64_t> channel_order; // channel ids in the order the setup lists them
};

// `message` is field 5 of a setup frame. Throws WireError naming the part it cannot read.
Setup parse_setup(std::string_view message);

} // namespace furrow::formats::jd_gen4
