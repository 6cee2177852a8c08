#include "core/scratch_dirs.hpp"

#include "core/error.hpp"
#include "core/ids.hpp"

#include <fmt/format.h>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <mutex>

namespace furrow {
namespace fs = std::filesystem;
namespace {

constexpr std::string_view dir_prefix = "proc-";
constexpr std::string_view owner_suffix = ".owner";

struct Claims {
    std::mutex mutex;
    std::map<fs::path, fs::path> dirs; // parent -> claimed directory; the owner files stay open (and locked) until exit
};

Claims& claims() {
    static Claims* c = new Claims(); // never destroyed: the locks must outlive every static that may still write scratch
    return *c;
}

// An owner file is free when this open file description gets the lock: its holder is gone.
bool owner_is_gone(const fs::path& owner_file) {
    const int fd = ::open(owner_file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return errno == ENOENT;
    const bool gone = ::flock(fd, LOCK_EX | LOCK_NB) == 0;
    ::close(fd);
    return gone;
}

bool is_legacy_entry(const std::string& name) {
    return name.starts_with("upload-") || name.starts_with("render-") || name.starts_with("furrow-bundle-") ||
           name.ends_with(".part");
}

} // namespace

const std::string& process_scratch_name() {
    static const std::string name = std::string(dir_prefix) + random_hex(8);
    return name;
}

fs::path claim_scratch_dir(const fs::path& parent) {
    auto& c = claims();
    const std::lock_guard lock(c.mutex);
    if (const auto it = c.dirs.find(parent); it != c.dirs.end()) return it->second;
    std::error_code ec;
    fs::create_directories(parent, ec);
    const fs::path owner = parent / (process_scratch_name() + std::string(owner_suffix));
    const fs::path pending = parent / (process_scratch_name() + std::string(owner_suffix) + ".new");
    const int fd = ::open(pending.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0 || ::flock(fd, LOCK_EX | LOCK_NB) != 0 || ::rename(pending.c_str(), owner.c_str()) != 0) {
        const int err = errno;
        if (fd >= 0) ::close(fd);
        throw Error(ErrorCode::internal, fmt::format("scratch: cannot claim {}: {}", owner.string(), std::strerror(err)));
    }
    const fs::path dir = parent / process_scratch_name();
    fs::create_directories(dir, ec);
    if (ec) throw Error(ErrorCode::internal, fmt::format("scratch: cannot create {}: {}", dir.string(), ec.message()));
    c.dirs.emplace(parent, dir); // fd deliberately kept open: the lock is the claim
    return dir;
}

SweepResult sweep_dead_scratch(const fs::path& parent, std::chrono::seconds legacy_idle) {
    SweepResult result;
    std::error_code ec;
    const auto now = fs::file_time_type::clock::now();
    for (fs::directory_iterator it(parent, ec), end; !ec && it != end; it.increment(ec)) {
        const auto name = it->path().filename().string();
        std::error_code entry_ec;
        if (name.starts_with(dir_prefix)) {
            if (name.ends_with(owner_suffix) || name.ends_with(".new")) {
                // An owner file whose directory is gone, or a claim that died before its rename (given a
                // minute, since a live claim holds its pending file unlocked for a moment).
                const auto base = name.substr(0, name.find('.'));
                const bool settled = name.ends_with(owner_suffix) ||
                                     now - fs::last_write_time(it->path(), entry_ec) > std::chrono::minutes(1);
                if (settled && !entry_ec && !fs::exists(parent / base, entry_ec) && owner_is_gone(it->path()))
                    fs::remove(it->path(), entry_ec);
                continue;
            }
            if (name == process_scratch_name() || !it->is_directory(entry_ec)) continue;
            const fs::path owner = parent / (name + std::string(owner_suffix));
            if (!owner_is_gone(owner)) continue;
            fs::remove_all(it->path(), entry_ec);
            if (!entry_ec) {
                ++result.removed_dirs;
                fs::remove(owner, entry_ec);
            }
        } else if (is_legacy_entry(name)) {
            const auto modified = fs::last_write_time(it->path(), entry_ec);
            if (entry_ec || now - modified < legacy_idle) continue;
            if (fs::remove_all(it->path(), entry_ec) > 0 && !entry_ec) ++result.removed_legacy;
        }
    }
    return result;
}

} // namespace furrow
