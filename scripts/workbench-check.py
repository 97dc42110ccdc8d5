#!/usr/bin/env python3
"""Checks the workbench (`fundtrace serve`) in a real browser, as an investigator uses it.

Builds the demo store (`fundtrace demo`), starts `fundtrace serve` on it on a free loopback port, and drives
headless Chromium (Debian's package, through Playwright from PyPI; no browser is downloaded):

- the app loads with no console error, no uncaught exception and no request beyond its own server;
- a label search finds addresses; an address search (any letter case) finds it with its label, and it goes on the canvas;
- a trace from the case's first theft transfer runs, its progress shows, the freeze list appears, the canvas fills;
- clicking a node and "Expand receivers" adds its counterparties to the canvas;
- a note (with markup in it) goes on a node and is drawn as text, not markup;
- the case is saved to the case folder, the page reloaded, the case reopened: same nodes, same note, trace re-run;
- the canvas exports as SVG (a download holding the note), and the screenshots are not blank;
- and over plain HTTP: a foreign Host header, a body that is not JSON, a case name that climbs out of the folder,
  an unknown trace and a bad parameter are refused with clear 4xx answers; every answer carries the CSP.

Screenshots go to --out (default: a temporary folder). Prints one line per check and closes with
'workbench check: N passed, M failed'; exits 1 on a failure.
Usage: scripts/workbench-check.py [--fundtrace PATH] [--chromium PATH] [--out DIR]
"""
import csv
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from xml.etree import ElementTree

from check_support import ROOT, arguments, check, demo_case, summary
from playwright.sync_api import expect, sync_playwright


def http(url, method="GET", body=None, headers=None):
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def start_server(fundtrace, db, cases):
    proc = subprocess.Popen([fundtrace, "serve", "--db", db, "--port", "0", "--cases", cases],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.time() + 60
    while time.time() < deadline:
        line = proc.stdout.readline()
        m = re.search(r"(http://127\.0\.0\.1:\d+/)", line or "")
        if m:
            return proc, m.group(1)
        if proc.poll() is not None:
            break
    proc.kill()
    raise SystemExit("fundtrace serve did not start")


def node_count(page):
    return page.locator("#canvas svg g.node").count()


def browser_checks(a, base, cases, first_source):
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=a.chromium, args=["--no-sandbox"])
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        page = context.new_page()
        errors, foreign = [], []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("request", lambda r: foreign.append(r.url) if not (r.url.startswith(base) or r.url.startswith("blob:") or r.url.startswith("data:")) else None)
        page.goto(base)
        expect(page.locator("#status")).to_have_text(re.compile(r"^store "), timeout=30000)
        check("the app loads and names its store", "demo.sqlite" in page.locator("#status").inner_text())

        page.fill("#search", "Exchange")
        page.click("#search-form button")
        page.wait_for_selector("#search-results table", timeout=30000)
        found = page.locator("#search-results tr").count() - 1
        check("a label search finds addresses", found > 3, found)
        page.fill("#search", "0xE8C4A90000030000000000000000000000000000")
        page.click("#search-form button")
        page.locator("#search-results h2", has_text="0xE8C4A9").wait_for(timeout=30000)
        names = page.locator("#search-results td").all_inner_texts()
        check("an address search (any letter case) finds it, on its chain, with its label",
              page.locator("#search-results tr").count() == 2 and "Bluefin Exchange: Hot Wallet 3" in names[0] and names[1] == "ethereum", names[:6])
        page.locator("#search-results .add-to-canvas").first.click()
        page.wait_for_selector("#canvas svg g.node", timeout=30000)
        check("a search result goes on the canvas", node_count(page) == 1, node_count(page))

        page.click(".tabs button[data-tab=trace]")
        page.fill("#trace-from", first_source["id"])
        page.select_option("#trace-chain", first_source["chain"])
        page.click("#trace-run")
        page.wait_for_selector("#trace-result h2", timeout=120000)
        expect(page.locator("#status")).to_have_text(re.compile(r"^trace done"), timeout=120000)
        progress = page.locator("#trace-progress li").count()
        freeze = page.locator("#trace-result .freeze").count()
        check("a trace runs, shows its progress and a freeze list per exchange", progress > 0 and freeze > 0, f"{progress} progress lines, {freeze} exchanges")
        after_trace = node_count(page)
        check("the trace's flows go on the canvas", after_trace > 5, after_trace)
        page.screenshot(path=os.path.join(a.out, "workbench-trace.png"), full_page=True)

        # Expand a node that is not an endpoint: the first node drawn with a plain border.
        page.locator("#canvas svg g.node").nth(1).click()
        page.wait_for_selector("#selection:not([hidden])")
        before = node_count(page)
        page.click("#selection [data-action=expand-in]")
        expect(page.locator("#status")).to_contain_text("added", timeout=30000)
        check("clicking a node and expanding its senders adds them", node_count(page) > before, f"{before} → {node_count(page)}")

        note = "cash-out <b>suspect</b> & co"
        page.fill("#note", note)
        page.click("#selection [data-action=note]")
        page.locator("#canvas svg text", has_text="suspect").first.wait_for(timeout=30000)
        texts = page.locator("#canvas svg text").all_text_contents()
        check("a note is drawn as text, markup and all", any(note in t for t in texts), [t for t in texts if "suspect" in t][:2])
        check("no markup from the note reached the page", page.locator("#canvas svg b").count() == 0)
        nodes_saved = node_count(page)
        page.click(".tabs button[data-tab=address]")
        page.locator("#history table tr").nth(1).wait_for(timeout=30000)
        check("the selected address shows its per-asset sums and history", page.locator("#address-panel table").count() >= 2
              and page.locator("#history table tr").count() > 1, page.locator("#history table tr").count())
        shown = page.locator("#side").inner_text() + page.locator("#status").inner_text()
        check("no 'null', 'undefined' or 'NaN' is shown", not re.search(r"\b(null|undefined|NaN)\b", shown),
              re.findall(r".{0,30}\b(?:null|undefined|NaN)\b.{0,30}", shown)[:3])
        page.screenshot(path=os.path.join(a.out, "workbench-address.png"), full_page=True)

        page.fill("#case-name", "demo-case")
        page.click("#case-save")
        expect(page.locator("#status")).to_contain_text("saved", timeout=30000)
        saved = os.path.join(cases, "demo-case.case.json")
        check("the case is saved to the case folder", os.path.exists(saved), os.listdir(cases) if os.path.isdir(cases) else "no folder")

        with page.expect_download() as d:
            page.select_option("#export", "svg")
        svg_path = os.path.join(a.out, "workbench.svg")
        d.value.save_as(svg_path)
        svg = open(svg_path, encoding="utf-8").read()
        drawn = "".join(ElementTree.parse(svg_path).getroot().itertext())
        check("the canvas exports as SVG, note included as text", svg.lstrip().startswith("<?xml") and note in drawn and "&lt;b&gt;" in svg, svg[:80])

        page.reload()
        expect(page.locator("#status")).to_have_text(re.compile(r"^store "), timeout=30000)
        check("a reload starts from an empty canvas", node_count(page) == 0)
        page.select_option("#case-list", "demo-case")
        expect(page.locator("#status")).to_contain_text("trace run again", timeout=120000)
        texts = page.locator("#canvas svg text").all_text_contents()
        check("the reopened case has the same nodes and the note", node_count(page) == nodes_saved and any(note in t for t in texts),
              f"{node_count(page)} vs {nodes_saved}")
        check("the reopened case ran its trace again", page.locator("#trace-result .freeze").count() > 0)
        shot = os.path.join(a.out, "workbench-reopened.png")
        page.screenshot(path=shot, full_page=True)
        sizes = [os.path.getsize(os.path.join(a.out, n)) for n in ("workbench-trace.png", "workbench-reopened.png")]
        check("the screenshots are not blank", all(s > 40_000 for s in sizes), sizes)

        check("no console error or uncaught exception", not errors, "; ".join(errors[:3]))
        check("nothing was requested from outside the server", not foreign, ", ".join(foreign[:3]))
        browser.close()


