#include "app/local_pipeline.hpp"

#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/time.hpp"
#include "pipeline/configuration.hpp"
#include "pipeline/context.hpp"
#include "pipeline/unpack_batch.hpp"

#include <algorithm>
#include <system_error>

namespace furrow::app {
namespace {

Config local_config(const Config& base, const std::filesystem::path& work_dir) {
    Config config = base;
    config.data_dir = work_dir;
    config.database_url = "sqlite://" + (work_dir / "furrow.db").string();
    config.blobs_url = "file://" + (work_dir / "blobs").string();
    return config;
}

// The input staged for put_file, which consumes what it is given: a hard link when the input is on
// the work directory's file system (no copy of a large upload), else a copy.
std::filesystem::path staged_copy(store::BlobStore& blobs, const std::filesystem::path& input) {
    std::filesystem::create_directories(blobs.staging_dir());
    const auto staged = blobs.staging_dir() / ("upload-" + random_hex(8));
    std::error_code ec;
    std::filesystem::create_hard_link(input, staged, ec);
    if (ec) std::filesystem::copy_file(input, staged);
    return staged;
}

} // namespace

LocalPipeline::LocalPipeline(const Config& base, std::filesystem::path work_dir, const nlohmann::json& configuration)
    : m_config(local_config(base, work_dir)), m_work_dir(std::move(work_dir)) {
    // Checked before anything is made: a bad key is the caller's mistake, reported as the API would.
    const auto changes = pipeline::validated_changes(configuration, false);
    if (std::filesystem::exists(m_work_dir))
        throw Error(ErrorCode::invalid_input, "convert: the work directory " + m_work_dir.string() + " already exists");
    std::filesystem::create_directories(m_work_dir);
    m_repo = store::open_repository(m_config.database_url);
    m_blobs = store::open_blob_store(m_config.blobs_url, store::blob_store_options(m_config));

    auto db = m_repo->connect();
    const auto now = now_ms();
    m_owner_id = new_uuid();
    db->insert_owner(store::Owner{m_owner_id, "furrow-convert", "", now});
    m_leaf_user_id = new_uuid();
    db->insert_user(store::LeafUser{m_leaf_user_id, m_owner_id, {{"name", "furrow convert"}}, now, now});
    nlohmann::json values = nlohmann::json::object();
    pipeline::apply_changes(values, changes);
    db->put_config(store::StoredConfig{m_owner_id, "", values, now});
}

LocalPipeline::~LocalPipeline() {
    m_blobs.reset();
    m_repo.reset();
    std::error_code ec;
    std::filesystem::remove_all(m_work_dir, ec);
}

std::vector<LocalFile> LocalPipeline::convert(const std::filesystem::path& input) {
    if (!std::filesystem::is_regular_file(input)) throw Error(ErrorCode::invalid_input, "convert: cannot read " + input.string());
    pipeline::Context ctx{*m_repo, *m_blobs, m_config};
    store::Batch batch;
    batch.id = new_uuid();
    batch.owner_id = m_owner_id;
    batch.leaf_user_id = m_leaf_user_id;
    batch.file_name = input.filename().string();
    batch.size = static_cast<std::int64_t>(std::filesystem::file_size(input));
    batch.provider = "Other";
    batch.blob_key = pipeline::upload_blob_key(batch.id);
    batch.upload_time = now_ms();
    m_blobs->put_file(batch.blob_key, staged_copy(*m_blobs, input));
    auto db = m_repo->connect();
    db->insert_batch(batch);

    pipeline::unpack_batch(ctx, batch.id);
    const auto unpacked = db->find_batch_any_owner(batch.id);
    if (unpacked && unpacked->status == store::BatchStatus::failed)
        throw Error(ErrorCode::invalid_input, "convert: " + input.string() + ": " + unpacked->status_details);

    std::vector<LocalFile> out;
    for (const auto& file : db->batch_files(batch.id)) {
        auto durations = pipeline::process_file(ctx, file.id, pipeline::catalogue());
        auto done = db->find_file_any_owner(file.id);
        if (!done) throw Error(ErrorCode::internal, "convert: machine file " + file.id + " vanished");
        auto steps = db->steps(file.id);
        std::sort(steps.begin(), steps.end(), [](const auto& a, const auto& b) { return a.position < b.position; });
        out.push_back({std::move(*done), std::move(steps), std::move(durations)});
    }
    return out;
}

} // namespace furrow::app
