"""Export of a list, a segment or a selection (SPEC §9): the one entry point the UI and the CLI call."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clientbook.core import audit, customfields
from clientbook.core import models as m
from clientbook.core.code_labels import CODE_LABELS
from clientbook.core.code_labels import label as code_label
from clientbook.core.errors import KnownError
from clientbook.core.exporting import columns as cols
from clientbook.core.exporting.addressed import addressed_rows
from clientbook.core.exporting.csvfile import write_csv
from clientbook.core.exporting.flat import flat_rows
from clientbook.core.exporting.mailing import CHANNELS, Excluded, MailingSelection, select_recipients
from clientbook.core.exporting.records import ALL_PARTS, CLIENT_COLUMNS, ClientRecord, load_records
from clientbook.core.exporting.safety import atomic_target
from clientbook.core.exporting.vcard import write_vcards
from clientbook.core.exporting.xlsx import write_xlsx
from clientbook.core.messages import current_language, register
from clientbook.core.segments import segment_select

if TYPE_CHECKING:
    from clientbook.core.vault import Vault

register({
    "export_cancelled": {"ru": "Экспорт отменён; файл не создан.", "en": "Export cancelled; no file was written."},
    "export_override_unconfirmed": {
        "ru": "Чтобы выгрузить получателей без согласия на рассылку, подтвердите это явно.",
        "en": "Exporting recipients without mailing consent needs your explicit confirmation.",
    },
    "export_format_unknown": {
        "ru": "Формат «{value}» не поддерживается: выберите xlsx, csv или vcf.",
        "en": "The format “{value}” is not supported: choose xlsx, csv or vcf.",
    },
    "export_preset_unknown": {
        "ru": "Набор столбцов «{value}» не существует: email, sms или full.",
        "en": "There is no column preset “{value}”: use email, sms or full.",
    },
    "export_channel_unknown": {
        "ru": "Канал рассылки «{value}» не поддерживается: email или sms.",
        "en": "The mailing channel “{value}” is not supported: email or sms.",
    },
})

FORMATS = ("xlsx", "csv", "vcf")
SUFFIXES = {"xlsx": ".xlsx", "csv": ".csv", "vcf": ".vcf"}
PROGRESS_EVERY = 500


@dataclass
class ExportOptions:
    format: str = "xlsx"
    preset: str = "full"
    mailing: str | None = None  # "email" / "sms": only consenting recipients with a valid address
    per_address: bool = False  # one row per address instead of one per client
    encoding: str = "utf-8-sig"
    delimiter: str = ";"
    override_consent: bool = False  # export without the consent check...
    confirmed: bool = False  # ...only when the user explicitly confirmed it
    include_sensitive: bool = False  # custom fields marked sensitive, full preset only
    lang: str | None = None
    codes: bool = False  # stored codes (person, active, hot…) instead of words: for a file to re-import

    def check(self) -> None:
        if self.format not in FORMATS:
            raise KnownError("export_format_unknown", value=self.format)
        if self.preset not in cols.PRESETS:
            raise KnownError("export_preset_unknown", value=self.preset)
        if self.mailing is not None and self.mailing not in CHANNELS:
            raise KnownError("export_channel_unknown", value=self.mailing)
        if self.override_consent and not self.confirmed:
            raise KnownError("export_override_unconfirmed")


@dataclass
class ExportResult:
    path: Path
    format: str
    rows: int
    clients: int
    excluded: list[Excluded] = field(default_factory=list)
    seconds: float = 0.0

    def excluded_counts(self) -> dict[str, int]:
        return MailingSelection([], self.excluded).counts()


Source = Sequence[int] | dict[str, Any] | None
Progress = Callable[[int, int], None]


def _ids_query(session: Session, source: Source) -> Any:
    if source is None:
        return select(m.Client.id).where(m.Client.archived.is_(False))
    if isinstance(source, dict):
        return segment_select(session, source)
    return list(source)


def plain_row_count(session: Session, source: Source) -> int:
    """Rows of a plain export (one per client, no mailing check): a count, not a load of every card."""
    ids = _ids_query(session, source)
    if isinstance(ids, list):
        return len(set(ids))
    return int(session.scalar(select(func.count()).select_from(ids.subquery())) or 0)


def collect(session: Session, source: Source, options: ExportOptions) -> tuple[list[ClientRecord], MailingSelection]:
    """The records and the rows to write (with the excluded, in mailing mode) — nothing written yet."""
    options.check()
    fields, parts = _needs(options)
    records = load_records(session, _ids_query(session, source), want_purchases=options.preset == "full",
                           want_custom=options.preset == "full", fields=fields, parts=parts)
    if options.mailing:
        selection = select_recipients(session, records, options.mailing, per_address=options.per_address,
                                      check_consent=not options.override_consent)
    elif options.per_address:
        channel = cols.PRESET_CHANNEL[options.preset]
        rows: list[tuple[ClientRecord, str | None]] = []
        for record in records:
            addresses = ([e.address for e in record.emails] if channel == "email"
                         else [cols.phone_text(p.e164, p.raw, p.extension) for p in record.phones])
            rows.extend((record, a) for a in addresses) if addresses else rows.append((record, None))
        selection = MailingSelection(rows)
    else:
        selection = MailingSelection([(r, None) for r in records])
    return records, selection


def _needs(options: ExportOptions) -> tuple[tuple[str, ...], frozenset[str]]:
    """The client columns and detail parts the export reads (everything for the full card and vCard)."""
    if options.preset == "full" or options.format == "vcf":
        return CLIENT_COLUMNS, ALL_PARTS
    keys = set(cols.PRESETS[options.preset])
    channel = options.mailing or (cols.PRESET_CHANNEL[options.preset] if options.per_address else None)
    parts = {"phones"} if keys & {"phone", "phones"} or channel == "sms" else set()
    parts |= {"emails"} if keys & {"email", "emails"} or channel == "email" else set()
    parts |= {"tags"} if "tags" in keys else set()
    birthday = ("birth_day", "birth_month", "birth_year") if "birthday" in keys else ()
    return ("display_name", *(k for k in CLIENT_COLUMNS if k in keys), *birthday), frozenset(parts)


def preview_mailing(session: Session, source: Source, options: ExportOptions) -> MailingSelection:
    """What a mailing export would hold and leave out, for the export dialog."""
    return collect(session, source, options)[1]


def _columns(session: Session, options: ExportOptions) -> list[cols.Column]:
    chosen = [cols.COLUMNS[k] for k in cols.PRESETS[options.preset]]
    if options.preset == "full":
        for definition in customfields.fields(session):
            if definition.sensitive and not options.include_sensitive:
                continue
            chosen.append(cols.custom_column(definition.key, definition.label, definition.type, definition.id))
    return chosen


def export_clients(vault: Vault, target: str | Path, options: ExportOptions, *, source: Source = None,
                   what: str = "", progress: Progress | None = None,
                   should_cancel: Callable[[], bool] | None = None) -> ExportResult:
    """Write the export atomically (0600) and record it in the audit; returns what was written.

    `source` is a list of client ids (the selection, kept in its order), a segment definition, or None
    for every non-archived client. A plain .xlsx / .csv (no mailing check, one row per client) streams
    from one SQL query (exporting.flat), mailing mode and one row per address from two (exporting.addressed);
    vCard loads records first.
    """
    started = time.perf_counter()
    options.check()
    lang = options.lang or current_language()
    target = Path(target)
    if options.format != "vcf" and not options.mailing and not options.per_address:
        with vault.session() as session:
            columns = _columns(session, options)
            with flat_rows(session, _ids_query(session, source), columns) as (count, flat):
                written = _write(target, options, columns, flat, count, lang, progress, should_cancel,
                                 lambda n: _audit(vault, target, options, what, n, MailingSelection([])))
            session.rollback()
        return ExportResult(target, options.format, written, written, [], time.perf_counter() - started)
    if options.format != "vcf":
        return _export_addressed(vault, target, options, source, what, lang, progress, should_cancel, started)
    with vault.session() as session:
        records, selection = collect(session, source, options)
        columns = _columns(session, options)
        session.rollback()
    total = len(selection.rows) if options.format != "vcf" else len({r.id for r, _ in selection.rows})

    def value_rows() -> Iterator[list[Any]]:
        for record, address in selection.rows:
            yield [cols.plain_value(c.get(record, address)) for c in columns]

    def audited(rows: int) -> None:
        _audit(vault, target, options, what, rows, selection)

    if options.format == "vcf":
        unique = list({r.id: r for r, _ in selection.rows}.values())
        with atomic_target(target) as temp:
            written = write_vcards(temp, unique, tick=_ticker(total, progress, should_cancel))
            audited(written)
    else:
        written = _write(target, options, columns, value_rows(), total, lang, progress, should_cancel, audited)
    clients = len({r.id for r, _ in selection.rows})
    return ExportResult(target, options.format, written, clients, selection.excluded, time.perf_counter() - started)


def _export_addressed(vault: Vault, target: Path, options: ExportOptions, source: Source, what: str, lang: str,
                      progress: Progress | None, should_cancel: Callable[[], bool] | None,
                      started: float) -> ExportResult:
    """Mailing mode or one row per address to .xlsx / .csv, straight from SQL (exporting.addressed)."""
    channel = options.mailing or cols.PRESET_CHANNEL[options.preset]
    with vault.session() as session:
        columns = _columns(session, options)
        with addressed_rows(session, _ids_query(session, source), columns, channel,
                            mailing=bool(options.mailing), per_address=options.per_address,
                            check_consent=not options.override_consent) as (chosen, rows):
            selection = MailingSelection([], chosen.excluded)
            written = _write(target, options, columns, rows, chosen.rows, lang, progress, should_cancel,
                             lambda n: _audit(vault, target, options, what, n, selection))
        session.rollback()
    return ExportResult(target, options.format, written, len(chosen.addresses), chosen.excluded,
                        time.perf_counter() - started)


def _ticker(total: int, progress: Progress | None, should_cancel: Callable[[], bool] | None) -> Callable[[], None]:
    """Called once per row written: progress every PROGRESS_EVERY rows, and a chance to cancel."""
    done = 0
    if progress:
        progress(0, total)

    def tick() -> None:
        nonlocal done
        done += 1
        if done % PROGRESS_EVERY == 0 or done == total:
            if should_cancel and should_cancel():
                raise KnownError("export_cancelled")
            if progress:
                progress(done, total)

    return tick


def _write(target: Path, options: ExportOptions, columns: list[cols.Column], rows: Iterable[list[Any]], total: int,
           lang: str, progress: Progress | None, should_cancel: Callable[[], bool] | None,
           audited: Callable[[int], None]) -> int:
    """The .xlsx or .csv file, atomically; the audit entry is written before the file appears."""
    tick = _ticker(total, progress, should_cancel)
    if not options.codes:
        rows = _labelled(rows, columns, lang)
    with atomic_target(target) as temp:
        if options.format == "xlsx":
            written = write_xlsx(temp, columns, rows, lang=lang, tick=tick)
        else:
            written = write_csv(temp, columns, rows, lang=lang, encoding=options.encoding,
                                delimiter=options.delimiter, tick=tick)
        audited(written)
    return written


def _labelled(rows: Iterable[list[Any]], columns: list[cols.Column], lang: str) -> Iterator[list[Any]]:
    """Rows with the coded columns (kind, status, temperature, gender, behaviour) in words."""
    coded = [(i, c.key) for i, c in enumerate(columns) if c.key in CODE_LABELS]
    if not coded:
        yield from rows
        return
    for row in rows:
        row = list(row)
        for i, key in coded:
            row[i] = code_label(key, row[i], lang)
        yield row


def _audit(vault: Vault, target: Path, options: ExportOptions, what: str, rows: int,
           selection: MailingSelection) -> None:
    """Who exported what, how many rows, to which file; an override of consent gets its own entry."""
    details = {"file": target.name, "what": what or "", "rows": rows, "format": options.format,
               "preset": options.preset, "mailing": options.mailing, "per_address": options.per_address,
               "excluded": selection.counts() if options.mailing else {}}
    entries = [{"action": "export", "entity": "export", "field": options.format, "new": details}]
    if options.mailing and options.override_consent:
        entries.append({"action": "export_override", "entity": "export", "field": options.mailing,
                        "new": {"file": target.name, "what": what or "", "rows": rows,
                                "reason": "consent check overridden by explicit confirmation"}})
    with vault.transaction() as session:
        audit.record(session, entries, actor=vault.actor)


def default_file_name(what: str, fmt: str) -> str:
    """A file name from the words of the scope: "Поиск «Москва»" -> "Поиск Москва.xlsx"."""
    quotes = "«»„“”\"':"
    safe = "".join(ch if ch.isalnum() or ch in " -_" else "" if ch in quotes else "_" for ch in what)
    safe = " ".join(safe.split()).strip() or "clients"
    return f"{safe}{SUFFIXES[fmt]}"
