#!/usr/bin/env bash
# Installs what scripts/browser-check.py needs: Chromium (Debian's package) and Playwright (PyPI), which
# drives that Chromium; no browser is downloaded by Playwright. Idempotent; needs root or sudo.
set -euo pipefail
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
if ! command -v chromium >/dev/null 2>&1; then
    echo "installing: chromium"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
fi
python3 -c "import playwright" 2>/dev/null || python3 -m pip install -q --disable-pip-version-check playwright
