#include "store/sqlite/sqlite_schema.hpp"

#include <fmt/format.h>

#include <array>
#include <string>
#include <string_view>

namespace furrow::store::sqlite {
namespace {

// Bumps list_versions for the row's owner on every insert, update and delete of `table`.
std::string version_triggers(const std::string& table) {
    std::string sql;
    for (const auto& [event, row] : {std::pair{"INSERT", "NEW"}, {"UPDATE", "NEW"}, {"DELETE", "OLD"}}) {
        sql += fmt::format("CREATE TRIGGER {0}_{1}_version AFTER {1} ON {0} BEGIN\n"
                           "  INSERT INTO list_versions (owner_id, table_name, version) VALUES ({2}.owner_id, '{0}', 1)\n"
                           "  ON CONFLICT (owner_id, table_name) DO UPDATE SET version = version + 1;\nEND;\n",
                           table, event, row);
    }
    return sql;
}

// Append only: a migration that shipped is never edited, a new one is added at the end.
const std::array<std::string, 14> migrations = {
    std::string(R"sql(
CREATE TABLE owners (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  created_time INTEGER NOT NULL
);
CREATE TABLE leaf_users (
  id TEXT PRIMARY KEY,
  owner_id TEXT NOT NULL REFERENCES owners(id),
  name TEXT, email TEXT, external_id TEXT,
  document TEXT NOT NULL,
  created_time INTEGER NOT NULL,
  updated_time INTEGER NOT NULL
);
CREATE INDEX leaf_users_owner ON leaf_users(owner_id, created_time, id);
CREATE TABLE batches (
  id TEXT PRIMARY KEY,
  owner_id TEXT NOT NULL REFERENCES owners(id),
  leaf_user_id TEXT NOT NULL,
  file_name TEXT NOT NULL,
  size INTEGER NOT NULL,
  provider TEXT NOT NULL,
  file_format_hint TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL,
  status_details TEXT NOT NULL DEFAULT '',
  blob_key TEXT NOT NULL,
  upload_time INTEGER NOT NULL,
  processed_time INTEGER
);
CREATE INDEX batches_owner ON batches(owner_id, upload_time, id);
CREATE INDEX batches_owner_user ON batches(owner_id, leaf_user_id, upload_time, id);
CREATE TABLE files (
  id TEXT PRIMARY KEY,
  owner_id TEXT NOT NULL REFERENCES owners(id),
  leaf_user_id TEXT NOT NULL,
  batch_id TEXT,
  dataset_key TEXT NOT NULL DEFAULT '',
  format_id TEXT NOT NULL DEFAULT '',
  file_format TEXT NOT NULL DEFAULT '',
  provider TEXT NOT NULL DEFAULT '',
  file_name TEXT NOT NULL DEFAULT '',
  origin TEXT NOT NULL,
  status TEXT NOT NULL,
  status_message TEXT NOT NULL DEFAULT '',
  entries TEXT NOT NULL DEFAULT '[]',
  size_in_bytes INTEGER NOT NULL DEFAULT 0,
  organization_id TEXT NOT NULL DEFAULT '',
  provider_file_id TEXT NOT NULL DEFAULT '',
  original_blob_key TEXT NOT NULL DEFAULT '',
  operation_type TEXT NOT NULL DEFAULT '',
  start_time INTEGER,
  end_time INTEGER,
  area_m2 REAL,
  has_standard INTEGER NOT NULL DEFAULT 0,
  created_time INTEGER NOT NULL,
  updated_time INTEGER NOT NULL
);
CREATE UNIQUE INDEX files_batch_dataset ON files(batch_id, dataset_key) WHERE batch_id IS NOT NULL;
CREATE INDEX files_owner ON files(owner_id, created_time, id);
CREATE INDEX files_owner_user ON files(owner_id, leaf_user_id, created_time, id);
CREATE INDEX files_batch ON files(batch_id, created_time, id);
CREATE TABLE file_steps (
  file_id TEXT NOT NULL REFERENCES files(id),
  step TEXT NOT NULL,
  status TEXT NOT NULL,
  message TEXT NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (file_id, step)
);
CREATE TABLE jobs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  subject_id TEXT NOT NULL,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  lease_token TEXT NOT NULL DEFAULT '',
  lease_until INTEGER NOT NULL DEFAULT 0,
  run_after INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  created_time INTEGER NOT NULL,
  updated_time INTEGER NOT NULL
);
CREATE UNIQUE INDEX jobs_pending_once ON jobs(kind, subject_id) WHERE state IN ('queued', 'running');
CREATE INDEX jobs_queued ON jobs(state, run_after, id);
CREATE INDEX jobs_running ON jobs(state, lease_until);
)sql"),
    // 2: list_versions lets list counts be cached exactly: every write to a listed table bumps its
    // owner's version (triggers, so writers in any process are covered).
    std::string(R"sql(
CREATE TABLE list_versions (
  owner_id TEXT NOT NULL,
  table_name TEXT NOT NULL,
  version INTEGER NOT NULL,
  PRIMARY KEY (owner_id, table_name)
) WITHOUT ROWID;
)sql") + version_triggers("files") + version_triggers("batches") + version_triggers("leaf_users"),
    // 3: what the pipeline produced for a file.
    R"sql(
ALTER TABLE files ADD COLUMN crops TEXT NOT NULL DEFAULT '[]';
ALTER TABLE files ADD COLUMN summary TEXT NOT NULL DEFAULT '';
ALTER TABLE files ADD COLUMN units TEXT NOT NULL DEFAULT '';
ALTER TABLE files ADD COLUMN raw_blob_key TEXT NOT NULL DEFAULT '';
ALTER TABLE files ADD COLUMN standard_blob_key TEXT NOT NULL DEFAULT '';
ALTER TABLE files ADD COLUMN dataset_part TEXT NOT NULL DEFAULT '';
ALTER TABLE files ADD COLUMN dataset_marker TEXT NOT NULL DEFAULT '';
)sql",
    // 4: configurations (owner row has leaf_user_id ''; values hold only the keys that were set) and the
    // further outputs of a file (filtered GeoJSON, GeoParquet, images) as one JSON map of artifacts.
    R"sql(
CREATE TABLE configs (
  owner_id TEXT NOT NULL REFERENCES owners(id),
  leaf_user_id TEXT NOT NULL,
  "values" TEXT NOT NULL,
  updated_time INTEGER NOT NULL,
  PRIMARY KEY (owner_id, leaf_user_id)
) WITHOUT ROWID;
ALTER TABLE files ADD COLUMN artifacts TEXT NOT NULL DEFAULT '{}';
)sql",
    // 5: fields and their boundary history. A field id is unique per owner (clients may choose it);
    // provider copies the document's providerName so lists can filter on it.
    std::string(R"sql(
CREATE TABLE fields (
  id TEXT NOT NULL,
  owner_id TEXT NOT NULL REFERENCES owners(id),
  leaf_user_id TEXT NOT NULL,
  name TEXT NOT NULL DEFAULT '',
  type TEXT NOT NULL,
  status TEXT NOT NULL,
  farm_id INTEGER,
  provider TEXT NOT NULL DEFAULT '',
  document TEXT NOT NULL DEFAULT '{}',
  created_time INTEGER NOT NULL,
  updated_time INTEGER NOT NULL,
  PRIMARY KEY (owner_id, id)
);
CREATE INDEX fields_owner ON fields(owner_id, created_time, id);
CREATE INDEX fields_owner_user ON fields(owner_id, leaf_user_id, created_time, id);
CREATE TABLE field_boundaries (
  id TEXT PRIMARY KEY,
  field_id TEXT NOT NULL,
  owner_id TEXT NOT NULL REFERENCES owners(id),
  leaf_user_id TEXT NOT NULL,
  status TEXT NOT NULL,
  geometry TEXT NOT NULL,
  area_ha REAL NOT NULL,
  created_time INTEGER NOT NULL,
  updated_time INTEGER NOT NULL
);
CREATE INDEX field_boundaries_field ON field_boundaries(owner_id, field_id, created_time);
CREATE INDEX field_boundaries_owner_user ON field_boundaries(owner_id, leaf_user_id, status);
)sql") + version_triggers("fields"),
    // 6: a job may be queued again while it runs (its run may have read older data); field
    // operations, derived (merged/cropped) files, and where each file's points fall among
    // the field boundaries.
    std::string(R"sql(
DROP INDEX jobs_pending_once;
CREATE UNIQUE INDEX jobs_queued_once ON jobs(kind, subject_id) WHERE state = 'queued';
ALTER TABLE files ADD COLUMN sources TEXT NOT NULL DEFAULT '[]';
ALTER TABLE files ADD COLUMN crop_boundaries TEXT NOT NULL DEFAULT '[]';
CREATE INDEX files_user ON files(owner_id, leaf_user_id);
CREATE TABLE operations (
  id TEXT PRIMARY KEY,
  owner_id TEXT NOT NULL REFERENCES owners(id),
  leaf_user_id TEXT NOT NULL,
  type TEXT NOT NULL,
  crop TEXT NOT NULL,
  provider TEXT NOT NULL,
  field_id TEXT NOT NULL,
  file_ids TEXT NOT NULL,
  fields TEXT NOT NULL,
  field_ids TEXT NOT NULL,
  providers TEXT NOT NULL,
  crop_boundaries TEXT NOT NULL,
  cropped_by_request INTEGER NOT NULL,
  start_time INTEGER,
  end_time INTEGER,
  result_file_id TEXT NOT NULL,
  created_time INTEGER NOT NULL,
  updated_time INTEGER NOT NULL
);
CREATE INDEX operations_user ON operations(owner_id, leaf_user_id);
CREATE INDEX operations_result ON operations(result_file_id);
CREATE TABLE file_matches (
  id TEXT PRIMARY KEY, -- the file's id
  owner_id TEXT NOT NULL,
  leaf_user_id TEXT NOT NULL,
  boundaries_signature TEXT NOT NULL,
  total_points INTEGER NOT NULL,
  fields TEXT NOT NULL,
  outside_points INTEGER NOT NULL,
  outside_blob_key TEXT NOT NULL,
  matched_time INTEGER NOT NULL
);
CREATE INDEX file_matches_user ON file_matches(owner_id, leaf_user_id);
)sql") + version_triggers("operations") + version_triggers("file_matches"),
    // 7: alerts. webhook_events holds each subscribed event once per owner (Leaf's
    // eventRegisteredTwice); alert_deliveries is the outbox, alert_attempts the delivery log.
    R"sql(
