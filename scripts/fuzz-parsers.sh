#!/usr/bin/env bash
# Coverage-guided fuzzing of FundTrace's parsers with libFuzzer (issue 29).
#
# Builds FundTraceFuzz with `--sanitize fuzzer` (in .build-fuzz, apart from the normal build), seeds a corpus with the
# real fixtures in ../shared/datasets-raw, the shipped datasets and a trace.json of the demo (each file for every
# parser that reads its kind; see Sources/FundTraceFuzz/FuzzTarget.swift), and runs libFuzzer for SECONDS under a
# 2 GiB memory limit and a 20 s per-input timeout. Crashing inputs are kept in OUTDIR/crash-* (replay one with
# `.build-fuzz/release/FundTraceFuzz FILE`; keep it in Tests/FuzzRegressions/, which the tests replay).
#
# Usage: scripts/fuzz-parsers.sh [SECONDS] [OUTDIR]   (after `swift build`; default 120 s, a temporary OUTDIR)
# Closes with 'libfuzzer: N inputs, M crashes' and exits 1 on a crash, a leak of memory past the limit or a timeout.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-120}
out=${2:-$(mktemp -d)}
mkdir -p "$out/corpus" "$out/seeds"
shared=../shared/datasets-raw
swift build --product FundTraceFuzz >/dev/null
swift build -c release --product FundTraceFuzz --sanitize fuzzer -Xswiftc -DFUZZING --scratch-path .build-fuzz 2>&1 | tail -n 1
# A trace.json to mutate: the demo's.
if [ ! -f "$out/demo/trace/trace.json" ]; then swift run -q fundtrace demo --out "$out/demo" >/dev/null; fi
seeds=()
while IFS= read -r f; do seeds+=("$f"); done < <(
    { [ -d "$shared" ] && find "$shared" -type f \( -name '*.csv' -o -name '*.json' -o -name '*.jsonl' -o -name '*.yaml' -o -name '*.txt' \) -size -4M;
      find Datasets/sample-theft -type f -name '*.csv'; echo "$out/demo/trace/trace.json"; echo Datasets/coinstats-2024/prices.csv;
      echo Datasets/coinstats-2024/labels.csv; } | sort | head -n 600)
.build/debug/FundTraceFuzz corpus "$out/seeds" "${seeds[@]}"
log="$out/libfuzzer.log"
status=0
.build-fuzz/release/FundTraceFuzz -max_total_time="$seconds" -rss_limit_mb=2048 -malloc_limit_mb=2048 -timeout=20 \
    -max_len=65536 -print_final_stats=1 -artifact_prefix="$out/" "$out/corpus" "$out/seeds" >"$log" 2>&1 || status=$?
runs=$(grep -E "^stat::number_of_executed_units:" "$log" | awk '{print $2}' | tail -n 1)
peak=$(grep -E "^stat::peak_rss_mb:" "$log" | awk '{print $2}' | tail -n 1)
crashes=$(find "$out" -maxdepth 1 \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \) | wc -l)
tail -n 20 "$log"
echo "libfuzzer: ${runs:-0} inputs, $crashes crashes (peak RSS ${peak:-?} MB, corpus $(ls "$out/corpus" | wc -l) inputs, findings in $out)"
if [ "$status" != "0" ] || [ "$crashes" != "0" ] || [ -z "${runs:-}" ]; then exit 1; fi
