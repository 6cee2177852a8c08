// furrow: machine files in, standard field operations out. See README.md.
#include "app/commands.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/malloc_tuning.hpp"
#include "formats/columns/catalogue_doc.hpp"
#include "schema/crop_names_doc.hpp"

#include <cstdio>
#include <string>
#include <vector>

namespace {

constexpr const char* usage = R"(usage: furrow [--config FILE] COMMAND
commands:
  serve                       HTTP API + embedded workers (SQLite + local blobs by default)
  worker                      job workers and alert delivery only, no API (scale-out: docs/DEPLOY.md)
  admin create-owner --username NAME --password PASS [--if-missing]
  admin token --username NAME [--days N]
  admin demo                  create the demo owner if missing and print a token
  convert INPUT.zip --out DIR [--only-read] [--filtered [--cleaning CONFIG.json]] [--images] [--geoparquet] [--report] [--time-zone ZONE]
                              run the conversion pipeline without a server (one JSON line per machine file)
  convert INPUT.zip --report  what furrow makes of each machine file (conversion report), nothing written
  catalogue                   print the column catalogue as docs/FORMATS.md shows it
  crops                       print the crop-name vocabulary as docs/CROPS.md shows it
configuration: FURROW_* environment variables or a KEY=VALUE file (docs/CONFIGURATION.md)
)";

} // namespace

int main(int argc, char** argv) {
    furrow::tune_malloc_for_serving();
    std::vector<std::string> args(argv + 1, argv + argc);
    std::optional<std::filesystem::path> config_file;
    if (args.size() >= 2 && args[0] == "--config") {
        config_file = args[1];
        args.erase(args.begin(), args.begin() + 2);
    }
    if (args.empty() || args[0] == "--help" || args[0] == "-h") {
        std::fputs(usage, args.empty() ? stderr : stdout);
        return args.empty() ? 2 : 0;
    }
    try {
        const auto config = furrow::load_config(furrow::process_environment(), config_file);
        furrow::log::set_level(config.log_level);
        const std::string command = args[0];
        args.erase(args.begin());
        if (command == "serve") return furrow::app::serve(config);
        if (command == "worker") return furrow::app::worker(config);
        if (command == "admin") return furrow::app::admin(config, args);
        if (command == "convert") return furrow::app::convert(config, args);
        if (command == "catalogue") {
            std::fputs(furrow::formats::columns::catalogue_markdown().c_str(), stdout);
            return 0;
        }
        if (command == "crops") {
            std::fputs(furrow::schema::crop_names_markdown().c_str(), stdout);
            return 0;
        }
        std::fprintf(stderr, "furrow: unknown command '%s'\n%s", command.c_str(), usage);
        return 2;
    } catch (const furrow::Error& e) {
        std::fprintf(stderr, "furrow: %s\n", e.what());
        return 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "furrow: unexpected error: %s\n", e.what());
        return 1;
    }
}
