"""Lagebild's text stages beside their Python and command-line peers on one sample of a corpus, and the
table of figures and ratios written into docs/BENCHMARKS.md between the TEXTPEERS markers:

- tokens and sentences: spaCy `blank("de")` with its sentencizer against Lagebild's structure stage
  (paragraphs and roles, sentences, tokens), per core;
- entity tagging: a CRF with standard features (sklearn-crfsuite, trained on the GermEval file) against
  Lagebild's tagger, both tagging the same sentences (spaCy's tokens), tagger alone, one core;
- temporal expressions: dateparser's `search_dates` against Lagebild's temporal tagger
  (`lagebild timeml annotate`, whole process), on the same articles;
- raw scan: ripgrep counting the lines with a word in the decompressed corpus against Lagebild's term
  query on its index (the same words).

Input: the corpus, the GermEval TSV, the queries `lagebild bench --queries-out` wrote, and the lagebild
binary. Every Lagebild figure here is measured by this script, in the same run as its peer's.
"""
import argparse, gzip, json, os, re, shutil, statistics, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from benchjson import read_tables, write_block  # noqa: E402


def read_sample(path, count):
    opener = gzip.open if path.endswith(".gz") else open
    lines, texts = [], []
    with opener(path, "rt", encoding="utf-8", errors="replace") as f:
        for line in f:
            try:
                obj = json.loads(line)
            except json.JSONDecodeError:
                continue
            text = "\n\n".join(str(obj.get(k, "")) for k in ("title", "text") if obj.get(k))
            if not text:
                continue
            lines.append(line if line.endswith("\n") else line + "\n")
            texts.append(text)
            if len(texts) == count:
                break
    return lines, texts


def median_of(runs, f):
    return statistics.median(f() for _ in range(runs))


def timed(f):
    start = time.perf_counter()
    f()
    return time.perf_counter() - start


def germeval_sentences(path):
    sentences, current = [], []
    for line in open(path, encoding="utf-8"):
        if line.startswith("#"):
            continue
        parts = line.rstrip("\n").split("\t")
        if len(parts) < 3:
            if current:
                sentences.append(current)
            current = []
            continue
        current.append((parts[1], parts[2]))
    if current:
        sentences.append(current)
    return sentences


def crf_features(words, i):
    w = words[i]
    f = {
        "bias": 1.0, "w": w.lower(), "suf3": w[-3:], "suf2": w[-2:], "pre3": w[:3],
        "upper": w.isupper(), "title": w.istitle(), "digit": w.isdigit(), "len": min(len(w), 12),
    }
    for d in (-2, -1, 1, 2):
        j = i + d
        if 0 <= j < len(words):
            f[f"{d}:w"] = words[j].lower()
            f[f"{d}:title"] = words[j].istitle()
        else:
            f[f"{d}:edge"] = True
    return f


def sentence_features(words):
    return [crf_features(words, i) for i in range(len(words))]


def lagebild_tagger_tokens_per_second(binary, sentences, folder, runs):
    """`lagebild eval ner` on the sentences as a GermEval file (all tags O): the tagger's own figure."""
    path = os.path.join(folder, "sample.tsv")
    with open(path, "w", encoding="utf-8") as f:
        for words in sentences:
            for i, w in enumerate(words, 1):
                f.write(f"{i}\t{w}\tO\tO\n")
            f.write("\n")
    rates = []
    for _ in range(runs):
        err = subprocess.run([binary, "eval", "ner", "--gold", path], capture_output=True, text=True, check=True).stderr
        rates.append(float(re.search(r"\((\d+) tokens/s", err).group(1)))
    return statistics.median(rates)


