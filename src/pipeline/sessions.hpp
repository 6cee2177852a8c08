#pragma once
// Working sessions per machine (Leaf's GET /operations/{id}/sessions, operations-v2.md): for each
// machine a file names, the spans of time it worked, who drove, what it pulled and how much area
// it covered. Built per file (stored in the file's artifacts["sessions"] when the configuration's
// enableOperationsSession is on); an operation merges its files' lists with merge_sessions().
//
// A machine's points are the ones it recorded (PointTable::machine_index) or, when the file does
// not say, all of them. Sorted by time, they split into sessions where two consecutive points are
// more than session_gap_ms apart, or where the operator or implement at work changes. Operator
// (one that drove this machine or is not tied to one) and implement at a time: the only candidate
// of its kind; among several, the one whose allocation periods hold the time; else none.
// Allocation periods never remove points: in real files they may be on another clock than the
// points (the KRONE sample's ASP stamps are in UTC, its time-log times 2 h later).
#include "schema/machine_data.hpp"
#include "store/records.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace furrow::pipeline {

// A pause longer than this ends a session: a lunch break or a road trip between fields, not the
// seconds a headland turn or a stop to unload takes.
inline constexpr TimeMs session_gap_ms = 30 * 60 * 1000;

// [{machineId, serialNumber, sessions:[{id, startTime, endTime, operator?:{id,name},
// implement?:{id,name}, area:{value,unit:"ha"}, workingTime:{value,unit:"h"}}]}]. Ids are the
// furrow asset ids of `assets` (record_file_assets); a machine without a record is left out.
// area: sum over the session's points of the standard `area` property (worked area since the
// previous point), else equipmentWidth x distance. workingTime: endTime - startTime. Session ids
// are stable: a name-based UUID of file id, machine id and start time.
nlohmann::json file_sessions(const std::string& file_id, const schema::MachineData& standard,
                             const std::vector<store::AssetLink>& assets);

// Several files' lists as one: machines by machineId in first-seen order, their sessions
// concatenated (a session already present, same id, is kept once) and ordered by startTime.
nlohmann::json merge_sessions(const std::vector<nlohmann::json>& per_file);

} // namespace furrow::pipeline
