#include "api/json_views.hpp"

#include "core/time.hpp"
#include "pipeline/catalogue.hpp"

namespace furrow::api {

nlohmann::json user_json(const store::LeafUser& user) {
    nlohmann::json out = {{"id", user.id}};
    for (const auto& [key, value] : user.document.items())
        if (key != "id") out[key] = value;
    out["createdTime"] = format_iso8601(user.created_time);
    out["updatedTime"] = format_iso8601(user.updated_time);
    return out;
}

nlohmann::json batch_upload_json(const store::Batch& b) {
    return {{"id", b.id},     {"leafUserId", b.leaf_user_id}, {"fileName", b.file_name},
            {"size", b.size}, {"provider", b.provider},       {"status", store::to_string(b.status)},
            {"uploadTimestamp", format_iso8601(b.upload_time)}};
}

nlohmann::json batch_json(const store::Batch& b) {
    nlohmann::json out = batch_upload_json(b);
    out["leafFiles"] = b.file_ids;
    // furrow extension: files whose data set the leaf user had uploaded before (docs/API.md).
    if (!b.duplicates.empty()) {
        auto& duplicates = out["duplicateFiles"] = nlohmann::json::array();
        for (const auto& [file_id, original] : b.duplicates)
            duplicates.push_back({{"fileId", file_id}, {"duplicateOf", original}});
    }
    if (b.status == store::BatchStatus::failed) out["statusDetails"] = b.status_details;
    if (b.processed_time) out["processedTimestamp"] = format_iso8601(*b.processed_time);
    return out;
}

nlohmann::json file_json(const store::MachineFile& f, const std::string& owner_username, const Links& links,
                         const std::vector<std::string>& fields) {
    nlohmann::json out = {
        {"id", f.id},
        {"leafUserId", f.leaf_user_id},
        {"apiOwnerUsername", owner_username},
        {"provider", f.provider},
        {"fileFormat", f.file_format},
        {"fileName", f.file_name},
        {"origin", store::to_string(f.origin)},
        {"status", store::to_string(f.status)},
        {"sizeInBytes", f.size_in_bytes},
        {"fields", fields},
        {"createdTime", format_iso8601(f.created_time)},
        {"updatedTime", format_iso8601(f.updated_time)},
    };
    if (!f.batch_id.empty()) out["batchId"] = f.batch_id;
    if (!f.duplicate_of.empty()) out["duplicateOf"] = f.duplicate_of;
    if (!f.organization_id.empty()) out["organizationId"] = f.organization_id;
    if (!f.provider_file_id.empty()) out["providerFileId"] = f.provider_file_id;
    if (f.operation_type) out["operationType"] = schema::to_string(*f.operation_type);
    if (f.start_time) out["startTime"] = format_iso8601(*f.start_time);
    if (f.end_time) out["endTime"] = format_iso8601(*f.end_time);
    if (f.area_m2) out["area"] = {{"value", *f.area_m2}, {"unit", "m2"}};
    if (f.status == store::FileStatus::processed) out["crops"] = f.crops;
    if (f.status == store::FileStatus::failed && !f.status_message.empty()) out["statusMessage"] = f.status_message;
    // Leaf pairs each output with a download link: plain (bearer token) and signed (api/links.hpp).
    // A file_record output is its own route; the others are served by the download route.
    for (const auto& output : links.catalogue().outputs) {
        if (!output.linked_from_file) continue;
        const std::string name(output.name);
        if (output.record != pipeline::FileRecord::none) {
            if (!pipeline::record_blob_key(f, output.record).empty()) links.add_file_pair(out, name, f.id, name);
            continue;
        }
        const auto it = f.artifacts.find(name);
        if (it != f.artifacts.end() && it->contains("blob"))
            links.add_file_pair(out, name, f.id, stored_output_path(it->at("blob").get<std::string>()));
    }
    if (!f.summary.empty()) {
        auto summary = nlohmann::json::parse(f.summary, nullptr, false);
        if (!summary.is_discarded()) out["summary"] = std::move(summary);
    }
    return out;
}

nlohmann::json operation_json(const store::Operation& op, const std::string& owner_username, store::Session& db) {
    auto fields = nlohmann::json::array();
    for (const auto& f : op.fields) {
        nlohmann::json field = {{"id", f.value("id", "")}};
        if (f.contains("coverage")) field["coverage"] = f["coverage"];
        fields.push_back(std::move(field));
    }
    const auto result = db.find_file(op.owner_id, op.result_file_id);
    nlohmann::json out = {
        {"id", op.id},
        {"apiOwnerUsername", owner_username},
        {"leafUserId", op.leaf_user_id},
        {"type", schema::to_string(op.type)},
        {"files", op.file_ids},
        {"fields", std::move(fields)},
        {"providers", op.providers},
        {"updatedTime", format_iso8601(op.updated_time)},
        {"status", store::to_string(result ? result->status : store::FileStatus::processing)},
    };
    if (op.start_time) out["startTime"] = format_iso8601(*op.start_time);
    if (op.end_time) out["endTime"] = format_iso8601(*op.end_time);
    return out;
}

} // namespace furrow::api
