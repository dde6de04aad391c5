#!/usr/bin/env python3
"""Rebuilds the fortune-derived sample data from Debian's fortune packages (Debian 12 versions), from the repository root:

    (mkdir -p /tmp/fortunes && cd /tmp/fortunes && apt-get download fortunes fortunes-min fortunes-de fortunes-es fortunes-it &&
     for f in *.deb; do dpkg-deb -x "$f" root; done)
    python3 samples/data/make_fortune_data.py /tmp/fortunes/root/usr/share/games/fortunes samples/data

Writes fortunes-en.txt (one English fortune per line, for CharGenerator and Capitalizer) and
language-sentences.tsv (language<TAB>sentence, for LanguageId). Selection is deterministic.
"""
import os
import re
import sys

# Prose-like English collections (no ASCII art, code, song lyrics or offensive sections).
ENGLISH_FILES = ["wisdom", "literature", "science", "people", "work", "platitudes", "education", "humorists"]
ENGLISH_MAX_BYTES = 200_000

# Per language: the collections read, in order, and the letters a sentence may use besides ASCII.
LANGUAGES = {
    "en": (ENGLISH_FILES, ""),
    "de": (["de/" + name for name in
            ["zitate", "sprichworte", "sprueche", "witze", "anekdoten", "murphy", "regeln", "letzteworte",
             "stilblueten", "wusstensie", "lieberals", "kinderzitate"]], "äöüÄÖÜß"),
    "es": (["es/" + name + ".fortunes" for name in
            ["refranes", "proverbios", "sabiduria", "filosofia", "famosos", "humanos", "libertad", "vida",
             "amistad", "sentimientos", "verdad", "poder", "familia", "ciencia", "arte", "varios"]], "áéíóúüñÁÉÍÓÚÑ¿¡"),
    "it": (["it/" + name for name in
            ["italia", "paolotedeschi", "formiche", "definizioni", "leggi", "luttazzi", "adams"]], "àèéìòùÀÈÉÌÒÙ"),
}
SENTENCES_PER_LANGUAGE = 1200
SENTENCE_MIN, SENTENCE_MAX = 24, 96


def fortunes(path):
    """Yields each fortune of a fortune(6) file as one line, without its '-- author' attribution."""
    with open(path, encoding="utf-8", errors="strict") as file:
        text = file.read()
    for block in text.split("\n%\n"):
        lines = []
        for line in block.split("\n"):
            if line.strip().startswith("--"):
                break  # the attribution and its continuation lines
            lines.append(line.strip())
        joined = re.sub(r"\s+", " ", " ".join(lines)).strip()
        if joined:
            yield joined


def is_plain(text, extra_letters):
    return all((" " <= c <= "~") or c in extra_letters for c in text)


def english_corpus(root):
    kept, size = [], 0
    for name in ENGLISH_FILES:
        for fortune in fortunes(os.path.join(root, name)):
            if 40 <= len(fortune) <= 400 and is_plain(fortune, "") and size + len(fortune) + 1 <= ENGLISH_MAX_BYTES:
                kept.append(fortune)
                size += len(fortune) + 1
    return kept


def sentences(root, files, extra_letters):
    found = []
    for relative in files:
        for fortune in fortunes(os.path.join(root, relative)):
            for sentence in re.split(r"(?<=[.!?])\s+", fortune):
                sentence = sentence.strip(" \"'-")
                if SENTENCE_MIN <= len(sentence) <= SENTENCE_MAX and is_plain(sentence, extra_letters):
                    found.append(sentence)
    unique = list(dict.fromkeys(found))
    # An even spread over all collections, not just the first ones.
    stride = max(1, len(unique) // SENTENCES_PER_LANGUAGE)
    return unique[::stride][:SENTENCES_PER_LANGUAGE]


def main(root, output):
    with open(os.path.join(output, "fortunes-en.txt"), "w", encoding="utf-8", newline="\n") as file:
        file.writelines(fortune + "\n" for fortune in english_corpus(root))
    with open(os.path.join(output, "language-sentences.tsv"), "w", encoding="utf-8", newline="\n") as file:
        file.write("language\tsentence\n")
        for language, (files, extra_letters) in LANGUAGES.items():
            picked = sentences(root, files, extra_letters)
            print(f"{language}: {len(picked)} sentences")
            file.writelines(f"{language}\t{sentence}\n" for sentence in picked)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
