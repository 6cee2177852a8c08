#include "pipeline/operations/operation_plan.hpp"

#include <gtest/gtest.h>

namespace furrow::pipeline::operations {
namespace {

constexpr TimeMs day = 24LL * 3600 * 1000;

PlanFile file(std::string id, std::string type, TimeMs start_day, std::vector<std::string> fields, bool inside = true,
              std::string provider = "JohnDeere", std::string crop = "corn") {
    PlanFile f{std::move(id), schema::operation_type_from(type), std::move(crop), std::move(provider), start_day * day, start_day * day + day / 4, {}, inside};
    for (auto& field : fields) f.fields.push_back({field, field + "-b", 50});
    return f;
}

TEST(OperationPlan, files_within_the_window_merge_and_a_gap_splits) {
    // Planting window 5 days: day 0 and day 4 merge (4 days after the first ended), day 20 does not.
    const auto plan = plan_operations({file("a", "planted", 0, {"F"}), file("b", "planted", 4, {"F"}),
                                       file("c", "planted", 20, {"F"})},
                                      PlanRules{});
    ASSERT_EQ(plan.size(), 2u);
    EXPECT_EQ(plan[0].file_ids, (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(plan[1].file_ids, (std::vector<std::string>{"c"}));
    EXPECT_EQ(plan[0].field_id, "F");
    EXPECT_FALSE(plan[0].needs_crop);
}

TEST(OperationPlan, harvest_uses_its_own_window) {
    // 15 days apart: one harvest operation (21-day window), two planting ones (5-day window).
    const auto harvest = plan_operations({file("a", "harvested", 0, {"F"}), file("b", "harvested", 15, {"F"})}, PlanRules{});
    EXPECT_EQ(harvest.size(), 1u);
    const auto planting = plan_operations({file("a", "planted", 0, {"F"}), file("b", "planted", 15, {"F"})}, PlanRules{});
    EXPECT_EQ(planting.size(), 2u);
}

TEST(OperationPlan, type_crop_and_provider_keep_groups_apart) {
    auto plan = plan_operations({file("a", "planted", 0, {"F"}), file("b", "applied", 0, {"F"}),
                                 file("c", "planted", 0, {"F"}, true, "CNHI"), file("d", "planted", 0, {"F"}, true, "JohnDeere", "soybeans")},
                                PlanRules{});
    EXPECT_EQ(plan.size(), 4u);
    PlanRules no_provider_split;
    no_provider_split.split_by_provider = false;
    plan = plan_operations({file("a", "planted", 0, {"F"}), file("c", "planted", 0, {"F"}, true, "CNHI")}, no_provider_split);
    ASSERT_EQ(plan.size(), 1u);
    EXPECT_EQ(plan[0].provider, "");
}

TEST(OperationPlan, split_by_field_makes_one_operation_per_field_and_crops) {
    const auto plan = plan_operations({file("a", "harvested", 0, {"F", "G"}, false), file("b", "harvested", 1, {"G"})}, PlanRules{});
    ASSERT_EQ(plan.size(), 2u);
    EXPECT_EQ(plan[0].field_id, "F");
    EXPECT_EQ(plan[0].file_ids, (std::vector<std::string>{"a"}));
    EXPECT_TRUE(plan[0].needs_crop);
    EXPECT_EQ(plan[1].field_id, "G");
    EXPECT_EQ(plan[1].file_ids, (std::vector<std::string>{"a", "b"}));
    EXPECT_TRUE(plan[1].needs_crop); // file a reaches into F too
}

TEST(OperationPlan, without_field_split_one_operation_links_every_field) {
    PlanRules rules;
    rules.split_by_field = false;
    const auto plan = plan_operations({file("a", "harvested", 0, {"F", "G"}, false), file("b", "harvested", 1, {"G"})}, rules);
    ASSERT_EQ(plan.size(), 1u);
    EXPECT_EQ(plan[0].field_id, "");
    ASSERT_EQ(plan[0].fields.size(), 2u);
    EXPECT_FALSE(plan[0].needs_crop);
}

TEST(OperationPlan, files_touching_no_field_make_no_operation) {
    const auto plan = plan_operations({file("a", "harvested", 0, {}), file("b", "", 0, {"F"})}, PlanRules{});
    EXPECT_TRUE(plan.empty());
}

} // namespace
} // namespace furrow::pipeline::operations
