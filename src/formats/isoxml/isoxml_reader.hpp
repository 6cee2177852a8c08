#pragma once
// The ISOXML machine files of a TASKDATA folder: one per task (TSK) with logged data.
#include "formats/format.hpp"

#include <vector>

namespace furrow::formats::isoxml {

// One Dataset per TSK with at least one TLG whose .XML and .BIN exist: key "<folder>#<TSK id>",
// part = TSK id, name = the task's designator (else its id), entries = TASKDATA.XML, the XFR files
// and the task's TLG files. Empty when no task logged anything.
std::vector<Dataset> split_taskdata(const Bundle& bundle, const Dataset& dataset);

// The task named by dataset.part (the first task with time logs when part is empty): all its
// TLGs, ordered by their first record's time, as one point table plus what TASKDATA.XML says.
// Throws Error(corrupt_file, "isoxml: <file>: ...") for malformed or missing files.
schema::MachineData read_task(const Bundle& bundle, const Dataset& dataset);

} // namespace furrow::formats::isoxml
