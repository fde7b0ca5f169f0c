"""Export of a list, a segment, a search or a selection (SPEC §9): the one entry point the UI and the CLI call.

An ExportSpec says everything (exporting.spec); exporting.rows makes the rows the same way for every
format; the writers (csvfile, xlsx, vcard) only turn values into cells. `preview` gives the dialog
the same counts the file will have, from a count query (or the address choice of a mailing).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from clientbook.core import audit, customfields, sensitive
from clientbook.core.errors import KnownError
from clientbook.core.exporting import columns as cols
from clientbook.core.exporting import vcard
from clientbook.core.exporting.csvfile import text_cells, write_csv
from clientbook.core.exporting.mailing import Excluded
from clientbook.core.exporting.rows import Plan, export_rows
from clientbook.core.exporting.rows import preview as _preview
from clientbook.core.exporting.safety import atomic_target
from clientbook.core.exporting.spec import SUFFIXES, ExportSpec, Format
from clientbook.core.exporting.xlsx import write_xlsx
from clientbook.core.messages import Message, current_language, register
from clientbook.core.rights import require

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
    "export_withheld": {
        "ru": "Не выгружено (особые данные, которые вам видеть не разрешено): {fields}.",
        "en": "Left out (sensitive data you are not allowed to see): {fields}.",
    },
    "export_channel_unknown": {
        "ru": "Канал рассылки «{value}» не поддерживается: email или sms.",
        "en": "The mailing channel “{value}” is not supported: email or sms.",
    },
})

PROGRESS_EVERY = 500
Progress = Callable[[int, int], None]


@dataclass
class ExportResult:
    path: Path
    format: str
    rows: int
    clients: int
    excluded: list[Excluded] = field(default_factory=list)
    seconds: float = 0.0
    # What was left out because this user may not see it (sensitive fields, #15.4): the note beside the file.
    withheld: list[str] = field(default_factory=list)

    def withheld_note(self) -> Message | None:
        """The note beside the file when sensitive columns were left out for this user."""
        return Message("export_withheld", {"fields": ", ".join(self.withheld)}) if self.withheld else None

    def excluded_counts(self) -> dict[str, int]:
        return Plan(self.clients, self.rows, self.excluded).counts()


def preview(session: Session, spec: ExportSpec, should_cancel: Callable[[], bool] | None = None) -> Plan:
    """What `spec` would write (clients, rows, the excluded with reasons), read without writing;
    KnownError("export_cancelled") between chunks once `should_cancel()` is true."""
    return _preview(session, spec, should_cancel)


def columns_of(session: Session, spec: ExportSpec) -> list[cols.Column]:
    """The columns of the preset, with the custom fields on the full card (sensitive ones only when
    asked, and only for a user who may see them; built-ins the owner marked sensitive likewise)."""
    access = sensitive.access_of(session)
    hidden = access.hidden_builtins
    if spec.format == Format.VCF:  # a card keeps its shape: a hidden birthday is left empty
        return [replace(c, sql="NULL") if c.key.startswith("birth_") and "birthday" in hidden else c
                for c in vcard.COLUMNS]
    chosen = [cols.COLUMNS[k] for k in cols.PRESETS[spec.preset] if k not in hidden]
    if spec.preset == "full":
        for definition in customfields.fields(session):
            if definition.sensitive:
                if not spec.include_sensitive or not access.allowed:
                    continue
                chosen.append(cols.sealed_column(definition.key, definition.label, definition.type, definition.id,
                                                 _opener(access, definition.id, definition.label)))
                continue
            chosen.append(cols.custom_column(definition.key, definition.label, definition.type, definition.id))
    return chosen


def _opener(access: sensitive.Access, field_id: int, label: str) -> Callable[[bytes], str | None]:
    return lambda blob: sensitive.unseal_text(access, field_id, blob, label)


def withheld(session: Session, spec: ExportSpec) -> list[str]:
    """What `spec` leaves out for this user because it is sensitive (the dialog and the CLI say so)."""
    access = sensitive.access_of(session)
    if access.allowed:
        return []
    out = [sensitive.BUILTIN_LABELS[b] for b in sensitive.BUILTINS if access.hides(b)
           and (b in cols.PRESETS[spec.preset] or spec.format == Format.VCF and b == "birthday")]
    if spec.preset == "full" and spec.format != Format.VCF and spec.include_sensitive:
        out += [d.label for d in customfields.fields(session) if d.sensitive]
    return out


def export_clients(vault: Vault, target: str | Path, spec: ExportSpec, *, progress: Progress | None = None,
                   should_cancel: Callable[[], bool] | None = None) -> ExportResult:
    """Write the export atomically (0600) and record it in the audit; returns what was written.

    Nothing is read before the spec is checked; the audit entry is written before the file appears.
    """
    require(vault, "export")
    started = time.perf_counter()
    spec.check()
    lang = spec.lang or current_language()
    target = Path(target)
    with vault.session() as session:
        columns = columns_of(session, spec)
        left_out = withheld(session, spec)
        cells = (text_cells(columns, lang=lang, codes=spec.codes, delimiter=spec.delimiter)
                 if spec.format == Format.CSV else cols.Cells.typed(columns, lang, spec.codes))
        with export_rows(session, spec, columns, cells) as (plan, rows):
            tick = _ticker(plan.rows, progress, should_cancel)
            with atomic_target(target) as temp:
                written = _write(temp, spec, columns, rows, lang, tick)
                _audit(vault, target, spec, written, plan)
        session.rollback()
    return ExportResult(target, str(spec.format), written, plan.clients, plan.excluded, time.perf_counter() - started,
                        left_out)


def _write(temp: Path, spec: ExportSpec, columns: list[cols.Column], rows: Iterable[list[Any]], lang: str,
           tick: Callable[[], None]) -> int:
    if spec.format == Format.XLSX:
        return write_xlsx(temp, columns, rows, lang=lang, tick=tick)
    if spec.format == Format.CSV:
        return write_csv(temp, columns, rows, lang=lang, encoding=spec.encoding, delimiter=spec.delimiter, tick=tick)
    return vcard.write_vcards(temp, rows, tick=tick)


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


def _audit(vault: Vault, target: Path, spec: ExportSpec, rows: int, plan: Plan) -> None:
    """Who exported what, how many rows, to which file; an override of consent gets its own entry."""
    what = spec.scope.what or ""
    mailing = str(spec.mailing) if spec.mailing else None
    details = {"file": target.name, "what": what, "rows": rows, "format": str(spec.format),
               "preset": spec.preset, "mailing": mailing, "per_address": spec.per_address,
               "excluded": plan.counts() if mailing else {}}
    entries = [{"action": "export", "entity": "export", "field": str(spec.format), "new": details}]
    if mailing and spec.override_consent:
        entries.append({"action": "export_override", "entity": "export", "field": mailing,
                        "new": {"file": target.name, "what": what, "rows": rows,
                                "reason": "consent check overridden by explicit confirmation"}})
    with vault.transaction() as session:
        audit.record(session, entries, actor=vault.actor)


def default_file_name(what: str, fmt: str) -> str:
    """A file name from the words of the scope: "Поиск «Москва»" -> "Поиск Москва.xlsx"."""
    quotes = "«»„“”\"':"
    safe = "".join(ch if ch.isalnum() or ch in " -_" else "" if ch in quotes else "_" for ch in what)
    safe = " ".join(safe.split()).strip() or "clients"
    return f"{safe}{SUFFIXES[fmt]}"
