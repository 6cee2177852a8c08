#pragma once
// A GreenStar 3 .fdShape polygon file (a setup card's field boundary): a binary ring list, layout and
// evidence in docs/FORMATS.md ("GreenStar 3 setup cards"). Bounds-checked; malformed input throws
// ShapeError (the libFuzzer target tests/fuzz/fdd_fuzz.cpp runs it too).
#include <nlohmann/json.hpp>

#include <array>
#include <stdexcept>
#include <string_view>
#include <vector>

namespace furrow::formats::jd_greenstar {

class ShapeError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

using Ring = std::vector<std::array<double, 2>>; // lon, lat

// The rings of an .fdShape polygon file, in file order. Throws ShapeError when the bytes are not
// exactly that layout (the file must end where its last ring ends).
std::vector<Ring> read_fdshape_rings(std::string_view bytes);

// Rings as a GeoJSON MultiPolygon: a ring inside an earlier outer ring is a hole of it (the card's
// interior boundaries, BoundaryType 2 in the .fdData), any other ring an outer ring of its own.
nlohmann::json multipolygon_of(const std::vector<Ring>& rings);

} // namespace furrow::formats::jd_greenstar
