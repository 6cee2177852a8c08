#include "core/metrics.hpp"
#include "core/strings.hpp"

#include <gtest/gtest.h>

namespace furrow {
namespace {

TEST(MetricsRegistry, CountersAddUpPerLabelSet) {
    metrics::Registry registry;
    registry.add("furrow_requests_total", "Requests.", {{"route", "/a"}, {"status", "200"}});
    registry.add("furrow_requests_total", "ignored: the first help wins", {{"route", "/a"}, {"status", "200"}}, 2);
    registry.add("furrow_requests_total", "Requests.", {{"route", "/b"}, {"status", "404"}});
    EXPECT_EQ(registry.render(), "# HELP furrow_requests_total Requests.\n"
                                 "# TYPE furrow_requests_total counter\n"
                                 "furrow_requests_total{route=\"/a\",status=\"200\"} 3\n"
                                 "furrow_requests_total{route=\"/b\",status=\"404\"} 1\n");
}

TEST(MetricsRegistry, HistogramBucketsAreCumulative) {
    metrics::Registry registry;
    // 0.003 falls in every bucket from 0.005 up; 0.2 from 0.25 up; 1000 only in +Inf.
    for (const double seconds : {0.003, 0.2, 1000.0}) registry.observe("furrow_took_seconds", "Took.", {}, seconds);
    const std::string text = registry.render();
    EXPECT_NE(text.find("# TYPE furrow_took_seconds histogram\n"), std::string::npos);
    EXPECT_NE(text.find("furrow_took_seconds_bucket{le=\"0.005\"} 1\n"), std::string::npos);
    EXPECT_NE(text.find("furrow_took_seconds_bucket{le=\"0.1\"} 1\n"), std::string::npos);
    EXPECT_NE(text.find("furrow_took_seconds_bucket{le=\"0.25\"} 2\n"), std::string::npos);
    EXPECT_NE(text.find("furrow_took_seconds_bucket{le=\"300\"} 2\n"), std::string::npos);
    EXPECT_NE(text.find("furrow_took_seconds_bucket{le=\"+Inf\"} 3\n"), std::string::npos);
    EXPECT_NE(text.find("furrow_took_seconds_sum 1000.203\n"), std::string::npos);
    EXPECT_NE(text.find("furrow_took_seconds_count 3\n"), std::string::npos);
}

TEST(MetricsRegistry, LabelValuesAreEscaped) {
    EXPECT_EQ(metrics::render_labels({{"kind", "a\"b\\c\nd"}}), "{kind=\"a\\\"b\\\\c\\nd\"}");
    EXPECT_EQ(metrics::render_gauge("g", "G.", {{{}, 2}}), "# HELP g G.\n# TYPE g gauge\ng 2\n");
}

TEST(RedactPassword, HidesOnlyThePassword) {
    EXPECT_EQ(redact_password("postgres://furrow:s3cret@db.example:5432/furrow"),
              "postgres://furrow:***@db.example:5432/furrow");
    EXPECT_EQ(redact_password("postgres://furrow:s3:cr@t@db:5432/furrow"), "postgres://furrow:***@db:5432/furrow");
    EXPECT_EQ(redact_password("postgres://furrow@db/furrow"), "postgres://furrow@db/furrow");
    EXPECT_EQ(redact_password("sqlite:///var/lib/furrow/furrow.db"), "sqlite:///var/lib/furrow/furrow.db");
    EXPECT_EQ(redact_password("s3://bucket?endpoint=http://x@y"), "s3://bucket?endpoint=http://x@y");
    EXPECT_EQ(redact_password("http://u:p@h/path@x"), "http://u:***@h/path@x");
}

} // namespace
} // namespace furrow
