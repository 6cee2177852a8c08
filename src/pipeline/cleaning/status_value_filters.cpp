// Machine state and the judged value's validity: the first, cheapest screens of every method
// (Yield Editor's header-up, Vega et al.'s nulls).
#include "pipeline/cleaning/filters.hpp"

#include <cmath>

namespace furrow::pipeline::cleaning::detail {

// recordingStatus 0 = implement off / header up (DDI 141, 161). A missing status is unknown, not
// off, and is kept: standardize sets every status "On" when the source logged none.
void filter_recording_status(FilterContext& ctx) {
    const auto* status = ctx.column(schema::PropertyId::recording_status);
    if (!status) return;
    for (std::size_t i = 0; i < ctx.size(); ++i)
        if ((*status)[i] < 0.5) ctx.remove(i); // NaN compares false: kept
}

// A missing, zero or negative rate says nothing about the field (the sensor had no flow, or the
// value was never logged); a negative yield is a calibration artefact (csiro-grape-yield-csv has some).
void filter_invalid_value(FilterContext& ctx) {
    if (ctx.values.empty()) return;
    for (std::size_t i = 0; i < ctx.size(); ++i)
        if (!std::isfinite(ctx.values[i]) || ctx.values[i] <= 0) ctx.remove(i);
}

} // namespace furrow::pipeline::cleaning::detail
