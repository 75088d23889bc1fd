#!/usr/bin/env python3
"""measure-spacing.py: measures the justified body lines of a Galley PDF
from the word positions that pdftotext reports, independently of Galley's
own layout report.

    scripts/measure-spacing.py BOOK.pdf [--size 11] [--measure 374]

A body line is a line of words of the body's height (the commonest word
height in the PDF). It is justified when it starts at the text block's left
edge (or within two ems of it: an indent) and reaches its right edge. For
those lines it prints the interword spaces (median, 95th percentile, widest,
in ems of the body size), the share of lines that end in a hyphen and the
longest run of such lines, lines that end past the edge although they end in
a letter (overfull), how far hyphens reach past the edge, pages that end in
a hyphen, and the range of horizontal scaling (Tz) in the content streams.
Needs pdftotext and qpdf (poppler-utils, qpdf).
"""
import argparse, html, re, statistics, subprocess, sys


def words_by_line(pdf):
    xml = subprocess.run(["pdftotext", "-bbox-layout", pdf, "-"], capture_output=True, check=True).stdout.decode("utf-8", "replace")
    pages = []
    for pm in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', xml, re.S):
        lines = []
        for lm in re.finditer(r"<line[^>]*>(.*?)</line>", pm.group(3), re.S):
            ws = [(float(a), float(b), float(c), float(d), html.unescape(t)) for a, b, c, d, t in
                  re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', lm.group(1))]
            if ws:
                lines.append(sorted(ws))
        pages.append((float(pm.group(1)), lines))
    return pages


def tz_range(pdf):
    out = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", pdf, "-"], capture_output=True).stdout
    vals = [float(v) for v in re.findall(rb"([-\d.]+) Tz", out)]
    return (min(vals), max(vals), len(vals)) if vals else None


def pct(s, p):
    s = sorted(s)
    return s[int(p / 100 * (len(s) - 1))] if s else 0.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("pdf")
    ap.add_argument("--size", type=float, default=11.0, help="body type size in points (A4, Letter: 11)")
    ap.add_argument("--measure", type=float, default=374.0, help="text block width in points (A4, Letter: 374)")
    ap.add_argument("--worst", type=int, default=0, help="also list the N lines with the widest spaces")
    a = ap.parse_args()
    pages = words_by_line(a.pdf)
    heights = {}
    for _, lines in pages:
        for ln in lines:
            for w in ln:
                h = round(w[3] - w[1], 1)
                heights[h] = heights.get(h, 0) + 1
    body_h = max(heights, key=heights.get)
    spaces, hyph_reach = [], []
    n = hyph = run = longest = overfull = page_end = 0
    worst = []
    for pno, (width, lines) in enumerate(pages, 1):
        left = (width - a.measure) / 2
        right = left + a.measure
        last_body = None
        for ln in lines:
            if 2 * sum(abs((w[3] - w[1]) - body_h) > 0.25 for w in ln) >= len(ln):
                continue  # not body text (most words of another size)
            if ln[0][0] < left - a.size or ln[0][0] > left + 2 * a.size:
                continue
            last_body = ln
            if len(ln) < 2:
                run = 0
                continue
            end = ln[-1][2]
            if end < right - 1:
                run = 0
                continue  # not a justified line (a paragraph's last line)
            n += 1
            sp = [(ln[i + 1][0] - ln[i][2]) / a.size for i in range(len(ln) - 1)]
            spaces += sp
            worst.append((max(sp), pno, " ".join(w[4] for w in ln)))
            text = ln[-1][4]
            if text[-1] in "-\u2010":
                hyph += 1
                run += 1
                longest = max(longest, run)
                hyph_reach.append(end - right)
            else:
                run = 0
                if text[-1].isalnum() and end > right + 1:  # letters and figures hang out by 0.6 pt at most
                    overfull += 1
                    if a.worst:
                        print(f"  past the edge by {end - right:.2f} pt, page {pno}: {text}")
        if last_body is not None and last_body[-1][4][-1] in "-\u2010":
            page_end += 1
            if a.worst:
                print(f"  page {pno} ends in a hyphen: {' '.join(w[4] for w in last_body)}")
    print(f"{a.pdf}: {len(pages)} pages, {n} justified body lines")
    if n:
        print(f"spaces (em): median {pct(spaces, 50):.3f}, p95 {pct(spaces, 95):.3f}, widest {max(spaces):.3f}")
        print(f"hyphenated: {hyph} ({100 * hyph / n:.1f}%), longest run {longest}; pages ending in a hyphen: {page_end}")
        print(f"overfull (ending in a letter or figure more than 1 pt past the edge): {overfull}")
    if hyph_reach:
        print(f"hyphens past the text edge (pt): median {statistics.median(hyph_reach):.2f}, least {min(hyph_reach):.2f}")
    for m, pno, text in sorted(worst, reverse=True)[:a.worst]:
        print(f"  {m:.3f} em, page {pno}: {text}")
    tz = tz_range(a.pdf)
    print("horizontal scaling: none" if tz is None else f"horizontal scaling: {tz[0]:g}% to {tz[1]:g}% ({tz[2]} settings)")


if __name__ == "__main__":
    sys.exit(main())
