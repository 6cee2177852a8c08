#pragma once
// `furrow convert`'s server: the very pipeline `furrow serve` runs (pipeline/unpack_batch.cpp,
// pipeline/process_file.cpp, the step and output catalogue, the configuration's defaults and rules)
// against stores of its own — SQLite and a local blob store in a work directory that is removed
// afterwards — so the command and the server cannot drift (issue #18 point 3). Jobs run in the
// calling thread, in order: there is no queue worker and no API.
#include "core/config.hpp"
#include "pipeline/catalogue.hpp"
#include "pipeline/process_file.hpp"
#include "store/blobs/blob_store.hpp"
#include "store/repository.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <memory>
#include <vector>

namespace furrow::app {

// A machine file as the pipeline left it, with how long its steps took.
struct LocalFile {
    store::MachineFile file;
    std::vector<store::FileStep> steps; // in pipeline order
    pipeline::StepDurations durations;
};

class LocalPipeline {
public:
    // `configuration`: changes to the server's defaults, checked as PATCH /services/config/api/configs
    // checks them (an unknown key or a bad value throws invalid_input naming it). `work_dir` must not
    // exist yet; it holds the stores and is removed by the destructor.
    LocalPipeline(const Config& base, std::filesystem::path work_dir, const nlohmann::json& configuration);
    ~LocalPipeline();
    LocalPipeline(const LocalPipeline&) = delete;
    LocalPipeline& operator=(const LocalPipeline&) = delete;

    // Uploads `input` as one batch, unpacks it and processes each of its machine files. Returns them
    // in data-set order; a batch the server would refuse throws invalid_input with the server's message.
    std::vector<LocalFile> convert(const std::filesystem::path& input);

    store::BlobStore& blobs() { return *m_blobs; }

private:
    Config m_config;
    std::filesystem::path m_work_dir;
    std::unique_ptr<store::Repository> m_repo;
    std::unique_ptr<store::BlobStore> m_blobs;
    std::string m_owner_id;
    std::string m_leaf_user_id;
};

} // namespace furrow::app
