#!/usr/bin/env python3
"""Writes stemmer test vectors from the reference Snowball implementation (PyStemmer).

Run at development time only (`pip install PyStemmer`); the tests read the committed TSV files.
Words: every word of the seed articles, each also with common inflectional and derivational endings,
so that every rule of the algorithms is exercised; English: a list of common words and endings.
"""
import pathlib
import re
import sys

import Stemmer

root = pathlib.Path(__file__).resolve().parent.parent
words = set()
for f in sorted((root / "seeds").glob("*.txt")):
    for w in re.findall(r"[^\W\d_]+", f.read_text(encoding="utf-8")):
        words.add(w.lower())
endings = ["", "e", "en", "er", "es", "em", "ern", "s", "st", "est", "et", "lich", "ung", "heit", "keit",
           "ig", "isch", "end", "erin", "erinnen", "nisse", "ungen", "igkeit", "lichkeit"]
german = sorted({w + e for w in words for e in endings if len(w) > 2})
de = Stemmer.Stemmer("german")
with open(root / "Tests/LagebildTextTests/Resources/stem-de.tsv", "w", encoding="utf-8") as out:
    for w in german:
        out.write(f"{w}\t{de.stemWord(w)}\n")

english_words = """
agree agreed agreeing agreement relationship relationships united states president historic meeting meetings
counterpart minister ministers spoke speaking speaks positive generously generous happiness happy running runs
ran national nationalize nationalization conditional rational relational hopeful hopefulness goodness
electrical electricity electric formative formality formalize sensitivity sensible sensibility adjustable
adjustment adjustments dependent dependence dependency communism communist communication communicate
general generalize generate generation universal university past pasta later laterally emergency emerge
organize organization organic arsenal arsenic skies skis dying lying tying idly gently ugly early only singly
news howe atlas cosmos bias andes inning innings outing canning herring earring proceed exceed succeed
caresses ponies ties cats caress gas this was feed agreed plastered bled motoring sing conflated troubled
sized hopping tanned falling hissing fizzed failing filing happy sky conditional valenci hesitanci digitizer
conformabli radicalli differentli vileli analogousli vietnamization predication operator feudalism
decisiveness hopefulness callousness formaliti sensitiviti sensibiliti triplicate formative formalize
electriciti electrical hopeful goodness revival allowance inference airliner gyroscopic adjustable
defensible irritant replacement adjustment dependent adoption homologou communism activate angulariti
homologous effective bowdlerize probate rate cease controlling rolling the and of says said sayings
defence defense military dialogue dialog stability stabilities peaceful peacefully stronger strongest
tensions tension deterrence diplomacy diplomatic diplomats sanctions sanctioned agreements summit summits
exercise exercises exercised announcement announced announces visit visited visiting statement statements
call called calling calls sale sales sold selling navy naval forces force forced forcing cooperation
""".split()
suffixes = ["", "s", "ed", "ing", "ly", "ness", "ful", "ation", "ational", "izer", "ism", "ment", "able"]
english = sorted({w + s for w in english_words for s in suffixes})
en = Stemmer.Stemmer("english")
with open(root / "Tests/LagebildTextTests/Resources/stem-en.tsv", "w", encoding="utf-8") as out:
    for w in english:
        out.write(f"{w}\t{en.stemWord(w)}\n")
print(len(german), "German and", len(english), "English vectors", file=sys.stderr)
