#pragma once
// What `furrow serve` and `furrow worker` both run: the two stores, the job workers, the webhook
// delivery threads and the scratch sweeper, started together and stopped together.
#include "alerts/delivery_loop.hpp"
#include "app/scratch_sweeper.hpp"
#include "core/config.hpp"
#include "pipeline/worker_pool.hpp"
#include "store/blobs/blob_store.hpp"
#include "store/repository.hpp"

#include <memory>

namespace furrow::app {

struct Runtime {
    // Creates the data directory, opens the stores (migrating the database) and starts the threads.
    explicit Runtime(const Config& config);
    // Waits for running jobs and deliveries to finish.
    void stop();

    std::unique_ptr<store::Repository> repo;
    std::unique_ptr<store::BlobStore> blobs;
    pipeline::WorkerPool workers;
    alerts::DeliveryLoop alert_delivery;
    ScratchSweeper scratch_sweeper; // upload staging and unpacked bundles of dead processes
};

} // namespace furrow::app
