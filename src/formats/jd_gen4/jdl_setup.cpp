#include "formats/jd_gen4/jdl_setup.hpp"

#include "formats/jd_gen4/protobuf_wire.hpp"

#include <utility>

namespace furrow::formats::jd_gen4 {
namespace {

// The name inside a {1: guid, 2: name} pair, itself inside field 1 (client, farm and field).
std::string named_entity(std::string_view message) {
    WireReader outer(message);
    WireField f;
    while (outer.next(f)) {
        if (f.number != 1 || f.type != WireType::bytes) continue;
        WireReader inner(f.bytes);
        WireField g;
        while (inner.next(g))
            if (g.number == 2 && g.type == WireType::bytes) return std::string(g.bytes);
    }
    return {};
}

// The {1: guid, 2: name} pair inside field 1 of a catalogue entry.
std::pair<std::string, std::string> guid_and_name(std::string_view message) {
    WireReader outer(message);
    WireField f;
    while (outer.next(f)) {
        if (f.number != 1 || f.type != WireType::bytes) continue;
        std::pair<std::string, std::string> out;
        WireReader inner(f.bytes);
        WireField g;
        while (inner.next(g)) {
            if (g.type != WireType::bytes) continue;
            if (g.number == 1) out.first = std::string(g.bytes);
            if (g.number == 2) out.second = std::string(g.bytes);
        }
        return out;
    }
    return {};
}

ChannelDef parse_channel(std::string_view message, const std::string& element, std::uint64_t element_id) {
    ChannelDef c;
    c.element = element;
    c.element_id = element_id;
    WireReader r(message);
    WireField f;
    while (r.next(f)) {
        switch (f.number) {
        case 1: c.id = f.varint; break;
        case 2: c.code = f.varint; break;
        case 4: if (f.type == WireType::fixed64) c.scale = f.as_double(); break;
        case 5: if (f.type == WireType::bytes) c.unit = std::string(f.bytes); break;
        case 7: c.ddi = static_cast<std::uint32_t>(f.varint); c.has_ddi = true; break;
        default: break;
        }
    }
    // 65535 is "no DDI" (speeds, task status); channels whose field 7 is not a DDI at all (code
    // 500/501, unit "ms", field 7 = 1) are caught by their unit not fitting the DDI's property.
    if (c.ddi >= 0xFFFF) c.has_ddi = false;
    if (c.scale == 0) c.scale = 1;
    return c;
}

// An implement's part (boom, bin, meter, header): its name (field 9) and channels (field 5).
void parse_element(std::string_view message, Setup& setup) {
    std::string name;
    std::uint64_t id = 0;
    {
        WireReader r(message);
        WireField f;
        while (r.next(f)) {
            if (f.number == 9 && f.type == WireType::bytes) name = std::string(f.bytes);
            if (f.number == 1 && f.type == WireType::varint) id = f.varint;
        }
    }
    WireReader r(message);
    WireField f;
    while (r.next(f)) {
        if (f.number != 5 || f.type != WireType::bytes) continue;
        auto c = parse_channel(f.bytes, name, id);
        const auto id = c.id;
        if (setup.channels.emplace(id, std::move(c)).second) setup.channel_order.push_back(id);
    }
}

void parse_machine(std::string_view message, Setup& setup) {
    MachineDef m;
    WireReader r(message);
    WireField f;
    while (r.next(f)) {
        switch (f.number) {
        case 1: m.id = f.varint; break;
        case 2: m.kind = f.varint; break;
        case 4: if (f.type == WireType::bytes) m.serial = std::string(f.bytes); break;
        case 5: if (f.type == WireType::bytes) m.name = std::string(f.bytes); break;
        case 6: if (f.type == WireType::fixed64) m.width_m = f.as_double(); break;
        case 7: if (f.type == WireType::bytes) parse_element(f.bytes, setup); break;
        default: break;
        }
    }
    setup.machines.push_back(std::move(m));
}

void parse_equipment(std::string_view message, Setup& setup) {
    WireReader r(message);
    WireField f;
    while (r.next(f))
        if (f.number == 2 && f.type == WireType::bytes) parse_machine(f.bytes, setup);
}

// Field 21, the card's product catalogue: 1 = crop {2: name, 5: density, 6: standard moisture},
// 2 = varieties, 3 = fertilizers, 4 = chemicals, 7 = tank mixes; each of 2, 3, 4 and 7 is a list of
// {1: {1: {1: guid, 2: name}}}. 5 (product kinds: "Herbicide", "Carrier") and 6 (colours) are unused.
void parse_crop(std::string_view message, Setup& setup, std::map<std::string, std::string>& names_by_guid) {
    WireReader r(message);
    WireField f;
    while (r.next(f)) {
        if (f.type != WireType::bytes) continue;
        if (f.number == 1) {
            WireReader c(f.bytes);
            WireField g;
            while (c.next(g))
                if (g.number == 2 && g.type == WireType::bytes) setup.crop = std::string(g.bytes);
        } else if (f.number == 2 || f.number == 3 || f.number == 4 || f.number == 7) {
            auto& list = f.number == 2 ? setup.varieties : setup.products;
            WireReader v(f.bytes);
            WireField g;
            while (v.next(g)) {
                if (g.number != 1 || g.type != WireType::bytes) continue;
                auto [guid, name] = guid_and_name(g.bytes);
                if (name.empty()) continue;
                if (!guid.empty()) names_by_guid.emplace(std::move(guid), name);
                list.push_back(std::move(name));
            }
        }
    }
}

// Field 20: repeated 20.1 = {1: element id, 3: {1: product guid, 3: product kind}} (the samples:
// a tank mix on the boom, one chemical per direct-injection pump; docs/FORMATS.md).
std::vector<std::pair<std::uint64_t, std::string>> parse_allocations(std::string_view message) {
    std::vector<std::pair<std::uint64_t, std::string>> out;
    WireReader r(message);
    WireField f;
    while (r.next(f)) {
        if (f.number != 1 || f.type != WireType::bytes) continue;
        std::uint64_t element = 0;
        std::string guid;
        WireReader a(f.bytes);
        WireField g;
        while (a.next(g)) {
            if (g.number == 1 && g.type == WireType::varint) element = g.varint;
            if (g.number != 3 || g.type != WireType::bytes) continue;
            WireReader p(g.bytes);
            WireField h;
            while (p.next(h))
                if (h.number == 1 && h.type == WireType::bytes) guid = std::string(h.bytes);
        }
        if (element != 0 && !guid.empty()) out.emplace_back(element, std::move(guid));
    }
    return out;
}

} // namespace

Setup parse_setup(std::string_view message) {
    Setup s;
    std::map<std::string, std::string> names_by_guid;
    std::vector<std::pair<std::uint64_t, std::string>> allocations;
    WireReader r(message);
    WireField f;
    while (r.next(f)) {
        switch (f.number) {
        case 3: s.start_ms = f.as_signed(); break;
        case 5: if (f.type == WireType::bytes) s.display_serial = std::string(f.bytes); break;
        case 10: if (f.type == WireType::bytes) parse_equipment(f.bytes, s); break;
        case 11: if (f.type == WireType::bytes) s.client = named_entity(f.bytes); break;
        case 12: if (f.type == WireType::bytes) s.farm = named_entity(f.bytes); break;
        case 13: if (f.type == WireType::bytes) s.field = named_entity(f.bytes); break;
        case 20:
            if (f.type == WireType::bytes)
                for (auto& a : parse_allocations(f.bytes)) allocations.push_back(std::move(a));
            break;
        case 21: if (f.type == WireType::bytes) parse_crop(f.bytes, s, names_by_guid); break;
        default: break;
        }
    }
    for (const auto& [element, guid] : allocations)
        if (const auto it = names_by_guid.find(guid); it != names_by_guid.end()) s.element_products.emplace(element, it->second);
    return s;
}

} // namespace furrow::formats::jd_gen4
