#!/usr/bin/env python3
"""Checks printed reports as a signer receives them: every table whole on its page, no blank page.

  check_print.py dossier REPORT.html REPORT.pdf [--blocks N]
      REPORT.pdf is the dossier printed (minescreen --format pdf, headless Chromium). For every table
      in the HTML, some page of the PDF holds its whole header row, first to last column; every page
      has ink below the running header and above the page number; with --blocks, the HTML has N block
      sections and no page holds two of their titles (each block starts its own page).
  check_print.py workbook BOOK.xlsx
      Converts the workbook with LibreOffice (soffice --headless --convert-to pdf), then checks that
      every printed page holds the whole header row of some sheet (its first and last column headers:
      the header repeats and nothing spills onto a page of its own), that every sheet's last header is
      printed, and that no page is blank.
  check_print.py screen REPORT.html [--width 1280]
      Opens the dossier in headless Chromium at that window width: neither the page nor any element in
      it scrolls sideways (a table behind a scrollbar hides its right-hand columns).

Text comes from pdftotext -raw, compared with all white space removed (a wrapped cell is the same
text); pages are rendered with pdftoppm to find blank ones. Exit 0 when all hold, 1 otherwise, 2 when a
tool (chromium, pdftotext, pdftoppm, soffice, openpyxl, Pillow) is missing. Prints what it found.
"""
import argparse
import glob
import html.parser
import os
import re
import shutil
import subprocess
import sys
import tempfile


def squeeze(text):
    return re.sub(r"\s+", "", text)


def page_texts(pdf):
    out = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", pdf, "-"], check=True, capture_output=True, timeout=300).stdout
    pages = out.decode("utf-8").split("\f")
    if pages and not pages[-1].strip():
        pages = pages[:-1]
    return [squeeze(p) for p in pages]