CREATE TABLE webhooks (
  id TEXT PRIMARY KEY,
  owner_id TEXT NOT NULL REFERENCES owners(id),
  name TEXT NOT NULL,
  url TEXT NOT NULL,
  secret TEXT NOT NULL,
  events TEXT NOT NULL,
  created_time INTEGER NOT NULL
);
CREATE INDEX webhooks_owner ON webhooks(owner_id, created_time, id);
CREATE TABLE webhook_events (
  owner_id TEXT NOT NULL,
  event TEXT NOT NULL,
  webhook_id TEXT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
  PRIMARY KEY (owner_id, event)
) WITHOUT ROWID;
CREATE TABLE alert_deliveries (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id TEXT NOT NULL,
  owner_id TEXT NOT NULL,
  webhook_id TEXT NOT NULL,
  event_type TEXT NOT NULL,
  body TEXT NOT NULL,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  due_time INTEGER NOT NULL,
  lease_token TEXT NOT NULL DEFAULT '',
  lease_until INTEGER NOT NULL DEFAULT 0,
  created_time INTEGER NOT NULL,
  updated_time INTEGER NOT NULL
);
CREATE INDEX alert_deliveries_due ON alert_deliveries(state, due_time, id);
CREATE INDEX alert_deliveries_webhook ON alert_deliveries(webhook_id, state);
CREATE TABLE alert_attempts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  delivery_id INTEGER NOT NULL,
  owner_id TEXT NOT NULL,
  webhook_id TEXT NOT NULL,
  url TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  final INTEGER NOT NULL,
  http_status INTEGER NOT NULL,
  response TEXT NOT NULL,
  connection_error TEXT NOT NULL,
  created_time INTEGER NOT NULL
);
CREATE INDEX alert_attempts_owner ON alert_attempts(owner_id, id);
)sql",
    // 8: machines, implements and operators pooled from files (one row per owner, leaf user, kind and
    // identity: serial number, else source id + name) and which files named them.
    std::string(R"sql(
CREATE TABLE assets (
  id TEXT PRIMARY KEY,
  owner_id TEXT NOT NULL REFERENCES owners(id),
  leaf_user_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  identity TEXT NOT NULL,
  source_id TEXT NOT NULL DEFAULT '',
  name TEXT NOT NULL DEFAULT '',
  serial_number TEXT NOT NULL DEFAULT '',
  brand TEXT NOT NULL DEFAULT '',
  provider TEXT NOT NULL DEFAULT '',
  created_time INTEGER NOT NULL,
  updated_time INTEGER NOT NULL
);
CREATE UNIQUE INDEX assets_identity ON assets(owner_id, leaf_user_id, kind, identity);
CREATE INDEX assets_owner_kind ON assets(owner_id, kind, created_time, id);
CREATE TABLE file_assets (
  file_id TEXT NOT NULL REFERENCES files(id),
  asset_id TEXT NOT NULL REFERENCES assets(id),
  kind TEXT NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (file_id, asset_id)
) WITHOUT ROWID;
CREATE INDEX file_assets_asset ON file_assets(asset_id);
)sql") + version_triggers("assets"),
    // 9: the delivery log keeps how long a call took and no longer the receiver's answer (it could be
    // an internal service's content, issue #16); answers logged before are wiped.
    R"sql(
