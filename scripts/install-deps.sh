#!/usr/bin/env bash
# Installs the Debian packages listed in scripts/debian-packages.txt that are missing.
# Idempotent and quiet when everything is present; needs root (or sudo) only when something is missing.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
mapfile -t wanted < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$here/debian-packages.txt")
missing=()
for line in "${wanted[@]}"; do
  # "@COMMAND PKG..." installs PKG... only when COMMAND is not on PATH: Node.js may come from the
  # machine image (nodesource) instead of Debian, and the two must not be mixed.
  if [[ $line == @* ]]; then
    read -r cmd pkgs <<<"${line#@}"
    if ! command -v "$cmd" >/dev/null 2>&1; then
      read -r -a more <<<"$pkgs"
      missing+=("${more[@]}")
    fi
    continue
  fi
  pkg=$(echo "$line" | xargs)
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "install-deps: installing ${missing[*]}"
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Time-zone boundaries for naive local times (docs/FORMATS.md "Times"): an npm package pinned by
# third_party/tz-lookup/package-lock.json, read by furrow at start; never fetched at run time.
tz_dir="$here/../third_party/tz-lookup"
if [[ ! -f "$tz_dir/node_modules/@photostructure/tz-lookup/tz.js" ]]; then
  echo "install-deps: npm ci in third_party/tz-lookup"
  (cd "$tz_dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
