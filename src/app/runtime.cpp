#include "app/runtime.hpp"

#include "core/log.hpp"
#include "core/strings.hpp"

#include <filesystem>

namespace furrow::app {
namespace {

std::unique_ptr<store::Repository> open_store(const Config& config) {
    std::filesystem::create_directories(config.data_dir);
    return store::open_repository(config.database_url);
}

} // namespace

Runtime::Runtime(const Config& config)
    : repo(open_store(config)),
      blobs(store::open_blob_store(config.blobs_url, store::blob_store_options(config))),
      workers(pipeline::Context{*repo, *blobs, config}, config.workers),
      alert_delivery(*repo, alerts::delivery_options(config)),
      scratch_sweeper({blobs->staging_dir().parent_path(), config.tmp_dir()},
                      std::chrono::seconds(config.scratch_sweep_seconds)) {
    scratch_sweeper.start(); // only ever removes what no live process owns, so its order among these does not matter
    alert_delivery.start();
    log::info("{} worker(s), {} alert thread(s), data in {}, database {}, blobs {}", workers.size(),
              config.alert_threads, config.data_dir.string(), redact_password(config.database_url),
              redact_password(config.blobs_url));
}

void Runtime::stop() {
    workers.stop();
    alert_delivery.stop();
    scratch_sweeper.stop();
}

} // namespace furrow::app
