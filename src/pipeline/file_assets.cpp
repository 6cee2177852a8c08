#include "pipeline/file_assets.hpp"

#include "core/strings.hpp"

namespace furrow::pipeline {

std::vector<store::AssetInput> asset_inputs(const schema::SourceInfo& source, const std::string& provider) {
    std::vector<store::AssetInput> inputs;
    for (const auto& machine : source.machinery) {
        const char* kind = machine.type == "implement" ? store::asset_implement : store::asset_machine;
        inputs.push_back({kind, machine.id, machine.name, machine.serial_number, machine.brand, provider});
    }
    for (const auto& person : source.operators)
        inputs.push_back({store::asset_operator, person.id, person.name, "", "", provider});
    return inputs;
}

std::vector<store::AssetLink> record_file_assets(store::Session& db, const store::MachineFile& file,
                                                 const schema::SourceInfo& source) {
    return db.upsert_file_assets(file.id, file.owner_id, file.leaf_user_id, asset_inputs(source, file.provider));
}

const store::AssetLink* find_link(const std::vector<store::AssetLink>& links, const std::string& kind,
                                  const std::string& source_id, const std::string& name) {
    const std::string id = trim(source_id), clean_name = trim(name);
    for (const auto& link : links)
        if (link.kind == kind && link.source_id == id && link.name == clean_name) return &link;
    return nullptr;
}

} // namespace furrow::pipeline
