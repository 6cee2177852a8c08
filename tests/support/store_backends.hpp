#pragma once
// The metadata-store backends that the store tests run on, as a gtest parameter: one suite,
// instantiated for each (TEST_P + INSTANTIATE_TEST_SUITE_P(..., ValuesIn(store_backends), backend_name)).
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace furrow::testing {

inline const std::vector<std::string> store_backends = {"sqlite", "postgres"};

// The URL of a new, empty database of `backend`: a file under `dir` for "sqlite", a fresh
// database on the throwaway server (throwaway_postgres.hpp) for "postgres".
std::string empty_database_url(const std::string& backend, const TempDir& dir);

inline std::string backend_name(const ::testing::TestParamInfo<std::string>& info) { return info.param; }

} // namespace furrow::testing
