#pragma once
// The states of batches, machine files and their pipeline steps, and a file's origin: each an
// enum with its one table of wire spellings (exactly as the seeds, files-v3.md). The store keeps
// the spelling; everything else passes the enum.
#include "core/enum_names.hpp"
#include "core/error.hpp"

#include <string>
#include <string_view>

namespace furrow::store {

enum class BatchStatus { received, processed, failed };
inline constexpr std::array<EnumName<BatchStatus>, 3> batch_status_table = {{
    {BatchStatus::received, "RECEIVED"},
    {BatchStatus::processed, "PROCESSED"},
    {BatchStatus::failed, "FAILED"},
}};

enum class FileStatus { processed, failed, processing };
inline constexpr std::array<EnumName<FileStatus>, 3> file_status_table = {{
    {FileStatus::processed, "processed"},
    {FileStatus::failed, "failed"},
    {FileStatus::processing, "processing"},
}};

// uploaded: from a batch; merged: POST /files/merge; automerged: an operation's result made of its
// files. provider is Leaf's origin of a file fetched from a provider's cloud: furrow makes none, but the
// `origin` filter accepts it as Leaf's does.
enum class FileOrigin { provider, automerged, merged, uploaded };
inline constexpr std::array<EnumName<FileOrigin>, 4> file_origin_table = {{
    {FileOrigin::provider, "provider"},
    {FileOrigin::automerged, "automerged"},
    {FileOrigin::merged, "merged"},
    {FileOrigin::uploaded, "uploaded"},
}};

enum class StepStatus { processed, failed, skipped };
inline constexpr std::array<EnumName<StepStatus>, 3> step_status_table = {{
    {StepStatus::processed, "processed"},
    {StepStatus::failed, "failed"},
    {StepStatus::skipped, "skipped"},
}};

// The tables in table order, for the list filters (their error message lists them in this order).
inline constexpr auto batch_status_names = names_of(batch_status_table);
inline constexpr auto file_status_names = names_of(file_status_table);
inline constexpr auto file_origin_names = names_of(file_origin_table);

constexpr std::string_view to_string(BatchStatus s) { return name_in(batch_status_table, s); }
constexpr std::string_view to_string(FileStatus s) { return name_in(file_status_table, s); }
constexpr std::string_view to_string(FileOrigin o) { return name_in(file_origin_table, o); }
constexpr std::string_view to_string(StepStatus s) { return name_in(step_status_table, s); }

// A stored spelling back to its value; a row with a spelling no table has is damaged (internal).
template <typename Enum, std::size_t N>
Enum stored_value(const std::array<EnumName<Enum>, N>& table, std::string_view column, std::string_view name) {
    if (const auto value = value_in(table, name)) return *value;
    throw Error(ErrorCode::internal, "store: " + std::string(column) + " '" + std::string(name) + "' is not a known value");
}

} // namespace furrow::store