def write_timeml(texts, folder):
    os.makedirs(folder)
    for k, text in enumerate(texts):
        body = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        with open(os.path.join(folder, f"doc{k:05d}.tml"), "w", encoding="utf-8") as f:
            f.write('<?xml version="1.0" ?><TimeML>\n<DOCID>doc</DOCID>\n'
                    '<DCT><TIMEX3 tid="t0" type="DATE" value="2020-06-01">2020-06-01</TIMEX3></DCT>\n'
                    f"<TEXT>\n{body}\n</TEXT>\n</TimeML>\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--germeval", required=True)
    parser.add_argument("--queries", required=True, help="queries from `lagebild bench --queries-out`")
    parser.add_argument("--ours", required=True, help="`lagebild bench --format json` output with query latencies")
    parser.add_argument("--binary", required=True)
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--dates-documents", type=int, default=300, help="articles for dateparser (slow)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--update")
    args = parser.parse_args()

    import spacy, sklearn_crfsuite, dateparser
    from dateparser.search import search_dates

    lines, texts = read_sample(args.corpus, args.documents)
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    work = tempfile.mkdtemp(prefix="lagebild-textpeers-")
    rows = []
    try:
        sample = os.path.join(work, "sample.jsonl")
        open(sample, "w", encoding="utf-8").writelines(lines)

        # Tokens and sentences.
        nlp = spacy.blank("de")
        nlp.add_pipe("sentencizer")
        nlp.max_length = 10_000_000
        docs = []
        spacy_seconds = median_of(args.runs, lambda: timed(lambda: docs.__setitem__(slice(None), list(nlp.pipe(texts)))))
        spacy_tokens = sum(len(d) for d in docs)
        ours = read_tables_from(args.binary, sample, work, args.runs)
        structure = ours["structure MB/s/core"]
        rows.append(("tokens and sentences, MB/s, one core", structure, megabytes / spacy_seconds,
                     "spaCy 3.8 `blank(\"de\")` + sentencizer"))
        print(f"spaCy: {spacy_tokens / spacy_seconds:,.0f} tokens/s; Lagebild structure {structure:.1f} MB/s/core", file=sys.stderr)

        # Entity tagging: the same sentences for both taggers.
        sentences = [[t.text for t in s if not t.is_space] for d in docs for s in d.sents]
        sentences = [s for s in sentences if s]
        train = germeval_sentences(args.germeval)
        crf = sklearn_crfsuite.CRF(algorithm="lbfgs", c1=0.1, c2=0.1, max_iterations=60)
        crf.fit([sentence_features([w for w, _ in s]) for s in train], [[t for _, t in s] for s in train])
        tokens = sum(len(s) for s in sentences)
        crf_seconds = median_of(args.runs, lambda: timed(lambda: crf.predict([sentence_features(s) for s in sentences])))
        ours_rate = lagebild_tagger_tokens_per_second(args.binary, sentences, work, args.runs)
        rows.append(("entity tagging, tokens/s, one core", ours_rate, tokens / crf_seconds,
                     "CRF (sklearn-crfsuite, standard features, features included)"))
        print(f"CRF: {tokens / crf_seconds:,.0f} tokens/s; Lagebild tagger {ours_rate:,.0f}", file=sys.stderr)

        # Temporal expressions: dateparser on a smaller sample (it is slow), Lagebild on all.
        few = texts[: args.dates_documents]
        few_mb = sum(len(t.encode("utf-8")) for t in few) / 1e6
        settings = {"RELATIVE_BASE": __import__("datetime").datetime(2020, 6, 1)}
        dp_seconds = timed(lambda: [search_dates(t, languages=["de"], settings=settings) for t in few])
        tml_in, tml_out = os.path.join(work, "tml-in"), os.path.join(work, "tml-out")
        write_timeml(texts, tml_in)

        def annotate():
            shutil.rmtree(tml_out, ignore_errors=True)
            subprocess.run([args.binary, "timeml", "annotate", tml_in, tml_out], check=True, capture_output=True)
        ours_tml = median_of(args.runs, lambda: timed(annotate))
        rows.append(("temporal expressions, MB/s, one core", megabytes / ours_tml, few_mb / dp_seconds,
                     "dateparser `search_dates` (German)"))
        print(f"dateparser: {few_mb / dp_seconds:.3f} MB/s; Lagebild {megabytes / ours_tml:.3f} MB/s", file=sys.stderr)

        # Raw scan against the index: ripgrep counts matching lines in the whole decompressed corpus.
        rg = shutil.which("rg")
        if rg:
            whole = os.path.join(work, "corpus.jsonl")
            opener = gzip.open if args.corpus.endswith(".gz") else open
            with opener(args.corpus, "rb") as src, open(whole, "wb") as dst:
                shutil.copyfileobj(src, dst)
            words = [json.loads(l)["words"][0] for l in open(args.queries, encoding="utf-8") if '"term"' in l][:20]
            subprocess.run([rg, "-c", "-i", "-w", words[0], whole], capture_output=True)  # page cache warm
            times = [timed(lambda w=w: subprocess.run([rg, "-c", "-i", "-w", w, whole], capture_output=True)) * 1000 for w in words]
            latency = {row["query"]: row["p50 ms"] for row in read_tables(args.ours)["bench-queries"]["rows"]}
            rows.append(("one-word search, p50 ms (whole corpus)", latency["term"], statistics.median(times),
                         f"ripgrep {subprocess.run([rg, '--version'], capture_output=True, text=True).stdout.split()[1]} "
                         "scanning the decompressed corpus (no index)"))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    out = [
        f"Sample: the first {len(texts):,} articles of `{os.path.basename(args.corpus)}` ({megabytes:.1f} MB of text); "
        f"dateparser on the first {args.dates_documents} of them. Medians of {args.runs} runs unless noted; "
        "every pair measured in the same run of the script.",
        "",
        "| measure | Lagebild | peer | Lagebild ÷ peer | peer |",
        "|---|---|---|---|---|",
    ]
    for name, ours_value, peer_value, peer_name in rows:
        digits = 0 if ours_value > 1000 else 3 if ours_value < 10 else 1
        fmt = f"{{:,.{digits}f}}"
        out.append(f"| {name} | {fmt.format(ours_value)} | {fmt.format(peer_value)} | {ratio(ours_value / peer_value)}× | {peer_name} |")
    out.append("")
    out.append("Throughput ratios above 1 and latency ratios below 1 favour Lagebild.")
    table = "\n".join(out)
    print(table)
    if args.update:
        write_block(args.update, "TEXTPEERS", table, "### Text stages beside their peers (`Benchmarks/peers/run.sh`)")


def ratio(r):
    return f"{r:.2f}" if r >= 0.1 else f"{r:.2g}"


def read_tables_from(binary, sample, folder, runs):
    """Lagebild's per-stage figures on the sample: `lagebild bench --workers 1`."""
    path = os.path.join(folder, "stages.json")
    with open(path, "w") as out:
        subprocess.run([binary, "bench", sample, "--workers", "1", "--runs", str(runs), "--queries", "0", "--format", "json"],
                       stdout=out, stderr=subprocess.DEVNULL, check=True)
    return read_tables(path)["bench"]["rows"][0]


if __name__ == "__main__":
    main()
