#include "store/sqlite/sqlite_schema.hpp"

#include <array>
#include <string_view>

namespace furrow::store::sqlite {
namespace {

// Append only: a migration that shipped is never edited, a new one is added at the end.
constexpr std::array<std::string_view, 2> migrations = {
    R"sql(
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
)sql",
    // 2: list_versions lets list counts be cached exactly: every write to a listed table bumps its
    // owner's version (triggers, so writers in any process are covered).
    R"sql(
CREATE TABLE list_versions (
  owner_id TEXT NOT NULL,
  table_name TEXT NOT NULL,
  version INTEGER NOT NULL,
  PRIMARY KEY (owner_id, table_name)
) WITHOUT ROWID;
CREATE TRIGGER files_insert_version AFTER INSERT ON files BEGIN
  INSERT INTO list_versions (owner_id, table_name, version) VALUES (NEW.owner_id, 'files', 1)
  ON CONFLICT (owner_id, table_name) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER files_update_version AFTER UPDATE ON files BEGIN
  INSERT INTO list_versions (owner_id, table_name, version) VALUES (NEW.owner_id, 'files', 1)
  ON CONFLICT (owner_id, table_name) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER files_delete_version AFTER DELETE ON files BEGIN
  INSERT INTO list_versions (owner_id, table_name, version) VALUES (OLD.owner_id, 'files', 1)
  ON CONFLICT (owner_id, table_name) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER batches_insert_version AFTER INSERT ON batches BEGIN
  INSERT INTO list_versions (owner_id, table_name, version) VALUES (NEW.owner_id, 'batches', 1)
  ON CONFLICT (owner_id, table_name) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER batches_update_version AFTER UPDATE ON batches BEGIN
  INSERT INTO list_versions (owner_id, table_name, version) VALUES (NEW.owner_id, 'batches', 1)
  ON CONFLICT (owner_id, table_name) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER batches_delete_version AFTER DELETE ON batches BEGIN
  INSERT INTO list_versions (owner_id, table_name, version) VALUES (OLD.owner_id, 'batches', 1)
  ON CONFLICT (owner_id, table_name) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER leaf_users_insert_version AFTER INSERT ON leaf_users BEGIN
  INSERT INTO list_versions (owner_id, table_name, version) VALUES (NEW.owner_id, 'leaf_users', 1)
  ON CONFLICT (owner_id, table_name) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER leaf_users_update_version AFTER UPDATE ON leaf_users BEGIN
  INSERT INTO list_versions (owner_id, table_name, version) VALUES (NEW.owner_id, 'leaf_users', 1)
  ON CONFLICT (owner_id, table_name) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER leaf_users_delete_version AFTER DELETE ON leaf_users BEGIN
  INSERT INTO list_versions (owner_id, table_name, version) VALUES (OLD.owner_id, 'leaf_users', 1)
  ON CONFLICT (owner_id, table_name) DO UPDATE SET version = version + 1;
END;
)sql",
};

} // namespace

void migrate(Database& db) {
    db.exec("BEGIN IMMEDIATE");
    try {
        auto version_stmt = db.prepare("PRAGMA user_version");
        version_stmt.step();
        const auto version = static_cast<std::size_t>(version_stmt.integer(0));
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
