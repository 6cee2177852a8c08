#pragma once
// THE ordered list of cleaning filters. A point's removed_by code is 1 + the index of the first
// filter (in this order) that removed it. Adding a filter: a function (filters.hpp), its settings
// (cleaning_settings.{hpp,cpp}), one line in filter_table.cpp, a line in docs/CLEANING.md.
#include "pipeline/cleaning/cleaning_settings.hpp"

#include <span>
#include <string_view>

namespace furrow::pipeline::cleaning {

namespace detail {
struct FilterContext;
}

struct FilterEntry {
    std::string_view name; // the key in the report's removedBy and in the settings JSON
    bool CleaningSettings::*enabled;
    void (*run)(detail::FilterContext&);
};

std::span<const FilterEntry> cleaning_filters();

} // namespace furrow::pipeline::cleaning
