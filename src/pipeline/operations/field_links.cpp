#include "pipeline/operations/field_links.hpp"

#include "pipeline/configuration.hpp"
#include "pipeline/operations/file_matching.hpp"

#include <algorithm>

namespace furrow::pipeline::operations {

std::vector<std::string> linked_fields_of(store::Session& db, const store::MachineFile& file) {
    const auto match = db.find_file_match(file.id);
    if (!match) return {};
    const auto settings = settings_of(effective_configuration(db, file.owner_id, file.leaf_user_id));
    return linked_field_ids(*match, settings.fields_attach_intersection);
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
