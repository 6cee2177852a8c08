#include "core/malloc_tuning.hpp"

#if __has_include(<malloc.h>)
#include <malloc.h>
#endif

namespace furrow {

void tune_malloc_for_serving() {
#if defined(__GLIBC__) && defined(M_TRIM_THRESHOLD) && defined(M_MMAP_THRESHOLD)
    constexpr int trim_threshold = 64 << 20; // bytes kept at an arena's top before returning them
    constexpr int mmap_threshold = 4 << 20;  // larger blocks come from (and go back to) mmap at once
    // Setting either fixes both (glibc stops adapting them to the sizes it has seen freed).
    mallopt(M_TRIM_THRESHOLD, trim_threshold);
    mallopt(M_MMAP_THRESHOLD, mmap_threshold);
#endif
}

} // namespace furrow
