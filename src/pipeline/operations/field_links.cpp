#include "pipeline/operations/field_links.hpp"

#include "pipeline/configuration.hpp"
#include "pipeline/operations/file_matching.hpp"

#include <algorithm>
#include <map>
#include <utility>

namespace furrow::pipeline::operations {

std::vector<std::string> linked_fields_of(store::Session& db, const store::MachineFile& file) {
    return linked_fields_of(db, std::vector<store::MachineFile>{file}).front();
}

std::vector<std::vector<std::string>> linked_fields_of(store::Session& db, const std::vector<store::MachineFile>& files) {
    std::vector<std::string> ids;
    ids.reserve(files.size());
    for (const auto& f : files) ids.push_back(f.id);
    std::map<std::string, store::FileMatch> matches;
    for (auto& m : db.find_file_matches(ids)) matches.emplace(m.file_id, std::move(m));
    std::map<std::pair<std::string, std::string>, double> threshold_of_user; // (owner, leaf user)
    std::vector<std::vector<std::string>> out(files.size());
    for (std::size_t k = 0; k < files.size(); ++k) {
        const auto match = matches.find(files[k].id);
        if (match == matches.end()) continue;
        const auto user = std::make_pair(files[k].owner_id, files[k].leaf_user_id);
        auto threshold = threshold_of_user.find(user);
        if (threshold == threshold_of_user.end()) {
            const auto settings = settings_of(effective_configuration(db, user.first, user.second));
            threshold = threshold_of_user.emplace(user, settings.fields_attach_intersection).first;
        }
        out[k] = linked_field_ids(match->second, threshold->second);
    }
    return out;
}

std::vector<std::string> field_file_ids(store::Session& db, const std::string& owner_id, const std::string& field_id) {
    store::ListQuery query;
    query.filters.push_back({"field_ids", store::Op::has_item, field_id});
    query.sort.push_back({"created_time", false});
    std::vector<std::string> out;
    for (query.page = 0;; ++query.page) {
        query.size = 100;
        const auto page = db.list_operations(owner_id, query);
        for (const auto& op : page.items)
            for (const auto& id : op.file_ids)
                if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
        if ((query.page + 1) * query.size >= page.total) return out;
    }
}

} // namespace furrow::pipeline::operations
