#pragma once
// A machine file's points as columns: position, time, and one double column per standard property
// present, each tagged with its unit. Missing values are NaN. Readers fill it in source units;
// pipeline/standardize converts it to canonical units in place.
#include "core/time.hpp"
#include "schema/property_registry.hpp"

#include <cmath>
#include <cstdint>
#include <deque>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace furrow::schema {

inline constexpr double missing = std::numeric_limits<double>::quiet_NaN();
inline bool is_missing(double v) { return std::isnan(v); }

struct Column {
    PropertyId id;
    const Unit* unit;
    std::vector<double> values;
};

// One product's share of appliedRate, per point (issue 15 point 5: a multi-product application). The
// product is SourceInfo::products' name; the unit is a rate per area like appliedRate's. Written as
// Leaf's per-point `products: [{name, rate: {value}}]` and summed up in the summary's `products`.
struct ProductColumn {
    std::string product;
    const Unit* unit;
    std::vector<double> values;
};

class PointTable {
public:
    std::size_t size() const { return m_lon.size(); }
    void reserve(std::size_t points);

    // Appends a point; every column gets a NaN for it, to be set with set().
    std::size_t add_point(double lon, double lat, TimeMs time);
    // The column for `id`, created NaN-filled in `unit` if absent. An existing column keeps its unit.
    // References to columns stay valid when other columns are added (not when one is removed).
    Column& column(PropertyId id, const Unit& unit);
    Column* find(PropertyId id);
    const Column* find(PropertyId id) const;
    void set(PropertyId id, const Unit& unit, std::size_t point, double value) { column(id, unit).values[point] = value; }
    void remove(PropertyId id);
    // The rate column of `product`, created NaN-filled in `unit` if absent (an existing one keeps its unit).
    ProductColumn& product_column(std::string_view product, const Unit& unit);
    std::deque<ProductColumn>& product_columns() { return m_products; }
    const std::deque<ProductColumn>& product_columns() const { return m_products; }
    // Keeps the points whose flag is true, in order (all columns together).
    void keep(const std::vector<bool>& flags);

    std::vector<double>& lon() { return m_lon; }
    std::vector<double>& lat() { return m_lat; }
    std::vector<TimeMs>& time() { return m_time; }
    const std::vector<double>& lon() const { return m_lon; }
    const std::vector<double>& lat() const { return m_lat; }
    const std::vector<TimeMs>& time() const { return m_time; }
    std::deque<Column>& columns() { return m_columns; }
    const std::deque<Column>& columns() const { return m_columns; }

    // Which of SourceInfo::machinery recorded each point, for files that mix machines (a JD export
    // with two drills). Empty unless track_machines() was called; then one entry per point, -1 when
    // unknown. It is not a standard property: it is never written out, only kept in step with the
    // points (keep()) so sessions can be told apart per machine.
    void track_machines() {
        m_tracking_machines = true;
        m_machine.assign(size(), -1);
    }
    bool tracks_machines() const { return m_tracking_machines; }
    std::vector<std::int32_t>& machine_index() { return m_machine; }
    const std::vector<std::int32_t>& machine_index() const { return m_machine; }

private:
    std::vector<double> m_lon;
    std::vector<double> m_lat;
    std::vector<TimeMs> m_time;
    // A deque, so a reference to one column stays valid while others are added.
    std::deque<Column> m_columns;
    std::deque<ProductColumn> m_products;
    std::vector<std::int32_t> m_machine;
    bool m_tracking_machines = false;
};

} // namespace furrow::schema
