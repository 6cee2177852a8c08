#include "api/console_assets.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace furrow::api {
namespace {

void write(const std::filesystem::path& path, const char* text) { std::ofstream(path) << text; }

TEST(ConsoleAssets, ServesOnlyPlainNamesOfTheBundlesKinds) {
    testing::TempDir dir;
    write(dir.path() / "index.html", "<!doctype html>");
    write(dir.path() / "console.js", "export {}");
    write(dir.path() / ".secret.js", "no");
    write(dir.path() / "notes.md", "no");
    std::filesystem::create_directory(dir.path() / "sub.js");
    const ConsoleAssets assets(dir.path());

    const auto js = assets.find("console.js");
    EXPECT_TRUE(js.error.empty());
    EXPECT_EQ(js.path, dir.path() / "console.js");
    EXPECT_EQ(js.media_type, "text/javascript; charset=utf-8");
    EXPECT_EQ(assets.find("index.html").media_type, "text/html; charset=utf-8");

    for (const char* refused : {".secret.js", "..", "notes.md", "sub.js", "absent.js", "a b.js", ""}) {
        const auto found = assets.find(refused);
        EXPECT_EQ(found.status, 404) << refused;
        EXPECT_TRUE(found.path.empty()) << refused;
    }
}

TEST(ConsoleAssets, WithoutAnIndexTheConsoleIsNotBuilt) {
    testing::TempDir dir;
    write(dir.path() / "console.js", "export {}");
    const auto found = ConsoleAssets(dir.path()).find("console.js");
    EXPECT_EQ(found.status, 503);
    EXPECT_NE(found.error.find("FURROW_CONSOLE_DIR"), std::string::npos);
    EXPECT_EQ(ConsoleAssets({}).find("index.html").status, 503);
}

TEST(ConsoleAssets, ConfiguredDirectoryWinsElseNextToTheBinary) {
    EXPECT_EQ(resolve_console_dir("/srv/console"), std::filesystem::path("/srv/console"));
    const auto beside = resolve_console_dir({});
    EXPECT_EQ(beside.filename(), "console");
    EXPECT_EQ(beside.parent_path(), std::filesystem::read_symlink("/proc/self/exe").parent_path());
}

TEST(ConsoleAssets, OriginOfABasemapUrl) {
    EXPECT_EQ(origin_of("https://tiles.example.com/{z}/{x}/{y}.png"), "https://tiles.example.com");
    EXPECT_EQ(origin_of("http://127.0.0.1:8081/tiles/{z}/{x}/{y}"), "http://127.0.0.1:8081");
    EXPECT_EQ(origin_of("https://tiles.example.com"), "https://tiles.example.com");
    EXPECT_EQ(origin_of(""), "");
    EXPECT_EQ(origin_of("tiles.example.com/{z}"), "");
    EXPECT_EQ(origin_of("javascript://x"), "");
    EXPECT_EQ(origin_of("https:///path"), "");
    EXPECT_EQ(origin_of("https://a.example.com;script-src *"), ""); // cannot widen the policy
}

} // namespace
} // namespace furrow::api
