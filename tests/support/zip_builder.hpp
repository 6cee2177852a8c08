#pragma once
// Builds small zip files for tests (with libzip), so no binary fixtures are committed.
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace furrow::testing {

using ZipEntries = std::vector<std::pair<std::string, std::string>>; // path -> content

void write_zip(const std::filesystem::path& out, const ZipEntries& entries);

} // namespace furrow::testing
