"""Data quality (SPEC §10): how complete and how clean the base is, and bulk normalization.

The report is a handful of aggregate queries, so it stays quick on a large base. Normalization
re-parses the text each phone and e-mail was first written as (an import may have stored it before
the parser knew better, or with the wrong country); it runs as one audited batch after a restore
point and keeps the old values in `Batch.undo_data`, so it can be undone.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, text
from sqlalchemy.orm import Session

from clientbook.core import audit, search, sensitive, settings
from clientbook.core import models as m
from clientbook.core.clients import finish_batch, start_batch
from clientbook.core.errors import KnownError
from clientbook.core.merge import make_restore_point
from clientbook.core.messages import Message, register
from clientbook.core.rights import require
from clientbook.core.validation import DEFAULT_REGION, FieldProblem, normalize_email, normalize_phone

if TYPE_CHECKING:
    from clientbook.core.vault import Vault

register({
    "quality_field_last_name": {"ru": "Фамилия", "en": "Last name"},
    "quality_field_first_name": {"ru": "Имя", "en": "First name"},
    "quality_field_middle_name": {"ru": "Отчество", "en": "Middle name"},
    "quality_field_company_name": {"ru": "Компания", "en": "Company"},
    "quality_field_phone": {"ru": "Телефон", "en": "Phone"},
    "quality_field_email": {"ru": "E-mail", "en": "E-mail"},
    "quality_field_city": {"ru": "Город", "en": "City"},
    "quality_field_address": {"ru": "Адрес", "en": "Address"},
    "quality_field_birthday": {"ru": "День рождения", "en": "Birthday"},
    "quality_field_inn": {"ru": "ИНН", "en": "INN"},
    "quality_field_source": {"ru": "Источник", "en": "Source"},
    "quality_field_consent": {"ru": "Согласие на рассылку", "en": "Mailing consent"},
    "quality_cancelled": {"ru": "Нормализация прервана, ничего не изменено.",
                          "en": "Normalization was cancelled; nothing was changed."},
    "quality_undo_not_possible": {"ru": "Пакет {batch} не является нормализацией, которую можно отменить.",
                                  "en": "Batch {batch} is not a normalization that can be undone."},
    "quality_normalize_label": {"ru": "Нормализация телефонов и e-mail", "en": "Phone and e-mail normalization"},
})

SAMPLE = 200  # rows listed per problem; the counts are always complete
_CHUNK = 5000

Progress = Callable[[int, int], None]
ShouldCancel = Callable[[], bool]


class NormalizeCancelledError(KnownError):
    code = "quality_cancelled"


@dataclass
class Completeness:
    field: str
    filled: int
    total: int

    @property
    def label(self) -> Message:
        return Message(f"quality_field_{self.field}")

    @property
    def percent(self) -> float:
        return 100.0 * self.filled / self.total if self.total else 100.0


@dataclass
class ProblemRow:
    client_id: int
    name: str
    value: str


@dataclass
class QualityReport:
    total: int
    completeness: list[Completeness]
    invalid_phones: int
    invalid_emails: int
    stale_cards: int
    stale_months: int
    without_consent: int
    invalid_phone_rows: list[ProblemRow] = field(default_factory=list)
    invalid_email_rows: list[ProblemRow] = field(default_factory=list)
    stale_rows: list[ProblemRow] = field(default_factory=list)

    def as_dict(self, lang: str | None = None) -> dict[str, Any]:
        return {
            "total": self.total,
            "completeness": [{"field": c.field, "label": c.label.text(lang), "filled": c.filled, "total": c.total,
                              "percent": round(c.percent, 1)} for c in self.completeness],
            "invalid_phones": self.invalid_phones, "invalid_emails": self.invalid_emails,
            "stale_cards": self.stale_cards, "stale_months": self.stale_months,
            "without_consent": self.without_consent,
            "invalid_phone_rows": [vars(r) for r in self.invalid_phone_rows],
            "invalid_email_rows": [vars(r) for r in self.invalid_email_rows],
        }


def _filled(column: str) -> str:
    return f"sum(CASE WHEN {column} IS NOT NULL AND trim({column}) != '' THEN 1 ELSE 0 END)"


def stale_cutoff(months: int, now: dt.datetime | None = None) -> dt.datetime:
    now = now or m.utcnow()
    month_index = now.year * 12 + now.month - 1 - months
    year, month = divmod(month_index, 12)
    day = min(now.day, 28)
    return now.replace(year=year, month=month + 1, day=day)


def report(session: Session, *, stale_months: int | None = None, now: dt.datetime | None = None) -> QualityReport:
    """The data quality of the active (not archived) cards."""
    conn = session.connection()
    months = int(stale_months if stale_months is not None else settings.get(session, "stale_card_months"))
    row = conn.execute(text(
        f"SELECT count(*), {_filled('last_name')}, {_filled('first_name')}, {_filled('middle_name')}, "
        f"{_filled('company_name')}, {_filled('city')}, {_filled('address')}, "
        f"sum(CASE WHEN birth_day IS NOT NULL THEN 1 ELSE 0 END), {_filled('inn')}, {_filled('source')}, "
        f"sum(CASE WHEN kind = 'company' THEN 1 ELSE 0 END) "
        f"FROM clients WHERE archived = 0")).one()
    total = int(row[0] or 0)
    (last, first, middle, company, city, address, birthday, inn, source, companies) = (int(x or 0) for x in row[1:])
    people = total - companies
    # From the (contact_id, client_id) indexes with the few archived cards left out: joining every
    # phone to its card's row read the clients table once per phone (1.5 s at 1 M clients).
    with_phone = _count(conn, "SELECT count(DISTINCT p.client_id) FROM phones p "
                              f"WHERE p.contact_id IS NULL AND p.client_id NOT IN ({m.ARCHIVED_IDS})")
    with_email = _count(conn, "SELECT count(DISTINCT e.client_id) FROM emails e "
                              f"WHERE e.contact_id IS NULL AND e.client_id NOT IN ({m.ARCHIVED_IDS})")
    # Clients whose latest marketing consent on some channel is "granted": the consents read from
    # the covering "latest" index alone, not every card probed for its consents and their rows
    # (3.4 -> 0.9 s of CPU at 1 M clients). Named, because SQLite would pick the (client_id, …)
    # index for the DISTINCT and read each consent's row.
    consent_sql = ("SELECT count(DISTINCT k.client_id) FROM consents k INDEXED BY ix_consents_latest "
                   "WHERE k.purpose = 'marketing' AND k.status = 'granted' "
                   f"AND k.client_id NOT IN ({m.ARCHIVED_IDS}) AND NOT EXISTS ("
                   "SELECT 1 FROM consents l WHERE l.channel = k.channel AND l.purpose = k.purpose "
                   "AND l.client_id = k.client_id AND (l.at > k.at OR (l.at = k.at AND l.id > k.id)))")
    with_consent = _count(conn, consent_sql)
    completeness = [
        Completeness("last_name", last, people), Completeness("first_name", first, people),
        Completeness("middle_name", middle, people), Completeness("company_name", company, total),
        Completeness("phone", with_phone, total), Completeness("email", with_email, total),
        Completeness("city", city, total), Completeness("address", address, total),
        Completeness("birthday", birthday, people), Completeness("inn", inn, total),
        Completeness("source", source, total), Completeness("consent", with_consent, total),
    ]
    hidden = sensitive.access_of(session).hidden_builtins  # not even how many are filled (#15.4)
    completeness = [c for c in completeness if c.field not in hidden]
    cutoff = stale_cutoff(months, now)
    invalid_phone_sql = ("FROM phones p JOIN clients c ON c.id = p.client_id WHERE c.archived = 0 AND p.e164 IS NULL")
    # `valid = 0` (not `NOT valid`, which no index serves) finds them in (valid, client_id)
    invalid_email_sql = ("FROM emails e JOIN clients c ON c.id = e.client_id WHERE +c.archived = 0 AND e.valid = 0")
    # (updated_at, archived): counted from the index, listed in its order (every card was read)
    stale_sql = "FROM clients c WHERE +c.archived = 0 AND c.updated_at < :cutoff"
    return QualityReport(
        total=total, completeness=completeness,
        invalid_phones=_count(conn, f"SELECT count(*) {invalid_phone_sql}"),
        invalid_emails=_count(conn, f"SELECT count(*) FROM emails e WHERE e.valid = 0 AND e.client_id NOT IN ({m.ARCHIVED_IDS})"),
        stale_cards=_count(conn, f"SELECT count(*) {stale_sql}", {"cutoff": cutoff}),
        stale_months=months, without_consent=total - with_consent,
        invalid_phone_rows=_problems(conn, f"SELECT c.id, c.display_name, p.raw {invalid_phone_sql} ORDER BY c.sort_key"),
        invalid_email_rows=_problems(conn, f"SELECT c.id, c.display_name, coalesce(nullif(e.raw, ''), e.address) "
                                           f"{invalid_email_sql} ORDER BY c.sort_key"),
        stale_rows=_problems(conn, f"SELECT c.id, c.display_name, c.updated_at {stale_sql} ORDER BY c.updated_at",
                             {"cutoff": cutoff}),
    )


def _count(conn: Connection, sql: str, params: dict[str, Any] | None = None) -> int:
    return int(conn.execute(text(sql), params or {}).scalar() or 0)


def _problems(conn: Connection, sql: str, params: dict[str, Any] | None = None) -> list[ProblemRow]:
    rows = conn.execute(text(f"{sql} LIMIT {SAMPLE}"), params or {}).all()
    return [ProblemRow(r[0], r[1] or "", str(r[2] or "")) for r in rows]


# ---- bulk normalization -------------------------------------------------------------------------
@dataclass
class NormalizeResult:
    batch_id: int | None
    phones_fixed: int
    emails_fixed: int
    phones_invalid: int
    emails_invalid: int


def normalize_contacts(vault: Vault, *, progress: Progress | None = None,
                       should_cancel: ShouldCancel | None = None) -> NormalizeResult:
    """Re-parse every phone and e-mail from its original text; one audited, undoable batch."""
    require(vault, "edit")
    progress = progress or (lambda done, total: None)
    should_cancel = should_cancel or (lambda: False)
    make_restore_point(vault, "normalize")
    with vault.transaction() as session:
        conn = session.connection()
        total = _count(conn, "SELECT count(*) FROM phones") + _count(conn, "SELECT count(*) FROM emails")
        phone_changes, phones_invalid = _phone_changes(conn, progress, should_cancel, total)
        email_changes, emails_invalid = _email_changes(conn, progress, should_cancel, total)
        if not phone_changes and not email_changes:
            progress(total, total)
            return NormalizeResult(None, 0, 0, phones_invalid, emails_invalid)
        batch = start_batch(session, "normalize", Message("quality_normalize_label").text())
        actor = session.info.get("actor")
        entries: list[dict[str, Any]] = []
        if phone_changes:
            conn.execute(text("UPDATE phones SET e164 = :new_e164, extension = :new_ext WHERE id = :id"), phone_changes)
            entries += [{"action": "update", "entity": "phone", "entity_id": c["id"], "client_id": c["client_id"],
                         "field": "e164", "old": c["old_e164"], "new": c["new_e164"]} for c in phone_changes]
        if email_changes:
            conn.execute(text("UPDATE emails SET address = :new_address, valid = :new_valid WHERE id = :id"),
                         email_changes)
            entries += [{"action": "update", "entity": "email", "entity_id": c["id"], "client_id": c["client_id"],
                         "field": "address", "old": c["old_address"], "new": c["new_address"]} for c in email_changes]
        audit.record(conn, entries, actor=actor, batch_id=batch.id)
        search.reindex(conn, {c["client_id"] for c in phone_changes + email_changes})
        batch.undo_data = {"format": 1,
                           "phones": [[c["id"], c["old_e164"], c["old_ext"]] for c in phone_changes],
                           "emails": [[c["id"], c["old_address"], c["old_valid"]] for c in email_changes]}
        finish_batch(session, batch, {"phones_fixed": len(phone_changes), "emails_fixed": len(email_changes),
                                      "phones_invalid": phones_invalid, "emails_invalid": emails_invalid})
        progress(total, total)
        return NormalizeResult(batch.id, len(phone_changes), len(email_changes), phones_invalid, emails_invalid)


def _chunks(conn: Connection, sql: str, should_cancel: ShouldCancel) -> Any:
    last = 0
    while True:
        if should_cancel():
            raise NormalizeCancelledError()
        rows = conn.execute(text(sql), {"last": last, "n": _CHUNK}).all()
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def _phone_changes(conn: Connection, progress: Progress, should_cancel: ShouldCancel,
                   total: int) -> tuple[list[dict[str, Any]], int]:
    changes: list[dict[str, Any]] = []
    invalid = done = 0
    sql = ("SELECT p.id, p.client_id, p.raw, p.e164, p.extension, c.country FROM phones p "
           "JOIN clients c ON c.id = p.client_id WHERE p.id > :last ORDER BY p.id LIMIT :n")
    for rows in _chunks(conn, sql, should_cancel):
        for row_id, client_id, raw, e164, extension, country in rows:
            source = raw or e164 or ""
            try:
                parsed = normalize_phone(source, country or DEFAULT_REGION)
            except FieldProblem:
                if e164 is None:
                    invalid += 1
                continue
            if (parsed.e164, parsed.extension) != (e164, extension):
                if e164 is not None and parsed.extension is None and extension:
                    continue  # an extension typed separately is not lost to a re-parse
                changes.append({"id": row_id, "client_id": client_id, "old_e164": e164, "old_ext": extension,
                                "new_e164": parsed.e164, "new_ext": parsed.extension})
        done += len(rows)
        progress(done, total)
    return changes, invalid


def _email_changes(conn: Connection, progress: Progress, should_cancel: ShouldCancel,
                   total: int) -> tuple[list[dict[str, Any]], int]:
    changes: list[dict[str, Any]] = []
    invalid = 0
    done = _count(conn, "SELECT count(*) FROM phones")
    sql = "SELECT id, client_id, raw, address, valid FROM emails WHERE id > :last ORDER BY id LIMIT :n"
    for rows in _chunks(conn, sql, should_cancel):
        for row_id, client_id, raw, address, valid in rows:
            try:
                new = normalize_email(raw or address)
            except FieldProblem:
                try:
                    new = normalize_email(address)
                except FieldProblem:
                    if not valid:
                        invalid += 1
                    continue
            if new != address or not valid:
                changes.append({"id": row_id, "client_id": client_id, "old_address": address,
                                "old_valid": bool(valid), "new_address": new, "new_valid": True})
        done += len(rows)
        progress(done, total)
    return changes, invalid


def undo_normalize(vault: Vault, batch_id: int) -> int:
    """Put back the phones and e-mails a normalization changed; returns how many rows."""
    require(vault, "edit")
    with vault.session() as session:
        batch = session.get(m.Batch, batch_id)
        if batch is None or batch.kind != "normalize" or batch.status != "done" or not batch.undo_data:
            raise KnownError("quality_undo_not_possible", batch=batch_id)
    make_restore_point(vault, "normalize")
    with vault.transaction() as session:
        batch = session.get(m.Batch, batch_id)
        assert batch is not None and batch.undo_data is not None
        conn = session.connection()
        data = batch.undo_data
        phones = [{"id": i, "e164": e, "ext": x} for i, e, x in data["phones"]]
        emails = [{"id": i, "address": a, "valid": v} for i, a, v in data["emails"]]
        if phones:
            conn.execute(text("UPDATE phones SET e164 = :e164, extension = :ext WHERE id = :id"), phones)
        if emails:
            conn.execute(text("UPDATE emails SET address = :address, valid = :valid WHERE id = :id"), emails)
        touched = {r[0] for r in conn.execute(text(
            "SELECT client_id FROM phones WHERE id IN (SELECT value FROM json_each(:p)) UNION "
            "SELECT client_id FROM emails WHERE id IN (SELECT value FROM json_each(:e))"),
            {"p": _json([p["id"] for p in phones]), "e": _json([e["id"] for e in emails])})}
        audit.record(conn, [{"action": "revert", "entity": "batch", "entity_id": batch_id, "field": "normalize",
                             "new": len(phones) + len(emails)}], actor=session.info.get("actor"), batch_id=batch_id)
        search.reindex(conn, touched)
        batch.status = "undone"
        batch.undone_at = m.utcnow()
        session.flush()
        return len(phones) + len(emails)


def _json(values: list[int]) -> str:
    return json.dumps(values)
