#pragma once
// Rows of the metadata store, as plain values. Times are UTC ms (core/time.hpp).
#include "core/time.hpp"
#include "schema/operation_type.hpp"
#include "store/statuses.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace furrow::store {

struct Owner {
    std::string id;
    std::string username;
    std::string password_hash; // auth/password.hpp format
    TimeMs created_time = 0;
    // Carried by every token the owner is given (claim "gen"); a token whose generation is not the
    // current one is refused. A password change or a revocation moves it on (api/auth_routes.cpp).
    std::int64_t token_generation = 0;
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

struct Batch {
    std::string id;
    std::string owner_id;
    std::string leaf_user_id;
    std::string file_name;
    std::int64_t size = 0;
    std::string provider;
    std::string file_format_hint; // optional ?fileFormat= of the upload
    std::string time_zone;        // optional ?timeZone= of the upload: the IANA zone of its files' naive times
    BatchStatus status = BatchStatus::received;
    std::string status_details;   // only when FAILED
    std::string blob_key;         // the uploaded zip
    TimeMs upload_time = 0;
    std::optional<TimeMs> processed_time;
    std::vector<std::string> file_ids; // filled by lookups, in creation order
    // Of those files, the ones that repeat a data set the leaf user had already: (file id, id of the
    // file it duplicates). Filled by lookups.
    std::vector<std::pair<std::string, std::string>> duplicates;
};

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
    FileOrigin origin = FileOrigin::uploaded;
    FileStatus status = FileStatus::processing;
    std::string status_message;  // why it failed
    std::vector<std::string> entries; // zip entry paths that make up the data set
    std::int64_t size_in_bytes = 0;
    std::string organization_id;
    std::string provider_file_id;
    std::string original_blob_key;
    std::optional<schema::OperationType> operation_type; // none: unknown (the file failed, or is not done)
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
    // metadata their endpoints answer with; see pipeline/file_assets.hpp.
    nlohmann::json artifacts = nlohmann::json::object();
    // A derived file (origin merged/automerged) is made of other files' points, not of an upload:
    // its source files, and the field boundaries its points are cropped to (none: keep all).
    std::vector<std::string> sources;
    std::vector<std::string> crop_boundaries;
    TimeMs created_time = 0;
    TimeMs updated_time = 0;
    // An upload's data set: "sha256:<hex>" of its content (pipeline/content_hash.hpp), and the first
    // file of the same leaf user with that content when this one repeats it (it then joins no
    // operation: the original stands for both).
    std::string content_hash;
    std::string duplicate_of;
};

