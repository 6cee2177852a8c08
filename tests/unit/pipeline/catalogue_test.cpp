#include "pipeline/catalogue.hpp"

#include "api/api_context.hpp"
#include "api/routes.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "pipeline/configuration.hpp"
#include "pipeline/process_file.hpp"
#include "pipeline/publish.hpp"
#include "pipeline/unpack_batch.hpp"
#include "support/generated_doc.hpp"
#include "support/temp_dir.hpp"
#include "support/zip_builder.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <vector>

namespace furrow::pipeline {
namespace {

TEST(OutputCatalogue, lists_the_steps_in_leafs_order) {
    // files-v3.md "Get file status" and contract-facts §3, written out here independently.
    EXPECT_EQ(catalogue().step_names(false),
              (std::vector<std::string>{"originalFile", "rawGeojson", "standardGeojson", "filteredGeojson", "summary",
                                        "units", "propertiesPNGs", "zippedPNGs"}));
    EXPECT_EQ(catalogue().step_names(true), (std::vector<std::string>{"mergeFiles", "standardGeojson", "filteredGeojson",
                                                                      "summary", "units", "propertiesPNGs", "zippedPNGs"}));
}

TEST(OutputCatalogue, every_output_has_a_unique_name_and_file_a_known_step_and_known_keys) {
    std::set<std::string> keys;
    for (const auto& key : configuration_keys()) keys.insert(std::string(key.name));
    std::set<std::string_view> names, files;
    for (const auto& output : catalogue().outputs) {
        EXPECT_TRUE(names.insert(output.name).second) << output.name;
        EXPECT_TRUE(files.insert(output.file_name).second) << output.name;
        EXPECT_FALSE(output.media_type.empty()) << output.name;
        if (output.step) {
            EXPECT_NO_THROW(catalogue().step(*output.step)) << output.name;
        }
        EXPECT_EQ(output.write == nullptr, output.reads == OutputReads::field_matching) << output.name;
        EXPECT_EQ(output.answer == OutputAnswer::file_record, output.record != FileRecord::none) << output.name;
        for (const auto key : output.enabled_by) {
            if (!key.empty()) {
                EXPECT_TRUE(keys.contains(std::string(key))) << output.name << ": " << key;
            }
        }
    }
    for (const auto& step : catalogue().steps) {
        if (!step.enabled_by.empty()) {
            EXPECT_TRUE(keys.contains(std::string(step.enabled_by))) << step.name;
        }
    }
}

TEST(OutputCatalogue, media_types_follow_the_output_a_file_belongs_to) {
    const auto& c = catalogue();
    EXPECT_EQ(media_type_of_file(c, "imageV2-wetMassPerArea.png"), "image/png");
    EXPECT_EQ(media_type_of_file(c, "image-wetMassPerArea.png.aux.xml"), "application/xml");
    EXPECT_EQ(media_type_of_file(c, "geotiff-wetMassPerArea.tif"), "image/tiff");
    EXPECT_EQ(media_type_of_file(c, "filtered.parquet"), "application/vnd.apache.parquet");
    EXPECT_EQ(media_type_of_file(c, "images.zip"), "application/zip");
    EXPECT_EQ(media_type_of_file(c, "outside.geojson"), "application/geo+json");
    EXPECT_EQ(media_type_of_file(c, "points.bin"), "application/octet-stream"); // kept for merges, not an output
}

// docs/ARCHITECTURE.md's table of the outputs, as the catalogue says it should read.
std::string architecture_table(const Catalogue& c) {
    std::string out = "<!-- output catalogue: src/pipeline/catalogue.cpp; OutputCatalogue.architecture_md_shows_it checks this table -->\n"
                      "| output | made by step | turned on by | media type | stored as files/{id}/… | answered as |\n"
                      "|---|---|---|---|---|---|\n";
    for (const auto& o : c.outputs) {
        std::string keys;
        for (const auto key : o.enabled_by)
            if (!key.empty()) keys += (keys.empty() ? "" : ", ") + std::string(key);
        std::string answer;
        switch (o.answer) {
        case OutputAnswer::file_record: answer = "its own download route"; break;
        case OutputAnswer::link_pair: answer = "a link pair"; break;
        case OutputAnswer::image_list: answer = "an image list"; break;
        case OutputAnswer::download_only: answer = "downloads only"; break;
        }
        if (o.files_only) answer += " (files only)";
        if (o.linked_from_file) answer += ", linked from the file";
        out += "| `" + std::string(o.name) + "` | " + (o.step ? std::string(c.step(*o.step).name) : "field matching") + " | " +
               (keys.empty() ? "always" : keys) + " | " + std::string(o.media_type) + " | " + std::string(o.file_name) +
               (o.answer == OutputAnswer::image_list ? "…" : "") + " | " + answer + " |\n";
    }
    return out + "<!-- end of output catalogue -->\n";
}

TEST(OutputCatalogue, architecture_md_shows_it) {
    const auto section = testing::generated_doc_section("docs/ARCHITECTURE.md", "<!-- output catalogue:", "<!-- end of output catalogue -->");
    ASSERT_TRUE(section) << "docs/ARCHITECTURE.md has no output catalogue section";
    EXPECT_EQ(*section, architecture_table(catalogue())) << "expected:\n" << architecture_table(catalogue());
}

// A fake output: the standard points as CSV, one line per point after a header.
nlohmann::json write_points_csv(const OutputInput& in, const OutputInfo& self) {
    const auto key = file_blob_key(in.file_id, std::string(self.file_name));
    publish(in.ctx, key, [&](const std::filesystem::path& path) {
        std::ofstream out(path);
        out << "lon,lat\n";
        for (std::size_t point_idx = 0; point_idx < in.points->points.size(); ++point_idx)
            out << in.points->points.lon()[point_idx] << ',' << in.points->points.lat()[point_idx] << '\n';
    });
    return {{"blob", key}, {"rows", in.points->points.size()}};
}

constexpr OutputInfo points_csv{.name = "pointsCsv", .step = StepId::summary, .enabled_by = {"operationsFilteredGeojson"},
                                .media_type = "text/csv", .file_name = "points.csv", .reads = OutputReads::standard_points,
                                .write = write_points_csv, .answer = OutputAnswer::link_pair, .linked_from_file = true};

std::string point(double lon, double lat, int second) {
    return R"({"type":"Feature","geometry":{"type":"Point","coordinates":[)" + std::to_string(lon) + "," +
           std::to_string(lat) + R"(]},"properties":{"timestamp":)" + std::to_string(1630497600000LL + 1000LL * second) +
           R"(,"operationType":"harvested","crop":"corn","wetMassPerArea":9000,"equipmentWidth":9.144}})";
}

class FakeOutputTest : public ::testing::Test {
protected:
    testing::TempDir dir;
    Config config = [this] {
        Config c;
        c.data_dir = dir.path();
        return c;
    }();
    std::unique_ptr<store::Repository> repo = store::open_repository("sqlite://" + (dir.path() / "db").string());
    std::unique_ptr<store::BlobStore> blobs =
        store::open_blob_store("file://" + (dir.path() / "blobs").string(), store::blob_store_options(config));
    Context ctx{*repo, *blobs, config};
    std::vector<OutputInfo> outputs = [] {
        std::vector<OutputInfo> all(catalogue().outputs.begin(), catalogue().outputs.end());
        all.push_back(points_csv);
        return all;
    }();
    Catalogue with_fake{catalogue().steps, outputs};
    api::ApiContext api{*repo, *blobs, config, "secret", [] {}, &with_fake};
    api::Router router = [this] {
        api::Router r;
        api::add_file_routes(r, api);
        api::add_file_output_routes(r, api);
        return r;
    }();
    store::Owner owner = [this] {
        store::Owner o{new_uuid(), "ann", "hash", now_ms()};
        repo->connect()->insert_owner(o);
        return o;
    }();
    std::string leaf_user_id = new_uuid();

