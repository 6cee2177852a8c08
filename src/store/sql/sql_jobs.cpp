#include "core/error.hpp"
#include "core/ids.hpp"
#include "store/sql/sql_session.hpp"

#include <fmt/format.h>

namespace furrow::store::sql {

void SqlSession::enqueue(const JobRequest& job) {
    const TimeMs now = now_ms();
    // The partial unique index makes this a no-op while the same work is already queued. A job that
    // is running may get a queued successor: what it read may be older than the reason for this one.
    m_db->prepare("INSERT INTO jobs (kind, subject_id, state, run_after, created_time, updated_time) "
                  "VALUES (?, ?, 'queued', ?, ?, ?) ON CONFLICT DO NOTHING")
        .bind(1, job.kind)
        .bind(2, job.subject_id)
        .bind(3, job.run_after)
        .bind(4, now)
        .bind(5, now)
        .run();
}

std::optional<Job> SqlSession::lease_job(TimeMs now, TimeMs lease_until) {
    const std::string token = random_hex(12);
    // One statement, so two workers can never take the same row; expired leases count as free.
    // skip_locked: a row another worker is taking right now is passed over, not waited for.
    auto s = m_db->prepare(fmt::format(
        "UPDATE jobs SET state = 'running', attempts = attempts + 1, lease_token = ?, lease_until = ?, "
        "updated_time = ? WHERE id = (SELECT id FROM jobs WHERE (state = 'queued' AND run_after <= ?) "
        "OR (state = 'running' AND lease_until < ?) ORDER BY id LIMIT 1{}) "
        "RETURNING id, kind, subject_id, attempts, lease_token, last_error",
        m_db->dialect().skip_locked));
    s.bind(1, token).bind(2, lease_until).bind(3, now).bind(4, now).bind(5, now);
    if (!s.step()) return std::nullopt;
    Job job{s.integer(0), s.text(1), s.text(2), static_cast<int>(s.integer(3)), s.text(4), s.text(5)};
    s.run();
    return job;
}

bool SqlSession::extend_lease(const Job& job, TimeMs lease_until) {
    auto s = m_db->prepare("UPDATE jobs SET lease_until = ? WHERE id = ? AND lease_token = ? AND state = 'running'");
    s.bind(1, lease_until).bind(2, job.id).bind(3, job.lease_token).run();
    return s.changes() > 0;
}

void SqlSession::complete_job(const Job& job) {
    m_db->prepare("UPDATE jobs SET state = 'done', updated_time = ? WHERE id = ? AND lease_token = ?")
        .bind(1, now_ms())
        .bind(2, job.id)
        .bind(3, job.lease_token)
        .run();
}

void SqlSession::retry_job(const Job& job, const std::string& error, TimeMs run_after) {
    // When the same work is queued again already, that job does it and this one is done. The
    // NOT EXISTS sees committed successors; one enqueued concurrently trips the unique index
    // (jobs_queued_once) instead, which means the same.
    auto s = m_db->prepare("UPDATE jobs SET state = 'queued', run_after = ?, last_error = ?, lease_token = '', "
                           "updated_time = ? WHERE id = ? AND lease_token = ? AND NOT EXISTS (SELECT 1 FROM jobs q "
                           "WHERE q.kind = jobs.kind AND q.subject_id = jobs.subject_id AND q.state = 'queued')");
    s.bind(1, run_after).bind(2, error).bind(3, now_ms()).bind(4, job.id).bind(5, job.lease_token);
    try {
        s.run();
    } catch (const Error& e) {
        // Inside a transaction the failed statement spoiled it (PostgreSQL): let the caller see that.
        if (e.code() != ErrorCode::conflict || m_transaction_depth > 0) throw;
        complete_job(job);
        return;
    }
    if (s.changes() == 0) complete_job(job);
}

void SqlSession::fail_job(const Job& job, const std::string& error) {
    m_db->prepare("UPDATE jobs SET state = 'failed', last_error = ?, updated_time = ? WHERE id = ? AND lease_token = ?")
        .bind(1, error)
        .bind(2, now_ms())
        .bind(3, job.id)
        .bind(4, job.lease_token)
        .run();
}

std::int64_t SqlSession::count_jobs(const std::string& state) {
    auto s = m_db->prepare("SELECT COUNT(*) FROM jobs WHERE state = ?");
    s.bind(1, state);
    s.step();
    return s.integer(0);
}

} // namespace furrow::store::sql
