#include "store/repository.hpp"
#include "support/store_backends.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

namespace furrow::store {
namespace {

class JobQueueTest : public ::testing::TestWithParam<std::string> {
protected:
    testing::TempDir dir;
    std::string url = testing::empty_database_url(GetParam(), dir);
    std::unique_ptr<Repository> repo = open_repository(url);
    std::unique_ptr<Session> db = repo->connect();
};

} // namespace

TEST_P(JobQueueTest, a_leased_job_is_not_leased_again_until_its_lease_runs_out) {
    db->enqueue({"k", "s1", 0});
    const auto job = db->lease_job(1000, 2000);
    ASSERT_TRUE(job);
    EXPECT_EQ(job->attempts, 1);
    EXPECT_FALSE(db->lease_job(1500, 2500));
    const auto again = db->lease_job(2001, 3000); // the holder died
    ASSERT_TRUE(again);
    EXPECT_EQ(again->id, job->id);
    EXPECT_EQ(again->attempts, 2);
    db->complete_job(*job); // the old holder's token no longer counts
    EXPECT_EQ(db->count_jobs("running"), 1);
    db->complete_job(*again);
    EXPECT_EQ(db->count_jobs("done"), 1);
}

TEST_P(JobQueueTest, enqueue_is_idempotent_while_queued) {
    db->enqueue({"k", "s1", 0});
    db->enqueue({"k", "s1", 0});
    EXPECT_EQ(db->count_jobs("queued"), 1);
    const auto job = db->lease_job(10, 20);
    // Running: the run may have read data older than the reason for this, so one more is queued.
    db->enqueue({"k", "s1", 0});
    db->enqueue({"k", "s1", 0});
    EXPECT_EQ(db->count_jobs("queued"), 1);
    db->complete_job(*job);
    EXPECT_EQ(db->count_jobs("queued"), 1);
}

TEST_P(JobQueueTest, a_retry_folds_into_the_queued_successor) {
    db->enqueue({"k", "s1", 0});
    const auto job = db->lease_job(10, 20);
    db->enqueue({"k", "s1", 0});
    db->retry_job(*job, "busy", 30); // the queued successor does the work
    EXPECT_EQ(db->count_jobs("queued"), 1);
    EXPECT_EQ(db->count_jobs("done"), 1);
}

TEST_P(JobQueueTest, retry_waits_for_run_after_and_keeps_the_error) {
    db->enqueue({"k", "s1", 0});
    auto job = db->lease_job(10, 100);
    db->retry_job(*job, "disk full", 500);
    EXPECT_FALSE(db->lease_job(400, 1000));
    job = db->lease_job(500, 1000);
    ASSERT_TRUE(job);
    EXPECT_EQ(job->last_error, "disk full");
    db->fail_job(*job, "gave up");
    EXPECT_EQ(db->count_jobs("failed"), 1);
}

TEST_P(JobQueueTest, extend_lease_needs_the_current_token) {
    db->enqueue({"k", "s1", 0});
    auto job = db->lease_job(10, 100);
    EXPECT_TRUE(db->extend_lease(*job, 1000));
    EXPECT_FALSE(db->lease_job(500, 600));
    Job stranger = *job;
    stranger.lease_token = "nope";
    EXPECT_FALSE(db->extend_lease(stranger, 5000));
}

TEST_P(JobQueueTest, concurrent_workers_never_lease_the_same_job) {
    constexpr int jobs = 200;
    for (int i = 0; i < jobs; ++i) db->enqueue({"k", std::to_string(i), 0});
    std::mutex m;
    std::multiset<std::string> seen;
    std::vector<std::thread> workers;
    for (int w = 0; w < 4; ++w)
        workers.emplace_back([&] {
            auto session = repo->connect();
            while (auto job = session->lease_job(10, 1'000'000)) {
                {
                    std::lock_guard lock(m);
                    seen.insert(job->subject_id);
                }
                session->complete_job(*job);
            }
        });
    for (auto& t : workers) t.join();
    EXPECT_EQ(seen.size(), static_cast<std::size_t>(jobs));
    for (const auto& s : seen) EXPECT_EQ(seen.count(s), 1u) << s;
}

INSTANTIATE_TEST_SUITE_P(Backends, JobQueueTest, ::testing::ValuesIn(testing::store_backends), testing::backend_name);

} // namespace furrow::store
