#include "support/temp_dir.hpp"

#include "core/ids.hpp"

namespace furrow::testing {

TempDir::TempDir() : m_path(std::filesystem::temp_directory_path() / ("furrow-test-" + random_hex(8))) {
    std::filesystem::create_directories(m_path);
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(m_path, ec);
}

} // namespace furrow::testing
