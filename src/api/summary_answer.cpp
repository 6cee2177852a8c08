#include "api/summary_answer.hpp"

#include "api/query_params.hpp"
#include "core/error.hpp"

#include <fmt/format.h>

#include <array>
#include <fstream>
#include <sstream>

namespace furrow::api {
namespace {

constexpr std::array<std::string_view, 2> resolutions = {"simplified", "full"};

std::string read_blob_text(store::BlobStore& blobs, const std::string& key) {
    std::ifstream in(blobs.local_path(key), std::ios::binary);
    if (!in) throw Error(ErrorCode::internal, fmt::format("blob {} cannot be read", key));
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace

Response summary_answer(ApiContext& ctx, const Request& req, const store::MachineFile& file, const std::string& what) {
    if (file.summary.empty())
        throw Error(ErrorCode::not_found,
                    fmt::format("{} has no summary ({})", what,
                                file.status == store::FileStatus::failed ? "processing failed: " + file.status_message
                                                                  : "not ready yet"));
    const auto resolution = QueryParams(req.query).one_of("resolution", resolutions).value_or("simplified");
    Response r;
    if (resolution == "simplified") {
        r.body = file.summary;
        return r;
    }
    const auto coverage = file.artifacts.find("coverage");
    if (coverage == file.artifacts.end() || !coverage->contains("blob"))
        throw Error(ErrorCode::not_found,
                    fmt::format("{} has no full-resolution coverage (processed before it was kept: reprocess it)", what));
    auto summary = nlohmann::json::parse(file.summary);
    summary["geometry"] = nlohmann::json::parse(read_blob_text(ctx.blobs, coverage->at("blob").get<std::string>()));
    return Response::json(200, summary);
}

} // namespace furrow::api
