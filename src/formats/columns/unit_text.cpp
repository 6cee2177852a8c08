#include "formats/columns/unit_text.hpp"

#include "core/strings.hpp"

#include <array>
#include <string>
#include <utility>

namespace furrow::formats::columns {
namespace {

// Lower-case spelling -> furrow's unit name. JD codes are first rewritten "a1b-1" -> "a/b".
constexpr auto spellings = std::to_array<std::pair<std::string_view, std::string_view>>({
    {"%", "percentage"},         {"prcnt", "percentage"},   {"pct", "percentage"},     {"percent", "percentage"},
    {"deg", "arcdeg"},           {"degrees", "arcdeg"},     {"°", "arcdeg"},           {"mph", "mi/hr"},
    {"mi/h", "mi/hr"},           {"kph", "km/h"},           {"km/hr", "km/h"},         {"kmh", "km/h"},
    {"m/sec", "m/s"},            {"ft/sec", "ft/s"},        {"feet", "ft"},            {"foot", "ft"},
    {"inch", "in"},              {"inches", "in"},          {"meter", "m"},            {"meters", "m"},
    {"metre", "m"},              {"metres", "m"},           {"l", "L"},                {"liter", "L"},
    {"litre", "L"},              {"l/ha", "L/ha"},          {"lt/ha", "L/ha"},         {"l/h", "L/h"},
    {"l/hr", "L/h"},             {"gal/h", "gal/hr"},       {"gph", "gal/hr"},         {"gpa", "gal/ac"},
    {"gal/a", "gal/ac"},         {"gal/acre", "gal/ac"},    {"bu/a", "bu/ac"},         {"bu/acre", "bu/ac"},
    {"bpa", "bu/ac"},            {"lb/a", "lb/ac"},         {"lbs/ac", "lb/ac"},       {"lbs/a", "lb/ac"},
    {"lb/acre", "lb/ac"},        {"lbs", "lb"},             {"lbs/s", "lb/s"},         {"lb/sec", "lb/s"},
    {"kg/sec", "kg/s"},          {"kg/hr", "kg/h"},         {"tonne/ha", "t/ha"},      {"tonnes/ha", "t/ha"},
    {"mt/ha", "t/ha"},           {"tons/ac", "ton/ac"},     {"tn/ac", "ton/ac"},       {"seeds/a", "seeds/ac"},
    {"sds/ac", "seeds/ac"},      {"seed/ac", "seeds/ac"},   {"seeds/acre", "seeds/ac"}, {"sds/ha", "seeds/ha"},
    {"seed/ha", "seeds/ha"},     {"sec", "s"},              {"secs", "s"},             {"seconds", "s"},
    {"acres", "ac"},             {"acre", "ac"},            {"hectare", "ha"},         {"gallon", "gal"},
    {"gallons", "gal"},          {"bushel", "bu"},          {"bushels", "bu"},         {"on/off", "flag"},
});

// JD / ADAPT notation: "a1b-1" is a / b ("bu1ac-1", "seeds1ac-1", "mi1hr-1", "lb1sec-1").
std::string from_jd_code(std::string name) {
    const auto one = name.find('1');
    if (one == std::string::npos || one == 0 || !name.ends_with("-1") || one + 3 >= name.size()) return name;
    return name.substr(0, one) + "/" + name.substr(one + 1, name.size() - one - 3);
}

} // namespace

const schema::Unit* parse_unit(std::string_view text) {
    const std::string given = trim(text);
    if (given.empty()) return nullptr;
    if (const auto* unit = schema::find_unit(given)) return unit;
    const std::string name = from_jd_code(to_lower(given));
    for (const auto& [spelling, furrow_name] : spellings)
        if (spelling == name) return schema::find_unit(furrow_name);
    if (const auto* unit = schema::find_unit(name)) return unit;
    // "sec" inside a JD code: "lb/sec" is caught above; "kg/sec" too; other "x/hr" forms:
    if (name.ends_with("/hr")) return schema::find_unit(name.substr(0, name.size() - 1));
    return nullptr;
}

} // namespace furrow::formats::columns
