#include "core/enum_names.hpp"
#include "schema/operation_type.hpp"
#include "store/statuses.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

namespace furrow {
namespace {

// Each table lists every value of its enum once, with a distinct name, and reads back both ways.
template <typename Enum, std::size_t N>
void expect_round_trip(const std::array<EnumName<Enum>, N>& table, int value_count) {
    std::set<int> values;
    std::set<std::string_view> names;
    for (const auto& entry : table) {
        EXPECT_TRUE(values.insert(static_cast<int>(entry.value)).second) << entry.name;
        EXPECT_TRUE(names.insert(entry.name).second) << entry.name;
        EXPECT_EQ(name_in(table, entry.value), entry.name);
        EXPECT_EQ(value_in(table, entry.name), entry.value);
    }
    EXPECT_EQ(static_cast<int>(values.size()), value_count);
    for (int value = 0; value < value_count; ++value) EXPECT_TRUE(values.contains(value)) << value;
}

TEST(EnumNames, every_table_round_trips) {
    expect_round_trip(schema::operation_type_table, 4);
    expect_round_trip(store::batch_status_table, 3);
    expect_round_trip(store::file_status_table, 3);
    expect_round_trip(store::file_origin_table, 4);
    expect_round_trip(store::step_status_table, 3);
}

TEST(EnumNames, wire_spellings_are_the_seeds) {
    // files-v3.md and operations-v2.md, written out here independently of the tables.
    EXPECT_EQ(std::vector<std::string_view>(store::batch_status_names.begin(), store::batch_status_names.end()),
              (std::vector<std::string_view>{"RECEIVED", "PROCESSED", "FAILED"}));
    EXPECT_EQ(std::vector<std::string_view>(store::file_status_names.begin(), store::file_status_names.end()),
              (std::vector<std::string_view>{"processed", "failed", "processing"}));
    EXPECT_EQ(std::vector<std::string_view>(store::file_origin_names.begin(), store::file_origin_names.end()),
              (std::vector<std::string_view>{"provider", "automerged", "merged", "uploaded"}));
    EXPECT_EQ(std::vector<std::string_view>(schema::operation_type_names.begin(), schema::operation_type_names.end()),
              (std::vector<std::string_view>{"applied", "planted", "harvested", "tillage"}));
    EXPECT_EQ(store::to_string(store::StepStatus::skipped), "skipped");
}

TEST(EnumNames, unknown_names_have_no_value_and_a_damaged_row_is_internal) {
    EXPECT_FALSE(schema::operation_type_from("Harvested")); // case matters: the wire is lower case
    EXPECT_FALSE(schema::operation_type_from(""));
    EXPECT_EQ(schema::to_string(std::optional<schema::OperationType>{}), "");
    try {
        store::stored_value(store::file_status_table, "files.status", "done");
        ADD_FAILURE() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::internal);
        EXPECT_EQ(std::string(e.what()), "store: files.status 'done' is not a known value");
    }
}

} // namespace
} // namespace furrow
