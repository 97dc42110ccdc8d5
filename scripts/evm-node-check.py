#!/usr/bin/env python3
"""`fundtrace fetch rpc` against a real EVM: py-evm (through eth-tester, from PyPI) behind a small JSON-RPC HTTP front.

The check deploys a token (a 59-byte contract written here in EVM assembly: a call with (to, value) emits
Transfer(caller, to, value), and a zero value reverts), makes ether payments, token transfers and a failing call,
then fetches the node's blocks with `fundtrace fetch rpc` and compares the store's canonical export with what the
check did, as read back from the node's receipts: every transfer, with its amount, asset and fee; nothing else.

    scripts/setup-evm-node-check.sh && scripts/evm-node-check.py --fundtrace .build/debug/fundtrace
Ends with `evm node check: N passed, M failed`.
"""
import argparse, csv, io, json, os, subprocess, sys, tempfile, threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from web3 import Web3, EthereumTesterProvider

TRANSFER = "ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef"
RUNTIME = ("602035" "80" "15" "6036" "57" "600052" "600035" "33" "7f" + TRANSFER + "6020" "6000" "a3" "00" "5b" "600080fd")
INIT = "603b" "80" "600b" "6000" "39" "6000" "f3"


def camel(key):
    head, *rest = key.split("_")
    return head + "".join(p.title() for p in rest)


def rpc_form(value, key=""):
    """eth-tester's Python values in the JSON-RPC wire form: camelCase keys, hex quantities and data."""
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            name = {"data": "input"}.get(k, camel(k)) if key == "tx" else camel(k)
            out[name] = rpc_form(v, "tx" if k == "transactions" else k)
        return out
    if isinstance(value, (list, tuple)):
        return [rpc_form(v, key) for v in value]
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return hex(value)
    if isinstance(value, (bytes, bytearray)):
        return "0x" + bytes(value).hex()
    return value


