#pragma once
// Rows of the metadata store, as plain values. Times are UTC ms (core/time.hpp).
#include "core/time.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace furrow::store {

struct Owner {
    std::string id;
    std::string username;
    std::string password_hash; // auth/password.hpp format
    TimeMs created_time = 0;
};

// A Leaf user: the API owner's customer. `document` holds the whole JSON resource except `id`
// (name, email, phone, address, externalId, *Credentials); name/email/externalId are copied into
// columns so they can be filtered.
struct LeafUser {
    std::string id;
    std::string owner_id;
    nlohmann::json document = nlohmann::json::object();
    TimeMs created_time = 0;
    TimeMs updated_time = 0;
};

// Batch statuses exactly as the seeds (files-v3.md).
inline constexpr const char* batch_received = "RECEIVED";
inline constexpr const char* batch_processed = "PROCESSED";
inline constexpr const char* batch_failed = "FAILED";

struct Batch {
    std::string id;
    std::string owner_id;
    std::string leaf_user_id;
    std::string file_name;
    std::int64_t size = 0;
    std::string provider;
    std::string file_format_hint; // optional ?fileFormat= of the upload
    std::string status = batch_received;
    std::string status_details;   // only when FAILED
    std::string blob_key;         // the uploaded zip
    TimeMs upload_time = 0;
    std::optional<TimeMs> processed_time;
    std::vector<std::string> file_ids; // filled by lookups, in creation order
};

// Machine-file statuses exactly as the seeds.
inline constexpr const char* file_processing = "processing";
inline constexpr const char* file_processed = "processed";
inline constexpr const char* file_failed = "failed";

struct MachineFile {
    std::string id;
    std::string owner_id;
    std::string leaf_user_id;
    std::string batch_id;        // empty when not from /batch
    std::string dataset_key;     // unique inside a batch: which data set of the zip this is
    std::string dataset_part;    // which part of it, when the format splits data sets (ISOXML task id)
    std::string dataset_marker;  // the entry that identified the data set (e.g. its TASKDATA.XML)
    std::string format_id;       // formats registry id ("isoxml", "jd_gs3", ...)
    std::string file_format;     // wire value ("ISO11783", "SHAPEFILE", ...)
    std::string provider;
    std::string file_name;
    std::string origin = "uploaded";
    std::string status = file_processing;
    std::string status_message;  // why it failed
    std::vector<std::string> entries; // zip entry paths that make up the data set
    std::int64_t size_in_bytes = 0;
    std::string organization_id;
    std::string provider_file_id;
    std::string original_blob_key;
    std::string operation_type;
    std::optional<TimeMs> start_time;
    std::optional<TimeMs> end_time;
    std::optional<double> area_m2;
    bool has_standard = false;
    std::vector<std::string> crops;
    std::string summary;           // JSON text of the summary Feature, empty until made
    std::string units;             // JSON text of the units map, empty until made
    std::string raw_blob_key;      // rawGeojson
    std::string standard_blob_key; // standardGeojson
    // Further outputs by name (filteredGeojson, standardGeoparquet, images, ...): blob keys and the
    // metadata their endpoints answer with; see pipeline/artifacts.hpp.
    nlohmann::json artifacts = nlohmann::json::object();
    TimeMs created_time = 0;
    TimeMs updated_time = 0;
};

// What the pipeline made of a file; recorded in one go when its steps are done.
struct FileOutputs {
    std::string operation_type;
    std::optional<TimeMs> start_time;
    std::optional<TimeMs> end_time;
    std::optional<double> area_m2;
    std::vector<std::string> crops;
    std::string summary;
    std::string units;
    std::string raw_blob_key;
    std::string standard_blob_key;
    nlohmann::json artifacts = nlohmann::json::object();
};

// A configuration as stored: only the keys that were set (pipeline/configuration.hpp has the
// defaults and the inheritance). The owner's own row has an empty leaf_user_id.
struct StoredConfig {
    std::string owner_id;
    std::string leaf_user_id;
    nlohmann::json values = nlohmann::json::object();
    TimeMs updated_time = 0;
};

// Machines, implements and operators of a leaf user, pooled from the machine files that name
// them (Leaf's assets, originType FILE_POOLED). One record per (owner, leaf user, kind, identity):
// the identity is the serial number when the source gives one, else the source's id + name, so the
// same combine in two files is one record.
inline constexpr const char* asset_machine = "machine";
inline constexpr const char* asset_implement = "implement";
inline constexpr const char* asset_operator = "operator";

struct AssetInput {
    std::string kind;          // asset_machine, asset_implement or asset_operator
    std::string source_id;     // the source's id (ISOXML DVC/WKR id, JD MachineId/OperatorId)
    std::string name;
    std::string serial_number;
    std::string brand;
    std::string provider;      // the file's provider ("JohnDeere", "Other", ...)
};

// "serial:<serial>" when there is a serial number, else "source:<id>|<name>"; empty when the input
// says nothing that could tell it apart (no serial, id or name): such an input is not recorded.
std::string asset_identity(const AssetInput& input);

struct Asset {
    std::string id;
    std::string owner_id;
    std::string leaf_user_id;
    std::string kind;
    std::string identity;
    std::string source_id;     // from the first file that named it
    std::string name;
    std::string serial_number;
    std::string brand;
    std::string provider;
    TimeMs created_time = 0;
    TimeMs updated_time = 0;
};

// A file's input matched to its asset record.
struct AssetLink {
    std::string asset_id;
    std::string kind;
    std::string source_id;
    std::string name;
    std::string serial_number;
};

// Pipeline step statuses exactly as the seeds.
inline constexpr const char* step_processed = "processed";
inline constexpr const char* step_failed = "failed";
inline constexpr const char* step_skipped = "skipped";

struct FileStep {
    std::string step;
    std::string status;
    std::string message;
    int position = 0; // pipeline order, so /status lists steps as they run
};

struct JobRequest {
    std::string kind;
    std::string subject_id;
    TimeMs run_after = 0;
};

struct Job {
    std::int64_t id = 0;
    std::string kind;
    std::string subject_id;
    int attempts = 0; // including the current one
    std::string lease_token;
    std::string last_error;
};

} // namespace furrow::store
