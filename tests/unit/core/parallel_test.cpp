#include "core/parallel.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <string>

namespace furrow {
namespace {

TEST(Parallel, ThreadsAreBetweenOneAndTheCap) {
    EXPECT_GE(parallel_threads(), 1u);
    EXPECT_LE(parallel_threads(), max_parallel_threads);
}

TEST(Parallel, ForCallsEveryIndexOnce) {
    std::vector<std::atomic<int>> calls(1000);
    parallel_for(calls.size(), [&](std::size_t i) { ++calls[i]; });
    for (const auto& c : calls) EXPECT_EQ(c.load(), 1);
    parallel_for(0, [](std::size_t) { FAIL() << "no index to call"; });
}

TEST(Parallel, ForRethrowsTheTasksError) {
    EXPECT_THROW(parallel_for(100, [](std::size_t i) { if (i == 37) throw std::runtime_error("37"); }),
                 std::runtime_error);
}

TEST(Parallel, PiecesAreConsumedInOrder) {
    std::string joined;
    ordered_pieces<std::string>(
        200,
        [](std::size_t i, std::string& piece) {
            // Later pieces finish first now and then, so the order is the helper's doing.
            if (i % 7 == 0) std::this_thread::sleep_for(std::chrono::microseconds(200));
            piece = std::to_string(i) + ",";
        },
        [&](std::string& piece) { joined += piece; });
    std::string expected;
    for (int i = 0; i < 200; ++i) expected += std::to_string(i) + ",";
    EXPECT_EQ(joined, expected);
}

TEST(Parallel, PiecesRethrowProducerAndConsumerErrors) {
    const auto produce_fails = [] {
        ordered_pieces<int>(
            50, [](std::size_t i, int& piece) { if (i == 20) throw std::runtime_error("produce"); piece = 1; },
            [](int&) {});
    };
    EXPECT_THROW(produce_fails(), std::runtime_error);
    int seen = 0;
    const auto consume_fails = [&] {
        ordered_pieces<int>(
            50, [](std::size_t i, int& piece) { piece = static_cast<int>(i); },
            [&](int& piece) { if (piece == 10) throw std::runtime_error("consume"); ++seen; });
    };
    EXPECT_THROW(consume_fails(), std::runtime_error);
    EXPECT_EQ(seen, 10);
}

TEST(Parallel, SideBySideWritersMergeTheirRecordsInWriterOrder) {
    const auto merged = run_side_by_side({[](nlohmann::json& out) { out["a"] = 1; out["shared"] = "first"; },
                                          [](nlohmann::json&) {},
                                          [](nlohmann::json& out) { out["b"] = 2; out["shared"] = "last"; }});
    EXPECT_EQ(merged, nlohmann::json({{"a", 1}, {"b", 2}, {"shared", "last"}}));
    EXPECT_THROW(run_side_by_side({[](nlohmann::json&) {}, [](nlohmann::json&) { throw std::runtime_error("w"); }}),
                 std::runtime_error);
}

} // namespace
} // namespace furrow
