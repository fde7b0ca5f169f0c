"""Test helpers for erasure checks: the decrypted pages of a vault file, free pages included.

SQLCipher 4 pages are AES-256-CBC under the raw key; each ends with a 16-byte IV and a 64-byte HMAC,
and page 1 starts with the 16-byte salt. Decrypting every page (not reading rows through SQL) is what
shows that no freed page or slack space of a page still holds a value.
"""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

PAGE = 4096
RESERVE = 80  # IV 16 + HMAC 64
SALT = 16


def decrypted_pages(path: Path, raw_key: bytes) -> list[bytes]:
    data = path.read_bytes()
    pages = []
    for number in range(len(data) // PAGE):
        page = data[number * PAGE:(number + 1) * PAGE]
        start = SALT if number == 0 else 0
        iv = page[PAGE - RESERVE:PAGE - RESERVE + 16]
        decryptor = Cipher(algorithms.AES(raw_key), modes.CBC(iv)).decryptor()
        pages.append(decryptor.update(page[start:PAGE - RESERVE]) + decryptor.finalize())
    return pages


def forms(word: str) -> list[bytes]:
    """The byte forms a text can take in the file: UTF-8 and UTF-16 (both orders), as typed and folded.

    FTS5 stores a term after the prefix it shares with the previous term on its page ("щегло|град",
    "щегло|канарейкина"), so the folded word's tails (first 1-6 characters dropped, 7 or more left)
    are looked for too: a term hidden by prefix compression is still found.
    """
    variants = {word, word.lower(), word.upper()}
    folded = word.lower()
    variants.update(folded[k:] for k in range(1, 7) if len(folded) - k >= 7)
    out = []
    for variant in variants:
        out += [variant.encode("utf-8"), variant.encode("utf-16-le"), variant.encode("utf-16-be")]
    return out
