#include "core/error.hpp"
#include "core/ids.hpp"
#include "store/repository.hpp"
#include "support/store_backends.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

namespace furrow::store {
namespace {

class RepositoryTest : public ::testing::TestWithParam<std::string> {
protected:
    testing::TempDir dir;
    std::string url = testing::empty_database_url(GetParam(), dir);
    std::unique_ptr<Repository> repo = open_repository(url);
    std::unique_ptr<Session> db = repo->connect();

    Owner owner(const std::string& name) {
        Owner o{new_uuid(), name, "hash", now_ms()};
        db->insert_owner(o);
        return o;
    }
    Batch batch(const Owner& o, TimeMs t) {
        Batch b;
        b.id = new_uuid();
        b.owner_id = o.id;
        b.leaf_user_id = new_uuid();
        b.file_name = "x.zip";
        b.provider = "Other";
        b.blob_key = "k";
        b.upload_time = t;
        db->insert_batch(b);
        return b;
    }
    MachineFile file(const Batch& b, const std::string& key) {
        MachineFile f;
        f.id = new_uuid();
        f.owner_id = b.owner_id;
        f.leaf_user_id = b.leaf_user_id;
        f.batch_id = b.id;
        f.dataset_key = key;
        f.entries = {key + "/a", key + "/b"};
        f.created_time = f.updated_time = now_ms();
        return f;
    }
};

} // namespace

TEST_P(RepositoryTest, owner_usernames_are_unique) {
    owner("ann");
    EXPECT_THROW(owner("ann"), Error);
    EXPECT_TRUE(db->find_owner_by_username("ann"));
    EXPECT_FALSE(db->find_owner_by_username("bob"));
}

TEST_P(RepositoryTest, revoking_tokens_moves_only_that_owners_generation_on) {
    const auto ann = owner("ann"), bob = owner("bob");
    EXPECT_EQ(db->owner_token_generation(ann.id), 0);
    EXPECT_EQ(db->revoke_owner_tokens(ann.id, std::nullopt), 1);
    EXPECT_EQ(db->revoke_owner_tokens(ann.id, std::string("new-hash")), 2);
    EXPECT_EQ(db->owner_token_generation(ann.id), 2);
    EXPECT_EQ(db->find_owner(ann.id)->password_hash, "new-hash");
    EXPECT_EQ(db->find_owner_by_username("ann")->token_generation, 2);
    EXPECT_EQ(db->owner_token_generation(bob.id), 0);
    EXPECT_EQ(db->find_owner(bob.id)->password_hash, "hash");
    EXPECT_FALSE(db->owner_token_generation(new_uuid()));
    EXPECT_THROW(db->revoke_owner_tokens(new_uuid(), std::nullopt), Error);
}

TEST_P(RepositoryTest, another_owners_rows_are_not_found) {
    const auto ann = owner("ann"), bob = owner("bob");
    const auto b = batch(ann, 1);
    EXPECT_TRUE(db->find_batch(ann.id, b.id));
    EXPECT_FALSE(db->find_batch(bob.id, b.id));
    const auto f = file(b, "set1");
    db->insert_file_once(f);
    EXPECT_TRUE(db->find_file(ann.id, f.id));
    EXPECT_FALSE(db->find_file(bob.id, f.id));
    EXPECT_EQ(db->list_files(bob.id, ListQuery{}).total, 0);
}

TEST_P(RepositoryTest, insert_file_once_keeps_the_first_row_for_a_data_set) {
    const auto b = batch(owner("ann"), 1);
    const auto first = file(b, "set1");
    EXPECT_EQ(db->insert_file_once(first), first.id);
    EXPECT_EQ(db->insert_file_once(file(b, "set1")), first.id);
    EXPECT_EQ(db->batch_files(b.id).size(), 1u);
    EXPECT_EQ(db->find_batch_any_owner(b.id)->file_ids, std::vector<std::string>{first.id});
    EXPECT_EQ(db->find_file_any_owner(first.id)->entries, first.entries);
}

TEST_P(RepositoryTest, the_original_upload_is_the_leaf_users_first_file_of_that_content) {
    const auto ann = owner("ann"), bob = owner("bob");
    const auto b = batch(ann, 1);
    auto first = file(b, "set1");
    first.content_hash = "sha256:aa";
    first.created_time = 100;
    db->insert_file_once(first);
    auto repeat = file(b, "set2");
    repeat.content_hash = first.content_hash;
    repeat.duplicate_of = first.id;
    repeat.created_time = 200;
    db->insert_file_once(repeat);

    EXPECT_EQ(db->find_original_upload(ann.id, b.leaf_user_id, "sha256:aa")->id, first.id);
    EXPECT_FALSE(db->find_original_upload(ann.id, b.leaf_user_id, "sha256:bb"));
    EXPECT_FALSE(db->find_original_upload(ann.id, new_uuid(), "sha256:aa")); // another leaf user's
    EXPECT_FALSE(db->find_original_upload(bob.id, b.leaf_user_id, "sha256:aa"));
    const auto stored = db->find_file(ann.id, repeat.id);
    EXPECT_EQ(stored->content_hash, "sha256:aa");
    EXPECT_EQ(stored->duplicate_of, first.id);
    const auto listed = db->find_batch(ann.id, b.id);
    ASSERT_EQ(listed->duplicates.size(), 1u);
    EXPECT_EQ(listed->duplicates[0], std::make_pair(repeat.id, first.id));
    EXPECT_EQ(listed->file_ids.size(), 2u);

    // A failed original stands for nothing: the content is new again (a duplicate is never one).
    db->set_file_status(first.id, FileStatus::failed, "broken");
    EXPECT_FALSE(db->find_original_upload(ann.id, b.leaf_user_id, "sha256:aa"));
}

TEST_P(RepositoryTest, two_transactions_unpacking_the_same_content_make_one_original) {
    // Transaction A looks and finds nothing; B looks while A is still open. B must wait for A's
    // insert (PostgreSQL: the content's advisory lock; SQLite: one writer), or both become originals.
    const auto b = batch(owner("ann"), 1);
    auto first = file(b, "set1"), second = file(b, "set2");
    first.content_hash = second.content_hash = "sha256:cc";
    const auto other = repo->connect();
    std::optional<MachineFile> seen_by_b;
    std::thread b_side;
    db->transaction([&] {
        EXPECT_FALSE(db->find_original_upload(b.owner_id, b.leaf_user_id, "sha256:cc"));
        b_side = std::thread([&] {
            other->transaction([&] {
                seen_by_b = other->find_original_upload(b.owner_id, b.leaf_user_id, "sha256:cc");
                if (seen_by_b) second.duplicate_of = seen_by_b->id;
                other->insert_file_once(second);
            });
        });
        std::this_thread::sleep_for(std::chrono::milliseconds(300)); // B is now waiting, or would have looked
        db->insert_file_once(first);
    });
    b_side.join();
    ASSERT_TRUE(seen_by_b);
    EXPECT_EQ(seen_by_b->id, first.id);
    EXPECT_EQ(db->find_file(b.owner_id, second.id)->duplicate_of, first.id);
}

TEST_P(RepositoryTest, lists_filter_sort_and_page) {
    const auto ann = owner("ann");
    for (int i = 0; i < 25; ++i) batch(ann, 1000 + i);
    ListQuery q;
    q.size = 10;
    q.page = 2;
    q.sort = {{"upload_time", true}};
    auto page = db->list_batches(ann.id, q);
    EXPECT_EQ(page.total, 25);
    ASSERT_EQ(page.items.size(), 5u);
    EXPECT_EQ(page.items.front().upload_time, 1004);
    q = ListQuery{};
    q.filters = {{"upload_time", Op::ge, std::int64_t{1020}}};
    EXPECT_EQ(db->list_batches(ann.id, q).total, 5);
}

// Every backend pages the same rows in the same order: NULLs first ascending and last
// descending (SQLite's order; PostgreSQL's default is the opposite), text byte-wise.
TEST_P(RepositoryTest, sorting_puts_nulls_first_ascending_and_compares_text_bytewise) {
    const auto b = batch(owner("ann"), 1);
    const std::vector<std::pair<std::string, std::optional<TimeMs>>> rows = {{"a", 5}, {"B", std::nullopt}, {"_", 3}};
    for (const auto& [name, start] : rows) {
        auto f = file(b, name);
        f.file_name = name;
        f.start_time = start;
        db->insert_file_once(f);
    }
    const auto names = [&](const std::string& column, bool descending) {
        ListQuery q;
        q.sort = {{column, descending}};
        std::string out;
        for (const auto& f : db->list_files(b.owner_id, q).items) out += f.file_name;
        return out;
    };
    EXPECT_EQ(names("start_time", false), "B_a");
    EXPECT_EQ(names("start_time", true), "a_B");
    EXPECT_EQ(names("file_name", false), "B_a"); // 'B' (0x42) < '_' (0x5f) < 'a' (0x61)
}

TEST_P(RepositoryTest, cached_totals_follow_every_write) {
    const auto ann = owner("ann");
    const auto b = batch(ann, 1);
    ListQuery failed;
    failed.filters = {{"status", Op::eq, std::string("failed")}};
    EXPECT_EQ(db->list_files(ann.id, ListQuery{}).total, 0);
    const auto f = file(b, "s1");
    db->insert_file_once(f);
    EXPECT_EQ(db->list_files(ann.id, ListQuery{}).total, 1);
    EXPECT_EQ(db->list_files(ann.id, failed).total, 0);
    repo->connect()->set_file_status(f.id, FileStatus::failed, "x"); // another connection writes
    EXPECT_EQ(db->list_files(ann.id, failed).total, 1);
    EXPECT_EQ(db->list_files(ann.id, failed).total, 1); // served from the cache, still exact
    db->insert_file_once(file(b, "s2"));
    EXPECT_EQ(db->list_files(ann.id, ListQuery{}).total, 2);
}

TEST_P(RepositoryTest, refuses_columns_outside_the_allow_list) {
    const auto ann = owner("ann");
    ListQuery q;
    q.sort = {{"owner_id; DROP TABLE batches", false}};
    EXPECT_THROW(db->list_batches(ann.id, q), Error);
    q = ListQuery{};
    q.filters = {{"password_hash", Op::eq, std::string("x")}};
    EXPECT_THROW(db->list_batches(ann.id, q), Error);
}

TEST_P(RepositoryTest, filter_values_are_bound_not_spliced) {
    const auto ann = owner("ann");
    batch(ann, 1);
    ListQuery q;
    q.filters = {{"provider", Op::eq, std::string("Other' OR '1'='1")}};
    EXPECT_EQ(db->list_batches(ann.id, q).total, 0);
}

TEST_P(RepositoryTest, transaction_rolls_back_when_it_throws) {
    const auto ann = owner("ann");
    Batch b;
    EXPECT_THROW(db->transaction([&] {
        b = batch(ann, 5);
        throw Error(ErrorCode::internal, "boom");
    }), Error);
    auto fresh = repo->connect();
    EXPECT_FALSE(fresh->find_batch(ann.id, b.id));
}

TEST_P(RepositoryTest, steps_are_replaced_and_listed_in_pipeline_order) {
    const auto b = batch(owner("ann"), 1);
    const auto f = file(b, "s");
    db->insert_file_once(f);
    db->put_step(f.id, {"units", StepStatus::skipped, "x", 5});
    db->put_step(f.id, {"originalFile", StepStatus::failed, "y", 0});
    db->put_step(f.id, {"originalFile", StepStatus::processed, "ok", 0});
    const auto steps = db->steps(f.id);
    ASSERT_EQ(steps.size(), 2u);
    EXPECT_EQ(steps[0].step, "originalFile");
    EXPECT_EQ(steps[0].status, StepStatus::processed);
    EXPECT_EQ(steps[1].step, "units");
}

TEST_P(RepositoryTest, data_survives_reopening_the_database) {
    const auto ann = owner("ann");
    const auto b = batch(ann, 7);
    db.reset();
    repo.reset();
    auto reopened = open_repository(url);
    EXPECT_EQ(reopened->connect()->find_batch(ann.id, b.id)->upload_time, 7);
}

INSTANTIATE_TEST_SUITE_P(Backends, RepositoryTest, ::testing::ValuesIn(testing::store_backends), testing::backend_name);

} // namespace furrow::store
