#pragma once
// Process-wide counters and histograms, rendered in the Prometheus text format at /metrics.
// Every process (API node or `furrow worker`) keeps its own; Prometheus sums them across
// processes. Label values come from furrow (route patterns, job kinds, status codes), never from
// request data, so the number of series stays bounded.
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace furrow::metrics {

using Labels = std::vector<std::pair<std::string, std::string>>;

class Registry {
public:
    // `help` is taken from the first call for a name.
    void add(const std::string& name, const std::string& help, const Labels& labels, double amount = 1);
    // A histogram with the default latency buckets (seconds).
    void observe(const std::string& name, const std::string& help, const Labels& labels, double value);
    // Counters and histograms in the Prometheus text exposition format (version 0.0.4).
    std::string render() const;

private:
    struct Histogram {
        std::vector<std::uint64_t> buckets; // cumulative counts are made when rendering
        std::uint64_t count = 0;
        double sum = 0;
    };
    struct Family {
        std::string help;
        bool histogram = false;
        std::map<std::string, double> counters;      // rendered label set -> value
        std::map<std::string, Histogram> histograms; // rendered label set -> histogram
    };
    mutable std::mutex m_mutex;
    std::map<std::string, Family> m_families;
};

// The registry of this process.
Registry& process_registry();

// One sample line's label set: {a="x",b="y"} with Prometheus escaping (empty for no labels).
std::string render_labels(const Labels& labels);

// A gauge family rendered on the spot (values read at scrape time, e.g. queue depth).
struct GaugeSample {
    Labels labels;
    double value = 0;
};
std::string render_gauge(const std::string& name, const std::string& help, const std::vector<GaugeSample>& samples);

} // namespace furrow::metrics