ALTER TABLE alert_attempts ADD COLUMN duration_ms INTEGER NOT NULL DEFAULT 0;
UPDATE alert_attempts SET response = '';
)sql",
    // 10: tokens carry their owner's token generation; moving it on revokes every earlier token
    // (a password change, POST /api/account/tokens/revoke).
    R"sql(
ALTER TABLE owners ADD COLUMN token_generation INTEGER NOT NULL DEFAULT 0;
)sql",
    // 11: Leaf's growers and farms (a field's farm_id names a farm of its leaf user from now on;
    // ids stored before are kept as they are). provider stays '' until provider sync exists, so the
    // lists' provider filter has a column.
    std::string(R"sql(
CREATE TABLE growers (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  owner_id TEXT NOT NULL REFERENCES owners(id),
  leaf_user_id TEXT NOT NULL,
  name TEXT,
  provider TEXT NOT NULL DEFAULT '',
  created_time INTEGER NOT NULL,
  updated_time INTEGER NOT NULL
);
CREATE INDEX growers_owner ON growers(owner_id, created_time, id);
CREATE INDEX growers_owner_user ON growers(owner_id, leaf_user_id, created_time, id);
CREATE TABLE farms (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  owner_id TEXT NOT NULL REFERENCES owners(id),
  leaf_user_id TEXT NOT NULL,
  name TEXT,
  grower_id INTEGER,
  provider TEXT NOT NULL DEFAULT '',
  created_time INTEGER NOT NULL,
  updated_time INTEGER NOT NULL
);
CREATE INDEX farms_owner ON farms(owner_id, created_time, id);
CREATE INDEX farms_owner_user ON farms(owner_id, leaf_user_id, created_time, id);
CREATE INDEX farms_grower ON farms(owner_id, grower_id);
CREATE INDEX fields_farm ON fields(owner_id, farm_id);
)sql") + version_triggers("growers") + version_triggers("farms"),
    // 12: boundary uploads (POST /services/uploadservice/api/upload) and their entries; boundaries
    // remember when automaticFixBoundary repaired them (Leaf's fixStatus).
    std::string(R"sql(
CREATE TABLE boundary_uploads (
  id TEXT PRIMARY KEY,
  owner_id TEXT NOT NULL REFERENCES owners(id),
  leaf_user_id TEXT NOT NULL,
  file_name TEXT NOT NULL,
  farm_id INTEGER,
  status TEXT NOT NULL,
  status_details TEXT NOT NULL DEFAULT '',
  blob_key TEXT NOT NULL,
  created_time INTEGER NOT NULL,
  processed_time INTEGER
);
CREATE INDEX boundary_uploads_owner ON boundary_uploads(owner_id, created_time, id);
CREATE INDEX boundary_uploads_owner_user ON boundary_uploads(owner_id, leaf_user_id, created_time, id);
CREATE TABLE boundary_upload_entries (
  id TEXT PRIMARY KEY,
  upload_id TEXT NOT NULL,
  owner_id TEXT NOT NULL REFERENCES owners(id),
  leaf_user_id TEXT NOT NULL,
  file_name TEXT NOT NULL,
  converter_format TEXT NOT NULL,
  status TEXT NOT NULL,
  field_ids TEXT NOT NULL,
  errors TEXT NOT NULL,
  position INTEGER NOT NULL,
  created_time INTEGER NOT NULL,
  processed_time INTEGER
);
CREATE INDEX boundary_upload_entries_upload ON boundary_upload_entries(upload_id, position);
ALTER TABLE field_boundaries ADD COLUMN fix_status TEXT NOT NULL DEFAULT '';
)sql") + version_triggers("boundary_uploads"),
    // 13: an upload's content hash, and the file it repeats (duplicate uploads join operations once).
    R"sql(
ALTER TABLE files ADD COLUMN content_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE files ADD COLUMN duplicate_of TEXT NOT NULL DEFAULT '';
CREATE INDEX files_content ON files(owner_id, leaf_user_id, content_hash, created_time, id) WHERE content_hash <> '';
)sql",
    // 14: an upload's ?timeZone= (the zone of its files' times that carry none).
    R"sql(
ALTER TABLE batches ADD COLUMN time_zone TEXT NOT NULL DEFAULT '';
)sql",
};

} // namespace

void migrate(SqliteConnection& db) {
    db.exec("BEGIN IMMEDIATE");
    try {
        // Read in its own scope: an open statement would stop a later DROP ("table is locked").
        const auto version = [&] {
            auto version_stmt = db.prepare("PRAGMA user_version");
            version_stmt.step();
            return static_cast<std::size_t>(version_stmt.integer(0));
        }();
        for (std::size_t migration_idx = version; migration_idx < migrations.size(); ++migration_idx) {
            db.exec(migrations[migration_idx]);
            db.exec("PRAGMA user_version = " + std::to_string(migration_idx + 1));
        }
        db.exec("COMMIT");
    } catch (...) {
        db.exec("ROLLBACK");
        throw;
    }
}

} // namespace furrow::store::sqlite
