"""The text encodings a user is offered when the detected one is wrong (the wizard's choice and the
CLI's `--encoding` help share this list), and how a detected encoding is named to the user.

Detection covers UTF-8/UTF-16, cp1251 and Western cp1252; KOI8-R and DOS CP866 files are rare and
their bytes also read as plausible cp1251, so the user picks them by hand.
"""

from __future__ import annotations

import codecs

# (codec name as `open_source` takes it, name the user knows); order = how often they are needed
OFFERED_ENCODINGS: tuple[tuple[str, str], ...] = (
    ("utf-8", "UTF-8"),
    ("cp1251", "Windows-1251"),
    ("koi8_r", "KOI8-R"),
    ("cp866", "CP866 (DOS)"),
    ("latin-1", "Latin-1"),
)
TEXT_ENCODED_FORMATS = frozenset({"csv", "xls"})  # text files, and old .xls with 8-bit strings
_TITLES = {codecs.lookup(key).name: title for key, title in OFFERED_ENCODINGS} | {
    codecs.lookup("utf-8-sig").name: "UTF-8", codecs.lookup("utf-16").name: "UTF-16",
    codecs.lookup("cp1252").name: "Windows-1252"}


def encoding_title(encoding_used: str) -> str:
    """'cp1251' → 'Windows-1251'; 'utf-8+cp1251' (UTF-8 text holding misread cp1251) → 'UTF-8 + Windows-1251';
    '' (a workbook that says its own code page) → ''."""
    parts = []
    for name in filter(None, encoding_used.split("+")):
        try:
            parts.append(_TITLES.get(codecs.lookup(name).name, name))
        except LookupError:
            parts.append(name)
    return " + ".join(parts)
