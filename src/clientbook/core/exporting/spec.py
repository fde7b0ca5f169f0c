"""What an export is, typed: whom (the scope), in which file format and columns, and the mailing rules.

The UI and the CLI build one ExportSpec and hand it to exporting.service; nothing else decides what
goes into a file, so the dialog's preview and the file it writes cannot disagree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from clientbook.core import models as m
from clientbook.core import search
from clientbook.core.errors import KnownError
from clientbook.core.exporting import columns as cols
from clientbook.core.exporting.csvfile import DELIMITERS, ENCODINGS
from clientbook.core.segments import segment_select


class Format(StrEnum):
    XLSX = "xlsx"
    CSV = "csv"
    VCF = "vcf"


class Channel(StrEnum):
    EMAIL = "email"
    SMS = "sms"


FORMATS = tuple(f.value for f in Format)
CHANNELS = tuple(c.value for c in Channel)
SUFFIXES = {f.value: "." + f.value for f in Format}


@dataclass(frozen=True)
class Scope:
    """Whom to export: a list of ids (a selection or the list as shown, kept in its order), a segment
    definition (sorted by name), a search text (best match first), or every non-archived client.

    `what` is the scope in words, as the user saw it: the file name is made from it and the audit keeps it.
    """

    ids: tuple[int, ...] | None = None
    segment: Mapping[str, Any] | None = None
    search: str | None = None
    what: str = ""

    @classmethod
    def of(cls, source: Scope | Sequence[int] | Mapping[str, Any] | None, what: str = "") -> Scope:
        """A scope from what the fronts hold: a Scope, a list of ids, a segment definition or None (all)."""
        if isinstance(source, Scope):
            return source
        if source is None:
            return cls(what=what)
        if isinstance(source, Mapping):
            return cls(segment=dict(source), what=what)
        return cls(ids=tuple(int(i) for i in source), what=what)

    @property
    def everyone(self) -> bool:
        """Every non-archived client (the ids table is then filled from the name index alone)."""
        return self.ids is None and self.search is None and self.segment is None

    def select(self, session: Session) -> Select[Any] | list[int]:
        """The ids to export: a SELECT (sorted by name later) or a list in its own order."""
        if self.ids is not None:
            return list(self.ids)
        if self.search is not None:
            return search.search_ids(session, self.search, limit=max(1, search.count(session, self.search)))
        if self.segment is not None:
            return segment_select(session, self.segment)
        return select(m.Client.id).where(m.Client.archived.is_(False))

    def count(self, session: Session) -> int:
        """How many clients the scope holds: one count query, not a read of every card."""
        if self.ids is not None:
            return len(set(self.ids))
        if self.search is not None:
            return search.count(session, self.search)
        query = self.select(session)
        assert isinstance(query, Select)
        return int(session.scalar(select(func.count()).select_from(query.subquery())) or 0)


@dataclass(frozen=True)
class ExportSpec:
    """One export. Strings are accepted where the enums are expected (the CLI and the dialog pass their
    choices); `check` says in one message what is wrong before anything is read or written."""

    scope: Scope = field(default_factory=Scope)
    format: Format | str = Format.XLSX
    preset: str = "full"  # the columns: cols.PRESETS (full card, e-mail mailing, SMS mailing)
    mailing: Channel | str | None = None  # only consenting recipients with a valid address on this channel
    per_address: bool = False  # one row per address instead of one per client
    override_consent: bool = False  # leave the consent check out...
    confirmed: bool = False  # ...only when the user explicitly confirmed it (recorded in the audit)
    codes: bool = False  # stored codes (person, active, hot…) instead of words: for a file to re-import
    include_sensitive: bool = False  # custom fields marked sensitive, full preset only
    encoding: str = "utf-8-sig"  # .csv only
    delimiter: str = ";"  # .csv only
    lang: str | None = None  # headers and words; None: the user's language

    def check(self) -> None:
        if self.format not in FORMATS:
            raise KnownError("export_format_unknown", value=self.format)
        if self.preset not in cols.PRESETS:
            raise KnownError("export_preset_unknown", value=self.preset)
        if self.mailing is not None and self.mailing not in CHANNELS:
            raise KnownError("export_channel_unknown", value=self.mailing)
        if self.override_consent and not self.confirmed:
            raise KnownError("export_override_unconfirmed")
        if self.format == Format.CSV:
            if self.encoding not in ENCODINGS:
                raise KnownError("choice_invalid", value=self.encoding)
            if self.delimiter not in DELIMITERS:
                raise KnownError("export_delimiter")

    @property
    def channel(self) -> str | None:
        """The channel whose addresses decide the rows: the mailing's, or the preset's for one row per
        address; None for one plain row per client (and vCard without a mailing)."""
        if self.mailing:
            return str(self.mailing)
        if self.per_address and self.format != Format.VCF:
            return cols.PRESET_CHANNEL[self.preset]
        return None

    @property
    def check_consent(self) -> bool:
        return not self.override_consent
