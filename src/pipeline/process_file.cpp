#include "pipeline/process_file.hpp"

#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/log.hpp"
#include "formats/registry.hpp"
#include "pipeline/batch_outcome.hpp"
#include "pipeline/step_runner.hpp"

#include <fmt/format.h>

namespace furrow::pipeline {
namespace {

// The machine file's own zip: just the entries of its data set, served as originalFile.
void store_original(Context& ctx, store::Session& db, const store::MachineFile& file, const store::Batch& batch) {
    const std::string key = original_blob_key(file.id);
    if (file.original_blob_key == key && ctx.blobs.size(key)) return;
    const auto bundle = formats::Bundle::open(ctx.blobs.local_path(batch.blob_key), bundle_limits(ctx.config));
    const auto staged = ctx.blobs.staging_dir() / (random_hex(8) + ".zip");
    try {
        bundle.write_subset(file.entries, staged);
        ctx.blobs.put_file(key, staged);
    } catch (...) {
        std::error_code ec;
        std::filesystem::remove(staged, ec);
        throw;
    }
    db.set_file_original(file.id, key);
}

[[noreturn]] void cannot_read(const formats::Format& format) {
    throw Error(ErrorCode::unsupported_format,
                fmt::format("{} ({}: {})", details_unable_to_read, format.title, format.reader_missing));
}

} // namespace

void process_file(Context& ctx, const std::string& file_id) {
    auto db = ctx.repo.connect();
    const auto file = db->find_file_any_owner(file_id);
    if (!file) return;
    if (file->status != store::file_processing) {
        if (!file->batch_id.empty()) settle_batch(*db, file->batch_id);
        return;
    }
    const auto batch = db->find_batch_any_owner(file->batch_id);
    if (!batch) throw Error(ErrorCode::internal, fmt::format("file {}: batch {} is missing", file_id, file->batch_id));
    const auto* format = formats::find_format(file->format_id);

    db->clear_steps(file_id);
    StepRunner steps(*db, file_id, file_steps());
    steps.run("originalFile", [&] { store_original(ctx, *db, *file, *batch); });
    steps.run("rawGeojson", [&] {
        if (format == nullptr)
            throw Error(ErrorCode::unsupported_format, fmt::format("{} (unknown format '{}')", details_unable_to_read,
                                                                   file->format_id));
        if (!format->reader_missing.empty()) cannot_read(*format);
    });

    db->transaction([&] {
        if (steps.failure()) db->set_file_status(file_id, store::file_failed, *steps.failure());
        else db->set_file_status(file_id, store::file_processed, "");
        settle_batch(*db, file->batch_id);
    });
    log::info("file {}: {}", file_id, steps.failure() ? "failed: " + *steps.failure() : std::string("processed"));
}

void give_up_process_file(Context& ctx, const std::string& file_id, const std::string& error) {
    auto db = ctx.repo.connect();
    log::error("file {}: giving up: {}", file_id, error);
    const auto file = db->find_file_any_owner(file_id);
    if (!file) return;
    db->transaction([&] {
        db->set_file_status(file_id, store::file_failed, std::string(details_internal_error));
        if (!file->batch_id.empty()) settle_batch(*db, file->batch_id);
    });
}

} // namespace furrow::pipeline
