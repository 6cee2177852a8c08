#include "store/postgres/pg_schema.hpp"

#include "core/time.hpp"

#include <fmt/format.h>

#include <array>
#include <string>

namespace furrow::store::postgres {
namespace {

// Bumps list_versions for the row's owner on every insert, update and delete (sql/count_cache.hpp).
std::string version_trigger(const std::string& table) {
    return fmt::format("CREATE TRIGGER {0}_version AFTER INSERT OR UPDATE OR DELETE ON {0} "
                       "FOR EACH ROW EXECUTE FUNCTION bump_list_version();\n",
                       table);
}

// Append only: a migration that shipped is never edited, a new one is added at the end.
// v1 is the SQLite schema as of its migration 8, in PostgreSQL types: BIGINT for INTEGER, DOUBLE
// PRECISION for REAL, BIGSERIAL for AUTOINCREMENT ids, and ctext (text in the "C" collation) for
// TEXT, so ORDER BY sorts byte-wise like SQLite whatever the database's locale.
// field_boundaries.rowid stands in for SQLite's rowid (insertion order breaks created_time ties).
const std::array<std::string, 7> migrations = {
    std::string(R"sql(
CREATE DOMAIN ctext AS TEXT COLLATE "C";
CREATE TABLE owners (
  id ctext PRIMARY KEY,
  username ctext NOT NULL UNIQUE,
  password_hash ctext NOT NULL,
  created_time BIGINT NOT NULL
);
CREATE TABLE leaf_users (
  id ctext PRIMARY KEY,
  owner_id ctext NOT NULL REFERENCES owners(id),
  name ctext, email ctext, external_id ctext,
  document ctext NOT NULL,
  created_time BIGINT NOT NULL,
  updated_time BIGINT NOT NULL
);
CREATE INDEX leaf_users_owner ON leaf_users(owner_id, created_time, id);
CREATE TABLE batches (
  id ctext PRIMARY KEY,
  owner_id ctext NOT NULL REFERENCES owners(id),
  leaf_user_id ctext NOT NULL,
  file_name ctext NOT NULL,
  size BIGINT NOT NULL,
  provider ctext NOT NULL,
  file_format_hint ctext NOT NULL DEFAULT '',
  status ctext NOT NULL,
  status_details ctext NOT NULL DEFAULT '',
  blob_key ctext NOT NULL,
  upload_time BIGINT NOT NULL,
  processed_time BIGINT
);
CREATE INDEX batches_owner ON batches(owner_id, upload_time, id);
CREATE INDEX batches_owner_user ON batches(owner_id, leaf_user_id, upload_time, id);
CREATE TABLE files (
  id ctext PRIMARY KEY,
  owner_id ctext NOT NULL REFERENCES owners(id),
  leaf_user_id ctext NOT NULL,
  batch_id ctext,
  dataset_key ctext NOT NULL DEFAULT '',
  format_id ctext NOT NULL DEFAULT '',
  file_format ctext NOT NULL DEFAULT '',
  provider ctext NOT NULL DEFAULT '',
  file_name ctext NOT NULL DEFAULT '',
  origin ctext NOT NULL,
  status ctext NOT NULL,
  status_message ctext NOT NULL DEFAULT '',
  entries ctext NOT NULL DEFAULT '[]',
  size_in_bytes BIGINT NOT NULL DEFAULT 0,
  organization_id ctext NOT NULL DEFAULT '',
  provider_file_id ctext NOT NULL DEFAULT '',
  original_blob_key ctext NOT NULL DEFAULT '',
  operation_type ctext NOT NULL DEFAULT '',
  start_time BIGINT,
  end_time BIGINT,
  area_m2 DOUBLE PRECISION,
  has_standard BIGINT NOT NULL DEFAULT 0,
  created_time BIGINT NOT NULL,
  updated_time BIGINT NOT NULL,
  crops ctext NOT NULL DEFAULT '[]',
  summary ctext NOT NULL DEFAULT '',
  units ctext NOT NULL DEFAULT '',
  raw_blob_key ctext NOT NULL DEFAULT '',
  standard_blob_key ctext NOT NULL DEFAULT '',
  dataset_part ctext NOT NULL DEFAULT '',
  dataset_marker ctext NOT NULL DEFAULT '',
  artifacts ctext NOT NULL DEFAULT '{}',
  sources ctext NOT NULL DEFAULT '[]',
  crop_boundaries ctext NOT NULL DEFAULT '[]'
);
CREATE UNIQUE INDEX files_batch_dataset ON files(batch_id, dataset_key) WHERE batch_id IS NOT NULL;
CREATE INDEX files_owner ON files(owner_id, created_time, id);
CREATE INDEX files_owner_user ON files(owner_id, leaf_user_id, created_time, id);
CREATE INDEX files_batch ON files(batch_id, created_time, id);
CREATE INDEX files_user ON files(owner_id, leaf_user_id);
CREATE TABLE file_steps (
  file_id ctext NOT NULL REFERENCES files(id),
  step ctext NOT NULL,
  status ctext NOT NULL,
  message ctext NOT NULL,
  position BIGINT NOT NULL,
  PRIMARY KEY (file_id, step)
);
CREATE TABLE jobs (
  id BIGSERIAL PRIMARY KEY,
  kind ctext NOT NULL,
  subject_id ctext NOT NULL,
  state ctext NOT NULL,
  attempts BIGINT NOT NULL DEFAULT 0,
  lease_token ctext NOT NULL DEFAULT '',
  lease_until BIGINT NOT NULL DEFAULT 0,
  run_after BIGINT NOT NULL DEFAULT 0,
  last_error ctext NOT NULL DEFAULT '',
  created_time BIGINT NOT NULL,
  updated_time BIGINT NOT NULL
);
CREATE UNIQUE INDEX jobs_queued_once ON jobs(kind, subject_id) WHERE state = 'queued';
CREATE INDEX jobs_queued ON jobs(state, run_after, id);
CREATE INDEX jobs_running ON jobs(state, lease_until);
CREATE TABLE list_versions (
  owner_id ctext NOT NULL,
  table_name ctext NOT NULL,
  version BIGINT NOT NULL,
  PRIMARY KEY (owner_id, table_name)
);
CREATE FUNCTION bump_list_version() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  row_owner TEXT;
BEGIN
  IF TG_OP = 'DELETE' THEN row_owner := OLD.owner_id; ELSE row_owner := NEW.owner_id; END IF;
  INSERT INTO list_versions (owner_id, table_name, version) VALUES (row_owner, TG_TABLE_NAME, 1)
  ON CONFLICT (owner_id, table_name) DO UPDATE SET version = list_versions.version + 1;
  RETURN NULL;
END;
$$;
CREATE TABLE configs (
  owner_id ctext NOT NULL REFERENCES owners(id),
  leaf_user_id ctext NOT NULL,
  "values" ctext NOT NULL,
  updated_time BIGINT NOT NULL,
  PRIMARY KEY (owner_id, leaf_user_id)
);
CREATE TABLE fields (
  id ctext NOT NULL,
  owner_id ctext NOT NULL REFERENCES owners(id),
  leaf_user_id ctext NOT NULL,
  name ctext NOT NULL DEFAULT '',
  type ctext NOT NULL,
  status ctext NOT NULL,
  farm_id BIGINT,
  provider ctext NOT NULL DEFAULT '',
  document ctext NOT NULL DEFAULT '{}',
  created_time BIGINT NOT NULL,
  updated_time BIGINT NOT NULL,
  PRIMARY KEY (owner_id, id)
);
CREATE INDEX fields_owner ON fields(owner_id, created_time, id);
CREATE INDEX fields_owner_user ON fields(owner_id, leaf_user_id, created_time, id);
CREATE TABLE field_boundaries (
  id ctext PRIMARY KEY,
  rowid BIGSERIAL NOT NULL,
  field_id ctext NOT NULL,
  owner_id ctext NOT NULL REFERENCES owners(id),
  leaf_user_id ctext NOT NULL,
  status ctext NOT NULL,
  geometry ctext NOT NULL,
  area_ha DOUBLE PRECISION NOT NULL,
  created_time BIGINT NOT NULL,
  updated_time BIGINT NOT NULL
);
CREATE INDEX field_boundaries_field ON field_boundaries(owner_id, field_id, created_time);
CREATE INDEX field_boundaries_owner_user ON field_boundaries(owner_id, leaf_user_id, status);
CREATE TABLE operations (
  id ctext PRIMARY KEY,
  owner_id ctext NOT NULL REFERENCES owners(id),
  leaf_user_id ctext NOT NULL,
  type ctext NOT NULL,
  crop ctext NOT NULL,
  provider ctext NOT NULL,
  field_id ctext NOT NULL,
  file_ids ctext NOT NULL,
  fields ctext NOT NULL,
  field_ids ctext NOT NULL,
  providers ctext NOT NULL,
  crop_boundaries ctext NOT NULL,
  cropped_by_request BIGINT NOT NULL,
  start_time BIGINT,
  end_time BIGINT,
  result_file_id ctext NOT NULL,
  created_time BIGINT NOT NULL,
  updated_time BIGINT NOT NULL
);
CREATE INDEX operations_user ON operations(owner_id, leaf_user_id);
CREATE INDEX operations_result ON operations(result_file_id);
CREATE TABLE file_matches (
  id ctext PRIMARY KEY, -- the file's id
  owner_id ctext NOT NULL,
  leaf_user_id ctext NOT NULL,
  boundaries_signature ctext NOT NULL,
  total_points BIGINT NOT NULL,
  fields ctext NOT NULL,
  outside_points BIGINT NOT NULL,
  outside_blob_key ctext NOT NULL,
  matched_time BIGINT NOT NULL
);
CREATE INDEX file_matches_user ON file_matches(owner_id, leaf_user_id);
CREATE TABLE webhooks (
  id ctext PRIMARY KEY,
  owner_id ctext NOT NULL REFERENCES owners(id),
  name ctext NOT NULL,
  url ctext NOT NULL,
  secret ctext NOT NULL,
  events ctext NOT NULL,
  created_time BIGINT NOT NULL
);
CREATE INDEX webhooks_owner ON webhooks(owner_id, created_time, id);
CREATE TABLE webhook_events (
  owner_id ctext NOT NULL,
  event ctext NOT NULL,
  webhook_id ctext NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
  PRIMARY KEY (owner_id, event)
);
CREATE TABLE alert_deliveries (
  id BIGSERIAL PRIMARY KEY,
  event_id ctext NOT NULL,
  owner_id ctext NOT NULL,
  webhook_id ctext NOT NULL,
  event_type ctext NOT NULL,
  body ctext NOT NULL,
  state ctext NOT NULL,
  attempts BIGINT NOT NULL DEFAULT 0,
  due_time BIGINT NOT NULL,
  lease_token ctext NOT NULL DEFAULT '',
  lease_until BIGINT NOT NULL DEFAULT 0,
  created_time BIGINT NOT NULL,
  updated_time BIGINT NOT NULL
);
CREATE INDEX alert_deliveries_due ON alert_deliveries(state, due_time, id);
CREATE INDEX alert_deliveries_webhook ON alert_deliveries(webhook_id, state);
CREATE TABLE alert_attempts (
  id BIGSERIAL PRIMARY KEY,
  delivery_id BIGINT NOT NULL,
  owner_id ctext NOT NULL,
  webhook_id ctext NOT NULL,
  url ctext NOT NULL,
  attempt BIGINT NOT NULL,
  final BIGINT NOT NULL,
  http_status BIGINT NOT NULL,
  response ctext NOT NULL,
  connection_error ctext NOT NULL,
  created_time BIGINT NOT NULL
);
CREATE INDEX alert_attempts_owner ON alert_attempts(owner_id, id);
CREATE TABLE assets (
  id ctext PRIMARY KEY,
  owner_id ctext NOT NULL REFERENCES owners(id),
  leaf_user_id ctext NOT NULL,
  kind ctext NOT NULL,
  identity ctext NOT NULL,
  source_id ctext NOT NULL DEFAULT '',
  name ctext NOT NULL DEFAULT '',
  serial_number ctext NOT NULL DEFAULT '',
  brand ctext NOT NULL DEFAULT '',
  provider ctext NOT NULL DEFAULT '',
  created_time BIGINT NOT NULL,
  updated_time BIGINT NOT NULL
);
CREATE UNIQUE INDEX assets_identity ON assets(owner_id, leaf_user_id, kind, identity);
CREATE INDEX assets_owner_kind ON assets(owner_id, kind, created_time, id);
CREATE TABLE file_assets (
  file_id ctext NOT NULL REFERENCES files(id),
  asset_id ctext NOT NULL REFERENCES assets(id),
  kind ctext NOT NULL,
  position BIGINT NOT NULL,
  PRIMARY KEY (file_id, asset_id)
);
CREATE INDEX file_assets_asset ON file_assets(asset_id);
)sql") + version_trigger("files") + version_trigger("batches") + version_trigger("leaf_users") +
        version_trigger("fields") + version_trigger("operations") + version_trigger("file_matches") +
        version_trigger("assets"),
    // v2 = SQLite 9: attempt durations; receivers' answers are no longer kept.
    R"sql(
ALTER TABLE alert_attempts ADD COLUMN duration_ms BIGINT NOT NULL DEFAULT 0;
UPDATE alert_attempts SET response = '';
)sql",
    // v3 = SQLite 10: the owners' token generation (revocation).
    R"sql(
ALTER TABLE owners ADD COLUMN token_generation BIGINT NOT NULL DEFAULT 0;
)sql",
    // v4 = SQLite 11: growers and farms.
    std::string(R"sql(
CREATE TABLE growers (
  id BIGSERIAL PRIMARY KEY,
  owner_id ctext NOT NULL REFERENCES owners(id),
  leaf_user_id ctext NOT NULL,
  name ctext,
  provider ctext NOT NULL DEFAULT '',
  created_time BIGINT NOT NULL,
  updated_time BIGINT NOT NULL
);
CREATE INDEX growers_owner ON growers(owner_id, created_time, id);
CREATE INDEX growers_owner_user ON growers(owner_id, leaf_user_id, created_time, id);
CREATE TABLE farms (
  id BIGSERIAL PRIMARY KEY,
  owner_id ctext NOT NULL REFERENCES owners(id),
  leaf_user_id ctext NOT NULL,
  name ctext,
  grower_id BIGINT,
  provider ctext NOT NULL DEFAULT '',
  created_time BIGINT NOT NULL,
  updated_time BIGINT NOT NULL
);
CREATE INDEX farms_owner ON farms(owner_id, created_time, id);
CREATE INDEX farms_owner_user ON farms(owner_id, leaf_user_id, created_time, id);
CREATE INDEX farms_grower ON farms(owner_id, grower_id);
CREATE INDEX fields_farm ON fields(owner_id, farm_id);
)sql") + version_trigger("growers") + version_trigger("farms"),
    // v5 = SQLite 12: boundary uploads, boundaries' fix_status.
    std::string(R"sql(
CREATE TABLE boundary_uploads (
  id ctext PRIMARY KEY,
  owner_id ctext NOT NULL REFERENCES owners(id),
  leaf_user_id ctext NOT NULL,
  file_name ctext NOT NULL,
  farm_id BIGINT,
  status ctext NOT NULL,
  status_details ctext NOT NULL DEFAULT '',
  blob_key ctext NOT NULL,
  created_time BIGINT NOT NULL,
  processed_time BIGINT
);
CREATE INDEX boundary_uploads_owner ON boundary_uploads(owner_id, created_time, id);
CREATE INDEX boundary_uploads_owner_user ON boundary_uploads(owner_id, leaf_user_id, created_time, id);
CREATE TABLE boundary_upload_entries (
  id ctext PRIMARY KEY,
  upload_id ctext NOT NULL,
  owner_id ctext NOT NULL REFERENCES owners(id),
  leaf_user_id ctext NOT NULL,
  file_name ctext NOT NULL,
  converter_format ctext NOT NULL,
  status ctext NOT NULL,
  field_ids ctext NOT NULL,
  errors ctext NOT NULL,
  position BIGINT NOT NULL,
  created_time BIGINT NOT NULL,
  processed_time BIGINT
);
CREATE INDEX boundary_upload_entries_upload ON boundary_upload_entries(upload_id, position);
ALTER TABLE field_boundaries ADD COLUMN fix_status ctext NOT NULL DEFAULT '';
)sql") + version_trigger("boundary_uploads"),
    // v6 = SQLite 13: content hashes and duplicates.
    R"sql(
ALTER TABLE files ADD COLUMN content_hash ctext NOT NULL DEFAULT '';
ALTER TABLE files ADD COLUMN duplicate_of ctext NOT NULL DEFAULT '';
CREATE INDEX files_content ON files(owner_id, leaf_user_id, content_hash, created_time, id) WHERE content_hash <> '';
)sql",
    // v7 = SQLite 14: an upload's ?timeZone=.
    R"sql(
