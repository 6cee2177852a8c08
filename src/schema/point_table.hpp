#pragma once
// A machine file's points as columns: position, time, and one double column per standard property
// present, each tagged with its unit. Missing values are NaN. Readers fill it in source units;
// pipeline/standardize converts it to canonical units in place.
#include "core/time.hpp"
#include "schema/property_registry.hpp"

#include <cmath>
#include <deque>
#include <limits>
#include <vector>

namespace furrow::schema {

inline constexpr double missing = std::numeric_limits<double>::quiet_NaN();
inline bool is_missing(double v) { return std::isnan(v); }

struct Column {
    PropertyId id;
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

private:
    std::vector<double> m_lon;
    std::vector<double> m_lat;
    std::vector<TimeMs> m_time;
    // A deque, so a reference to one column stays valid while others are added.
    std::deque<Column> m_columns;
};

} // namespace furrow::schema
