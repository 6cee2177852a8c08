#pragma once
// A record's time as UTC milliseconds, from whichever time columns the exporter wrote.
//
// Zones: JD's IsoTime ends in Z. JD's "Time" text ("8/26/2017 6:36:52 PM") has no zone; in the JD
// samples it equals IsoTime to the second, so it is read as UTC. SMS writes a Date field (the
// day), the session start in its data set name ("18/07/18-15:16:35 (236597)", local time of the
// display) and each record's Duration: no zone anywhere, so those local times are taken as UTC
// (off by the field's UTC offset, hours; intervals between records stay right). Without any time
// column every point gets time 0 (1970-01-01T00:00:00Z).
#include "core/time.hpp"

#include <ogr_api.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace furrow::formats::shapefile {

// "8/26/2017 6:36:52 PM" or "8/26/2017 18:36:52" (month first, as US exporters write), read as UTC.
std::optional<TimeMs> parse_us_datetime(std::string_view text);
// "yy/mm/dd-HH:MM:SS ..." (SMS data set name) -> milliseconds since midnight.
std::optional<TimeMs> parse_session_time_of_day(std::string_view text);
TimeMs days_from_civil_ms(int year, int month, int day);

struct TimeFields {
    std::vector<int> time;     // Meaning::time fields, in catalogue order: the first with a value wins
    int date = -1;             // a day (DBF Date, "YYYYMMDD" or "YYYY-MM-DD") ...
    int time_of_day = -1;      // ... and its time of day ("hh:mm:ss.s"): Trimble's UTC_Date + UTC_Time
    int unix_seconds = -1;
    int session_start = -1;
    int duration_s = -1;
};

class RecordClock {
public:
    explicit RecordClock(TimeFields fields) : m_fields(std::move(fields)) {}
    TimeMs time_of(OGRFeatureH feature);

private:
    // nullopt when no time column has a value; `has_time_of_day` false for a bare date.
    std::optional<TimeMs> absolute(OGRFeatureH feature, bool& has_time_of_day) const;
    TimeMs session_offset(OGRFeatureH feature);
    std::optional<TimeMs> date_and_time_of_day(OGRFeatureH feature) const;

    TimeFields m_fields;
    std::string m_session;  // the current SMS session (data set name)
    double m_elapsed_s = 0; // sum of the session's durations before this record
};

} // namespace furrow::formats::shapefile
