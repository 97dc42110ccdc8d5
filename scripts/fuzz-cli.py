#!/usr/bin/env python3
"""A mutation fuzzer over FundTrace's command line, seeded with the real fixtures in ../shared and FundTrace's own
outputs (a trace.json, a canonical export, label packs).

Each input is a seed file mutated a few times (bit flips, byte runs, truncation, duplicated or deleted lines,
interesting numbers and strings spliced into fields) and handed to the command that reads that kind of file:
`load` for chain data, `labels import` for label files, `render` and `report` for a trace.json, `trace --from` for
a sources file. A run is a **crash** when the process dies by a signal or exits with a status FundTrace does not
document (0 done, 1 failure, 2 bad input, 64 bad command line), a **hang** when it outlives --timeout, and
**memory** when it needs more than --memory-mb (enforced with RLIMIT_AS: the kernel refuses the allocation, which
shows as a crash). Crashing inputs are kept in --keep, with the command that failed, as regression cases.

Usage: scripts/fuzz-cli.py [--seconds 120] [--seed 1] [--fundtrace PATH] [--keep DIR] [--timeout 20] [--memory-mb 2048]
Closes with 'fuzz: N passed, M failed' (a passed input is one that neither crashed nor hung); exits 1 on a failure.
"""
import argparse
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time

DOCUMENTED = {0, 1, 2, 64}
INTERESTING = [b"-1", b"0", b"9223372036854775807", b"-9223372036854775808", b"18446744073709551616",
               b"115792089237316195423570985008687907853269984665640564039457584007913129639936", b"1e308", b"NaN",
               b"0x", b"0xzz", b'"', b",", b"\n", b"\x00", b"\x1b[31m", "\u202e".encode(), b"=C4()", b"*a", b"&a", b"[", b"{",
               b"}", b"{}", b"[]", b"null", b"true", b"-", b"\xff\xfe", b"1" * 400]


def mutate(data: bytes, rng: random.Random) -> bytes:
    b = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(7)
        if not b:
            b += rng.choice(INTERESTING)
            continue
        i = rng.randrange(len(b))
        if op == 0:
            b[i] ^= 1 << rng.randrange(8)
        elif op == 1:
            b[i:i] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
        elif op == 2:
            del b[i:i + rng.randint(1, 64)]
        elif op == 3:
            b = b[:i]
        elif op == 4:
            lines = bytes(b).split(b"\n")
            j = rng.randrange(len(lines))
            lines.insert(j, lines[j]) if rng.random() < 0.5 else lines.pop(j)
            b = bytearray(b"\n".join(lines))
        elif op == 5:
            # An interesting value in place of a field or token.
            j = i
            while j < len(b) and b[j:j + 1] not in (b",", b"\n", b'"', b" ", b":"):
                j += 1
            b[i:j] = rng.choice(INTERESTING)
        else:
            b[i:i] = rng.choice(INTERESTING)
    return bytes(b)


