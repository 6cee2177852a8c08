// Sessions per machine on hand-made files: splitting at pauses and at operator changes, area sums
// worked out by hand.
#include "pipeline/sessions.hpp"

#include <gtest/gtest.h>

namespace furrow::pipeline {
namespace {

using schema::PropertyId;
constexpr TimeMs s = 1000; // one second in ms
constexpr TimeMs t0 = 1'600'000'000'000;

store::AssetLink link(const std::string& asset_id, const char* kind, const std::string& source_id,
                      const std::string& name, const std::string& serial = "") {
    return {asset_id, kind, source_id, name, serial};
}

// One tractor T1 with implement I1; operator P1 worked the first 1000 s, P2 from then on.
schema::MachineData tractor_file(const std::vector<TimeMs>& offsets, const std::vector<double>& areas_m2) {
    schema::MachineData data;
    data.source.machinery = {{"T1", "Tractor", "machine", "S1", "", {}}, {"I1", "Drill", "implement", "", "", {}}};
    data.source.operators = {{"P1", "Ann", "", {{t0, t0 + 1000 * s}}}, {"P2", "Bob", "", {{t0 + 1001 * s, t0 + 9000 * s}}}};
    for (std::size_t point_idx = 0; point_idx < offsets.size(); ++point_idx) {
        const auto point = data.points.add_point(10.0, 50.0, t0 + offsets[point_idx]);
        data.points.set(PropertyId::area, schema::unit("m2"), point, areas_m2[point_idx]);
    }
    return data;
}

const std::vector<store::AssetLink> tractor_links = {
    link("m-1", store::asset_machine, "T1", "Tractor", "S1"), link("i-1", store::asset_implement, "I1", "Drill"),
    link("p-1", store::asset_operator, "P1", "Ann"), link("p-2", store::asset_operator, "P2", "Bob")};

} // namespace

TEST(Sessions, split_at_an_operator_change_and_at_a_pause_longer_than_30_minutes) {
    // 0, 10, 20 s (Ann); 1010, 1020 s (Bob); then 31 min later (Bob again, after a pause).
    const TimeMs late = 1020 * s + 31 * 60 * s;
    const auto data = tractor_file({0, 10 * s, 20 * s, 1010 * s, 1020 * s, late}, {100, 200, 300, 400, 500, 600});
    const auto out = file_sessions("file-1", data, tractor_links);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0]["machineId"], "m-1");
    EXPECT_EQ(out[0]["serialNumber"], "S1");
    const auto& sessions = out[0]["sessions"];
    ASSERT_EQ(sessions.size(), 3u);
    EXPECT_EQ(sessions[0]["startTime"], format_iso8601(t0));
    EXPECT_EQ(sessions[0]["endTime"], format_iso8601(t0 + 20 * s));
    EXPECT_EQ(sessions[0]["operator"], (nlohmann::json{{"id", "p-1"}, {"name", "Ann"}}));
    EXPECT_EQ(sessions[0]["implement"], (nlohmann::json{{"id", "i-1"}, {"name", "Drill"}}));
    EXPECT_NEAR(sessions[0]["area"]["value"].get<double>(), 0.06, 1e-12); // (100 + 200 + 300) m² = 0.06 ha
    EXPECT_EQ(sessions[0]["area"]["unit"], "ha");
    EXPECT_NEAR(sessions[0]["workingTime"]["value"].get<double>(), 20.0 / 3600.0, 1e-12);
    EXPECT_EQ(sessions[1]["operator"]["id"], "p-2");
    EXPECT_NEAR(sessions[1]["area"]["value"].get<double>(), 0.09, 1e-12); // 400 + 500 m²
    EXPECT_NEAR(sessions[1]["workingTime"]["value"].get<double>(), 10.0 / 3600.0, 1e-12);
    EXPECT_EQ(sessions[2]["startTime"], format_iso8601(t0 + late));
    EXPECT_NEAR(sessions[2]["area"]["value"].get<double>(), 0.06, 1e-12); // 600 m²
    EXPECT_NE(sessions[0]["id"], sessions[1]["id"]);
}

TEST(Sessions, a_pause_of_exactly_30_minutes_does_not_split) {
    auto data = tractor_file({0, 30 * 60 * s}, {100, 100});
    data.source.operators.clear();
    const auto sessions = file_sessions("file-1", data, tractor_links)[0]["sessions"];
    ASSERT_EQ(sessions.size(), 1u);
    EXPECT_FALSE(sessions[0].contains("operator"));
    EXPECT_NEAR(sessions[0]["workingTime"]["value"].get<double>(), 0.5, 1e-12);
}

TEST(Sessions, ids_are_stable_and_differ_per_file) {
    const auto data = tractor_file({0, 10 * s}, {1, 1});
    const auto a = file_sessions("file-1", data, tractor_links);
    EXPECT_EQ(a, file_sessions("file-1", data, tractor_links));
    EXPECT_NE(a[0]["sessions"][0]["id"], file_sessions("file-2", data, tractor_links)[0]["sessions"][0]["id"]);
}

