#include "alerts/delivery_loop.hpp"
#include "alerts/http_post.hpp"
#include "alerts/outbox.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "store/repository.hpp"
#include "support/store_backends.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace furrow::alerts {
namespace {

class AlertOutboxTest : public ::testing::TestWithParam<std::string> {
protected:
    testing::TempDir dir;
    std::string url = testing::empty_database_url(GetParam(), dir);
    std::unique_ptr<store::Repository> repo = store::open_repository(url);
    std::unique_ptr<store::Session> db = repo->connect();
    std::string owner = new_uuid();

    void SetUp() override { db->insert_owner({owner, "alerts@test", "x", 0}); }

    store::Webhook hook(std::vector<std::string> events, std::string url = "http://127.0.0.1:9/hook") {
        store::Webhook h{new_uuid(), owner, "test", std::move(url), "s3cret", std::move(events), now_ms()};
        db->insert_webhook(h);
        return h;
    }
    std::optional<store::AlertDelivery> lease(TimeMs now = now_ms()) { return db->lease_alert_delivery(now, now + 60'000); }
};

// Deliveries driven by the test itself (no threads), with a short timeout.
DeliveryOptions options(std::vector<int> schedule, TargetPolicy policy) {
    DeliveryOptions o;
    o.threads = 0;
    o.retry_schedule_seconds = std::move(schedule);
    o.timeout_seconds = 2;
    o.policy = std::move(policy);
    return o;
}

// A port nothing listens on: bound, never listened to, so connecting is refused at once.
int closed_port(int& fd) {
    fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    return ntohs(addr.sin_port);
}

} // namespace

TEST_P(AlertOutboxTest, an_event_commits_and_rolls_back_with_its_transaction) {
    hook({"fileCreated"});
    EXPECT_THROW(db->transaction([&] {
        record_event(*db, owner, "fileCreated", {{"fileId", "f1"}});
        throw Error(ErrorCode::internal, "the change failed");
    }),
                 Error);
    EXPECT_EQ(db->count_alert_deliveries("pending"), 0);
    db->transaction([&] { record_event(*db, owner, "fileCreated", {{"fileId", "f2"}}); });
    EXPECT_EQ(db->count_alert_deliveries("pending"), 1);
}

TEST_P(AlertOutboxTest, only_subscribed_events_are_queued_and_unknown_names_are_refused) {
    hook({"fileCreated"});
    record_event(*db, owner, "batchUploadReceived", {{"batchId", "b"}});
    record_event(*db, new_uuid(), "fileCreated", {{"fileId", "f"}}); // another owner
    EXPECT_EQ(db->count_alert_deliveries("pending"), 0);
    EXPECT_THROW(record_event(*db, owner, "newFile", {}), Error);
}

TEST_P(AlertOutboxTest, the_body_carries_the_payload_type_timestamp_and_event_id) {
    hook({"uploadedFileProcessingFailed"});
    store::MachineFile file;
    file.id = "f1";
    file.owner_id = owner;
    file.leaf_user_id = "u1";
    record_file_outcome(*db, file, std::string("no points passed the filter"));
    const auto d = lease();
    ASSERT_TRUE(d);
    const auto body = nlohmann::json::parse(d->body);
    EXPECT_EQ(body["type"], "uploadedFileProcessingFailed");
    EXPECT_EQ(body["fileId"], "f1");
    EXPECT_EQ(body["leafUserId"], "u1");
    EXPECT_EQ(body["message"], "no points passed the filter");
    EXPECT_EQ(body["eventId"], d->event_id);
    EXPECT_TRUE(parse_uuid(d->event_id));
    EXPECT_EQ(d->url, "http://127.0.0.1:9/hook");
    EXPECT_EQ(d->secret, "s3cret");
    EXPECT_EQ(event_body({{"b", 1}, {"a", "x"}}, "t", "ts", "id"),
              R"({"a": "x", "b": 1, "type": "t", "timestamp": "ts", "eventId": "id"})");
}

TEST_P(AlertOutboxTest, an_event_belongs_to_one_webhook_per_owner) {
    hook({"fileCreated", "operationCreated"});
    try {
        hook({"operationCreated"});
        FAIL() << "registered twice";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::invalid_input);
        EXPECT_NE(std::string(e.what()).find("eventRegisteredTwice"), std::string::npos);
    }
    EXPECT_THROW(hook({"fieldCreated", "fieldCreated"}), Error);
    EXPECT_EQ(db->list_webhooks(owner).size(), 1u);
}

TEST_P(AlertOutboxTest, one_delivery_in_flight_per_webhook_and_first_attempts_in_order) {
    hook({"fileCreated"});
    hook({"batchUploadReceived"});
    record_event(*db, owner, "fileCreated", {{"n", 1}});
    record_event(*db, owner, "fileCreated", {{"n", 2}});
    record_event(*db, owner, "batchUploadReceived", {{"n", 3}});
    const auto first = lease();
    const auto other = lease(); // the second webhook's, not the first webhook's second event
    ASSERT_TRUE(first && other);
    EXPECT_EQ(nlohmann::json::parse(first->body)["n"], 1);
    EXPECT_EQ(nlohmann::json::parse(other->body)["n"], 3);
    EXPECT_FALSE(lease());
    db->finish_alert_delivery(*first, {200, "", now_ms(), 5}, std::nullopt);
    const auto second = lease();
    ASSERT_TRUE(second);
    EXPECT_EQ(nlohmann::json::parse(second->body)["n"], 2);
    EXPECT_EQ(db->count_alert_deliveries("delivered"), 1);
}

TEST_P(AlertOutboxTest, an_expired_lease_is_taken_again) {
    hook({"fileCreated"});
    record_event(*db, owner, "fileCreated", {});
    const TimeMs now = now_ms();
    const auto d = db->lease_alert_delivery(now, now + 1000);
    ASSERT_TRUE(d);
    EXPECT_FALSE(db->lease_alert_delivery(now + 500, now + 1500));
    const auto again = db->lease_alert_delivery(now + 1001, now + 2000); // the sender crashed
    ASSERT_TRUE(again);
    EXPECT_EQ(again->id, d->id);
    EXPECT_EQ(again->attempts, 2);
    db->finish_alert_delivery(*d, {200, "", now, 5}, std::nullopt); // the old lease no longer counts
    EXPECT_EQ(db->count_alert_deliveries("sending"), 1);
}

TEST_P(AlertOutboxTest, failed_attempts_are_retried_then_given_up_and_listed) {
    hook({"fileCreated"});
    record_event(*db, owner, "fileCreated", {});
    const TimeMs t0 = now_ms();
    auto d = lease(t0);
    ASSERT_TRUE(d);
    db->finish_alert_delivery(*d, {500, "", t0, 42}, t0 + 60'000);
    EXPECT_FALSE(lease(t0 + 59'000));
    d = lease(t0 + 60'000);
    ASSERT_TRUE(d);
    db->finish_alert_delivery(*d, {0, "Couldn't connect to server", t0 + 60'000, 3}, std::nullopt);
    EXPECT_EQ(db->count_alert_deliveries("failed"), 1);
    store::AlertCallQuery failed;
    failed.failed_only = true;
    const auto calls = db->list_alert_calls(owner, failed);
    ASSERT_EQ(calls.size(), 2u);
    EXPECT_EQ(calls[0].result.connection_error, "Couldn't connect to server"); // newest first
    EXPECT_TRUE(calls[0].final_attempt);
    EXPECT_EQ(calls[1].result.http_status, 500);
    EXPECT_EQ(calls[1].result.duration_ms, 42);
    EXPECT_FALSE(calls[1].final_attempt);
    EXPECT_EQ(calls[1].owner_username, "alerts@test");
    EXPECT_EQ(calls[1].request_body, d->body);
    EXPECT_TRUE(db->list_alert_calls(new_uuid(), {}).empty());
}

TEST_P(AlertOutboxTest, deleting_a_webhook_cancels_what_it_has_not_received) {
    const auto h = hook({"fileCreated"});
    record_event(*db, owner, "fileCreated", {});
    EXPECT_FALSE(db->delete_webhook(new_uuid(), h.id)); // not another owner's to delete
    EXPECT_TRUE(db->delete_webhook(owner, h.id));
    EXPECT_EQ(db->count_alert_deliveries("cancelled"), 1);
    EXPECT_FALSE(lease());
    EXPECT_FALSE(db->webhook_for_event(owner, "fileCreated"));
    hook({"fileCreated"}); // the event is free again
}

TEST_P(AlertOutboxTest, the_delivery_loop_logs_a_refused_connection_and_schedules_the_retry) {
    int fd = -1;
    const int port = closed_port(fd);
    hook({"fileCreated"}, "http://127.0.0.1:" + std::to_string(port) + "/hook");
    record_event(*db, owner, "fileCreated", {});
    DeliveryLoop loop(*repo, options({3600}, {{}, true})); // loopback receivers need the private-network opt-in
    const TimeMs before = now_ms();
    EXPECT_TRUE(loop.deliver_one());
    EXPECT_FALSE(loop.deliver_one()); // due again only in an hour
    EXPECT_EQ(db->count_alert_deliveries("pending"), 1);
    auto calls = db->list_alert_calls(owner, {});
    ASSERT_EQ(calls.size(), 1u);
    EXPECT_EQ(calls[0].result.http_status, 0);
    EXPECT_FALSE(calls[0].result.connection_error.empty());
    EXPECT_FALSE(calls[0].final_attempt);
    // The retry comes from the schedule: due at the attempt's time + 3600 s.
    EXPECT_FALSE(db->lease_alert_delivery(before + 3'599'000, before + 3'700'000));
    const auto due = db->lease_alert_delivery(now_ms() + 3'600'000, now_ms() + 3'700'000);
    ASSERT_TRUE(due);
    EXPECT_EQ(due->attempts, 2);
    ::close(fd);
}

TEST_P(AlertOutboxTest, the_delivery_loop_refuses_a_host_no_longer_allowed) {
    hook({"fileCreated"}, "http://127.0.0.1:9/hook");
    record_event(*db, owner, "fileCreated", {});
    DeliveryLoop loop(*repo, options({}, {{"hooks.example.com"}, false}));
    EXPECT_TRUE(loop.deliver_one());
    const auto calls = db->list_alert_calls(owner, {});
    ASSERT_EQ(calls.size(), 1u);
    EXPECT_NE(calls[0].result.connection_error.find("not in FURROW_WEBHOOK_ALLOWED_HOSTS"), std::string::npos);
    EXPECT_TRUE(calls[0].final_attempt);
    EXPECT_EQ(db->count_alert_deliveries("failed"), 1);
}

TEST_P(AlertOutboxTest, the_delivery_loop_refuses_a_loopback_target_by_default) {
    hook({"fileCreated"}, "http://2130706433:9/hook"); // stored before the check (e.g. older release)
    record_event(*db, owner, "fileCreated", {});
    DeliveryLoop loop(*repo, options({}, {}));
    EXPECT_TRUE(loop.deliver_one());
    const auto calls = db->list_alert_calls(owner, {});
    ASSERT_EQ(calls.size(), 1u);
    EXPECT_NE(calls[0].result.connection_error.find("is a loopback address"), std::string::npos);
    EXPECT_EQ(db->count_alert_deliveries("failed"), 1);
}

// The connect-time check sees the address curl resolved, whatever the URL's host said: a name
// that passed registration and later resolves to loopback is refused when the socket is opened.
TEST(HttpPost, refuses_to_connect_to_an_address_the_policy_forbids) {
    int fd = -1;
    const int port = closed_port(fd);
    HttpPost post{"http://127.0.0.1:" + std::to_string(port) + "/", "hooks.example.com", "{}", {}, 2000, {}};
    auto attempt = post_json(post);
    EXPECT_EQ(attempt.http_status, 0);
    EXPECT_EQ(attempt.connection_error, "refused to connect to 127.0.0.1: it is a loopback address");
    post.policy.allow_private_networks = true; // now curl connects (and the closed port refuses)
    attempt = post_json(post);
    EXPECT_EQ(attempt.connection_error.find("refused to connect"), std::string::npos);
    EXPECT_FALSE(attempt.connection_error.empty());
    ::close(fd);
}

INSTANTIATE_TEST_SUITE_P(Backends, AlertOutboxTest, ::testing::ValuesIn(testing::store_backends), testing::backend_name);

} // namespace furrow::alerts
