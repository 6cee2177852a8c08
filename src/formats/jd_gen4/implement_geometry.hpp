#pragma once
// Where the implement was at each receiver sample. While it works, the display logs the two ends
// of its working width (swath channel): the point is their middle and the width their distance, as
// in Deere's exports. When it does not, only the receiver is logged; Deere's exports still place
// the point at the implement, so furrow moves the receiver by the implement's offset measured from
// the swath samples of the same file (docs/FORMATS.md "Positions").
#include "formats/jd_gen4/jdl_streams.hpp"

#include <cstddef>
#include <vector>

namespace furrow::formats::jd_gen4 {

struct ImplementPoint {
    double lat = 0, lon = 0;
    double heading_deg = 0;   // clockwise from north; NaN when nothing says (never moved, no swath)
    double width_m = 0;       // 0 when the implement was not working
    bool working = false;     // a swath sample at this time
};

// One entry per log.track sample.
std::vector<ImplementPoint> implement_points(const FileLog& log);

// The middle of the swath's ends and its receiver, both in metres: forward and right of the
// receiver along the heading. Exposed for tests.
struct BodyOffset {
    double forward_m = 0;
    double right_m = 0;
    bool known = false;
};
BodyOffset measured_offset(const FileLog& log, const std::vector<std::ptrdiff_t>& swath_of,
                           const std::vector<double>& headings);

} // namespace furrow::formats::jd_gen4