def http_checks(base):
    status, headers, _ = http(base)
    csp = headers.get("Content-Security-Policy", "")
    check("every answer carries a content security policy", "default-src 'none'" in csp and "script-src 'self'" in csp, csp)
    port = base.rstrip("/").rsplit(":", 1)[1]
    status, _, _ = http(base + "api/store", headers={"Host": "evil.example:" + port})
    check("a foreign Host header is refused", status == 421, status)
    status, _, body = http(base + "api/traces", "POST", b"from=0x1", {"Content-Type": "application/x-www-form-urlencoded"})
    check("a body that is not JSON is refused", status == 415, status)
    status, _, body = http(base + "api/cases/..%2F..%2Fescape", "PUT", b"{}", {"Content-Type": "application/json"})
    check("a case name that climbs out of the folder is refused", status in (400, 404), (status, body[:120]))
    status, _, body = http(base + "api/traces/nope")
    check("an unknown trace is a 404 with a reason", status == 404 and b"error" in body, status)
    status, _, body = http(base + "api/history?address=0x1&limit=100000")
    check("a bad parameter is a 400 saying which", status == 400 and b"limit" in body, (status, body[:120]))


def main():
    a = arguments("fundtrace-workbench-check-")
    case = demo_case(a.fundtrace, a.out)
    with open(os.path.join(ROOT, "Datasets", "coinstats-2024", "sources.csv")) as f:
        first_source = next(csv.DictReader(f))
    cases = os.path.join(a.out, "cases")
    proc, base = start_server(a.fundtrace, os.path.join(case, "demo.sqlite"), cases)
    try:
        browser_checks(a, base, cases, first_source)
        http_checks(base)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    sys.exit(summary("workbench check", a.out))

if __name__ == "__main__":
    main()
