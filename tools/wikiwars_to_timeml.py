#!/usr/bin/env python3
"""Turns WikiWarsDE (TIMEX2, inline keys) into the TimeML files `lagebild timeml annotate` and
`lagebild eval timex` read, for a narrative-mode check:

  OUT/gold/NAME.tml  the text with its gold expressions as <TIMEX3 tid type="DATE" value="…">
  OUT/raw/NAME.tml   the same text without them (the tagger's input)

The document date is the <DATETIME> of the file (the download date). TIMEX2 has no types: every
expression becomes type DATE, so only extent and value scores mean anything. Expressions without a
`val` are kept with an empty value. Nothing is copied into the project: write OUT outside it.

Usage: python3 tools/wikiwars_to_timeml.py ../shared/data/timex/wikiwars_de/keyinline OUT
"""
import html
import os
import re
import sys


def convert(text):
    dct = re.search(r"<DATETIME>.*?val=\"([^\"]+)\"", text, re.S) or re.search(r"<DATETIME>\s*([^<\s]+)", text)
    dct_value = (dct.group(1) if dct else "")[:10]
    body = text[text.index("<TEXT>") + len("<TEXT>"): text.index("</TEXT>")]
    gold, raw, tid = [], [], 1
    pos = 0
    for m in re.finditer(r"<TIMEX2([^>]*)>(.*?)</TIMEX2>", body, re.S):
        plain = html.escape(html.unescape(body[pos:m.start()]), quote=False)
        gold.append(plain)
        raw.append(plain)
        value = re.search(r'val="([^"]*)"', m.group(1))
        inner = html.escape(html.unescape(re.sub(r"<[^>]+>", "", m.group(2))), quote=False)
        gold.append(f'<TIMEX3 tid="t{tid}" type="DATE" value="{value.group(1) if value else ""}">{inner}</TIMEX3>')
        raw.append(inner)
        tid += 1
        pos = m.end()
    tail = html.escape(html.unescape(body[pos:]), quote=False)
    gold.append(tail)
    raw.append(tail)

    def document(content):
        return ('<?xml version="1.0" ?>\n<TimeML>\n<DOCID>wikiwars</DOCID>\n'
                f'<DCT><TIMEX3 tid="t0" type="DATE" value="{dct_value}" functionInDocument="CREATION_TIME">{dct_value}</TIMEX3></DCT>\n'
                f"<TEXT>{content}</TEXT>\n</TimeML>\n")
    return document("".join(gold)), document("".join(raw))


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    source, out = sys.argv[1], sys.argv[2]
    for sub in ("gold", "raw"):
        os.makedirs(os.path.join(out, sub), exist_ok=True)
    names = sorted(n for n in os.listdir(source) if n.endswith(".xml"))
    for name in names:
        gold, raw = convert(open(os.path.join(source, name), encoding="utf-8").read())
        stem = name.split(".")[0] + ".tml"
        open(os.path.join(out, "gold", stem), "w", encoding="utf-8").write(gold)
        open(os.path.join(out, "raw", stem), "w", encoding="utf-8").write(raw)
    print(f"{len(names)} documents → {out}/gold and {out}/raw", file=sys.stderr)


if __name__ == "__main__":
    main()
