// What only the PostgreSQL backend has to get right: placeholders rewritten for libpq, leases
// taken by concurrent sessions of several processes (SKIP LOCKED, the alert-lease lock),
// migrations raced by processes starting together, and errors and restarts of the server.
#include "core/error.hpp"
#include "core/ids.hpp"
#include "store/postgres/pg_placeholders.hpp"
#include "store/postgres/pg_text.hpp"
#include "store/repository.hpp"
#include "support/throwaway_postgres.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <thread>

namespace furrow::store {
namespace {

using namespace std::chrono_literals;

class PostgresStore : public ::testing::Test {
protected:
    std::string url = testing::ThrowawayPostgres::instance().fresh_database_url();
    std::unique_ptr<Repository> repo = open_repository(url);
    std::unique_ptr<Session> db = repo->connect();
    std::string owner = new_uuid();

    void SetUp() override { db->insert_owner({owner, "pg@test", "x", 0}); }

    std::string webhook() {
        Webhook hook{new_uuid(), owner, "w", "http://127.0.0.1:9/hook", "s", {"fileCreated"}, 1};
        db->insert_webhook(hook);
        return hook.id;
    }
    void delivery(const std::string& webhook_id, const std::string& body) {
        db->insert_alert_delivery({new_uuid(), owner, webhook_id, "fileCreated", body}, 0);
    }
};

} // namespace

TEST(PgPlaceholders, numbers_question_marks_outside_quotes_and_comments) {
    const auto out = postgres::numbered_placeholders(
        "SELECT '?', \"a?b\", x FROM t WHERE a = ? AND b = 'it''s ?' -- why?\nAND c = ?");
    EXPECT_EQ(out.sql, "SELECT '?', \"a?b\", x FROM t WHERE a = $1 AND b = 'it''s ?' -- why?\nAND c = $2");
    EXPECT_EQ(out.parameters, 2);
}

TEST(PgPlaceholders, keeps_explicit_numbers_and_counts_the_highest) {
    const auto out = postgres::numbered_placeholders("UPDATE t SET a = ?2 WHERE b <= ?1 OR c < ?12");
    EXPECT_EQ(out.sql, "UPDATE t SET a = $2 WHERE b <= $1 OR c < $12");
    EXPECT_EQ(out.parameters, 12);
    EXPECT_THROW(postgres::numbered_placeholders("a = ?1 AND b = ?"), Error);
}

TEST(PgText, replaces_nul_and_invalid_utf8_bytes_and_keeps_valid_text) {
    using postgres::storable_text;
    EXPECT_EQ(storable_text("Feld \xC3\xA4 \xE2\x82\xAC \xF0\x9F\x8C\xBE"), "Feld \xC3\xA4 \xE2\x82\xAC \xF0\x9F\x8C\xBE");
    EXPECT_EQ(storable_text(std::string("a\0b", 3)), "a\xEF\xBF\xBD" "b");
    EXPECT_EQ(storable_text("\x84" "bung"), "\xEF\xBF\xBD" "bung");          // CP437 a-umlaut
    EXPECT_EQ(storable_text("\xED\xB3\xBF"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"); // a surrogate
    EXPECT_EQ(storable_text("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");       // overlong '/'
    EXPECT_EQ(storable_text("\xE2\x82"), "\xEF\xBF\xBD\xEF\xBF\xBD");       // cut short
}

TEST_F(PostgresStore, text_that_postgres_cannot_hold_is_stored_with_replacement_characters) {
    const auto b = Batch{new_uuid(), owner, new_uuid(), "Ernte\x84.zip", 1, "Other", "", "", BatchStatus::received, "", "k", 1, {}, {}, {}};
    db->insert_batch(b);
    EXPECT_EQ(db->find_batch(owner, b.id)->file_name, "Ernte\xEF\xBF\xBD.zip");
    ListQuery q;
    q.filters = {{"file_name", Op::eq, std::string("\xED\xB3\xBF")}};
    EXPECT_EQ(db->list_batches(owner, q).total, 0);
}

TEST_F(PostgresStore, a_job_being_leased_by_one_session_is_skipped_by_another) {
    db->enqueue({"k", "first", 0});
    db->enqueue({"k", "second", 0});
    auto other = repo->connect();
    std::optional<Job> mine;
    std::future<std::optional<Job>> theirs;
    db->transaction([&] {
        mine = db->lease_job(10, 1000); // its row stays locked until this transaction ends
        theirs = std::async(std::launch::async, [&] { return other->lease_job(10, 1000); });
        // Without SKIP LOCKED the other session would wait for this transaction to end.
        ASSERT_EQ(theirs.wait_for(10s), std::future_status::ready);
    });
    const auto got = theirs.get();
    ASSERT_TRUE(mine && got);
    EXPECT_EQ(mine->subject_id, "first");
    EXPECT_EQ(got->subject_id, "second");
    EXPECT_FALSE(repo->connect()->lease_job(10, 1000));
}

TEST_F(PostgresStore, an_expired_lease_is_taken_by_another_session) {
    db->enqueue({"k", "s", 0});
    const auto job = db->lease_job(100, 200);
    ASSERT_TRUE(job);
    auto other = repo->connect();
    EXPECT_FALSE(other->lease_job(150, 300));
    const auto again = other->lease_job(201, 300);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->id, job->id);
    EXPECT_EQ(again->attempts, 2);
    EXPECT_NE(again->lease_token, job->lease_token);
    EXPECT_FALSE(db->extend_lease(*job, 1000)); // the first holder lost it
}

TEST_F(PostgresStore, alert_leases_of_two_sessions_keep_one_delivery_per_webhook_in_flight) {
    const auto hook = webhook();
    delivery(hook, "1");
    delivery(hook, "2");
    auto other = repo->connect();
    std::optional<AlertDelivery> mine;
    std::future<std::optional<AlertDelivery>> theirs;
    const TimeMs now = now_ms();
    db->transaction([&] {
        mine = db->lease_alert_delivery(now, now + 60'000);
        theirs = std::async(std::launch::async, [&] { return other->lease_alert_delivery(now, now + 60'000); });
        // It waits for this lease to commit, then sees delivery 1 in flight: no delivery 2 now.
        EXPECT_EQ(theirs.wait_for(300ms), std::future_status::timeout);
    });
    ASSERT_TRUE(mine);
    EXPECT_EQ(mine->body, "1");
    EXPECT_FALSE(theirs.get());
    db->finish_alert_delivery(*mine, {200, "", now_ms(), 5}, std::nullopt);
    const auto next = other->lease_alert_delivery(now_ms(), now_ms() + 60'000);
    ASSERT_TRUE(next);
    EXPECT_EQ(next->body, "2");
}

TEST_F(PostgresStore, processes_starting_together_migrate_once) {
    const auto fresh = testing::ThrowawayPostgres::instance().fresh_database_url();
    std::vector<std::future<std::unique_ptr<Repository>>> starts;
    for (int process_idx = 0; process_idx < 4; ++process_idx)
        starts.push_back(std::async(std::launch::async, [&] { return open_repository(fresh); }));
    std::vector<std::unique_ptr<Repository>> repos;
    for (auto& start : starts) ASSERT_NO_THROW(repos.push_back(start.get()));
    repos.front()->connect()->insert_owner({new_uuid(), "ann", "x", 0});
    EXPECT_TRUE(repos.back()->connect()->find_owner_by_username("ann"));
}

TEST_F(PostgresStore, a_duplicate_key_is_a_conflict_and_a_lost_server_is_unavailable) {
    LeafUser user;
    user.id = new_uuid();
    user.owner_id = owner;
    db->insert_user(user);
    try {
        db->insert_user(user);
        FAIL() << "inserted twice";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::conflict) << e.what();
    }
    try {
        open_repository("postgres://furrow@127.0.0.1:1/nothing");
        FAIL() << "connected to nothing";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::unavailable) << e.what();
    }
}

TEST_F(PostgresStore, the_pool_heals_after_a_server_restart) {
    {
        auto second = repo->connect(); // two pooled connections, both about to break
        EXPECT_TRUE(second->find_owner(owner));
    }
    db.reset();
    testing::ThrowawayPostgres::instance().restart();
    try {
        repo->connect()->find_owner(owner);
        // A pooled connection may not notice before its first use; if it did, this passes too.
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::unavailable) << e.what();
    }
    // The broken connection was dropped with the idle ones: the next session connects anew.
    EXPECT_TRUE(repo->connect()->find_owner(owner));
}

} // namespace furrow::store
