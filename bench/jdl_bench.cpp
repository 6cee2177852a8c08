// .jdl decoding throughput (issue #19): frames + protobuf walker + stream decoder, the bytes in
// memory (the zip already inflated), best of N runs, points/s on one core. Built and run by
// bench/jd_gen4_bench.sh, which also times reading Deere's shapefile export of the same data.
#include "formats/jd_gen4/jdl_streams.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: jdl_bench RUNS FILE.jdl...\n");
        return 2;
    }
    const int runs = std::max(1, std::atoi(argv[1]));
    std::vector<std::string> files;
    std::size_t bytes = 0;
    for (int i = 2; i < argc; ++i) {
        std::ifstream in(argv[i], std::ios::binary);
        files.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        bytes += files.back().size();
    }
    double best = 1e300;
    std::size_t points = 0, samples = 0;
    for (int r = 0; r < runs; ++r) {
        points = samples = 0;
        const auto start = std::chrono::steady_clock::now();
        for (const auto& f : files) {
            const auto log = furrow::formats::jd_gen4::decode_jdl(f);
            points += log.track.size();
            samples += log.swath.size();
            for (const auto& [id, s] : log.series) samples += s.raw.size();
        }
        best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    std::printf("{\"files\":%zu,\"bytes\":%zu,\"points\":%zu,\"other_samples\":%zu,\"best_s\":%.6f,"
                "\"points_per_s\":%.0f,\"mb_per_s\":%.1f}\n",
                files.size(), bytes, points, samples, best, points / best, bytes / best / 1e6);
    return 0;
}