// What the pipeline made of a file; recorded in one go when its steps are done.
struct FileOutputs {
    std::optional<schema::OperationType> operation_type;
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

struct FileStep {
    std::string step;
    StepStatus status = StepStatus::processed;
    std::string message;
    int position = 0; // pipeline order, so /status lists steps as they run
};

// A field of a Leaf user (contract-facts.md §2 "Fields"). Its id is unique per owner (the client may
// choose it). `document` keeps the other Leaf members as sent (providerName, organizationId, ...).
struct Field {
    std::string id;
    std::string owner_id;
    std::string leaf_user_id;
    std::string name;
    std::string type = "ORIGINAL";    // ORIGINAL | MERGED
    std::string status = "PROCESSED"; // PROCESSED | PREVIEW | WAITING
    std::optional<std::int64_t> farm_id;
    nlohmann::json document = nlohmann::json::object();
    TimeMs created_time = 0;
    TimeMs updated_time = 0;
    std::vector<std::string> boundary_ids; // filled by lookups, oldest first
};

// Leaf's Grower/Farm/Field hierarchy (docs/API.md "Farms and growers"): a grower groups farms,
// a farm groups fields, all of one leaf user. Ids are integers the store assigns, as Leaf's are;
// the lists of children are filled by lookups from the children's links (field.farm_id,
// farm.grower_id), so they cannot disagree with them.
struct Grower {
    std::int64_t id = 0;
    std::string owner_id;
    std::string leaf_user_id;
    std::optional<std::string> name; // Leaf leaves `name` out when none is known
    TimeMs created_time = 0;
    TimeMs updated_time = 0;
    std::vector<std::int64_t> farm_ids; // filled by lookups, oldest first
};

struct Farm {
    std::int64_t id = 0;
    std::string owner_id;
    std::string leaf_user_id;
    std::optional<std::string> name;
    std::optional<std::int64_t> grower_id;
    TimeMs created_time = 0;
    TimeMs updated_time = 0;
    std::vector<std::string> field_ids; // filled by lookups, oldest first
};

// A boundary upload (POST /services/uploadservice/api/upload): a zip of shapefile, GeoJSON or KML
// boundaries made into fields of one leaf user. RECEIVED until its job decides PROCESSED (at least
// one field made) or FAILED; `status_details` says why when no entry could even be read.
inline constexpr const char* upload_received = "RECEIVED";
inline constexpr const char* upload_processed = "PROCESSED";
inline constexpr const char* upload_failed = "FAILED";

struct BoundaryUpload {
    std::string id;
    std::string owner_id;
    std::string leaf_user_id;
    std::string file_name;
    std::optional<std::int64_t> farm_id; // every field made goes to this farm
    std::string status = upload_received;
    std::string status_details;
    std::string blob_key;
    TimeMs created_time = 0;
    std::optional<TimeMs> processed_time;
};

// One boundary file of an upload and what became of its features (Leaf's "upload entries").
struct BoundaryUploadEntry {
    std::string id;
    std::string upload_id;
    std::string owner_id;
    std::string leaf_user_id;
    std::string file_name;        // the entry's path in the zip
    std::string converter_format; // SHAPEFILE | GEOJSON | KML
    std::string status;           // FINISHED | PARTIALLY_FINISHED | FAILED
    std::vector<std::string> field_ids;
    std::vector<std::string> errors; // one problem+json text per feature that made no field
    int position = 0;                // zip order
    TimeMs created_time = 0;
    std::optional<TimeMs> processed_time;
};

inline constexpr const char* boundary_active = "ACTIVE";
inline constexpr const char* boundary_inactive = "INACTIVE";

// One version of a field's outline. Never edited: a new geometry is a new boundary, and the one
// it replaces goes INACTIVE.
struct FieldBoundary {
    std::string id;
    std::string field_id;
    std::string owner_id;
    std::string leaf_user_id;
    std::string status = boundary_active;
    std::string geometry; // GeoJSON MultiPolygon text, WGS84
    double area_ha = 0;
    std::string fix_status; // "FIXED" when automaticFixBoundary repaired the geometry it came as; else ""
    TimeMs created_time = 0;
    TimeMs updated_time = 0;
};

// A field operation (contract-facts §7): files of one leaf user, operation type, crop (and
// provider) within one time window, on one field when splitOperationsByField is on. Its outputs are
// those of its result file: the single source file itself, or a derived file made of the sources'
// points (merged and/or cropped to the field).
struct Operation {
    std::string id;
    std::string owner_id;
    std::string leaf_user_id;
    schema::OperationType type = schema::OperationType::harvested;
    std::string crop;                  // grouping key ("" when the files name none)
    std::string provider;              // grouping key ("" unless splitOperationsByProvider)
    std::string field_id;              // "" when not split by field
    std::vector<std::string> file_ids; // source files, oldest first
    nlohmann::json fields = nlohmann::json::array(); // [{id, coverage}]
    std::vector<std::string> providers;
    std::vector<std::string> crop_boundaries; // boundaries the result is cropped to ([] = all points)
    bool cropped_by_request = false;          // cropOperationByField was called
    std::optional<TimeMs> start_time;
    std::optional<TimeMs> end_time;
    std::string result_file_id;
    TimeMs created_time = 0;
    TimeMs updated_time = 0;
};

// Where a file's points fall among its leaf user's field boundaries, as last computed.
struct FileMatch {
    std::string file_id;
    std::string owner_id;
    std::string leaf_user_id;
    std::string boundaries_signature; // which active boundaries this was computed against
    std::int64_t total_points = 0;
    nlohmann::json fields = nlohmann::json::array(); // [{id, boundaryId, points, share}] share in %
    std::int64_t outside_points = 0;
    std::string outside_blob_key; // outsideFieldGeojson, when made
    TimeMs matched_time = 0;
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


// Alerts (src/alerts/, docs/ALERTS.md). A webhook of an owner; each event belongs to at most one
// webhook of that owner (Leaf's eventRegisteredTwice).
struct Webhook {
    std::string id;
    std::string owner_id;
    std::string name;
    std::string url;
    std::string secret;
    std::vector<std::string> events;
    TimeMs created_time = 0;
};

// One event to send to one webhook: a row of the durable outbox, written in the transaction of
// the change it reports. `body` is the exact JSON text that is signed and sent.
struct AlertDeliveryRequest {
    std::string event_id;
    std::string owner_id;
    std::string webhook_id;
    std::string event_type;
    std::string body;
};

// A leased delivery, with what the sender needs.
struct AlertDelivery {
    std::int64_t id = 0;
    std::string event_id;
    std::string owner_id;
    std::string webhook_id;
    std::string event_type;
    std::string body;
    std::string url;
    std::string secret;
    int attempts = 0; // including this one
    std::string lease_token;
};

// What one POST got back. http_status 0 = no HTTP answer (see connection_error).
struct AlertAttempt {
    int http_status = 0;
    std::string connection_error; // empty when an HTTP answer came
    TimeMs time = 0;
    std::int64_t duration_ms = 0; // connect to answer (or to the error)
    // The answer's body is never kept: it may come from a service the owner should not read.
    bool accepted() const { return http_status >= 200 && http_status < 300; }
};

// One attempt as the delivery log shows it.
struct AlertCall {
    std::string owner_username;
    std::string webhook_id;
    std::string event_id;
    std::string event_type;
    std::string url;
    std::string request_body;
    int attempt = 0;
    bool final_attempt = false; // the delivery gave up after this one
    AlertAttempt result;
};

struct AlertCallQuery {
    std::string webhook_id; // empty = every webhook of the owner
    bool failed_only = false;
    int limit = 100;
    int offset = 0;
};

} // namespace furrow::store
