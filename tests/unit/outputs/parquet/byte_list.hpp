#pragma once
// Bytes as a list of ints 0..255, so a failing comparison prints them readably.
#include <string>
#include <vector>

namespace furrow::outputs::parquet {

inline std::vector<int> bytes_of(const std::string& s) {
    std::vector<int> out;
    for (unsigned char c : s) out.push_back(c);
    return out;
}

} // namespace furrow::outputs::parquet
