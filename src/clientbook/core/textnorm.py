"""Text folding shared by search, tags and duplicate keys: case-insensitive, ё = е.

SQLite's lower()/LIKE do not fold Cyrillic and FTS5's unicode61 does not fold ё, so every string
that is compared is folded here first, on both the stored and the searched side.
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"[^\s\-]+")


def fold(text: str | None) -> str:
    """Lower-case (Unicode casefold), ё→е, й kept, compatibility forms and odd spaces normalized."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.replace("ё", "е").replace("\u0435\u0308", "е")
    return _SPACES.sub(" ", text).strip()


def digits(text: str | None) -> str:
    return "".join(ch for ch in (text or "") if ch.isdigit())


def squash_spaces(text: str | None) -> str:
    return _SPACES.sub(" ", (text or "").replace("\u00a0", " ")).strip()


def fix_caps(text: str) -> str:
    """"ИВАНОВ" → "Иванов", "иван-петров" → "Иван-Петров", "ИВАН ИВАНОВИЧ" → "Иван Иванович";
    mixed case is the user's choice and kept."""
    if not text or not (text.isupper() or text.islower()):
        return text
    return _WORD.sub(lambda m: m.group(0)[:1].upper() + m.group(0)[1:].lower(), text)
