#pragma once
// Times without a zone (TimeBasis::local: a CSV's "5/03/2024 8:04:24") -> UTC, issue 15 point 4.
// The zone is the user's choice (MachineData::local_time_zone: the configuration's timeZone) or else
// the IANA zone at the first point's position (geo/time_zone_lookup.hpp, offline boundaries). The
// conversion report names the zone used and where it came from. UTC sources are left alone.
#include "schema/machine_data.hpp"

namespace furrow::pipeline {

void localise_times(schema::MachineData& data);

} // namespace furrow::pipeline
