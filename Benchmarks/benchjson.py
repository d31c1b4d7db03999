"""Reading `lagebild bench --format json` output, shared by the peers and growth scripts: the command
prints one JSON object per result table (`bench`, then `bench-queries`); and writing a script's table
into docs/BENCHMARKS.md."""
import json
import re


def read_tables(path):
    """The result tables in the file, by kind."""
    text, decoder, tables, i = open(path, encoding="utf-8").read(), json.JSONDecoder(), {}, 0
    while i < len(text):
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            break
        obj, i = decoder.raw_decode(text, i)
        tables[obj["kind"]] = obj
    return tables


def write_block(path, marker, table, heading):
    """Puts `table` between the `<!-- MARKER BEGIN -->` and `<!-- MARKER END -->` lines of the Markdown
    file, or appends it under `heading` when the markers are not there yet."""
    doc = open(path, encoding="utf-8").read()
    begin, end = f"<!-- {marker} BEGIN -->", f"<!-- {marker} END -->"
    block = f"{begin}\n{table}\n{end}"
    if begin in doc:
        doc = re.sub(re.escape(begin) + ".*?" + re.escape(end), lambda _: block, doc, flags=re.S)
    else:
        doc = doc.rstrip() + f"\n\n{heading}\n\n" + block + "\n"
    open(path, "w", encoding="utf-8").write(doc)
