#include "core/ids.hpp"
#include "pipeline/batch_outcome.hpp"
#include "pipeline/job_handlers.hpp"
#include "pipeline/process_file.hpp"
#include "pipeline/step_runner.hpp"
#include "pipeline/unpack_batch.hpp"
#include "pipeline/worker_pool.hpp"
#include "support/temp_dir.hpp"
#include "support/zip_builder.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

namespace furrow::pipeline {
namespace {

class PipelineTest : public ::testing::Test {
protected:
    testing::TempDir dir;
    Config config = [this] {
        Config c;
        c.data_dir = dir.path();
        c.job_lease_seconds = 2;
        return c;
    }();
    std::unique_ptr<store::Repository> repo = store::open_repository("sqlite://" + (dir.path() / "db").string());
    std::unique_ptr<store::BlobStore> blobs = store::open_blob_store("file://" + (dir.path() / "blobs").string(), store::blob_store_options(config));
    Context ctx{*repo, *blobs, config};
    store::Owner owner = [this] {
        store::Owner o{new_uuid(), "ann", "hash", now_ms()};
        repo->connect()->insert_owner(o);
        return o;
    }();

    store::Batch upload(const testing::ZipEntries& entries) {
        const auto staged = blobs->staging_dir() / "u.zip";
        testing::write_zip(staged, entries);
        store::Batch b;
        b.id = new_uuid();
        b.owner_id = owner.id;
        b.leaf_user_id = new_uuid();
        b.file_name = "u.zip";
        b.provider = "Other";
        b.blob_key = upload_blob_key(b.id);
        b.upload_time = now_ms();
        blobs->put_file(b.blob_key, staged);
        repo->connect()->insert_batch(b);
        return b;
    }
    store::Batch reload(const store::Batch& b) { return *repo->connect()->find_batch_any_owner(b.id); }
};

store::MachineFile file_with(store::FileStatus status, const char* message = "") {
    store::MachineFile f;
    f.status = status;
    f.status_message = message;
    return f;
}

} // namespace

TEST(BatchOutcome, waits_while_any_file_is_processing) {
    EXPECT_FALSE(decide_batch_outcome({file_with(store::FileStatus::processed), file_with(store::FileStatus::processing)}));
    EXPECT_FALSE(decide_batch_outcome({}));
}

TEST(BatchOutcome, processed_when_at_least_one_file_converted) {
    const auto outcome = decide_batch_outcome({file_with(store::FileStatus::failed, "x"), file_with(store::FileStatus::processed)});
    ASSERT_TRUE(outcome);
    EXPECT_EQ(outcome->status, store::BatchStatus::processed);
    EXPECT_EQ(outcome->details, "");
}

TEST(BatchOutcome, failed_with_the_seed_texts) {
    EXPECT_EQ(decide_batch_outcome({file_with(store::FileStatus::failed, "Files found but unable to read. x")})->details,
              details_unable_to_read);
    EXPECT_EQ(decide_batch_outcome({file_with(store::FileStatus::failed, details_internal_error)})->details, details_internal_error);
}

TEST_F(PipelineTest, unpack_creates_one_file_per_data_set_and_is_idempotent) {
    const auto b = upload({{"A.cn1/index.vy1", "1"}, {"A.cn1/x.vy1", "22"}, {"B.cn1/index.vy1", "3"}, {"r.txt", "x"}});
    unpack_batch(ctx, b.id);
    unpack_batch(ctx, b.id); // as after a crash before the job was marked done
    const auto files = repo->connect()->batch_files(b.id);
    ASSERT_EQ(files.size(), 2u);
    EXPECT_EQ(files[0].file_format, "CN1");
    EXPECT_EQ(files[0].provider, "CNHI");
    EXPECT_EQ(files[0].size_in_bytes + files[1].size_in_bytes, 4);
    EXPECT_EQ(repo->connect()->count_jobs("queued"), 2);
}

TEST_F(PipelineTest, file_without_reader_fails_cleanly_and_fails_the_batch) {
    const auto b = upload({{"A.cn1/index.vy1", "1"}, {"A.cn1/data.vy1", "2"}});
    unpack_batch(ctx, b.id);
    const auto file = repo->connect()->batch_files(b.id).at(0);
    process_file(ctx, file.id);
    auto db = repo->connect();
    const auto done = db->find_file_any_owner(file.id);
    EXPECT_EQ(done->status, store::FileStatus::failed);
    EXPECT_TRUE(done->status_message.starts_with(details_unable_to_read)) << done->status_message;
    const auto steps = db->steps(file.id);
    ASSERT_EQ(steps.size(), catalogue().step_names(false).size()); // every step is listed, the later ones skipped
    EXPECT_EQ(steps[0].step, "originalFile");
    EXPECT_EQ(steps[0].status, store::StepStatus::processed);
    EXPECT_EQ(steps[1].status, store::StepStatus::failed);
    for (std::size_t step_idx = 2; step_idx < steps.size(); ++step_idx)
        EXPECT_EQ(steps[step_idx].status, store::StepStatus::skipped) << steps[step_idx].step;
    EXPECT_TRUE(blobs->size(original_blob_key(file.id)));
    const auto settled = reload(b);
    EXPECT_EQ(settled.status, store::BatchStatus::failed);
    EXPECT_EQ(settled.status_details, details_unable_to_read);
}

TEST_F(PipelineTest, zip_without_data_sets_fails_with_no_valid_files) {
    const auto b = upload({{"README.txt", "hello"}});
    unpack_batch(ctx, b.id);
    EXPECT_EQ(reload(b).status, store::BatchStatus::failed);
    EXPECT_EQ(reload(b).status_details, details_no_valid_files);
}

TEST_F(PipelineTest, unsafe_zip_fails_the_batch_with_the_reason) {
    const auto b = upload({{"../evil.dat", "x"}});
    unpack_batch(ctx, b.id);
    EXPECT_EQ(reload(b).status, store::BatchStatus::failed);
    EXPECT_TRUE(reload(b).status_details.starts_with(details_no_valid_files));
    EXPECT_NE(reload(b).status_details.find("traversal"), std::string::npos) << reload(b).status_details;
}

TEST_F(PipelineTest, worker_pool_runs_queued_jobs_to_the_end) {
    const auto b = upload({{"A.cn1/index.vy1", "1"}, {"b.dat", "2"}});
    repo->connect()->enqueue({job_unpack_batch, b.id, 0});
    WorkerPool pool(ctx, 2);
    for (int i = 0; i < 200 && reload(b).status == store::BatchStatus::received; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    pool.stop();
    EXPECT_EQ(reload(b).status, store::BatchStatus::failed);
    EXPECT_EQ(reload(b).file_ids.size(), 2u);
    EXPECT_EQ(repo->connect()->count_jobs("done"), 3);
}

TEST(JobHandlers, every_enqueued_kind_has_a_handler) {
    EXPECT_NE(find_job_handler(job_unpack_batch), nullptr);
    EXPECT_NE(find_job_handler(job_process_file), nullptr);
    EXPECT_EQ(find_job_handler("nope"), nullptr);
}

} // namespace furrow::pipeline
