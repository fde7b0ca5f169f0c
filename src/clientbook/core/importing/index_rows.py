"""Search index rows for cards an import creates, built from the values being inserted.

`search.reindex` reads every new card back from five tables: at 100,000 rows that was a third of
the import. A card made by an import has no contact persons yet and its phones, e-mails and tags are
in hand, so its `client_fts` row is built here with the same columns and the same folding
(`search.sorted_phone_tokens`, `textnorm.fold`). Cards an import *updates* still go through
`search.reindex`. The test `test_index_rows_equal_a_reindex` keeps the two in step.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from typing import Any

from clientbook.core.search import sorted_phone_tokens
from clientbook.core.textnorm import fold

# client_fts's columns after rowid, in order (clientbook.core.search).
FTS_COLUMNS = ("rowid", "names", "company", "contacts", "emails", "phones", "city", "tags", "other")
FTS_INSERT = f"INSERT INTO client_fts({', '.join(FTS_COLUMNS)}) VALUES ({', '.join('?' for _ in FTS_COLUMNS)})"


@functools.lru_cache(maxsize=50_000)
def _fold_cached(text: str) -> str:
    return fold(text)  # names, cities, companies repeat across a file


def _fold(text: str) -> str:
    """`fold` exactly: for ASCII text NFKC changes nothing and casefold is lower()."""
    if text.isascii():
        return " ".join(text.lower().split())
    return _fold_cached(text)


def _joined(values: Iterable[str | None]) -> str:
    """Folding the joined text once = folding each value: fold works per character and squashes spaces."""
    return _fold(" ".join(filter(None, values)))  # filter(None): the same values, no generator per call


def new_card_row(client_id: int, fields: dict[str, Any], phones: Sequence[tuple[str | None, str]],
                 emails: Sequence[str], tags: Sequence[str], *, inn: bool = True) -> tuple[Any, ...]:
    """The index row of a new card: `phones` as (e164, raw) and `tags` (names) in storage order."""
    tokens: list[str] = []
    for e164, raw in phones:
        tokens += sorted_phone_tokens(e164, raw)
    joined_tokens = " ".join(tokens)  # digit strings: folding changes nothing when they are ASCII
    get = fields.get
    return (client_id,
            _joined((get("last_name"), get("first_name"), get("middle_name"))),
            _joined((get("company_name"),)),
            "",
            _joined(emails),
            joined_tokens if joined_tokens.isascii() else _fold(joined_tokens),
            _joined((get("city"), get("region"))),
            _joined(tags),
            _joined((get("inn") if inn else None, get("address"))))  # not a sensitive ИНН (search.document)
