#!/usr/bin/env python3
"""Turn the Bybit laundering graph (we-stronger/bybit-incident-tna, aggregated edges without
hashes or times) into FundTrace's canonical account CSV, so it can be traced and drawn.

    scripts/bybit_to_canonical.py ../shared/datasets-raw/bybit-incident-tna/derived_edges_from_gexf.csv OUTDIR

The source data has one aggregated edge per address pair and no order, so this script *assumes* one:
an edge leaves its sender one block after the sender was first reached from the exploiter
0x47666fab…86e2 (breadth-first depth), and edges not reachable from it are dropped. Transaction hashes
are synthetic (SHA-256 of sender and recipient), times are 21 Feb 2025 14:13 UTC plus one hour per
depth, and every edge is ETH in wei. It writes OUTDIR/transfers.csv and OUTDIR/sources.csv (the
exploiter as a whole_balance source). Test and demonstration use only: the data carries no licence.
"""
import collections, csv, decimal, hashlib, os, sys

ROOT = "0x47666fab8bd0ac7003bce3f5c3585383f09486e2"
START = 1740147215  # 2025-02-21T14:13:35Z

def main(edges_path, out):
    os.makedirs(out, exist_ok=True)
    edges = []
    with open(edges_path, newline="") as f:
        for r in csv.DictReader(f):
            w = int(decimal.Decimal(r["weight"]))
            if w > 0:
                edges.append((r["source"].lower(), r["target"].lower(), w))
    succ = collections.defaultdict(list)
    for i, (u, v, w) in enumerate(edges):
        succ[u].append(i)
    depth = {ROOT: 0}
    queue = collections.deque([ROOT])
    while queue:
        u = queue.popleft()
        for i in succ[u]:
            v = edges[i][1]
            if v not in depth:
                depth[v] = depth[u] + 1
                queue.append(v)
    kept = sorted((depth[u] + 1, i) for i, (u, v, w) in enumerate(edges) if u in depth)
    with open(os.path.join(out, "transfers.csv"), "w", newline="") as f:
        out_csv = csv.writer(f, lineterminator="\n")
        out_csv.writerow(["chain", "tx_hash", "block", "tx_index", "log_index", "timestamp", "from", "to", "asset", "amount", "fee"])
        for position, (block, i) in enumerate(kept):
            u, v, w = edges[i]
            tx = "0x" + hashlib.sha256((u + v).encode()).hexdigest()
            out_csv.writerow(["ethereum", tx, block, position, 0, START + 3600 * (block - 1), u, v, "ETH", w, ""])
    with open(os.path.join(out, "sources.csv"), "w", newline="") as f:
        f.write("type,chain,id,asset,start_block\nwhole_balance,ethereum," + ROOT + ",ETH,\n")
    print(f"{len(kept)} of {len(edges)} edges reachable from the exploiter, depths up to {max(depth.values())}", file=sys.stderr)

if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
