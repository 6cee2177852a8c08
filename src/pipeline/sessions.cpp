#include "pipeline/sessions.hpp"

#include "pipeline/file_assets.hpp"

#include <fmt/format.h>
#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <numeric>

namespace furrow::pipeline {
namespace {

using schema::PropertyId;

// RFC 4122 §4.3 name-based UUID (version 5, SHA-1) of `name`: the same session gets the same id on
// every run, and ids of different sessions do not collide.
std::string name_uuid(const std::string& name) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    EVP_Digest(name.data(), name.size(), digest.data(), &length, EVP_sha1(), nullptr);
    digest[6] = static_cast<unsigned char>((digest[6] & 0x0F) | 0x50);
    digest[8] = static_cast<unsigned char>((digest[8] & 0x3F) | 0x80);
    std::string hex;
    for (std::size_t byte_idx = 0; byte_idx < 16; ++byte_idx) {
        if (byte_idx == 4 || byte_idx == 6 || byte_idx == 8 || byte_idx == 10) hex += '-';
        hex += fmt::format("{:02x}", digest[byte_idx]);
    }
    return hex;
}

bool active_at(const std::vector<schema::TimeSpan>& periods, TimeMs t) {
    return periods.empty() ||
           std::any_of(periods.begin(), periods.end(), [t](const auto& p) { return p.start <= t && t <= p.stop; });
}

// Worked area of each point in m² (0 where unknown).
std::vector<double> point_areas(const schema::PointTable& points) {
    std::vector<double> out(points.size(), 0.0);
    const auto value = [](const schema::Column& c, std::size_t i) { return c.values[i] * c.unit->to_canonical; };
    const auto* area = points.find(PropertyId::area);
    const auto* width = points.find(PropertyId::equipment_width);
    const auto* distance = points.find(PropertyId::distance);
    for (std::size_t point_idx = 0; point_idx < points.size(); ++point_idx) {
        double a = schema::missing;
        if (area != nullptr) a = value(*area, point_idx);
        else if (width != nullptr && distance != nullptr) a = value(*width, point_idx) * value(*distance, point_idx);
        if (!schema::is_missing(a)) out[point_idx] = a;
    }
    return out;
}

// The points machine `machine_idx` recorded, in time order.
std::vector<std::size_t> machine_points(const schema::MachineData& data, std::size_t machine_idx) {
    const auto& points = data.points;
    std::vector<std::size_t> out;
    for (std::size_t point_idx = 0; point_idx < points.size(); ++point_idx) {
        if (points.tracks_machines() && points.machine_index()[point_idx] != static_cast<std::int32_t>(machine_idx))
            continue;
        out.push_back(point_idx);
    }
    std::stable_sort(out.begin(), out.end(), [&](std::size_t a, std::size_t b) { return points.time()[a] < points.time()[b]; });
    return out;
}

// Who drove and what was pulled at time t: the asset links, or nullptr when not exactly one matches.
struct AtWork {
    const store::AssetLink* operator_link = nullptr;
    const store::AssetLink* implement_link = nullptr;
    bool operator==(const AtWork&) const = default;
};

struct Attribution {
    const schema::MachineData& data;
    const schema::Machinery& machine;
    const std::vector<store::AssetLink>& assets;

    struct Candidate {
        const store::AssetLink* link;
        const std::vector<schema::TimeSpan>* periods;
    };

    // The one candidate; among several, the one whose periods hold t; nullptr otherwise.
    static const store::AssetLink* choose(const std::vector<Candidate>& candidates, TimeMs t) {
        if (candidates.size() == 1) return candidates.front().link;
        const store::AssetLink* chosen = nullptr;
        for (const auto& c : candidates) {
            if (c.periods->empty() || !active_at(*c.periods, t)) continue;
            if (chosen != nullptr && chosen != c.link) return nullptr;
            chosen = c.link;
        }
        return chosen;
    }