TEST(Sessions, points_are_split_by_the_machine_that_recorded_them_with_width_times_distance) {
    schema::MachineData data;
    data.source.machinery = {{"A", "", "machine", "SA", "", {}}, {"B", "", "machine", "", "", {}}};
    data.source.operators = {{"PA", "", "A", {}}, {"PB", "", "B", {}}};
    data.points.track_machines();
    // Interleaved: A at 0 s and 20 s, B at 10 s and 30 s; width 6 m, distances 10, 20, 30, 40 m.
    const double distance[] = {10, 20, 30, 40};
    for (int point_idx = 0; point_idx < 4; ++point_idx) {
        const auto p = data.points.add_point(10, 50, t0 + point_idx * 10 * s);
        data.points.machine_index()[p] = point_idx % 2;
        data.points.set(PropertyId::equipment_width, schema::unit("m"), p, 6);
        data.points.set(PropertyId::distance, schema::unit("m"), p, distance[point_idx]);
    }
    const std::vector<store::AssetLink> links = {link("a", store::asset_machine, "A", "", "SA"), link("b", store::asset_machine, "B", ""),
                                                 link("pa", store::asset_operator, "PA", ""), link("pb", store::asset_operator, "PB", "")};
    const auto out = file_sessions("f", data, links);
    ASSERT_EQ(out.size(), 2u);
    EXPECT_TRUE(out[1]["serialNumber"].is_null());
    const auto& a = out[0]["sessions"][0];
    EXPECT_EQ(a["operator"]["id"], "pa");
    EXPECT_EQ(a["endTime"], format_iso8601(t0 + 20 * s));
    EXPECT_NEAR(a["area"]["value"].get<double>(), 6 * (10 + 30) / 1e4, 1e-12);
    EXPECT_EQ(out[1]["sessions"][0]["operator"]["id"], "pb");
    EXPECT_NEAR(out[1]["sessions"][0]["area"]["value"].get<double>(), 6 * (20 + 40) / 1e4, 1e-12);
}

TEST(Sessions, allocation_periods_choose_among_several_implements_but_never_drop_points) {
    auto data = tractor_file({0, 10 * s, 20 * s}, {1, 2, 4});
    data.source.machinery[0].periods = {{t0 + 5 * s, t0 + 25 * s}}; // the tractor's stamp misses 0 s: kept anyway
    data.source.machinery[1].periods = {{t0, t0 + 15 * s}};
    data.source.machinery.push_back({"I2", "Mower", "implement", "", "", {{t0 + 16 * s, t0 + 30 * s}}});
    auto links = tractor_links;
    links.push_back(link("i-2", store::asset_implement, "I2", "Mower"));
    const auto sessions = file_sessions("f", data, links)[0]["sessions"];
    ASSERT_EQ(sessions.size(), 2u);
    EXPECT_EQ(sessions[0]["startTime"], format_iso8601(t0));
    EXPECT_EQ(sessions[0]["implement"]["id"], "i-1");
    EXPECT_NEAR(sessions[0]["area"]["value"].get<double>(), 3 / 1e4, 1e-12); // 1 + 2 m²
    EXPECT_EQ(sessions[1]["implement"]["id"], "i-2");
    EXPECT_NEAR(sessions[1]["area"]["value"].get<double>(), 4 / 1e4, 1e-12);
    EXPECT_TRUE(file_sessions("f", data, {}).empty()); // a machine without a record is left out
}

TEST(Sessions, merge_joins_machines_orders_sessions_and_keeps_a_repeated_session_once) {
    const nlohmann::json first = nlohmann::json::parse(R"([{"machineId":"m","serialNumber":null,"sessions":[
        {"id":"s2","startTime":"2024-01-02T00:00:00.000Z"}]}])");
    const nlohmann::json second = nlohmann::json::parse(R"([{"machineId":"m","serialNumber":"S","sessions":[
        {"id":"s1","startTime":"2024-01-01T00:00:00.000Z"},{"id":"s2","startTime":"2024-01-02T00:00:00.000Z"}]},
        {"machineId":"n","serialNumber":null,"sessions":[]}])");
    const auto merged = merge_sessions({first, second});
    ASSERT_EQ(merged.size(), 2u);
    EXPECT_EQ(merged[0]["serialNumber"], "S");
    ASSERT_EQ(merged[0]["sessions"].size(), 2u);
    EXPECT_EQ(merged[0]["sessions"][0]["id"], "s1");
    EXPECT_EQ(merged[0]["sessions"][1]["id"], "s2");
    EXPECT_EQ(merged[1]["machineId"], "n");
}

} // namespace furrow::pipeline
