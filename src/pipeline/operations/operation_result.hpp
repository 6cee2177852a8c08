#pragma once
// What an operation takes from its result file once that is processed: time span and how much of
// each field it covers; and what finishing a file means for operations (docs/OPERATIONS.md).
#include "store/repository.hpp"

#include <string>

namespace furrow::pipeline::operations {

// Times from the result file; coverage of each field = the result's covered area inside it over
// the field's area, in % (without a field split, the covered area is shared among the fields in
// proportion to the operation's points in each).
void refresh_from_result(store::Session& db, store::Operation& op);

// operationProcessingFinished (or ...Failed with the message) when the result file is done.
void announce_result(store::Session& db, const store::Operation& op);

// Called in the transaction that finishes a file: an uploaded file that processed makes its leaf
// user's files be matched to fields again; operations whose result it is take its outputs.
void file_finished(store::Session& db, const std::string& file_id);

} // namespace furrow::pipeline::operations
