#pragma once
// A point table's values of one property, and a check of them against hand-computed values, for
// reader tests (a NaN expected value means "missing").
#include "schema/point_table.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace furrow::testing {

// The column of `id`, or no values when the table has no such column.
inline std::vector<double> column(const schema::PointTable& t, schema::PropertyId id) {
    const auto* c = t.find(id);
    return c == nullptr ? std::vector<double>{} : c->values;
}

inline void expect_values(const std::vector<double>& actual, const std::vector<double>& expected) {
    ASSERT_EQ(actual.size(), expected.size());
    for (std::size_t point_idx = 0; point_idx < actual.size(); ++point_idx) {
        if (std::isnan(expected[point_idx])) EXPECT_TRUE(std::isnan(actual[point_idx])) << point_idx;
        else EXPECT_NEAR(actual[point_idx], expected[point_idx], 1e-9) << point_idx;
    }
}

} // namespace furrow::testing
