"""`npm install` of the small node projects the tests use (npm isoxml, hyparquet, s3rver).

Several pytest processes run the suite at once (pytest-xdist, Makefile `e2e`), and two `npm install`
runs in one folder corrupt its node_modules: an exclusive lock file in the folder serialises them
across processes, and the second run finds everything in place and returns at once.
"""
from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import threading
from pathlib import Path

_lock = threading.Lock()
_installed: set[Path] = set()


class NpmInstallError(RuntimeError):
    pass


def npm_install(folder: Path, marker_package: str, purpose: str) -> Path:
    """Installs `folder`'s package.json dependencies once per process; raises NpmInstallError naming
    the command and its output when node/npm are missing or the install fails."""
    folder = Path(folder)
    node, npm = shutil.which("node") or "/usr/bin/node", shutil.which("npm") or "/usr/bin/npm"
    with _lock:
        if folder in _installed:
            return folder
        for tool in (node, npm):
            if not os.path.exists(tool):
                raise NpmInstallError(f"{tool} not found: {purpose} needs node and npm")
        marker = folder / "node_modules" / marker_package / "package.json"
        cmd = [npm, "install", "--no-audit", "--no-fund", "--loglevel=error"]
        with open(folder / ".npm-install.lock", "w") as lock_file:
            fcntl.flock(lock_file, fcntl.LOCK_EX)
            try:
                r = subprocess.run(cmd, cwd=folder, capture_output=True, text=True, timeout=600)
            except subprocess.TimeoutExpired:
                raise NpmInstallError(f"`{' '.join(cmd)}` in {folder} did not finish within 600 s")
            finally:
                fcntl.flock(lock_file, fcntl.LOCK_UN)
        if r.returncode != 0 or not marker.exists():
            raise NpmInstallError(f"`{' '.join(cmd)}` in {folder} failed (rc={r.returncode}); {purpose} cannot run.\n"
                                  f"stdout:\n{r.stdout[-3000:]}\nstderr:\n{r.stderr[-3000:]}")
        _installed.add(folder)
        return folder
