#!/usr/bin/env python3
"""The Spark job (spark/fundtrace_score.py) in Spark local mode against `fundtrace score` on the same data.

A generated multi-asset case (`fundtrace simulate laundering`: several chains and assets, fees, sources of every
kind) is loaded into a store, scored there under every policy, exported as canonical CSV in three files, and scored
by the Spark job (and once from Parquet). Every per-key row must be identical; each ledger's held total must equal
the sum of its keys' held taint (haircut: within the contract's tolerance).

    scripts/setup-spark-check.sh && scripts/spark-check.py --fundtrace .build/debug/fundtrace
Ends with `spark check: N passed, M failed`.
"""
import argparse, csv, glob, os, subprocess, sys, tempfile
from fractions import Fraction

HERE = os.path.dirname(os.path.abspath(__file__))
POLICIES = ["poison", "haircut", "fifo", "lifo", "tiho"]


def read_csv_dir(folder):
    rows = []
    for part in sorted(glob.glob(os.path.join(folder, "part-*.csv"))):
        with open(part, newline="") as f:
            rows += list(csv.DictReader(f))
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--fundtrace", default=".build/debug/fundtrace")
    ap.add_argument("--seed", type=int, default=11)
    args = ap.parse_args()
    binary = os.path.abspath(args.fundtrace)
    passed = failed = 0
    def check(ok, what):
        nonlocal passed, failed
        print(("ok   " if ok else "FAIL ") + what, flush=True)
        passed, failed = passed + bool(ok), failed + (not ok)

    with tempfile.TemporaryDirectory() as d:
        def ft(*a):
            r = subprocess.run([binary, *a], capture_output=True, text=True)
            if r.returncode != 0: raise SystemExit(f"fundtrace {' '.join(a)}: {r.stderr}")
            return r.stdout
        case = os.path.join(d, "case")
        ft("simulate", "laundering", "--seed", str(args.seed), "--scale", "small", "--out-dir", case)
        db = os.path.join(d, "case.sqlite")
        ft("load", "--db", db, os.path.join(case, "transfers.csv"))
        export = os.path.join(d, "export.csv")
        ft("export", "transfers", "--db", db, "-o", export)
        with open(export) as f:
            lines = f.read().splitlines()
        header, body = lines[0], lines[1:]
        ledgers = {(l.split(",")[0], l.split(",")[8]) for l in body}
        check(len(ledgers) >= 6, f"{len(body)} transfers in {len(ledgers)} ledgers")
        inputs = os.path.join(d, "in")
        os.makedirs(inputs)
        third = len(body) // 3
        for i, chunk in enumerate([body[:third], body[third:2 * third], body[2 * third:]]):
            with open(os.path.join(inputs, f"part-{i}.csv"), "w") as f:
                f.write("\n".join([header] + chunk) + "\n")
        sources = os.path.join(case, "sources.csv")
        expected = {}
        for p in POLICIES:
            out = os.path.join(d, f"score-{p}.csv")
            ft("score", "--db", db, "--sources", sources, "--policy", p, "-o", out)
            with open(out, newline="") as f:
                expected[p] = {(r["chain"], r["address"], r["asset"]): {k: v for k, v in r.items() if k != "hops"} for r in csv.DictReader(f)}

        job = [sys.executable, os.path.join(HERE, "..", "spark", "fundtrace_score.py"), "--master", "local[2]", "--partitions", "3",
               "--sources", sources, "--fundtrace", binary]
        r = subprocess.run(job + ["--transfers", os.path.join(inputs, "part-0.csv"), os.path.join(inputs, "part-1.csv"), os.path.join(inputs, "part-2.csv"),
                                  "--policy", *POLICIES, "--out", os.path.join(d, "spark")], capture_output=True, text=True)
        check(r.returncode == 0, f"the Spark job runs in local mode ({r.stderr.strip()[-400:] if r.returncode else 'exit 0'})")
        for p in POLICIES:
            got = {(r["chain"], r["address"], r["asset"]): r for r in read_csv_dir(os.path.join(d, "spark", p, "scores_csv"))}
            same = got == expected[p]
            diff = [k for k in expected[p] if got.get(k) != expected[p][k]][:3]
            check(same, f"{p}: {len(got)} per-key rows from Spark, {len(expected[p])} from fundtrace score, identical{'' if same else f' (first differences: {diff})'}")
            ledgers_rows = read_csv_dir(os.path.join(d, "spark", p, "ledgers_csv"))
            ok = len(ledgers_rows) == len(ledgers)
            for l in ledgers_rows:
                held = sum(Fraction(v["tainted_held"]) for k, v in expected[p].items() if (k[0], k[2]) == (l["chain"], l["asset"]) and v["whole_balance_source"] == "0")
                created = max(Fraction(1), Fraction(l["created"]))
                ok = ok and abs(Fraction(l["held"]) - held) <= (created * Fraction(1, 10**9) if p == "haircut" else 0)
            check(ok, f"{p}: {len(ledgers_rows)} ledger summaries, each held total the sum of its keys")

        # The same from Parquet (written by Spark itself), one policy.
        from pyspark.sql import SparkSession
        spark = SparkSession.builder.master("local[2]").appName("fundtrace-check").getOrCreate()
        parquet = os.path.join(d, "transfers.parquet")
        spark.read.option("header", True).csv(export).write.parquet(parquet)
        spark.stop()
        r = subprocess.run(job + ["--transfers", parquet, "--policy", "fifo", "--out", os.path.join(d, "spark-parquet")], capture_output=True, text=True)
        got = {(r["chain"], r["address"], r["asset"]): r for r in read_csv_dir(os.path.join(d, "spark-parquet", "fifo", "scores_csv"))} if r.returncode == 0 else {}
        check(got == expected["fifo"], f"fifo from Parquet: identical ({r.stderr.strip()[-300:] if r.returncode else 'exit 0'})")

        # A ledger larger than the worker may hold fails, naming it.
        r = subprocess.run(job + ["--transfers", export, "--policy", "fifo", "--worker-memory", "1", "--out", os.path.join(d, "spark-small")],
                           capture_output=True, text=True)
        check(r.returncode != 0 and "needs more than 1 MiB of worker memory" in r.stderr and "ledger " in r.stderr and "resident after" in r.stderr,
              "a ledger too large for a worker fails with its name and the memory it needs")
    print(f"spark check: {passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
