#!/usr/bin/env python3
"""Renders a MineScreen HTML dossier in headless Chromium and checks the picture, as a reviewer would see it.

  check_dossier.py REPORT.html --maps N [--png OUT.png] [--crop HEIGHT]

Checks: the page renders (not blank), exactly N block maps are drawn (each map has a frame in a colour
nothing else on the page uses, #1f4e79), and every map has something drawn inside it (block outline
pixels). Exit 0 when all hold, 1 otherwise, 2 when Chromium or Pillow is missing. Prints what it found.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

FRAME = (31, 78, 121)      # SVGMapRenderer.frameColour
OUTLINE = (17, 17, 17)     # block outline stroke #111
WIDTH = 1300


def browser():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def render(html, png, height):
    cmd = [browser(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
           "--force-device-scale-factor=1", f"--window-size={WIDTH},{height}", f"--screenshot={png}",
           "file://" + os.path.abspath(html)]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=180)


def analyse(png):
    import numpy as np
    from PIL import Image
    pixels = np.asarray(Image.open(png).convert("RGB")).astype(np.int16)
    frame = np.all(pixels == FRAME, axis=2)
    # Rows holding a long horizontal run of frame colour are a map's top or bottom edge.
    candidates = np.nonzero(frame.sum(axis=1) >= 600)[0]
    edge_rows = [int(y) for y in candidates if longest_run(frame[y]) >= 600]
    clusters = []
    for y in edge_rows:
        if clusters and y - clusters[-1][-1] <= 3:
            clusters[-1].append(y)
        else:
            clusters.append([y])
    maps = [(clusters[k][0], clusters[k + 1][-1]) for k in range(0, len(clusters) - 1, 2)]
    outline = np.all(pixels == OUTLINE, axis=2)
    drawn = [int(outline[top:bottom].sum()) for top, bottom in maps]
    background = np.all(pixels >= 250, axis=2)
    ink = 1 - background.mean()
    last = int(np.nonzero(~background.all(axis=1))[0].max()) if (~background).any() else 0
    return maps, drawn, ink, last


def longest_run(row):
    best = run = 0
    for v in row:
        run = run + 1 if v else 0
        best = max(best, run)
    return best


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("html")
    ap.add_argument("--maps", type=int, required=True)
    ap.add_argument("--png", help="keep the screenshot here")
    ap.add_argument("--crop", type=int, help="with --png: keep only the top HEIGHT pixels")
    args = ap.parse_args()
    if browser() is None:
        print("chromium not found (apt-get install chromium fonts-wqy-zenhei)")
        return 2
    try:
        import numpy  # noqa: F401
        from PIL import Image
    except ImportError:
        print("Pillow/numpy not found (pip install pillow numpy)")
        return 2
    png = args.png or tempfile.mktemp(suffix=".png")
    height = min(30000, 1600 + args.maps * 1700)
    render(args.html, png, height)
    maps, drawn, ink, last = analyse(png)
    print(f"maps {len(maps)} (expected {args.maps}); outline pixels per map {drawn}; ink {ink:.3f}; last content row {last} of {height}")
    ok = True
    if ink < 0.01:
        print("FAIL: the page is blank")
        ok = False
    if len(maps) != args.maps:
        print("FAIL: wrong number of maps")
        ok = False
    if any(d < 50 for d in drawn):
        print("FAIL: a map has no block outline drawn")
        ok = False
    if last >= height - 5 and len(maps) < args.maps:
        print("note: the page is taller than the screenshot")
    if args.png and args.crop:
        from PIL import Image
        Image.open(png).crop((0, 0, WIDTH, min(args.crop, last + 20))).save(png)
    if not args.png:
        os.unlink(png)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