def blank_pages(pdf, folder):
    from PIL import Image
    subprocess.run(["pdftoppm", "-r", "50", "-png", pdf, os.path.join(folder, "page")], check=True, timeout=300)
    blank = []
    for k, png in enumerate(sorted(glob.glob(os.path.join(folder, "page*.png")), key=lambda p: int(re.findall(r"(\d+)\.png$", p)[0]))):
        gray = Image.open(png).convert("L")
        # The running header and the page number sit in the top and bottom 5% (the margins above and below the
        # content, 16 and 14 mm for a dossier; LibreOffice's header and footer): a page with only those is blank.
        body = gray.crop((0, gray.height // 20, gray.width, gray.height - gray.height // 20))
        dark = sum(body.histogram()[:230])
        if dark < 3:
            blank.append(k + 1)
    return blank


class TableHeaders(html.parser.HTMLParser):
    """The header cells of every <table>, in document order."""

    def __init__(self):
        super().__init__()
        self.tables, self.depth, self.cell = [], 0, None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "th":
            self.cell = ""

    def handle_endtag(self, tag):
        if tag == "th" and self.cell is not None:
            self.tables[-1].append(self.cell)
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


def check_dossier(args, folder):
    page_html = open(args.html, encoding="utf-8").read()
    parser = TableHeaders()
    parser.feed(page_html)
    pages = page_texts(args.pdf)
    problems = []
    tables = [t for t in parser.tables if t]
    for k, headers in enumerate(tables):
        row = squeeze("".join(headers))
        if not any(row in p for p in pages):
            problems.append(f"table {k + 1} ({headers[0]} … {headers[-1]}): no page holds its whole header row, up to the last column '{headers[-1]}'")
    if args.blocks is not None:
        titles = [squeeze(html.unescape(t)) for t in re.findall(r'<section class="block"[^>]*><h2>(.*?)(?: <span|</h2>)', page_html)]
        if len(titles) != args.blocks:
            problems.append(f"{len(titles)} block sections in the HTML, expected {args.blocks}")
        for t in titles:
            if not any(t in p for p in pages):
                problems.append(f"block {t} is on no page")
        # The summary lists every block (id and name side by side read as a title): its pages are not block pages.
        summary = squeeze("".join(tables[0])) if tables else None
        for k, p in enumerate(pages):
            if summary and summary in p:
                continue
            shared = [t for t in titles if t in p]
            if len(shared) > 1:
                problems.append(f"page {k + 1} holds blocks {shared}: each block starts its own page")
    blank = blank_pages(args.pdf, folder)
    if blank:
        problems.append(f"blank pages {blank}")
    print(f"{len(pages)} pages, {len(tables)} tables checked")
    return problems


def check_workbook(args, folder):
    import openpyxl
    book = openpyxl.load_workbook(args.xlsx)
    headers = {}
    for ws in book.worksheets:
        row = [c.value for c in next(ws.iter_rows(min_row=1, max_row=1))] if ws.max_row >= 1 else []
        row = [str(v) for v in row if v is not None]
        if row:
            headers[ws.title] = (squeeze(row[0]), squeeze(row[-1]))
    copy = os.path.join(folder, "book.xlsx")
    shutil.copyfile(args.xlsx, copy)
    profile = "file://" + os.path.join(folder, "profile")
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", folder, copy],
                   check=True, capture_output=True, timeout=300)
    pdf = os.path.join(folder, "book.pdf")
    pages = page_texts(pdf)
    problems = []
    for k, text in enumerate(pages):
        if not any(first in text and last in text for first, last in headers.values()):
            problems.append(f"page {k + 1} holds no sheet's whole header row (cut columns or a page of overflow): {text[:80]}")
    for title, (first, last) in headers.items():
        if not any(last in p for p in pages):
            problems.append(f"sheet {title}: last column header not printed")
    blank = blank_pages(pdf, folder)
    if blank:
        problems.append(f"blank pages {blank}")
    print(f"{len(pages)} pages for {len(headers)} sheets")
    return problems


SCROLL_PROBE = """<script>
addEventListener("load", () => {
  const found = [];
  const root = document.documentElement;
  if (root.scrollWidth > innerWidth) found.push("page " + root.scrollWidth + " px wide");
  for (const el of document.querySelectorAll("body *")) {
    const style = getComputedStyle(el);
    if (!["auto", "scroll"].includes(style.overflowX)) continue;
    if (el.scrollWidth > el.clientWidth + 1) found.push(el.tagName + "." + el.className + " " + el.scrollWidth + " > " + el.clientWidth);
  }
  const out = document.createElement("pre");
  out.id = "scroll-probe";
  out.textContent = "SCROLLBARS:" + JSON.stringify(found);
  document.body.appendChild(out);
});
</script>"""


def check_screen(args, folder):
    """The page at --width px: neither the page nor any element in it scrolls sideways."""
    import json
    page = open(args.html, encoding="utf-8").read().replace("</body>", SCROLL_PROBE + "</body>", 1)
    probe = os.path.join(folder, "probe.html")
    open(probe, "w", encoding="utf-8").write(page)
    browser = next(shutil.which(b) for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b))
    dom = subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", f"--window-size={args.width},1000",
                          "--dump-dom", "file://" + probe], check=True, capture_output=True, timeout=180).stdout.decode("utf-8")
    match = re.search(r"SCROLLBARS:(\[.*?\])</pre>", dom, re.S)
    if not match:
        return ["the probe did not run"]
    found = json.loads(html.unescape(match.group(1)))
    print(f"{len(found)} horizontal scrollbars at {args.width} px")
    return [f"scrolls sideways at {args.width} px: {f}" for f in found]


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="kind", required=True)
    d = sub.add_parser("dossier")
    d.add_argument("html")
    d.add_argument("pdf")
    d.add_argument("--blocks", type=int)
    w = sub.add_parser("workbook")
    w.add_argument("xlsx")
    sc = sub.add_parser("screen")
    sc.add_argument("html")
    sc.add_argument("--width", type=int, default=1280)
    args = ap.parse_args()
    need = {"dossier": ["pdftotext", "pdftoppm"], "workbook": ["pdftotext", "pdftoppm", "soffice"]}.get(args.kind, [])
    if not any(shutil.which(b) for b in ("chromium", "chromium-browser", "google-chrome")) and args.kind != "workbook":
        need.append("chromium")
    missing = [t for t in need if shutil.which(t) is None]
    try:
        import PIL  # noqa: F401
        if args.kind == "workbook":
            import openpyxl  # noqa: F401
    except ImportError as e:
        missing.append(str(e))
    if missing:
        print(f"missing {', '.join(missing)} (Scripts/report-check/install)")
        return 2
    with tempfile.TemporaryDirectory() as folder:
        check = {"dossier": check_dossier, "workbook": check_workbook, "screen": check_screen}[args.kind]
        problems = check(args, folder)
    for p in problems:
        print("FAIL:", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
