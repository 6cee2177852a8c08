#include "pipeline/field_upload/upload_fields.hpp"

#include "alerts/events.hpp"
#include "alerts/outbox.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/log.hpp"
#include "fields/boundary_geometry.hpp"
#include "fields/boundary_repair.hpp"
#include "pipeline/configuration.hpp"
#include "pipeline/field_records.hpp"
#include "pipeline/field_upload/boundary_files.hpp"

#include <fmt/format.h>

namespace furrow::pipeline::field_upload {
namespace {

struct NewField {
    store::Field field;
    store::FieldBoundary boundary;
};

// What one feature became: a field, or the problem+json text Leaf puts in createFieldErrorDetails.
struct Outcome {
    std::optional<NewField> made;
    std::string error;
};

std::string problem_text(const store::BoundaryUpload& upload, const std::string& detail) {
    return nlohmann::json{{"type", "about:blank"},
                          {"title", "Bad Request"},
                          {"status", 400},
                          {"detail", detail},
                          {"path", fmt::format("/services/fields/api/users/{}/fields", upload.leaf_user_id)},
                          {"parameter", "geometry"}}
        .dump();
}

// The feature's geometry checked as POST /fields checks it; when that refuses it and the leaf user's
// automaticFixBoundary is on, the repaired geometry is checked instead (and the boundary says FIXED).
Outcome field_of(const store::BoundaryUpload& upload, const BoundaryFeature& feature, const std::string& place,
                 bool repair, TimeMs now) {
    if (feature.geometry.is_null()) return {std::nullopt, problem_text(upload, place + ": " + feature.problem)};
    std::optional<fields::MultiPolygon> shape;
    bool fixed = false;
    try {
        shape = fields::parse_boundary(feature.geometry);
    } catch (const Error& invalid) {
        if (invalid.code() != ErrorCode::invalid_input) throw;
        const auto repaired = repair ? fields::repair_boundary(feature.geometry) : std::nullopt;
        const std::string refused = fmt::format("{}: invalid geometry: {}", place, invalid.what());
        if (!repaired) return {std::nullopt, problem_text(upload, refused)};
        try {
            shape = fields::parse_boundary(*repaired);
            fixed = true;
        } catch (const Error& still) {
            if (still.code() != ErrorCode::invalid_input) throw;
            return {std::nullopt, problem_text(upload, fmt::format("{}; after automaticFixBoundary: {}", refused, still.what()))};
        }
    }
    NewField out;
    out.field.id = new_uuid();
    out.field.owner_id = upload.owner_id;
    out.field.leaf_user_id = upload.leaf_user_id;
    out.field.name = feature.name.value_or("");
    out.field.farm_id = upload.farm_id;
    out.field.created_time = out.field.updated_time = now;
    out.boundary = new_boundary(out.field, *shape, now);
    if (fixed) out.boundary.fix_status = "FIXED";
    out.field.boundary_ids = {out.boundary.id};
    return {std::move(out), ""};
}

// One entry: every feature of the file, up to what is left of the upload's field budget.
store::BoundaryUploadEntry entry_of(const store::BoundaryUpload& upload, const formats::Bundle& bundle,
                                    const BoundaryFile& file, bool repair, std::size_t& budget,
                                    std::vector<NewField>& made) {
    store::BoundaryUploadEntry entry;
    entry.id = new_uuid();
    entry.upload_id = upload.id;
    entry.owner_id = upload.owner_id;
    entry.leaf_user_id = upload.leaf_user_id;
    entry.file_name = file.path;
    entry.converter_format = file.converter_format;
    entry.created_time = now_ms();
    std::vector<BoundaryFeature> features;
    if (!file.missing.empty()) {
        entry.errors.push_back(problem_text(upload, fmt::format("{}: a shapefile needs its {} too", file.path, file.missing)));
    } else {
        try {
            features = read_boundary_features(bundle, file);
        } catch (const Error& e) {
            if (e.code() != ErrorCode::corrupt_file) throw;
            entry.errors.push_back(problem_text(upload, e.what()));
        }
        if (features.empty() && entry.errors.empty())
            entry.errors.push_back(problem_text(upload, file.path + ": no features"));
    }
    for (std::size_t feature_idx = 0; feature_idx < features.size(); ++feature_idx) {
        const auto& feature = features[feature_idx];
        const auto place = fmt::format("{}: feature {}{}", file.path, feature_idx,
                                       feature.name ? fmt::format(" ('{}')", *feature.name) : "");
        if (budget == 0) {
            entry.errors.push_back(problem_text(
                upload, fmt::format("{}: not made: an upload makes at most {} fields", place, max_fields_per_upload)));
            continue;
        }
        auto outcome = field_of(upload, feature, place, repair, entry.created_time);
        if (!outcome.made) {
            entry.errors.push_back(std::move(outcome.error));
            continue;
        }
        --budget;
        entry.field_ids.push_back(outcome.made->field.id);
        made.push_back(std::move(*outcome.made));
    }
    entry.status = entry.errors.empty() ? "FINISHED" : entry.field_ids.empty() ? "FAILED" : "PARTIALLY_FINISHED";
    entry.processed_time = now_ms();
    return entry;
}

void record_field_events(store::Session& db, const NewField& made) {
    const auto& f = made.field;
    // source REST: the fields were made through Leaf's REST upload service, not a provider sync.
    alerts::record_event(db, f.owner_id, alerts::event::field_created,
                         {{"source", "REST"}, {"leafUserId", f.leaf_user_id}, {"fieldId", f.id}});
    alerts::record_event(db, f.owner_id, alerts::event::field_boundary_created,
                         {{"boundaryId", made.boundary.id}, {"leafUserId", f.leaf_user_id}, {"fieldId", f.id}});
}

} // namespace

void upload_fields(Context& ctx, const std::string& upload_id) {
    auto db = ctx.repo.connect();
    auto upload = db->find_boundary_upload_any_owner(upload_id);
    if (!upload || upload->status != store::upload_received) return; // already decided

    std::vector<store::BoundaryUploadEntry> entries;
    std::vector<NewField> made;
    try {
        const auto bundle = formats::Bundle::open(ctx.blobs.local_path(upload->blob_key), bundle_limits(ctx.config));
        const auto configuration = effective_configuration(*db, upload->owner_id, upload->leaf_user_id);
        const bool repair = configuration.value("automaticFixBoundary", true);
        std::size_t budget = max_fields_per_upload;
        const auto files = find_boundary_files(bundle);
        for (std::size_t file_idx = 0; file_idx < files.size(); ++file_idx) {
            entries.push_back(entry_of(*upload, bundle, files[file_idx], repair, budget, made));
            entries.back().position = static_cast<int>(file_idx);
        }
        if (files.empty()) upload->status_details = "no shapefile (.shp with .shx and .dbf), GeoJSON, KML/KMZ file or GreenStar 3 setup card found";
    } catch (const Error& e) {
        if (e.code() != ErrorCode::corrupt_file) throw; // the disk or the store: retry the job
        upload->status_details = e.what();
    }
    upload->status = made.empty() ? store::upload_failed : store::upload_processed;
    if (made.empty() && upload->status_details.empty()) upload->status_details = "no valid field boundary found";
    upload->processed_time = now_ms();
    db->transaction([&] {
        for (const auto& m : made) {
            db->insert_field(m.field);
            db->insert_boundary(m.boundary);
            record_field_events(*db, m);
        }
        db->finish_boundary_upload(*upload, entries);
        if (!made.empty()) db->enqueue({job_match_user, upload->leaf_user_id, 0});
    });
    log::info("boundary upload {}: {}, {} field(s) from {} file(s)", upload_id, upload->status, made.size(),
              entries.size());
}

void give_up_upload_fields(Context& ctx, const std::string& upload_id, const std::string& error) {
    auto db = ctx.repo.connect();
    log::error("boundary upload {}: giving up: {}", upload_id, error);
    auto upload = db->find_boundary_upload_any_owner(upload_id);
    if (!upload || upload->status != store::upload_received) return;
    upload->status = store::upload_failed;
    upload->status_details = "internal error; see the server log";
    upload->processed_time = now_ms();
    db->finish_boundary_upload(*upload, {});
}

} // namespace furrow::pipeline::field_upload