    // Uploads a GeoJSON harvest of `points` points 2 m apart, 1 s apart, and runs it through the
    // pipeline with the fake output in the catalogue.
    store::MachineFile process(int points) {
        std::string json = R"({"type":"FeatureCollection","features":[)";
        for (int point_idx = 0; point_idx < points; ++point_idx)
            json += (point_idx ? "," : "") + point(-93.5 + 0.000024 * point_idx, 41.25, point_idx);
        json += "]}";
        const auto staged = blobs->staging_dir() / "u.zip";
        testing::write_zip(staged, {{"harvest.geojson", json}});
        store::Batch b;
        b.id = new_uuid();
        b.owner_id = owner.id;
        b.leaf_user_id = leaf_user_id;
        b.file_name = "u.zip";
        b.provider = "Other";
        b.blob_key = upload_blob_key(b.id);
        b.upload_time = now_ms();
        blobs->put_file(b.blob_key, staged);
        repo->connect()->insert_batch(b);
        unpack_batch(ctx, b.id);
        const auto file = repo->connect()->batch_files(b.id).at(0);
        process_file(ctx, file.id, with_fake);
        return *repo->connect()->find_file_any_owner(file.id);
    }

    api::Response get(const std::string& path) {
        const auto match = router.match("GET", path);
        if (match.route == nullptr) throw std::runtime_error("no route " + path);
        api::Request req;
        req.method = "GET";
        req.path = path;
        req.path_params = match.params;
        req.caller = {owner.id, owner.username, 0};
        req.base_url = "http://furrow.test";
        return match.route->handler(req);
    }
};

TEST_F(FakeOutputTest, an_output_added_to_the_catalogue_is_written_routed_linked_and_listed) {
    const auto file = process(12);
    ASSERT_EQ(file.status, store::FileStatus::processed) << file.status_message;
    const std::string item = "/services/operations/api/files/" + file.id;

    // Written by the pipeline from the standard points: one row per stored standard point.
    ASSERT_TRUE(file.artifacts.contains("pointsCsv")) << file.artifacts.dump();
    const auto rows = file.artifacts["pointsCsv"]["rows"].get<std::size_t>();
    EXPECT_EQ(rows, file.artifacts["standardPoints"]["count"].get<std::size_t>());
    EXPECT_GT(rows, 0u);
    std::ifstream csv(blobs->local_path(file_blob_key(file.id, "points.csv")));
    std::size_t lines = 0;
    for (std::string line; std::getline(csv, line);) ++lines;
    EXPECT_EQ(lines, rows + 1);

    // Its route answers Leaf's link pair, pointing at the download route.
    const auto pair = nlohmann::json::parse(get(item + "/pointsCsv").body);
    EXPECT_EQ(pair.at("pointsCsv"), "http://furrow.test" + item + "/downloads/points.csv");
    EXPECT_TRUE(pair.at("downloadPointsCsv").get<std::string>().starts_with("http://furrow.test" + item + "/downloads/points.csv?token="));

    // The file object links it, /outputs lists it with its media type, the download serves it so.
    const auto object = nlohmann::json::parse(get(item).body);
    EXPECT_EQ(object.at("pointsCsv"), pair.at("pointsCsv"));
    const auto listed = nlohmann::json::parse(get(item + "/outputs").body);
    const auto entry = std::find_if(listed.begin(), listed.end(), [](const nlohmann::json& o) { return o.at("name") == "points.csv"; });
    ASSERT_NE(entry, listed.end()) << listed.dump();
    EXPECT_EQ(entry->at("mediaType"), "text/csv");
    EXPECT_EQ(get(item + "/downloads/points.csv").content_type, "text/csv");
}

TEST_F(FakeOutputTest, its_configuration_key_turns_it_off_and_its_route_says_so) {
    repo->connect()->put_config({owner.id, leaf_user_id, nlohmann::json{{"operationsFilteredGeojson", false}}, now_ms()});
    const auto file = process(12);
    ASSERT_EQ(file.status, store::FileStatus::processed) << file.status_message;
    EXPECT_FALSE(file.artifacts.contains("pointsCsv"));
    const auto object = nlohmann::json::parse(get("/services/operations/api/files/" + file.id).body);
    EXPECT_FALSE(object.contains("pointsCsv"));
    try {
        get("/services/operations/api/files/" + file.id + "/pointsCsv");
        ADD_FAILURE() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::conflict);
        EXPECT_NE(std::string(e.what()).find("operationsFilteredGeojson is off"), std::string::npos) << e.what();
    }
}

} // namespace
} // namespace furrow::pipeline
