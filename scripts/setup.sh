#!/usr/bin/env bash
# Installs the system libraries FundTrace builds against (Debian/Ubuntu):
# SQLite (the store) and Graphviz (in-process rendering), plus the sqlite3
# shell the load benchmark compares against. Idempotent; needs root or sudo.
set -euo pipefail
need=()
for pkg in libsqlite3-dev sqlite3 libgraphviz-dev graphviz pkg-config; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    echo "installing: ${need[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
if ! command -v swift >/dev/null 2>&1; then
    echo "swift is not on PATH: install the Swift 6 toolchain (swift.org) first" >&2
    exit 1
fi
