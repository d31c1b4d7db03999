"""Reads the `lagebild bench --format json` outputs of Benchmarks/growth/run.sh and draws throughput, peak
memory per corpus megabyte, and query latency against corpus size as one SVG (no plotting library)."""
import math, os, re, sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from benchjson import read_tables  # noqa: E402


def panel(x0, y0, w, h, title, series, ylabel, sizes, log_y=False, linear_from=None):
    """A log-x line chart: series = [(name, colour, [y per size])]. With `log_y` the y axis is
    logarithmic too, and `linear_from` (a series name) adds a dashed line of slope 1 through that series'
    first point: what linear growth would be, so that a steeper curve shows faster-than-linear cost."""
    ys = [y for _, _, values in series for y in values if y is not None and (y > 0 or not log_y)]
    if log_y:
        bottom, top = min(ys) / 1.5, max(ys) * 1.5
        def py(v): return y0 + h - (math.log10(v) - math.log10(bottom)) / (math.log10(top) - math.log10(bottom)) * h
    else:
        bottom, top = 0, (max(ys) * 1.15 if ys else 1)
        def py(v): return y0 + h - v / top * h
    lo, hi = math.log10(min(sizes)), math.log10(max(sizes))
    def px(s): return x0 + (math.log10(s) - lo) / max(hi - lo, 1e-9) * w
    out = [f'<text x="{x0}" y="{y0 - 12}" font-weight="bold">{title}</text>',
           f'<line x1="{x0}" y1="{y0 + h}" x2="{x0 + w}" y2="{y0 + h}" stroke="#999"/>',
           f'<line x1="{x0}" y1="{y0}" x2="{x0}" y2="{y0 + h}" stroke="#999"/>',
           f'<text x="{x0 - 8}" y="{y0 + 4}" text-anchor="end" font-size="10">{top:.3g}</text>',
           f'<text x="{x0 - 8}" y="{y0 + h}" text-anchor="end" font-size="10">{bottom:.2g}</text>',
           f'<text x="{x0 + w / 2}" y="{y0 + h + 30}" text-anchor="middle" font-size="11">corpus size (MB, log scale)</text>',
           f'<text x="{x0 - 40}" y="{y0 + h / 2}" transform="rotate(-90 {x0 - 40} {y0 + h / 2})" text-anchor="middle" font-size="11">{ylabel}</text>']
    for s in sizes:
        out.append(f'<text x="{px(s)}" y="{y0 + h + 14}" text-anchor="middle" font-size="10">{s:g}</text>')
    if linear_from is not None:
        values = next(v for n, _, v in series if n == linear_from)
        first = next((s, v) for s, v in zip(sizes, values) if v is not None and v > 0)
        ends = [(s, first[1] * s / first[0]) for s in (first[0], max(sizes))]
        ends = [(s, min(v, top)) for s, v in ends]
        out.append('<polyline fill="none" stroke="#999" stroke-dasharray="4 3" points="%s"/>' % " ".join(f"{px(s):.1f},{py(v):.1f}" for s, v in ends))
        out.append(f'<text x="{x0 + 4}" y="{y0 + h - 6}" fill="#777" font-size="10">dashed: linear in corpus size</text>')
    for k, (name, colour, values) in enumerate(series):
        kept = [(s, v) for s, v in zip(sizes, values) if v is not None and (v > 0 or not log_y)]
        points = [(px(s), py(v)) for s, v in kept]
        out.append('<polyline fill="none" stroke="%s" stroke-width="2" points="%s"/>' % (colour, " ".join(f"{a:.1f},{b:.1f}" for a, b in points)))
        for (a, b), (_, v) in zip(points, kept):
            out.append(f'<circle cx="{a:.1f}" cy="{b:.1f}" r="3" fill="{colour}"><title>{name}: {v:.3g}</title></circle>')
        out.append(f'<text x="{x0 + w - 4}" y="{y0 + 14 + 14 * k}" text-anchor="end" fill="{colour}" font-size="11">{name}</text>')
    return out


def main():
    work, target, sizes = sys.argv[1], sys.argv[2], [float(s) for s in sys.argv[3:]]
    rows = []
    for s in sizes:
        t = read_tables(f"{work}/b{s:g}.json")
        bench = t["bench"]["rows"][0]
        rss = float(re.search(r"peak RSS (\d+) MB", " ".join(t["bench"]["notes"])).group(1))
        latency = {r["query"]: r["p50 ms"] for r in t["bench-queries"]["rows"]}
        mb = float(re.search(r"([\d.]+) MB in memory", " ".join(t["bench"]["notes"])).group(1))
        rows.append((s, bench["MB/s"], rss, rss / max(mb, 1e-9), latency))
    print("| corpus | MB/s | peak RSS | RSS ÷ corpus | term p50 | phrase p50 | and p50 | or p50 | prefix p50 |")
    print("|---|---|---|---|---|---|---|---|---|")
    for s, mbps, rss, ratio, lat in rows:
        print(f"| {s:g} MB | {mbps:.1f} | {rss:.0f} MB | {ratio:.1f}× | " + " | ".join(f"{lat.get(k, float('nan')):.3f} ms" for k in ("term", "phrase", "and", "or", "prefix")) + " |")
    svg = ['<svg xmlns="http://www.w3.org/2000/svg" width="1080" height="330" font-family="Helvetica, Arial, sans-serif" font-size="12">',
           '<rect width="100%" height="100%" fill="white"/>']
    svg += panel(70, 40, 260, 220, "Throughput (2 workers, entities on)", [("MB/s", "#1f77b4", [r[1] for r in rows])], "MB/s", sizes)
    svg += panel(420, 40, 260, 220, "Peak memory per corpus MB", [("RSS ÷ corpus", "#d62728", [r[3] for r in rows])], "× corpus size", sizes)
    colours = {"term": "#1f77b4", "phrase": "#ff7f0e", "and": "#2ca02c", "or": "#9467bd", "prefix": "#8c564b"}
    svg += panel(770, 40, 260, 220, "Query latency p50 (top 10, log-log)",
                 [(k, c, [r[4].get(k) for r in rows]) for k, c in colours.items()], "ms (log scale)", sizes,
                 log_y=True, linear_from="phrase")
    svg.append("</svg>")
    open(target, "w", encoding="utf-8").write("\n".join(svg) + "\n")


if __name__ == "__main__":
    main()
