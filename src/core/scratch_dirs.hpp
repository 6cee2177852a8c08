#pragma once
// Per-process scratch directories that a crash cannot leak (issue #16). Upload spools, staged
// outputs and unpacked bundles live in `<parent>/proc-<id>/`, one per process and parent. The
// directory's owner file `<parent>/proc-<id>.owner` is held under an exclusive flock(2) for the
// life of the process; the kernel drops that lock when the process dies, kill -9 included. So a
// directory whose owner file can be locked by someone else belongs to no live process and is
// removed by sweep_dead_scratch; one whose lock is held is never touched. This holds for any
// number of processes sharing a data directory on one machine (flock is per open file, so a
// process cannot take its own lock either); across machines each process has its own local
// FURROW_DATA_DIR (docs/DEPLOY.md).
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <string>

namespace furrow {

// "proc-<16 hex digits>", made once per process.
const std::string& process_scratch_name();

// This process's scratch directory under `parent`, created and claimed on first call (the owner
// file is made and locked under a temporary name, then renamed into place, so a sweeper never sees
// an owner file that is not locked yet; the directory is made after that). Thread-safe; later calls
// return the same path. Throws Error(internal) when the directory cannot be made.
std::filesystem::path claim_scratch_dir(const std::filesystem::path& parent);

struct SweepResult {
    std::size_t removed_dirs = 0;   // proc-* directories of dead processes
    std::size_t removed_legacy = 0; // entries of the old flat layout, idle longer than `legacy_idle`
};

// Removes under `parent` what belongs to no live process: proc-* directories whose owner file can
// be locked or is missing, their owner files, and (from releases before per-process directories)
// loose upload-*, render-*, *.part and furrow-bundle-* entries not modified for `legacy_idle`.
// Never throws; what cannot be removed is left for the next sweep.
SweepResult sweep_dead_scratch(const std::filesystem::path& parent, std::chrono::seconds legacy_idle);

} // namespace furrow