ALTER TABLE batches ADD COLUMN time_zone ctext NOT NULL DEFAULT '';
)sql",
};

// Session-level advisory lock held while migrating (any constant unique to furrow's migrations).
constexpr std::string_view migration_lock_key = "7306072976916660226";

std::size_t applied_version(PgConnection& db) {
    db.exec("CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, applied_time BIGINT NOT NULL)");
    auto s = db.prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    s.step();
    return static_cast<std::size_t>(s.integer(0));
}

} // namespace

void migrate(PgConnection& db) {
    db.exec(fmt::format("SELECT pg_advisory_lock({})", migration_lock_key));
    try {
        for (std::size_t migration_idx = applied_version(db); migration_idx < migrations.size(); ++migration_idx) {
            db.begin();
            db.exec(migrations[migration_idx]);
            db.prepare("INSERT INTO schema_migrations (version, applied_time) VALUES (?, ?)")
                .bind(1, static_cast<std::int64_t>(migration_idx + 1))
                .bind(2, now_ms())
                .run();
            db.commit();
        }
    } catch (...) {
        try {
            db.rollback(); // a no-op warning outside a transaction; the unlock must still run
            db.exec(fmt::format("SELECT pg_advisory_unlock({})", migration_lock_key));
        } catch (...) {
            // The connection is gone: the server released the lock with the session.
        }
        throw;
    }
    db.exec(fmt::format("SELECT pg_advisory_unlock({})", migration_lock_key));
}

} // namespace furrow::store::postgres
