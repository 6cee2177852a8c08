#include "pipeline/cleanup_rules.hpp"

#include "schema/property_registry.hpp"

#include <functional>
#include <vector>

namespace furrow::pipeline {
namespace {

bool holds(const std::string& op, double value, double limit) {
    if (op == "GT") return value > limit;
    if (op == "GTE") return value >= limit;
    if (op == "LT") return value < limit;
    if (op == "LTE") return value <= limit;
    if (op == "EQ") return value == limit;
    return value != limit; // NE
}

bool holds(const std::string& op, const std::string& value, const std::string& expected) {
    return op == "EQ" ? value == expected : value != expected;
}

// One property's rules as a test of point i; nullptr when the file has nothing to test.
using PointTest = std::function<bool(std::size_t)>;

PointTest column_test(const schema::Column& column, const nlohmann::json& rules) {
    return [&column, &rules](std::size_t i) {
        const double v = column.values[i];
        if (schema::is_missing(v)) return true;
        for (const auto& rule : rules)
            if (!holds(rule["operator"].get<std::string>(), v, rule["value"].get<double>())) return false;
        return true;
    };
}

PointTest recording_test(const schema::Column& column, const nlohmann::json& rules) {
    return [&column, &rules](std::size_t i) {
        const double v = column.values[i];
        if (schema::is_missing(v)) return true;
        const std::string text = v >= 0.5 ? "On" : "Off"; // as written in the standard GeoJSON
        for (const auto& rule : rules)
            if (!holds(rule["operator"].get<std::string>(), text, rule["value"].get<std::string>())) return false;
        return true;
    };
}

PointTest crop_test(const std::string& crop, const nlohmann::json& rules) {
    bool ok = true;
    for (const auto& rule : rules)
        ok = ok && holds(rule["operator"].get<std::string>(), crop, rule["value"].get<std::string>());
    return [ok](std::size_t) { return ok; };
}

PointTest test_for(const schema::PointTable& points, const std::string& property, const nlohmann::json& rules,
                   const std::string& crop) {
    if (property == "crop") return crop.empty() ? nullptr : crop_test(crop, rules);
    const auto id = schema::find_property(property);
    if (!id) return nullptr; // e.g. products: not a per-point column in furrow
    const auto* column = points.find(*id);
    if (column == nullptr) return nullptr;
    return *id == schema::PropertyId::recording_status ? recording_test(*column, rules) : column_test(*column, rules);
}

} // namespace

CleanupReport apply_cleanup_rules(schema::MachineData& data, const nlohmann::json& rules, const std::string& crop) {
    auto& points = data.points;
    CleanupReport report;
    report.input_points = points.size();
    std::vector<std::pair<std::string, PointTest>> tests;
    for (const auto& [property, property_rules] : rules.items())
        if (auto test = test_for(points, property, property_rules, crop)) tests.emplace_back(property, std::move(test));
    if (tests.empty()) return report;

    std::vector<bool> keep(points.size(), true);
    std::vector<std::size_t> removed(tests.size(), 0);
    for (std::size_t i = 0; i < points.size(); ++i) {
        for (std::size_t test_idx = 0; test_idx < tests.size(); ++test_idx) {
            if (tests[test_idx].second(i)) continue;
            keep[i] = false;
            ++removed[test_idx];
            break;
        }
    }
    for (std::size_t test_idx = 0; test_idx < tests.size(); ++test_idx) {
        if (removed[test_idx] == 0) continue;
        report.removed_by[tests[test_idx].first] = removed[test_idx];
        report.removed_points += removed[test_idx];
    }
    if (report.removed_points > 0) points.keep(keep);
    return report;
}

nlohmann::json CleanupReport::to_json() const {
    return {{"inputPoints", input_points}, {"removedPoints", removed_points}, {"removedBy", removed_by}};
}

} // namespace furrow::pipeline
