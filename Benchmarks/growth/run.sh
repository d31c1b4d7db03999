#!/usr/bin/env bash
# Cost growth: generated corpora of growing size (lagebild generate), each analysed and indexed by
# `lagebild bench` (2 workers, entities on) with 200 queries of each kind; throughput, peak memory and
# query latency against corpus size go to docs/growth.svg and a table to stdout.
#
#   Benchmarks/growth/run.sh [SIZES_IN_MB...]     (default: 1 4 16 64 256)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
sizes=("${@:-1 4 16 64 256}")
[ $# -eq 0 ] && sizes=(1 4 16 64 256)
cd "$root"
swift build -c release --product lagebild >&2
# GROWTH_DIR keeps the corpora's measurements (b<MB>.json) for redrawing the plot; by default a
# temporary folder, removed at the end.
if [ -n "${GROWTH_DIR:-}" ]; then
    work=$GROWTH_DIR
    mkdir -p "$work"
else
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
fi
for mb in "${sizes[@]}"; do
    .build/release/lagebild generate --megabytes "$mb" --seed 1 --out "$work/g$mb.jsonl" 2>/dev/null
    echo "bench: $mb MB" >&2
    .build/release/lagebild bench "$work/g$mb.jsonl" --workers 2 --runs 1 --queries 200 --format json > "$work/b$mb.json"
    rm -f "$work/g$mb.jsonl" "$work/g$mb.truth.jsonl"
done
python3 Benchmarks/growth/plot.py "$work" docs/growth.svg "${sizes[@]}"
