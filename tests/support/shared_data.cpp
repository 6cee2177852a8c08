#include "support/shared_data.hpp"

#include <cstdlib>

namespace furrow::testing {

std::filesystem::path shared_data() {
    if (const char* env = std::getenv("FURROW_SHARED_DATA")) return env;
    return std::filesystem::path(FURROW_SOURCE_DIR).parent_path() / "shared" / "data";
}

} // namespace furrow::testing
