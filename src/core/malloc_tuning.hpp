#pragma once
// Process-wide settings of glibc's allocator for a server that answers many mid-sized requests.

namespace furrow {

// Keeps freed memory of glibc's per-thread arenas up to 64 MiB instead of handing it back to the
// kernel after every request, and serves blocks over 4 MiB straight from mmap. Why: profiling the
// files list (docs/BENCHMARKS.md, perf) showed ~22 % of the server's time in the kernel's TLB
// shootdowns of madvise(MADV_DONTNEED), which glibc issues when a handler thread's arena top
// shrinks past its (tiny, default) trim threshold, i.e. after nearly every answer. A no-op where the
// C library is not glibc, and under ASan (its own allocator ignores mallopt).
void tune_malloc_for_serving();

} // namespace furrow
