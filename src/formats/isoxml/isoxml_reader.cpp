#include "formats/isoxml/isoxml_reader.hpp"

#include "core/error.hpp"
#include "core/strings.hpp"
#include "core/time.hpp"
#include "formats/detect_helpers.hpp"
#include "formats/isoxml/point_builder.hpp"
#include "formats/isoxml/source_info.hpp"
#include "formats/isoxml/taskdata.hpp"
#include "formats/isoxml/value_presentation.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

namespace furrow::formats::isoxml {
namespace {

const BundleEntry& taskdata_entry(const Bundle& bundle, const Dataset& dataset) {
    const BundleEntry* entry = bundle.find(dataset.marker);
    if (entry == nullptr)
        throw Error(ErrorCode::corrupt_file, fmt::format("isoxml: {}: missing", formats::detail::file_name_of(dataset.marker)));
    return *entry;
}

std::string read_all(const Bundle& bundle, const BundleEntry& entry) {
    return bundle.read_all(entry);
}

LoadedLog load_log(const Bundle& bundle, const FolderIndex& folder, const std::string& name) {
    const BundleEntry& xml = folder.require(name + ".XML");
    const BundleEntry& bin = folder.require(name + ".BIN");
    const auto bin_name = std::string(formats::detail::file_name_of(bin.path));
    return {bin_name, parse_tlg_header(read_all(bundle, xml), formats::detail::file_name_of(xml.path)), read_all(bundle, bin)};
}

TimeMs first_record_time(const LoadedLog& log) {
    TimeMs first = std::numeric_limits<TimeMs>::max(); // logs without records go last
    decode_tlg(log.header, bytes_of(log.bin), log.bin_name, [&](const TlgRecord& r) { first = r.time; }, 1);
    return first;
}

// The task's logs, read whole, in the order of their first record's time.
std::vector<LoadedLog> load_logs(const Bundle& bundle, const FolderIndex& folder, const Task& task) {
    std::vector<std::pair<TimeMs, LoadedLog>> timed;
    for (const auto& name : task.time_logs) {
        LoadedLog log = load_log(bundle, folder, name);
        const TimeMs first = first_record_time(log);
        timed.emplace_back(first, std::move(log));
    }
    std::stable_sort(timed.begin(), timed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<LoadedLog> logs;
    for (auto& [first, log] : timed) logs.push_back(std::move(log));
    return logs;
}

const Task& find_task(const TaskData& td, const Dataset& dataset) {
    if (dataset.part.empty()) {
        const auto it = std::find_if(td.tasks.begin(), td.tasks.end(), [](const Task& t) { return !t.time_logs.empty(); });
        if (it != td.tasks.end()) return *it;
    } else if (const Task* task = td.find_task(dataset.part)) {
        return *task;
    }
    throw Error(ErrorCode::corrupt_file, fmt::format("isoxml: {}: no task {} with time logs",
                                                     formats::detail::file_name_of(dataset.marker), dataset.part));
}

// What the reader decided beyond the points: child elements standing in for their device element,
// device value presentations that disagree with the data dictionary.
void report_device_tree(const TaskData& td, std::span<const LoadedLog> logs, const LoggedData& logged,
                        std::size_t points, schema::ConversionReport& report) {
    for (const auto& [property, count] : logged.from_child_elements)
        report.warn(fmt::format("device tree: {} of {} points take {} from child elements (sections, bins, sub-devices) "
                                "because the device element logged none or 0 (the rules: docs/formats/isoxml.md)",
                                count, points, property));
    std::vector<const TlgHeader*> headers;
    for (const auto& log : logs) headers.push_back(&log.header);
    for (auto& warning : presentation_warnings(td, headers)) report.warn(std::move(warning));
}

} // namespace

std::vector<Dataset> split_taskdata(const Bundle& bundle, const Dataset& dataset) {
    const BundleEntry& marker = taskdata_entry(bundle, dataset);
    const TaskData td = read_taskdata(bundle, marker);
    const FolderIndex folder(bundle, td.folder);
    std::vector<Dataset> out;
    for (const auto& task : td.tasks) {
        // A task whose logs are missing from the zip still becomes a machine file: read() then
        // fails it with a message naming the missing file, instead of the task vanishing.
        if (task.time_logs.empty()) continue;
        std::vector<std::string> log_entries;
        for (const auto& name : task.time_logs)
            for (const auto* entry : {folder.find(name + ".XML"), folder.find(name + ".BIN")})
                if (entry != nullptr) log_entries.push_back(entry->path);
        Dataset part;
        part.key = dataset.key + "#" + task.id;
        part.part = task.id;
        part.name = trim(task.designator).empty() ? task.id : trim(task.designator);
        part.marker = marker.path;
        part.entries.push_back(marker.path);
        part.entries.insert(part.entries.end(), td.external_entries.begin(), td.external_entries.end());
        part.entries.insert(part.entries.end(), log_entries.begin(), log_entries.end());
        out.push_back(std::move(part));
    }
    return out;
}

schema::MachineData read_task(const Bundle& bundle, const Dataset& dataset) {
    const TaskData td = read_taskdata(bundle, taskdata_entry(bundle, dataset));
    const Task& task = find_task(td, dataset);
    const FolderIndex folder(bundle, td.folder);
    const std::vector<LoadedLog> logs = load_logs(bundle, folder, task);
    PointBuilder builder(td, task, logs);
    for (const auto& log : logs) builder.add(log);
    schema::MachineData out;
    out.points = builder.finish();
    out.source = describe_task(td, task, builder.logged());
    report_device_tree(td, logs, builder.logged(), out.points.size(), out.report);
    if (const auto& logged = builder.logged(); logged.task_time_points > 0)
        out.report.warn(fmt::format("times: {} of {} points have neither a true GPS time nor a true record time (first: "
                                    "{}): they are placed from the task's start in TASKDATA.XML ({}) by their record "
                                    "clock's offsets",
                                    logged.task_time_points, out.points.size(), format_iso8601(logged.first_untrue_time),
                                    format_iso8601(logged.task_start)));
    if (const auto& logged = builder.logged(); logged.replaced_gps_times > 0)
        out.report.warn(fmt::format("times: {} of {} points have a GPS date and time that is not true (first: {}; before "
                                    "1990, after the upload + 1 day, or more than a day from the time log's own "
                                    "record time): their record time is used instead (first: {})",
                                    logged.replaced_gps_times, out.points.size(),
                                    format_iso8601(logged.first_rejected_gps_time), format_iso8601(logged.first_replacement)));
    return out;
}

} // namespace furrow::formats::isoxml
