#include "core/metrics.hpp"

#include <fmt/format.h>

#include <array>
#include <cmath>

namespace furrow::metrics {
namespace {

// Request and job latencies: 5 ms to 5 minutes.
constexpr std::array<double, 14> latency_buckets = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
                                                      1,     2.5,  5,     10,   30,  60,  300};

std::string escape(const std::string& value) {
    std::string out;
    for (const char c : value) {
        if (c == '\\') out += "\\\\";
        else if (c == '"') out += "\\\"";
        else if (c == '\n') out += "\\n";
        else out += c;
    }
    return out;
}

std::string number(double value) {
    if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
    if (std::isnan(value)) return "NaN";
    return fmt::format("{}", value);
}

// The label set with one more label appended (a histogram's le).
std::string with_label(const std::string& rendered, const std::string& name, const std::string& value) {
    const std::string extra = fmt::format("{}=\"{}\"", name, value);
    if (rendered.empty()) return "{" + extra + "}";
    return rendered.substr(0, rendered.size() - 1) + "," + extra + "}";
}

} // namespace

std::string render_labels(const Labels& labels) {
    if (labels.empty()) return "";
    std::string out = "{";
    for (std::size_t label_idx = 0; label_idx < labels.size(); ++label_idx) {
        if (label_idx > 0) out += ',';
        out += fmt::format("{}=\"{}\"", labels[label_idx].first, escape(labels[label_idx].second));
    }
    return out + "}";
}

void Registry::add(const std::string& name, const std::string& help, const Labels& labels, double amount) {
    const std::string key = render_labels(labels);
    std::lock_guard lock(m_mutex);
    auto& family = m_families[name];
    if (family.help.empty()) family.help = help;
    family.counters[key] += amount;
}

void Registry::observe(const std::string& name, const std::string& help, const Labels& labels, double value) {
    const std::string key = render_labels(labels);
    std::lock_guard lock(m_mutex);
    auto& family = m_families[name];
    if (family.help.empty()) family.help = help;
    family.histogram = true;
    auto& h = family.histograms[key];
    if (h.buckets.empty()) h.buckets.assign(latency_buckets.size(), 0);
    for (std::size_t bucket_idx = 0; bucket_idx < latency_buckets.size(); ++bucket_idx)
        if (value <= latency_buckets[bucket_idx]) {
            ++h.buckets[bucket_idx];
            break;
        }
    ++h.count;
    h.sum += value;
}

std::string Registry::render() const {
    std::lock_guard lock(m_mutex);
    std::string out;
    for (const auto& [name, family] : m_families) {
        out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, family.help, name,
                           family.histogram ? "histogram" : "counter");
        for (const auto& [labels, value] : family.counters) out += fmt::format("{}{} {}\n", name, labels, number(value));
        for (const auto& [labels, h] : family.histograms) {
            std::uint64_t cumulative = 0;
            for (std::size_t bucket_idx = 0; bucket_idx < latency_buckets.size(); ++bucket_idx) {
                cumulative += h.buckets[bucket_idx];
                out += fmt::format("{}_bucket{} {}\n", name,
                                   with_label(labels, "le", number(latency_buckets[bucket_idx])), cumulative);
            }
            out += fmt::format("{}_bucket{} {}\n", name, with_label(labels, "le", "+Inf"), h.count);
            out += fmt::format("{}_sum{} {}\n{}_count{} {}\n", name, labels, number(h.sum), name, labels, h.count);
        }
    }
    return out;
}

Registry& process_registry() {
    static Registry registry;
    return registry;
}

std::string render_gauge(const std::string& name, const std::string& help, const std::vector<GaugeSample>& samples) {
    std::string out = fmt::format("# HELP {} {}\n# TYPE {} gauge\n", name, help, name);
    for (const auto& sample : samples) out += fmt::format("{}{} {}\n", name, render_labels(sample.labels), number(sample.value));
    return out;
}

} // namespace furrow::metrics
