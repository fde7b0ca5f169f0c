"""Russian text read in the wrong code page ("Ôàìèëèÿ" for "Фамилия"), found and undone.

An Excel 5.0/95 (BIFF5) workbook stores 8-bit strings and says their code page in a CODEPAGE
record; old Russian programs and 1C often left it out, so readers (calamine included) fall back
to Latin-1 / Windows-1252 and every Cyrillic letter becomes an accented Latin one. The bytes are intact:
encoding the text back to cp1252 and decoding it as cp1251 gives the Russian text. A text file
saved after such a misreading carries the same damage. Real Western text mixes plain Latin
letters with accented ones ("García", "Müller"); mojibake words are made of accented letters only.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterable
from typing import Any

READER_DEFAULT = "cp1252"  # what a reader should assume without a CODEPAGE record (calamine takes latin-1)
_C1 = re.compile("[\x80-\x9f]")  # latin-1 control characters: cp1252 letters (œ, €, “…”) read as latin-1
_WORD = re.compile(r"[^\W\d_]{3,}")
_HIGH = frozenset(chr(c) for c in range(0xC0, 0x100)) | {"\u00a8", "\u00b8"}  # À-ÿ, ¨ ¸ (= Ё ё in cp1251)
AS_IS = {"as-is", "none", "cp1252", "windows-1252", "latin-1", "latin1", "iso-8859-1", "utf-8", "utf8"}


def _byte(ch: str) -> bytes:
    try:
        return ch.encode(READER_DEFAULT)
    except UnicodeEncodeError:
        return ch.encode("latin-1")  # 0x81, 0x8D…: undefined in cp1252, passed through by readers


def reencode(text: str, encoding: str = "cp1251") -> str:
    """The text as it reads when its characters are taken for bytes of `encoding`."""
    if text.isascii():
        return text
    try:
        return b"".join(_byte(ch) for ch in text).decode(encoding)
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def looks_like_cp1251_mojibake(texts: Iterable[str]) -> bool:
    """True when words made only of À-ÿ letters (bytes 0xC0-0xFF, which cp1251 reads as А-я)
    clearly outnumber normal accented words."""
    garbled = normal = 0
    for text in texts:
        if text.isascii():
            continue
        for word in _WORD.findall(text):
            high = sum(ch in _HIGH for ch in word)
            if high == len(word):
                garbled += 1
            elif high:
                normal += 1
    return garbled >= 2 and garbled > 2 * normal


def repairer(texts: Iterable[str], forced: str | None = None) -> tuple[Callable[[Any], Any] | None, str]:
    """(a function fixing one cell, or None; the code page the strings are taken to be in)."""
    if forced:
        name = codecs.lookup(forced).name if forced.lower() not in AS_IS else forced.lower()
        if forced.lower() in AS_IS or name in ("cp1252", "latin-1", "iso8859-1", "utf-8"):
            return None, name
        return _cell_fixer(name), name
    texts = list(texts)
    if looks_like_cp1251_mojibake(texts):
        return _cell_fixer("cp1251"), "cp1251"
    if any(_C1.search(t) for t in texts if not t.isascii()):
        return _cell_fixer("cp1252"), "cp1252"  # Western text: "Dub\x9cuf" → "Dubœuf"
    return None, ""


def _cell_fixer(encoding: str) -> Callable[[Any], Any]:
    def fix(value: Any) -> Any:
        return reencode(value, encoding) if isinstance(value, str) and not value.isascii() else value
    return fix
