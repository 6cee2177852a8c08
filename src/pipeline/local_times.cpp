#include "pipeline/local_times.hpp"

#include "core/local_time.hpp"
#include "geo/time_zone_lookup.hpp"

#include <fmt/format.h>

namespace furrow::pipeline {

void localise_times(schema::MachineData& data) {
    if (data.time_basis != schema::TimeBasis::local) return;
    auto& t = data.points;
    if (t.size() == 0) return;
    std::string zone = data.local_time_zone, from = "named by the user: the upload's or the configuration's timeZone, or convert --time-zone";
    if (zone.empty()) {
        zone = geo::installed_time_zones().zone_at(t.lat()[0], t.lon()[0]);
        from = fmt::format("the zone at the first point ({:.5f}, {:.5f})", t.lat()[0], t.lon()[0]);
    }
    const LocalTimeZone local(zone);
    for (auto& time : t.time()) time = local.to_utc(time);
    data.time_basis = schema::TimeBasis::utc;
    data.report.time_zone = zone;
    data.report.warn(fmt::format("times: the source's times have no zone; read as local times in {} ({}) and "
                                 "converted to UTC", zone, from));
}

} // namespace furrow::pipeline
