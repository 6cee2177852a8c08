// Alerts: webhooks, their events, the delivery outbox and the delivery log.
#include "core/error.hpp"
#include "core/ids.hpp"
#include "store/sql/sql_session.hpp"

#include <fmt/format.h>

#include <set>

namespace furrow::store::sql {
namespace {

constexpr std::string_view webhook_columns = "id, owner_id, name, url, secret, events, created_time";

Webhook read_webhook(const Statement& s) {
    Webhook hook{s.text(0), s.text(1), s.text(2), s.text(3), s.text(4), {}, s.integer(6)};
    const auto events = nlohmann::json::parse(s.text(5), nullptr, false);
    if (events.is_array())
        for (const auto& e : events)
            if (e.is_string()) hook.events.push_back(e.get<std::string>());
    return hook;
}

} // namespace

void SqlSession::insert_webhook(const Webhook& hook) {
    transaction([&] {
        std::set<std::string> seen;
        for (const auto& event : hook.events) {
            if (!seen.insert(event).second)
                throw Error(ErrorCode::invalid_input, "events",
                            fmt::format("eventRegisteredTwice: events: '{}' is listed twice", event));
            auto taken = m_db->prepare("SELECT webhook_id FROM webhook_events WHERE owner_id = ? AND event = ?");
            taken.bind(1, hook.owner_id).bind(2, event);
            if (taken.step())
                throw Error(ErrorCode::invalid_input, "events",
                            fmt::format("eventRegisteredTwice: events: '{}' already has webhook {}", event, taken.text(0)));
        }
        m_db->prepare(fmt::format("INSERT INTO webhooks ({}) VALUES (?, ?, ?, ?, ?, ?, ?)", webhook_columns))
            .bind(1, hook.id)
            .bind(2, hook.owner_id)
            .bind(3, hook.name)
            .bind(4, hook.url)
            .bind(5, hook.secret)
            .bind(6, nlohmann::json(hook.events).dump())
            .bind(7, hook.created_time)
            .run();
        for (const auto& event : hook.events)
            m_db->prepare("INSERT INTO webhook_events (owner_id, event, webhook_id) VALUES (?, ?, ?)")
                .bind(1, hook.owner_id)
                .bind(2, event)
                .bind(3, hook.id)
                .run();
    });
}

std::optional<Webhook> SqlSession::find_webhook(const std::string& owner_id, const std::string& id) {
    auto s = m_db->prepare(fmt::format("SELECT {} FROM webhooks WHERE id = ? AND owner_id = ?", webhook_columns));
    s.bind(1, id).bind(2, owner_id);
    if (!s.step()) return std::nullopt;
    return read_webhook(s);
}

std::vector<Webhook> SqlSession::list_webhooks(const std::string& owner_id) {
    auto s = m_db->prepare(
        fmt::format("SELECT {} FROM webhooks WHERE owner_id = ? ORDER BY created_time, id", webhook_columns));
    s.bind(1, owner_id);
    std::vector<Webhook> hooks;
    while (s.step()) hooks.push_back(read_webhook(s));
    return hooks;
}

bool SqlSession::delete_webhook(const std::string& owner_id, const std::string& id) {
    bool deleted = false;
    transaction([&] {
        auto s = m_db->prepare("DELETE FROM webhooks WHERE id = ? AND owner_id = ?"); // webhook_events cascade
        s.bind(1, id).bind(2, owner_id).run();
        deleted = s.changes() > 0;
        if (!deleted) return;
        m_db->prepare("UPDATE alert_deliveries SET state = 'cancelled', updated_time = ? "
                      "WHERE webhook_id = ? AND state IN ('pending', 'sending')")
            .bind(1, now_ms())
            .bind(2, id)
            .run();
    });
    return deleted;
}

std::optional<Webhook> SqlSession::webhook_for_event(const std::string& owner_id, const std::string& event) {
    auto s = m_db->prepare(fmt::format("SELECT {} FROM webhooks WHERE id = "
                                       "(SELECT webhook_id FROM webhook_events WHERE owner_id = ? AND event = ?)",
                                       webhook_columns));
    s.bind(1, owner_id).bind(2, event);
    if (!s.step()) return std::nullopt;
    return read_webhook(s);
}

void SqlSession::insert_alert_delivery(const AlertDeliveryRequest& d, TimeMs due) {
    const TimeMs now = now_ms();
    m_db->prepare("INSERT INTO alert_deliveries (event_id, owner_id, webhook_id, event_type, body, state, due_time, "
                  "created_time, updated_time) VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?)")
        .bind(1, d.event_id)
        .bind(2, d.owner_id)
        .bind(3, d.webhook_id)
        .bind(4, d.event_type)
        .bind(5, d.body)
        .bind(6, due)
        .bind(7, now)
        .bind(8, now)
        .run();
}

std::optional<AlertDelivery> SqlSession::lease_alert_delivery(TimeMs now, TimeMs lease_until) {
    // A read first: the idle poll then never takes the write lock the pipeline needs. Its statement
    // ends before the UPDATE, or the read snapshot it holds could not be upgraded (SQLITE_BUSY).
    {
        auto due = m_db->prepare("SELECT 1 FROM alert_deliveries WHERE (state = 'pending' AND due_time <= ?1) "
                                 "OR (state = 'sending' AND lease_until < ?1) LIMIT 1");
        due.bind(1, now);
        if (!due.step()) return std::nullopt;
    }
    // One statement, so two processes never take the same row. A webhook with a delivery in
    // flight gets no second one: first attempts reach each receiver in event order. That check
    // reads other leases, so leases are taken one at a time (serialize_alert_leases; SQLite's
    // single writer already does): two transactions that each see none in flight could otherwise
    // both take one of the same webhook.
    std::optional<AlertDelivery> leased;
    transaction([&] {
        if (!m_db->dialect().serialize_alert_leases.empty()) m_db->exec(m_db->dialect().serialize_alert_leases);
        auto s = m_db->prepare(
            "UPDATE alert_deliveries SET state = 'sending', attempts = attempts + 1, lease_token = ?1, "
            "lease_until = ?2, updated_time = ?3 WHERE id = (SELECT d.id FROM alert_deliveries d "
            "WHERE ((d.state = 'pending' AND d.due_time <= ?3) OR (d.state = 'sending' AND d.lease_until < ?3)) "
            "AND NOT EXISTS (SELECT 1 FROM alert_deliveries o WHERE o.webhook_id = d.webhook_id "
            "AND o.state = 'sending' AND o.lease_until >= ?3 AND o.id <> d.id) ORDER BY d.id LIMIT 1) "
            "RETURNING id, event_id, owner_id, webhook_id, event_type, body, attempts, lease_token");
        s.bind(1, random_hex(12)).bind(2, lease_until).bind(3, now);
        if (!s.step()) return;
        leased = AlertDelivery{s.integer(0), s.text(1), s.text(2), s.text(3), s.text(4), s.text(5), "", "",
                               static_cast<int>(s.integer(6)), s.text(7)};
        s.run();
    });
    if (!leased) return std::nullopt;
    auto& d = *leased;
    auto hook = m_db->prepare("SELECT url, secret FROM webhooks WHERE id = ?");
    hook.bind(1, d.webhook_id);
    if (hook.step()) {
        d.url = hook.text(0);
        d.secret = hook.text(1);
    }
    return leased; // url empty: the webhook was deleted meanwhile; the caller cancels it
}

void SqlSession::finish_alert_delivery(const AlertDelivery& d, const AlertAttempt& attempt,
                                          std::optional<TimeMs> retry_at) {
    const bool final_attempt = !attempt.accepted() && !retry_at;
    const char* state = attempt.accepted() ? "delivered" : retry_at ? "pending" : d.url.empty() ? "cancelled" : "failed";
    transaction([&] {
        if (!d.url.empty())
            m_db->prepare("INSERT INTO alert_attempts (delivery_id, owner_id, webhook_id, url, attempt, final, "
                          "http_status, response, connection_error, created_time, duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?)")
                .bind(1, d.id)
                .bind(2, d.owner_id)
                .bind(3, d.webhook_id)
                .bind(4, d.url)
                .bind(5, d.attempts)
                .bind(6, final_attempt)
                .bind(7, attempt.http_status)
                .bind(8, attempt.connection_error)
                .bind(9, attempt.time)
                .bind(10, attempt.duration_ms)
                .run();
        m_db->prepare("UPDATE alert_deliveries SET state = ?, due_time = ?, lease_token = '', updated_time = ? "
                      "WHERE id = ? AND lease_token = ? AND state = 'sending'")
            .bind(1, state)
            .bind(2, retry_at.value_or(0))
            .bind(3, now_ms())
            .bind(4, d.id)
            .bind(5, d.lease_token)
            .run();
    });
}

std::vector<AlertCall> SqlSession::list_alert_calls(const std::string& owner_id, const AlertCallQuery& query) {
    std::string sql =
        "SELECT o.username, a.webhook_id, d.event_id, d.event_type, a.url, d.body, a.attempt, a.final, "
        "a.http_status, a.connection_error, a.created_time, a.duration_ms FROM alert_attempts a "
        "JOIN alert_deliveries d ON d.id = a.delivery_id LEFT JOIN owners o ON o.id = a.owner_id "
        "WHERE a.owner_id = ?";
    std::vector<Value> binds{owner_id};
    if (!query.webhook_id.empty()) {
        sql += " AND a.webhook_id = ?";
        binds.emplace_back(query.webhook_id);
    }
    if (query.failed_only) sql += " AND NOT (a.http_status BETWEEN 200 AND 299)";
    sql += " ORDER BY a.id DESC LIMIT ? OFFSET ?";
    binds.emplace_back(std::int64_t{query.limit});
    binds.emplace_back(std::int64_t{query.offset});
    auto s = m_db->prepare(sql);
    detail::bind_all(s, binds);
    std::vector<AlertCall> calls;
    while (s.step()) {
        AlertCall c{s.text(0), s.text(1), s.text(2), s.text(3), s.text(4), s.text(5),
                    static_cast<int>(s.integer(6)), s.integer(7) != 0, {}};
        c.result = AlertAttempt{static_cast<int>(s.integer(8)), s.text(9), s.integer(10), s.integer(11)};
        calls.push_back(std::move(c));
    }
    return calls;
}

std::int64_t SqlSession::count_alert_deliveries(const std::string& state) {
    auto s = m_db->prepare("SELECT COUNT(*) FROM alert_deliveries WHERE state = ?");
    s.bind(1, state);
    s.step();
    return s.integer(0);
}

} // namespace furrow::store::sql
