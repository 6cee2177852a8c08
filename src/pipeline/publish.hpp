#pragma once
// Writes a blob through a staging file so it is either complete or absent: `write(path)` fills a
// file in the blob store's staging directory, which is then moved under `key`.
#include "core/ids.hpp"
#include "pipeline/context.hpp"

#include <filesystem>
#include <string>

namespace furrow::pipeline {

template <typename WriteFn>
void publish(Context& ctx, const std::string& key, WriteFn write) {
    const auto staged = ctx.blobs.staging_dir() / (random_hex(8) + ".part");
    try {
        write(staged);
        ctx.blobs.put_file(key, staged);
    } catch (...) {
        std::error_code ec;
        std::filesystem::remove(staged, ec);
        throw;
    }
}

} // namespace furrow::pipeline
