#pragma once
// Turns a task's decoded time logs into one PointTable in source units.
//
// - A point's time is the GPS UTC time when the log has it and it is true, else the record's own
//   time taken as UTC although ISOXML records the terminal's local time (see TlgRecord::time);
//   replacements are counted in LoggedData for the conversion report.
// - Last fallback: a point whose time is still not true (no true GPS time and a terminal clock before
//   1990 or in the future: a terminal without a real-time clock) is placed at the task's effective
//   start (TSK TIM A, ISO 11783-10) plus its record clock's offset from the task's first record, so
//   the spacing between points is kept; counted in LoggedData for the conversion report.
// - One point per record with a position (PTN north and east logged or fixed); positions are kept as
//   recorded, even 0,0: the pipeline drops bad positions in one place for every format.
// - DLV values are "last known" (ISO 11783-10): each carries forward from the last record that had
//   it, per DLV, within one TLG (a new TLG starts with nothing known).
// - One DLV feeds each property, chosen once for the whole task over all its TLG headers: the DDI
//   with the lowest rank in ddi.cpp, then the DLV on the device element (DET type 1), else the
//   element nearest the root, else the first listed. Condensed work states take every condensed
//   DLV of the chosen element (sections 1-16, 17-32, ...).
// - A plain value or work state logged on several elements of one device is read over the device's
//   element tree (element_rollup.hpp): a device element that logs nothing or 0 takes its sections',
//   bins' or sub-devices' values; LoggedData counts the points where that happened.
// - A product the task allocates to an element of appliedRate's tree (PAN E: a bin with its own
//   product) gets its own rate column, that element's value (schema::ProductColumn).
// - A running total (0x0094 Total Fuel Consumption) becomes the increase since the previous point;
//   NaN for a TLG's first point and when the counter went backwards.
#include "formats/isoxml/ddi.hpp"
#include "formats/isoxml/element_rollup.hpp"
#include "formats/isoxml/taskdata.hpp"
#include "formats/isoxml/tlg_decoder.hpp"
#include "schema/point_table.hpp"

#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace furrow::formats::isoxml {

struct LoadedLog {
    std::string bin_name; // the .BIN file name, for messages
    TlgHeader header;
    std::string bin;      // the whole .BIN
};

std::span<const std::uint8_t> bytes_of(const std::string& s);

// What the time logs say besides points, for SourceInfo.
struct LoggedData {
    std::vector<std::uint16_t> ddis;          // every DDI in the headers, once
    std::vector<std::string> element_ids;     // every DET the headers refer to, once, in order
    std::optional<std::int64_t> cultural_practice; // the first logged DDI 179 value
    // Points whose GPS time was not true and took the record's own time (TlgRecord::rejected_gps_time).
    std::size_t replaced_gps_times = 0;
    TimeMs first_rejected_gps_time = 0, first_replacement = 0;
    // Points placed from the task's start (TSK TIM A) because neither clock was true.
    std::size_t task_time_points = 0;
    TimeMs task_start = 0, first_untrue_time = 0;
    // Standard property key -> points whose value came from child elements (element_rollup.hpp).
    std::map<std::string, std::size_t> from_child_elements;
};

class PointBuilder {
public:
    PointBuilder(const TaskData& td, const Task& task, std::span<const LoadedLog> logs);
    void add(const LoadedLog& log); // throws Error(corrupt_file) from decode_tlg
    schema::PointTable finish();    // columns with no value at all are left out
    const LoggedData& logged() const { return m_logged; }

private:
    struct Plan {
        const DdiMapping* mapping;
        std::string element_id;
        std::vector<double> values;
        std::vector<std::size_t> dlv_indices; // in the log being added
        double previous_level;                // running totals
        std::optional<ElementRollup> rollup;  // plain values and work states logged on several elements
    };
    struct ProductTrack {
        std::string name;       // PDT B
        std::string element_id; // PAN E
        std::size_t plan_idx;   // appliedRate's plan
        std::vector<double> values;
    };
    void choose(const TaskData& td, std::span<const LoadedLog> logs);
    void track_products(const TaskData& td, const Task& task);
    TimeMs true_time(const TlgRecord& record);
    double value_of(Plan& plan, const std::vector<std::int32_t>& last, const std::vector<std::uint8_t>& known);

    std::vector<Plan> m_plans;
    std::vector<ProductTrack> m_products;
    std::optional<TimeMs> m_task_start;   // the task's first plausible effective TIM A
    std::optional<TimeMs> m_clock_origin; // the record time of the task's first record
    TimeMs m_now = 0;
    std::vector<double> m_elevation;
    bool m_has_elevation = false;
    schema::PointTable m_table;
    LoggedData m_logged;
};

} // namespace furrow::formats::isoxml
