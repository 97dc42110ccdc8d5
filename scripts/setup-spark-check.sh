#!/usr/bin/env bash
# Installs what spark/fundtrace_score.py and scripts/spark-check.py need: a Java runtime (Debian's package, when none
# is on PATH), PySpark, and the Arrow and pandas libraries its Arrow batches need (PyPI); Spark runs in local mode. Idempotent; needs root or sudo for the Java runtime.
set -euo pipefail
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
if ! command -v java >/dev/null 2>&1; then
    echo "installing: openjdk-17-jre-headless"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless >/dev/null
fi
python3 -c "import pyspark, pyarrow, pandas" 2>/dev/null || python3 -m pip install -q --disable-pip-version-check "pyspark>=3.5" "pyarrow>=15" "pandas>=2.2,<3"
