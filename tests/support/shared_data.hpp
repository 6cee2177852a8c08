#pragma once
// Where the real machine-file samples are: $FURROW_SHARED_DATA, else shared/data beside the
// repository (as in CI). Tests that use them must fail, not skip, when they are missing.
#include <filesystem>

namespace furrow::testing {

std::filesystem::path shared_data();

} // namespace furrow::testing
