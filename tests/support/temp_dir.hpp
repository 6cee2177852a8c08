#pragma once
// A fresh directory under the system temp dir, removed with everything in it at scope exit.
#include <filesystem>

namespace furrow::testing {

class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return m_path; }

private:
    std::filesystem::path m_path;
};

} // namespace furrow::testing