def limit(memory_mb):
    def apply():
        resource.setrlimit(resource.RLIMIT_AS, (memory_mb << 20, memory_mb << 20))
        os.setsid()
    return apply


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    shared = os.path.join(os.path.dirname(root), "shared", "datasets-raw")
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=120)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--fundtrace", default=os.path.join(root, ".build", "debug", "fundtrace"))
    ap.add_argument("--keep", default=os.path.join(tempfile.gettempdir(), "fundtrace-fuzz-crashes"))
    ap.add_argument("--timeout", type=float, default=20)
    ap.add_argument("--memory-mb", type=int, default=2048)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    work = tempfile.mkdtemp(prefix="fundtrace-fuzz-")
    ft = a.fundtrace

    # FundTrace's own outputs as seeds: a small case, its store, trace and export.
    case = os.path.join(work, "case")
    subprocess.run([ft, "simulate", "laundering", "--seed", str(a.seed), "--out-dir", case], check=True, stdout=subprocess.DEVNULL)
    store = os.path.join(work, "seed.sqlite")
    subprocess.run([ft, "load", "--db", store, os.path.join(case, "transfers.csv"), os.path.join(case, "pool-events.csv")],
                   check=True, stdout=subprocess.DEVNULL)
    subprocess.run([ft, "labels", "import", "--db", store, os.path.join(case, "labels.csv")], check=True, stdout=subprocess.DEVNULL)
    subprocess.run([ft, "trace", "--db", store, "--from", os.path.join(case, "sources.csv"), "--out-dir", os.path.join(work, "trace")],
                   check=True, stdout=subprocess.DEVNULL)
    export = os.path.join(work, "export.csv")
    subprocess.run([ft, "export", "transfers", "--db", store, "-o", export], check=True, stdout=subprocess.DEVNULL)

    def small(path, limit_bytes=200_000):
        with open(path, "rb") as f:
            return f.read(limit_bytes)

    seeds = []  # (kind, name, bytes)
    for rel in ["ethereum-etl/tests/resources/test_export_blocks_job/blocks_with_transactions_and_withdrawals/expected_transactions.csv",
                "ethereum-etl/tests/resources/test_stream/blocks_17173049_17173050/expected_token_transfers.json",
                "bitcoin-etl/tests/resources/test_export_blocks_job/bitcoin/stream_50001_50002/expected_transactions.json"]:
        p = os.path.join(shared, rel)
        if os.path.exists(p):
            seeds.append(("load", os.path.basename(p), small(p)))
    for rel in ["graphsense-tagpacks/packs/lazarus.yaml", "graphsense-tagpacks/packs/tornado_cash.yaml", "graphsense-tagpacks/packs/ronin_bridge.yaml",
                "ofac-sanctioned-addresses/sanctioned_addresses_ETH.txt", "forta-labelled-datasets/labels/1/etherscan_malicious_labels.csv",
                "etherscan-labels/data/etherscan/accounts/tornado-cash.csv"]:
        p = os.path.join(shared, rel)
        if os.path.exists(p):
            seeds.append(("labels", os.path.basename(p), small(p, 20_000)))
    seeds.append(("load", "export.csv", small(export, 60_000)))
    seeds.append(("load", "pool-events.csv", small(os.path.join(case, "pool-events.csv"), 30_000)))
    seeds.append(("trace.json", "trace.json", small(os.path.join(work, "trace", "trace.json"), 2_000_000)))
    seeds.append(("sources", "sources.csv", small(os.path.join(case, "sources.csv"), 20_000)))

    def command(kind, path, n):
        db = os.path.join(work, f"s{n}.sqlite")
        if kind == "load":
            shutil.copy(store, db)
            return [ft, "load", "--db", db, path]
        if kind == "labels":
            shutil.copy(store, db)
            return [ft, "labels", "import", "--db", db, path]
        if kind == "trace.json":
            command = [ft, rng.choice(["render", "report"]), path, "-o", os.path.join(work, f"out{n}" + rng.choice([".svg", ".dot", ""]))]
            return command + (["--layout", "overview"] if command[1] == "render" and rng.random() < 0.5 else [])
        return [ft, "trace", "--db", store, "--from", path, "--out-dir", os.path.join(work, f"t{n}")]

    os.makedirs(a.keep, exist_ok=True)
    passed = failed = 0
    peak = 0
    statuses = {}
    start = time.time()
    n = 0
    while time.time() - start < a.seconds:
        n += 1
        kind, name, data = rng.choice(seeds)
        path = os.path.join(work, f"in{n}-{name}")
        if kind == "trace.json":
            path = os.path.join(work, f"in{n}.json")
        with open(path, "wb") as f:
            f.write(mutate(data, rng))
        cmd = command(kind, path, n)
        t0 = time.time()
        try:
            p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=a.timeout, preexec_fn=limit(a.memory_mb))
            status, why = p.returncode, p.stderr.decode("utf-8", "replace").strip().split("\n")[-1][:200]
        except subprocess.TimeoutExpired:
            status, why = "hang", f"over {a.timeout} s"
        usage = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
        peak = max(peak, usage)
        statuses[status] = statuses.get(status, 0) + 1
        ok = status in DOCUMENTED
        if ok:
            passed += 1
        else:
            failed += 1
            kept = os.path.join(a.keep, f"case{n}-{os.path.basename(path)}")
            shutil.copy(path, kept)
            with open(kept + ".cmd", "w") as f:
                f.write(" ".join(cmd[:1] + [c if c != path else kept for c in cmd[1:]]) + f"\n# status {status}: {why}\n")
            print(f"FAIL {kind} {name}: status {status} ({why}) after {time.time() - t0:.1f} s; kept {kept}")
        for leftover in (path, os.path.join(work, f"s{n}.sqlite")):
            if os.path.exists(leftover):
                os.remove(leftover)
    print(f"{n} inputs in {time.time() - start:.0f} s; exit statuses {dict(sorted(statuses.items(), key=str))}; "
          f"peak child RSS {peak} MiB; crashing inputs kept in {a.keep}")
    print(f"fuzz: {passed} passed, {failed} failed")
    shutil.rmtree(work, ignore_errors=True)
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
