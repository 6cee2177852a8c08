#pragma once
// What resource handlers may use. Owned by app/serve.cpp; handlers capture it by reference.
#include "core/config.hpp"
#include "store/blobs/blob_store.hpp"
#include "store/repository.hpp"

#include <functional>
#include <string>

namespace furrow::pipeline {
struct Catalogue;
}

namespace furrow::api {

struct ApiContext {
    store::Repository& repo;
    store::BlobStore& blobs;
    const Config& config;
    std::string jwt_secret;
    std::function<void()> wake_workers; // new jobs were enqueued
    // The steps and outputs the routes and links answer for; null: furrow's (pipeline/catalogue.hpp).
    const pipeline::Catalogue* catalogue = nullptr;
};

const pipeline::Catalogue& catalogue_of(const ApiContext& ctx);

} // namespace furrow::api
