"""Header text → the words a person reads in it, so one synonym table serves every way of writing it.

Exports glue words ("ОбращатьсяК", "contactTitle", "CODIGOCLIENTE", "FECHAPEDIDO"), add accents or
drop them ("Teléfono"/"Telefono"), and decorate ("ВИП клиент:", "№ заказа*"). A header is folded,
split at case changes and punctuation, and a long glued word is cut into words known from the
synonym table (header_words.json, the data; this module only reads it).
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache, lru_cache
from importlib import resources

from clientbook.core.textnorm import fold

LANGUAGES = ("ru", "en", "uk", "de", "fr", "es")
_CAMEL = re.compile(r"(?<=[^\W\d_])(?=[A-ZА-ЯЁІЇЄҐ][a-zа-яёіїєґ])|(?<=[a-zа-яёіїєґ])(?=[A-ZА-ЯЁІЇЄҐ])")
_SEPARATORS = re.compile(r"[\s_.,;:|/\\()\[\]{}*#№\"«»+=!?]+")
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'", "‘": "'"})
MIN_GLUED = 6  # shorter glued words are left alone ("фио", "имя")


def strip_latin_accents(text: str) -> str:
    """"teléfono" → "telefono", "prénom" → "prenom"; Cyrillic й/ї stay (their marks are letters)."""
    out: list[str] = []
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.combining(ch) and out and out[-1].isascii():
            continue
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


def words_of(text: str) -> list[str]:
    """Folded words of a header or a synonym, CamelCase split, accents and punctuation gone."""
    spaced = _CAMEL.sub(" ", text.translate(_APOSTROPHES))
    folded = strip_latin_accents(fold(spaced)).replace("-", " ")
    return [w for w in _SEPARATORS.split(folded) if w]


def synonym_key(text: str) -> str:
    return " ".join(words_of(text))


@lru_cache(maxsize=8192)
def header_key(header: str) -> str:
    """The header as words, glued words cut into known ones: "CODIGOCLIENTE" → "codigo cliente"."""
    vocabulary = _vocabulary()
    words: list[str] = []
    for word in words_of(header):
        if len(word) >= MIN_GLUED and word not in vocabulary:
            words.extend(_segment(word, vocabulary) or [word])
        else:
            words.append(word)
    return " ".join(words)


def _segment(word: str, vocabulary: frozenset[str]) -> list[str] | None:
    """The split of `word` into the fewest known words (each ≥ 2 letters), or None."""
    best: list[list[str] | None] = [None] * (len(word) + 1)
    best[0] = []
    for end in range(2, len(word) + 1):
        for start in range(max(0, end - 24), end - 1):
            prefix = best[start]
            if prefix is not None and word[start:end] in vocabulary:
                candidate = [*prefix, word[start:end]]
                current = best[end]
                if current is None or len(candidate) < len(current):
                    best[end] = candidate
    found = best[len(word)]
    return found if found and len(found) > 1 else None


@cache
def table() -> dict[str, dict[str, dict[str, tuple[str, ...]]]]:
    """{kind: {field: {language: words}}} as written in header_words.json."""
    raw = json.loads(resources.files("clientbook.core.importing").joinpath("header_words.json")
                     .read_text(encoding="utf-8"))
    return {kind: {key: {lang: tuple(words) for lang, words in langs.items()} for key, langs in fields.items()}
            for kind, fields in raw.items() if not kind.startswith("_")}


def synonyms(kind: str, key: str) -> tuple[str, ...]:
    """Every language's words for one field, as keys (deduplicated, table order)."""
    langs = table().get(kind, {}).get(key, {})
    seen: dict[str, None] = {}
    for lang in LANGUAGES:
        for word in langs.get(lang, ()):
            if k := synonym_key(word):
                seen.setdefault(k, None)
    return tuple(seen)


@cache
def _vocabulary() -> frozenset[str]:
    words = {w for fields in table().values() for langs in fields.values() for ws in langs.values()
             for text in ws for w in words_of(text) if len(w) >= 2}
    return frozenset(words | _GLUE_WORDS)


# Short words that glue field words together in exports ("ОбращатьсяК", "FechaDelPedido")
_GLUE_WORDS = {"к", "по", "de", "del", "la", "el", "du", "des", "le", "of", "the", "no", "nr", "id", "von"}
