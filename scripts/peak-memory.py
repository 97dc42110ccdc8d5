#!/usr/bin/env python3
"""Runs a command and prints its peak anonymous memory (RssAnon) and peak file-backed memory (RssFile, e.g. a
store's pages mapped from disk), sampled every 50 ms from /proc/PID/status, with its exit status and the end of its
standard error. Linux only.

Usage: scripts/peak-memory.py COMMAND [ARG...]
"""
import subprocess
import sys
import time

if len(sys.argv) < 2:
    sys.exit(__doc__)
p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
anon = file = 0
while p.poll() is None:
    try:
        with open(f"/proc/{p.pid}/status") as status:
            for line in status:
                if line.startswith("RssAnon"):
                    anon = max(anon, int(line.split()[1]))
                elif line.startswith("RssFile"):
                    file = max(file, int(line.split()[1]))
    except OSError:
        pass
    time.sleep(0.05)
said = p.stderr.read().decode(errors="replace").strip()
print(f"anon peak {anon // 1024} MiB, file peak {file // 1024} MiB, exit {p.returncode}; {said[-200:]}")