class Front(BaseHTTPRequestHandler):
    provider = None

    def log_message(self, *args):
        pass

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        def answer(call):
            params = list(call.get("params", []))
            if call["method"] in ("eth_getBlockByNumber", "trace_block") and params and str(params[0]).startswith("0x"):
                params[0] = int(params[0], 16)  # eth-tester takes block numbers as integers
            if call["method"] == "eth_getLogs":
                f = {{"fromBlock": "from_block", "toBlock": "to_block"}.get(k, k): v for k, v in params[0].items()}
                for k in ("from_block", "to_block"):
                    if isinstance(f.get(k), str) and f[k].startswith("0x"): f[k] = int(f[k], 16)
                params = [f]  # eth-tester's own spelling
            try:
                r = self.provider.make_request(call["method"], params)
            except Exception as e:  # eth-tester raises on what a node answers with an error
                return {"jsonrpc": "2.0", "id": call.get("id"), "error": {"code": -32000, "message": str(e)[:200]}}
            out = {"jsonrpc": "2.0", "id": call.get("id")}
            if "error" in r:
                out["error"] = r["error"]
            else:
                result = r["result"]
                if call["method"] == "eth_getTransactionByHash":
                    result = rpc_form(result, "tx")
                elif isinstance(result, dict) and "transactions" in result:
                    result = dict(result); result["transactions"] = [rpc_form(t, "tx") for t in result["transactions"]]
                    result = {camel(k) if k != "transactions" else k: (v if k == "transactions" else rpc_form(v, k)) for k, v in result.items()}
                else:
                    result = rpc_form(result)
                out["result"] = result
            return out
        reply = [answer(c) for c in body] if isinstance(body, list) else answer(body)
        data = json.dumps(reply).encode()
        self.send_response(200); self.send_header("Content-Type", "application/json"); self.send_header("Content-Length", str(len(data)))
        self.end_headers(); self.wfile.write(data)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--fundtrace", default=".build/debug/fundtrace")
    args = ap.parse_args()
    passed = failed = 0
    def check(ok, what):
        nonlocal passed, failed
        print(("ok   " if ok else "FAIL ") + what)
        if ok: passed += 1
        else: failed += 1

    provider = EthereumTesterProvider()
    w3 = Web3(provider)
    a = w3.eth.accounts
    deploy = w3.eth.send_transaction({"from": a[0], "data": "0x" + INIT + RUNTIME})
    token = w3.eth.get_transaction_receipt(deploy)["contractAddress"]
    check(w3.eth.get_code(token).hex().removeprefix("0x") == RUNTIME, "the token's code is deployed")
    def word(x):
        return (x if isinstance(x, int) else int(x, 16)).to_bytes(32, "big").hex()
    hashes = [deploy]
    for i, (frm, to, eth) in enumerate([(0, 1, 3 * 10**18), (1, 2, 10**18 + 7), (2, 3, 12345)]):
        hashes.append(w3.eth.send_transaction({"from": a[frm], "to": a[to], "value": eth}))
    for frm, to, units in [(0, 4, 10**30), (4, 5, 2**255 + 1), (5, 6, 1)]:
        hashes.append(w3.eth.send_transaction({"from": a[frm], "to": token, "gas": 100000, "data": "0x" + word(a[to]) + word(units)}))
    failing = w3.eth.send_transaction({"from": a[6], "to": token, "gas": 100000, "value": 5, "data": "0x" + word(a[7]) + word(0)})
    hashes.append(failing)
    receipts = [w3.eth.get_transaction_receipt(h) for h in hashes]
    check(receipts[-1]["status"] == 0 and all(r["status"] == 1 for r in receipts[:-1]), "the zero-value token call failed, the rest succeeded")
    last = w3.eth.block_number

    # What the fetch must store, from the node's own transactions and receipts.
    expected = []
    for h, r in zip(hashes, receipts):
        tx = w3.eth.get_transaction(h)
        fee = r["gasUsed"] * r["effectiveGasPrice"]
        value = tx["value"] if r["status"] == 1 else 0  # a failed transaction pays its fee and moves nothing
        to = (tx["to"] or r["contractAddress"]).lower()
        expected.append((h.hex().removeprefix("0x"), tx["from"].lower(), to, "ETH", str(value), str(fee)))
        for log in r["logs"]:
            if log["topics"][0].hex().removeprefix("0x") == TRANSFER:
                expected.append((h.hex().removeprefix("0x"), "0x" + log["topics"][1].hex()[-40:], "0x" + log["topics"][2].hex()[-40:],
                                 token.lower(), str(int(log["data"].hex(), 16)), ""))

    Front.provider = provider
    server = ThreadingHTTPServer(("127.0.0.1", 0), Front)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    with tempfile.TemporaryDirectory() as d:
        db = os.path.join(d, "evm.sqlite")
        run = subprocess.run([args.fundtrace, "fetch", "rpc", "--db", db, "--url", url, "--blocks", f"0-{last}", "--window", "3",
                              "--rate", "0", "--json"], capture_output=True, text=True)
        check(run.returncode == 0, f"fetch rpc exits 0 ({run.stderr.strip()[-300:]})")
        summary = json.loads(run.stdout) if run.returncode == 0 else {"notes": [], "queries": []}
        check(any("trace_block" in n for n in summary["notes"]), "the node has no trace_block, and the summary says so")
        exported = subprocess.run([args.fundtrace, "export", "transfers", "--db", db], capture_output=True, text=True).stdout
        rows = list(csv.DictReader(io.StringIO(exported)))
        got = sorted((r["tx_hash"].removeprefix("0x"), r["from"], r["to"], r["asset"], r["amount"], r["fee"]) for r in rows)
        want = sorted(expected)
        check(len(got) == len(want), f"{len(want)} transfers expected, {len(got)} stored")
        for w in want:
            match = [g for g in got if g[:5] == w[:5]]
            ok = len(match) == 1 and (w[5] == "" or match[0][5] in (w[5], ""))
            check(ok, f"{w[3][:10]} {w[4]} from {w[1][:10]} to {w[2][:10]} (fee {w[5] or '-'}): {match}")
        fees = {g[0]: g[5] for g in got if g[5]}
        check(all(fees.get(w[0]) == w[5] for w in want if w[5]), "each transaction's fee is gas used × effective gas price")
        # One address's activity (eth_getLogs on its topics; the node has no trace_filter): the transactions moving its token.
        db2 = os.path.join(d, "address.sqlite")
        holder = a[4].lower()
        run2 = subprocess.run([args.fundtrace, "fetch", "rpc", "--db", db2, "--url", url, "--blocks", f"0-{last}", "--address", holder,
                               "--rate", "0", "--json"], capture_output=True, text=True)
        check(run2.returncode == 0, f"fetch rpc --address exits 0 ({run2.stderr.strip()[-300:]})")
        rows2 = list(csv.DictReader(io.StringIO(subprocess.run([args.fundtrace, "export", "transfers", "--db", db2], capture_output=True, text=True).stdout)))
        got2 = sorted((r["tx_hash"].removeprefix("0x"), r["from"], r["to"], r["asset"], r["amount"]) for r in rows2)
        touching = {w[0] for w in want if holder in (w[1], w[2]) and w[3] != "ETH"}
        want2 = sorted(w[:5] for w in want if w[0] in touching)
        check(got2 == want2, f"the address's {len(touching)} transactions, whole: {len(want2)} transfers expected, {len(got2)} stored")
        summary2 = json.loads(run2.stdout) if run2.returncode == 0 else {"notes": []}
        check(any("trace_filter" in n for n in summary2["notes"]), "the node has no trace_filter, and the summary says so")
        # A trace from the first account with nothing loaded: each address it reaches is fetched from the node as it goes.
        db3 = os.path.join(d, "crawl.sqlite")
        run3 = subprocess.run([args.fundtrace, "trace", "--db", db3, "--from", a[0].lower(), "--chain", "ethereum", "--fetch", "rpc:" + url,
                               "--fetch-blocks", f"0-{last}", "--fetch-rate", "0", "--out-dir", os.path.join(d, "crawl"), "--json"],
                              capture_output=True, text=True)
        check(run3.returncode == 0, f"trace --fetch rpc: exits 0 ({run3.stderr.strip()[-300:]})")
        endpoints = []
        if run3.returncode == 0:
            with open(os.path.join(d, "crawl", "endpoints.csv")) as f:
                endpoints = list(csv.DictReader(f))
        token_holders = {e["address"] for e in endpoints if e["asset"].lower() == token.lower()}
        check(a[6].lower() in token_holders, f"the token reached through three hops fetched on the way: {sorted(token_holders)}")
        again = subprocess.run([args.fundtrace, "fetch", "rpc", "--db", db, "--url", url, "--blocks", f"0-{last}", "--window", "3",
                                "--rate", "0", "--json"], capture_output=True, text=True)
        second = json.loads(again.stdout) if again.returncode == 0 else {"queries": [{"cached": False}]}
        check(all(q["cached"] for q in second["queries"]) and sum(q["requests"] for q in second["queries"]) == 0, "a second fetch sends no request")
    server.shutdown(); server.server_close()
    print(f"evm node check: {passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
