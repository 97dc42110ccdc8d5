"""What the browser checks share: PASS/FAIL lines, their options, the demo case built by `fundtrace demo`, the summary."""
import argparse
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
results = []


def check(name, ok, detail=""):
    results.append(ok)
    print(("PASS " if ok else "FAIL ") + name + ("" if ok or not detail else ": " + str(detail)))
    sys.stdout.flush()


def arguments(prefix):
    """--fundtrace (default: the debug build), --chromium (Debian's), --out (default: a new temporary folder)."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--fundtrace", default=os.path.join(ROOT, ".build", "debug", "fundtrace"))
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    ap.add_argument("--out", default=tempfile.mkdtemp(prefix=prefix))
    return ap.parse_args()


def demo_case(fundtrace, out):
    """Runs `fundtrace demo` into OUT/demo and returns that folder."""
    case = os.path.join(out, "demo")
    subprocess.run([fundtrace, "demo", "--out", case, "--dataset", os.path.join(ROOT, "Datasets", "coinstats-2024")],
                   check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    return case


def summary(label, out):
    """Prints 'LABEL: N passed, M failed' and returns the exit status."""
    passed = sum(results)
    print(f"screenshots in {out}")
    print(f"{label}: {passed} passed, {len(results) - passed} failed")
    return 0 if passed == len(results) else 1
