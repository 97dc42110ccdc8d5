#!/usr/bin/env python3
"""Checks the case report and the diagram as a person sees them, in a real browser.

Runs `fundtrace demo` into a scratch folder, then opens report.html and trace.svg in headless
Chromium (Debian's package, driven through Playwright from PyPI; no browser is downloaded) and checks:

- the page loads with no console error, no uncaught exception and no request beyond the file itself;
- the freeze list is the first section and is on the first screen;
- clicking a column header sorts the table (numerically, by the exact amount), and again reverses it;
- the screenshots of the report and of the SVG diagram are not empty.

Screenshots go to --out (default: a temporary folder), never into the repository.
Usage: scripts/browser-check.py [--fundtrace PATH] [--chromium PATH] [--out DIR]
Prints one line per check and closes with 'browser check: N passed, M failed'; exits 1 on a failure.
"""
import os
import sys

from check_support import arguments, check, demo_case, summary
from playwright.sync_api import sync_playwright


def main():
    a = arguments("fundtrace-browser-check-")
    case = demo_case(a.fundtrace, a.out)
    report = os.path.join(case, "report", "report.html")
    svg = os.path.join(case, "trace.svg")

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=a.chromium, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1400, "height": 1800})
        errors, requests = [], []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("request", lambda r: requests.append(r.url))
        page.goto("file://" + report)
        check("report loads without console errors", not errors, "; ".join(errors[:3]))
        foreign = [u for u in requests if not u.startswith("file://") and not u.startswith("data:")]
        check("report loads nothing from outside the file", not foreign, ", ".join(foreign[:3]))

        headings = page.locator("h2").all_inner_texts()
        check("the freeze list is the first section", bool(headings) and headings[0].startswith("Freeze list"), str(headings[:3]))
        box = page.locator("h2#freeze").bounding_box()
        check("the freeze list is on the first screen", box is not None and box["y"] < 600, str(box))

        table = page.locator("table.sortable").first
        header = table.locator("th", has_text="stolen amount")
        def amounts():
            return [float(x) for x in table.locator("td[data-sort]").evaluate_all("cs => cs.map(c => c.getAttribute('data-sort'))")]
        before = amounts()
        header.click()
        up = amounts()
        header.click()
        down = amounts()
        check("a freeze table sorts by amount, ascending then descending",
              len(before) > 1 and up == sorted(before) and down == sorted(before, reverse=True), f"{up[:4]} / {down[:4]}")

        shot = os.path.join(a.out, "report.png")
        page.screenshot(path=shot)
        check("report screenshot is not empty", os.path.getsize(shot) > 50_000, f"{os.path.getsize(shot)} bytes")

        errors.clear()
        page.goto("file://" + svg)
        check("diagram loads without errors", not errors, "; ".join(errors[:3]))
        nodes = page.locator("g.node").count()
        check("diagram has nodes", nodes > 10, f"{nodes} nodes")
        shot = os.path.join(a.out, "diagram.png")
        page.screenshot(path=shot)
        check("diagram screenshot is not empty", os.path.getsize(shot) > 50_000, f"{os.path.getsize(shot)} bytes")
        browser.close()

    return summary("browser check", a.out)

if __name__ == "__main__":
    sys.exit(main())
