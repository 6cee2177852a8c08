// docs/openapi.json (compiled in, served at /openapi.json) describes exactly the routes the server has:
// the router built as `furrow serve` builds it is compared with the document's paths and methods, so
// a route added, renamed or removed without its description fails here. The output routes' answers
// follow the output catalogue (pipeline/catalogue.cpp). Also: every path parameter of
// a route is declared, every operation answers something, and every $ref resolves.
#include "api/openapi.hpp"
#include "api/routes.hpp"
#include "pipeline/catalogue.hpp"
#include "store/blobs/blob_store.hpp"
#include "store/repository.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <regex>
#include <set>

namespace furrow::api {
namespace {

const nlohmann::json& document() {
    static const nlohmann::json doc = nlohmann::json::parse(openapi_document());
    return doc;
}

std::set<std::string> router_routes() {
    testing::TempDir dir;
    Config config;
    config.data_dir = dir.path();
    auto repo = store::open_repository("sqlite://" + (dir.path() / "db").string());
    auto blobs = store::open_blob_store("file://" + (dir.path() / "blobs").string(), store::blob_store_options(config));
    ApiContext ctx{*repo, *blobs, config, "secret", [] {}};
    const Router router = build_router(ctx);
    std::set<std::string> out;
    for (const auto& route : router.routes()) out.insert(route.method + " " + route.pattern);
    return out;
}

std::string upper(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return s;
}

const std::set<std::string> methods = {"get", "put", "post", "delete", "patch", "head", "options"};

TEST(OpenApi, is_an_openapi_3_1_document) {
    EXPECT_EQ(document().at("openapi").get<std::string>().substr(0, 4), "3.1.");
    EXPECT_TRUE(document().at("info").contains("title"));
}

TEST(OpenApi, describes_exactly_the_routes_of_the_router) {
    std::set<std::string> described;
    for (const auto& [path, item] : document().at("paths").items())
        for (const auto& [method, operation] : item.items())
            if (methods.contains(method)) described.insert(upper(method) + " " + path);
    const auto served = router_routes();
    std::vector<std::string> undocumented, not_served;
    std::set_difference(served.begin(), served.end(), described.begin(), described.end(), std::back_inserter(undocumented));
    std::set_difference(described.begin(), described.end(), served.begin(), served.end(), std::back_inserter(not_served));
    for (const auto& r : undocumented) ADD_FAILURE() << "served but not in docs/openapi.json: " << r;
    for (const auto& r : not_served) ADD_FAILURE() << "in docs/openapi.json but not served: " << r;
}

// The parameters of an operation: its own plus its path item's, resolved through $ref.
std::set<std::string> path_parameters(const nlohmann::json& item, const nlohmann::json& operation) {
    std::set<std::string> names;
    for (const auto* list : {&item, &operation}) {
        if (!list->contains("parameters")) continue;
        for (auto p : list->at("parameters")) {
            if (p.contains("$ref")) p = document().at(nlohmann::json::json_pointer(p.at("$ref").get<std::string>().substr(1)));
            if (p.at("in") == "path") names.insert(p.at("name").get<std::string>());
        }
    }
    return names;
}

TEST(OpenApi, every_path_parameter_is_declared_and_every_operation_answers) {
    const std::regex param(R"(\{([^}]+)\})");
    for (const auto& [path, item] : document().at("paths").items()) {
        std::set<std::string> in_path;
        for (std::sregex_iterator it(path.begin(), path.end(), param), end; it != end; ++it) in_path.insert((*it)[1]);
        for (const auto& [method, operation] : item.items()) {
            if (!methods.contains(method)) continue;
            EXPECT_EQ(path_parameters(item, operation), in_path) << method << " " << path;
            EXPECT_FALSE(operation.value("responses", nlohmann::json::object()).empty()) << method << " " << path;
            EXPECT_TRUE(operation.contains("operationId")) << method << " " << path;
        }
    }
}

void check_refs(const nlohmann::json& node, const std::string& where) {
    if (node.is_object()) {
        if (node.contains("$ref") && node.at("$ref").is_string()) {
            const auto ref = node.at("$ref").get<std::string>();
            ASSERT_EQ(ref.rfind("#/", 0), 0u) << where << ": only local references";
            EXPECT_TRUE(document().contains(nlohmann::json::json_pointer(ref.substr(1)))) << where << ": " << ref;
        }
        for (const auto& [key, value] : node.items()) check_refs(value, where + "/" + key);
    } else if (node.is_array()) {
        for (std::size_t i = 0; i < node.size(); ++i) check_refs(node[i], where + "/" + std::to_string(i));
    }
}

TEST(OpenApi, every_reference_resolves) { check_refs(document(), ""); }

// Each output's routes answer as its catalogue entry says: its bytes in its media type (a file
// record of a file), a Link, or a list of Images; the downloads route names every media type an
// output has. An output added to the catalogue without its description fails here.
TEST(OpenApi, output_routes_answer_as_the_catalogue_says) {
    const auto& paths = document().at("paths");
    const auto answer_of = [&](const std::string& path) -> const nlohmann::json& {
        EXPECT_TRUE(paths.contains(path)) << path << " is not in docs/openapi.json";
        static const nlohmann::json none = nlohmann::json::object();
        if (!paths.contains(path)) return none;
        return paths.at(path).at("get").at("responses").at("200").at("content");
    };
    const std::string files = "/services/operations/api/files/{id}/", operations = "/services/operations/api/operations/{id}/";
    for (const auto& output : pipeline::catalogue().outputs) {
        const std::string name(output.name);
        if (output.answer == pipeline::OutputAnswer::download_only) continue; // served by /downloads/{name}
        for (const bool of_operation : {false, true}) {
            // An operation's standardGeojson is a Link of operations.cpp's own: file records are files' downloads.
            if (of_operation && (output.files_only || output.answer == pipeline::OutputAnswer::file_record)) continue;
            const auto path = (of_operation ? operations : files) + name;
            const auto& content = answer_of(path);
            if (output.answer == pipeline::OutputAnswer::file_record) {
                EXPECT_TRUE(content.contains(std::string(output.media_type))) << path << ": " << content.dump();
            } else if (output.answer == pipeline::OutputAnswer::image_list) {
                EXPECT_EQ(content.at("application/json").at("schema").at("items").at("$ref"), "#/components/schemas/Image") << path;
            } else {
                EXPECT_EQ(content.at("application/json").at("schema").at("$ref"), "#/components/schemas/Link") << path;
            }
        }
    }
    const auto& downloads = answer_of(files + "downloads/{name}");
    for (const auto& output : pipeline::catalogue().outputs)
        EXPECT_TRUE(downloads.contains(std::string(output.media_type))) << output.name << ": " << downloads.dump();
}

} // namespace
} // namespace furrow::api
