"""Runs the search peers (tantivy, SQLite FTS5) on the corpus and queries Lagebild used, and writes the
side-by-side table, with ratios, into docs/BENCHMARKS.md between the PEERS markers.

Input: the corpus (JSONL or JSONL.gz with a "text" field, as Lagebild reads it), the queries that
`lagebild bench --queries-out` wrote (kind, words), and `lagebild bench --format json` output.
"""
import argparse, gzip, json, os, shutil, sqlite3, statistics, sys, tempfile, time

import tantivy

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from benchjson import read_tables, write_block  # noqa: E402


def read_corpus(path):
    opener = gzip.open if path.endswith(".gz") else open
    texts = []
    with opener(path, "rt", encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError:
                continue
            text = "\n".join(str(obj.get(k, "")) for k in ("title", "text") if obj.get(k))
            if text:
                texts.append(text)
    return texts


def percentiles(times):
    times = sorted(times)
    return times[len(times) // 2], times[min(len(times) - 1, len(times) * 99 // 100)]


def tantivy_index(texts, threads, folder):
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("body", stored=False, tokenizer_name="de_stem")
    schema = builder.build()
    index = tantivy.Index(schema, path=folder)
    analyzer = (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple()).filter(tantivy.Filter.remove_long(40))
                .filter(tantivy.Filter.lowercase()).filter(tantivy.Filter.stemmer("german")).build())
    index.register_tokenizer("de_stem", analyzer)
    start = time.perf_counter()
    writer = index.writer(heap_size=200_000_000 * threads, num_threads=threads)
    for text in texts:
        writer.add_document(tantivy.Document(body=text))
    writer.commit()
    writer.wait_merging_threads()
    elapsed = time.perf_counter() - start
    index.reload()
    return index, elapsed


def quote(word):
    return '"' + word.replace('"', "") + '"'


def tantivy_query_text(kind, words):
    if kind == "term":
        return quote(words[0])
    if kind == "phrase":
        return '"' + " ".join(w.replace('"', "") for w in words) + '"'
    if kind == "and":
        return " AND ".join(quote(w) for w in words)
    if kind == "or":
        return " OR ".join(quote(w) for w in words)
    return None  # prefix: tantivy's query language has none for stemmed fields


def tantivy_latencies(index, queries):
    searcher = index.searcher()
    out = {}
    for kind, group in queries.items():
        parsed = []
        for words in group:
            text = tantivy_query_text(kind, words)
            if text is None:
                break
            try:
                parsed.append(index.parse_query(text, ["body"]))
            except ValueError:
                continue
        if not parsed:
            continue
        for q in parsed:  # warm-up pass, as for Lagebild
            searcher.search(q, 10)
        times = []
        for q in parsed:
            start = time.perf_counter()
            searcher.search(q, 10)
            times.append((time.perf_counter() - start) * 1000)
        out[kind] = percentiles(times)
    return out


def fts5_index(texts, path):
    if os.path.exists(path):
        os.remove(path)
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("PRAGMA synchronous=OFF")
    db.execute("CREATE VIRTUAL TABLE docs USING fts5(body, tokenize='unicode61')")
    start = time.perf_counter()
    with db:
        db.executemany("INSERT INTO docs(body) VALUES (?)", ((t,) for t in texts))
    elapsed = time.perf_counter() - start
    return db, elapsed


def fts5_query_text(kind, words):
    quoted = ['"' + w.replace('"', "") + '"' for w in words]
    if kind == "term":
        return quoted[0]
    if kind == "phrase":
        return '"' + " ".join(w.replace('"', "") for w in words) + '"'
    if kind == "and":
        return " AND ".join(quoted)
    if kind == "or":
        return " OR ".join(quoted)
    return quoted[0] + "*"  # prefix


def fts5_latencies(db, queries):
    out = {}
    sql = "SELECT rowid FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT 10"
    for kind, group in queries.items():
        texts = [fts5_query_text(kind, words) for words in group]
        for t in texts:
            db.execute(sql, (t,)).fetchall()
        times = []
        for t in texts:
            start = time.perf_counter()
            db.execute(sql, (t,)).fetchall()
            times.append((time.perf_counter() - start) * 1000)
        out[kind] = percentiles(times)
    return out


def read_ours(path):
    tables = read_tables(path)
    mbps = {row["workers"]: row["MB/s"] for row in tables["bench"]["rows"]}
    latency = {row["query"]: (row["p50 ms"], row["p99 ms"]) for row in tables["bench-queries"]["rows"]}
    return mbps, latency


def ratio(a, b):
    return "–" if not a or not b else f"{a / b:.2f}×"


def fmt(value, digits):
    return "–" if value is None else f"{value:.{digits}f}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--queries", required=True)
    parser.add_argument("--ours", required=True)
    parser.add_argument("--update", help="the BENCHMARKS.md to write the table into")
    args = parser.parse_args()

    texts = read_corpus(args.corpus)
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    queries = {}
    for line in open(args.queries, encoding="utf-8"):
        q = json.loads(line)
        queries.setdefault(q["kind"], []).append(q["words"])
    ours_mbps, ours_latency = read_ours(args.ours)

    work = tempfile.mkdtemp(prefix="lagebild-peers-")
    try:
        speeds = {}
        for threads in (1, 2):
            folder = os.path.join(work, f"tantivy{threads}")
            os.makedirs(folder)
            index, seconds = tantivy_index(texts, threads, folder)
            speeds[threads] = megabytes / seconds
            print(f"tantivy {threads} thread(s): {megabytes / seconds:.1f} MB/s", file=sys.stderr)
        tantivy_lat = tantivy_latencies(index, queries)
        db, seconds = fts5_index(texts, os.path.join(work, "fts5.db"))
        fts5_speed = megabytes / seconds
        print(f"FTS5: {fts5_speed:.1f} MB/s", file=sys.stderr)
        fts5_lat = fts5_latencies(db, queries)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    lines = [
        f"Corpus: `{os.path.basename(args.corpus)}`, {len(texts):,} documents, {megabytes:.1f} MB of text; "
        f"{sum(len(g) for g in queries.values()):,} queries drawn from it by `lagebild bench --queries-out`. "
        "Lagebild's indexing figure is its whole pipeline without entities (decode, paragraphs and roles, "
        "sentences, tokens, terms, positional index); tantivy indexes the text with a German stemmer; FTS5 "
        "with its unicode61 tokenizer (no stemming). Latency: top 10 by BM25, one thread, after a warm-up pass.",
        "",
        "| measure | Lagebild | tantivy 0.27 | SQLite FTS5 | Lagebild ÷ tantivy | Lagebild ÷ FTS5 |",
        "|---|---|---|---|---|---|",
    ]
    for threads in (1, 2):
        o = ours_mbps.get(threads)
        fts5 = fts5_speed if threads == 1 else None  # FTS5 inserts on one thread
        lines.append(f"| indexing MB/s, {threads} thread{'s' if threads > 1 else ''} | {fmt(o, 1)} | {fmt(speeds[threads], 1)} | "
                     f"{fmt(fts5, 1)} | {ratio(o, speeds[threads])} | {ratio(o, fts5)} |")
    for kind in ("term", "phrase", "and", "or", "prefix"):
        if kind not in ours_latency:
            continue
        o = ours_latency[kind][0]
        t = tantivy_lat.get(kind, (None, None))[0]
        f = fts5_lat.get(kind, (None, None))[0]
        # For latency, a ratio below 1 means Lagebild is faster.
        lines.append(f"| {kind} query p50 ms | {fmt(o, 3)} | {fmt(t, 3)} | {fmt(f, 3)} | {ratio(o, t)} | {ratio(o, f)} |")
    lines.append("")
    lines.append("Indexing ratios above 1 and latency ratios below 1 favour Lagebild. tantivy's query language "
                 "has no prefix query on a stemmed field, so its prefix row is empty.")
    table = "\n".join(lines)
    print(table)
    if args.update:
        write_block(args.update, "PEERS", table, "## Peers side by side (`Benchmarks/peers/run.sh`)")


if __name__ == "__main__":
    main()
