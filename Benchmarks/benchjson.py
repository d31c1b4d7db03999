"""Reading `lagebild bench --format json` output, shared by the peers and growth scripts: the command
prints one JSON object per result table (`bench`, then `bench-queries`)."""
import json


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