    AtWork at(TimeMs t) const {
        std::vector<Candidate> operators, implements;
        for (const auto& person : data.source.operators)
            if (person.machine_id.empty() || person.machine_id == machine.id)
                if (const auto* link = find_link(assets, store::asset_operator, person.id, person.name))
                    operators.push_back({link, &person.periods});
        for (const auto& other : data.source.machinery)
            if (other.type == "implement")
                if (const auto* link = find_link(assets, store::asset_implement, other.id, other.name))
                    implements.push_back({link, &other.periods});
        return {choose(operators, t), choose(implements, t)};
    }
};

nlohmann::json reference(const store::AssetLink& link) { return {{"id", link.asset_id}, {"name", link.name}}; }

struct Span {
    TimeMs start = 0, end = 0;
    double area_m2 = 0;
    AtWork who;
};

nlohmann::json session_json(const std::string& file_id, const std::string& machine_id, const Span& span) {
    nlohmann::json s = {{"id", name_uuid(fmt::format("furrow-session:{}:{}:{}", file_id, machine_id, span.start))},
                        {"startTime", format_iso8601(span.start)},
                        {"endTime", format_iso8601(span.end)}};
    if (span.who.operator_link != nullptr) s["operator"] = reference(*span.who.operator_link);
    if (span.who.implement_link != nullptr) s["implement"] = reference(*span.who.implement_link);
    s["area"] = {{"value", span.area_m2 / 10'000.0}, {"unit", "ha"}};
    s["workingTime"] = {{"value", static_cast<double>(span.end - span.start) / 3'600'000.0}, {"unit", "h"}};
    return s;
}

std::vector<Span> split_sessions(const std::vector<std::size_t>& order, const schema::PointTable& points,
                                 const std::vector<double>& areas, const Attribution& attribution) {
    std::vector<Span> spans;
    for (std::size_t order_idx = 0; order_idx < order.size(); ++order_idx) {
        const std::size_t point_idx = order[order_idx];
        const TimeMs t = points.time()[point_idx];
        const AtWork who = attribution.at(t);
        const bool gap = order_idx > 0 && t - points.time()[order[order_idx - 1]] > session_gap_ms;
        // Every point's area counts in its own session: after a pause it is 0 anyway (standardize
        // derives no area across a gap) and a swath polygon is the point's own.
        if (spans.empty() || gap || !(who == spans.back().who)) spans.push_back({t, t, 0.0, who});
        spans.back().end = t;
        spans.back().area_m2 += areas[point_idx];
    }
    return spans;
}

} // namespace

nlohmann::json file_sessions(const std::string& file_id, const schema::MachineData& standard,
                             const std::vector<store::AssetLink>& assets) {
    nlohmann::json out = nlohmann::json::array();
    const auto areas = point_areas(standard.points);
    for (std::size_t machine_idx = 0; machine_idx < standard.source.machinery.size(); ++machine_idx) {
        const auto& machine = standard.source.machinery[machine_idx];
        if (machine.type == "implement") continue;
        const auto* link = find_link(assets, store::asset_machine, machine.id, machine.name);
        if (link == nullptr) continue;
        const Attribution attribution{standard, machine, assets};
        nlohmann::json sessions = nlohmann::json::array();
        for (const auto& span : split_sessions(machine_points(standard, machine_idx), standard.points, areas, attribution))
            sessions.push_back(session_json(file_id, link->asset_id, span));
        out.push_back({{"machineId", link->asset_id},
                       {"serialNumber", link->serial_number.empty() ? nlohmann::json() : nlohmann::json(link->serial_number)},
                       {"sessions", std::move(sessions)}});
    }
    return out;
}

nlohmann::json merge_sessions(const std::vector<nlohmann::json>& per_file) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& list : per_file) {
        if (!list.is_array()) continue;
        for (const auto& machine : list) {
            auto it = std::find_if(out.begin(), out.end(), [&](const auto& m) { return m["machineId"] == machine["machineId"]; });
            if (it == out.end()) {
                out.push_back({{"machineId", machine["machineId"]}, {"serialNumber", machine.value("serialNumber", nlohmann::json())},
                               {"sessions", nlohmann::json::array()}});
                it = out.end() - 1;
            }
            if ((*it)["serialNumber"].is_null() && machine.contains("serialNumber")) (*it)["serialNumber"] = machine["serialNumber"];
            auto& sessions = (*it)["sessions"];
            for (const auto& session : machine.value("sessions", nlohmann::json::array()))
                if (std::none_of(sessions.begin(), sessions.end(), [&](const auto& s) { return s["id"] == session["id"]; }))
                    sessions.push_back(session);
        }
    }
    // ISO 8601 in one format (format_iso8601) orders as text.
    for (auto& machine : out)
        std::stable_sort(machine["sessions"].begin(), machine["sessions"].end(),
                         [](const auto& a, const auto& b) { return a["startTime"].template get<std::string>() < b["startTime"].template get<std::string>(); });
    return out;
}

} // namespace furrow::pipeline
