#!/usr/bin/env python3
"""Drives the page of `minescreen serve` (GET /) in headless Chromium as an analyst would: chooses a blocks
file, waits for the verdict table and the dossier, and prints what the page shows as JSON on stdout:
{"verdicts": {id: verdict}, "maps": <svg maps in the dossier frame>, "downloads": [link texts],
 "external": [requests to other hosts]}.

Usage: check_serve_page.py URL FILE [--token TOKEN] [--id-field F]
Exit 0 when the page showed verdicts; 1 when it did not (message on stderr); 2 when playwright or Chromium is
missing (Scripts/report-check/install installs them).
"""
import argparse
import json
import os
import sys
from urllib.parse import urlparse


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("file")
    parser.add_argument("--token")
    parser.add_argument("--id-field")
    args = parser.parse_args()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("playwright is not installed (Scripts/report-check/install)", file=sys.stderr)
        return 2
    chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    if not os.path.exists(chromium):
        print(f"no Chromium at {chromium} (Scripts/report-check/install)", file=sys.stderr)
        return 2
    served = urlparse(args.url).netloc
    external = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True, args=["--no-sandbox"])
        page = browser.new_page()
        page.on("request", lambda r: external.append(r.url)
                if urlparse(r.url).scheme in ("http", "https") and urlparse(r.url).netloc != served else None)
        if args.token:
            page.set_extra_http_headers({"Authorization": f"Bearer {args.token}"})
        page.goto(args.url)
        if args.token:
            page.fill("#token", args.token)
        if args.id_field:
            page.fill("#idField", args.id_field)
        page.set_input_files("#file", args.file)
        try:
            page.wait_for_selector("#verdicts tbody tr", timeout=60_000)
            page.wait_for_function("document.querySelectorAll('#downloads a').length >= 3", timeout=120_000)
        except Exception as error:  # the page's own message says why
            print(f"no verdicts on the page: {page.inner_text('#status')} ({error})", file=sys.stderr)
            browser.close()
            return 1
        verdicts = page.eval_on_selector_all(
            "#verdicts tbody tr", "rows => Object.fromEntries(rows.map(r => [r.dataset.id, r.querySelector('td.verdict').textContent]))")
        downloads = page.eval_on_selector_all("#downloads a", "links => links.map(a => a.textContent)")
        frame = page.frame_locator("#dossier")
        maps = frame.locator("svg").count()
        browser.close()
    print(json.dumps({"verdicts": verdicts, "maps": maps, "downloads": downloads, "external": external}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
