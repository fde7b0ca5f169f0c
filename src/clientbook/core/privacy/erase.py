"""Erasure of one person (SPEC §13, §17 check 20; 152-ФЗ art. 21, GDPR art. 17).

After a restore point (itself listed as holding the person), in one transaction with
`secure_delete` on: the card and everything linked are deleted (phones, e-mails, contact persons,
history, reminders, consents, custom values, tags' links, "not duplicates"); purchases keep their
date and amount in `anonymous_purchases`, without the person; the search index rows go and the index
is optimized into one new segment, so no deleted token is left in `client_fts_data`; batch labels and
undo data that name the person are neutralized; audit entries about them are redacted (content and
salt blanked, hashes kept, so the chain verifies). The erasure is audited with counts only. Then the
file is vacuumed and the WAL truncated, so no page of the file, free pages included, keeps the data.

The ORM is bypassed on purpose: its audit hook would write the deleted values into new entries.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import secrets
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import Connection, create_engine, text
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from clientbook.core import audit, backup, cipher, migrate, search
from clientbook.core import models as m
from clientbook.core import settings as settings_store
from clientbook.core.errors import KnownError
from clientbook.core.messages import Message, register
from clientbook.core.privacy import holding
from clientbook.core.privacy.scope import merge_batches, person_ids
from clientbook.core.restore_points import restore_point_before
from clientbook.core.rights import require

if TYPE_CHECKING:
    from clientbook.core.vault import Vault

log = logging.getLogger(__name__)
GROUNDS = ("withdrawal", "request", "end_of_purpose")
ERASURES_SETTING = "privacy.erasures"
MIN_NEEDLE = 5  # shorter values (a first name alone, a city) would blank other people's entries

register({
    "privacy_rewrite_old_schema": {
        "ru": "Копия «{file}» сделана старой версией программы и не может быть переписана; она уйдёт из ротации {date}.",
        "en": "The backup “{file}” was made by an older version and cannot be rewritten; it leaves the rotation on {date}.",
    },
    "privacy_rewrite_failed": {
        "ru": "Копию «{file}» не удалось переписать ({detail}); она уйдёт из ротации {date}.",
        "en": "The backup “{file}” could not be rewritten ({detail}); it leaves the rotation on {date}.",
    },
})

register({
    "privacy_ground_unknown": {
        "ru": "Основание «{value}» неизвестно: укажите withdrawal (отзыв согласия), request (требование субъекта) "
              "или end_of_purpose (достижение цели обработки).",
        "en": "The ground “{value}” is unknown: use withdrawal (consent withdrawn), request (the person's request) "
              "or end_of_purpose (purpose of processing achieved).",
    },
    "privacy_erase_label": {"ru": "Уничтожение персональных данных", "en": "Erasure of personal data"},
    "privacy_erased_merge_label": {
        "ru": "Объединение {count} карточек (данные уничтожены)",
        "en": "Merge of {count} cards (data erased)",
    },
    "privacy_erased_label": {"ru": "(данные уничтожены)", "en": "(data erased)"},
    "privacy_erased": {
        "ru": "Персональные данные уничтожены: {rows} записей удалено, {purchases} покупок обезличено, "
              "{redacted} записей журнала очищено.",
        "en": "Personal data erased: {rows} rows deleted, {purchases} purchases anonymised, "
              "{redacted} change-log entries redacted.",
    },
})

# tables holding the person's rows, counted for the act (deleted by the clients FK cascades)
LINKED = ("phones", "emails", "contact_persons", "interactions", "purchases", "reminders", "consents",
          "custom_values", "client_tags")


@dataclasses.dataclass
class EraseResult:
    client_id: int
    ground: str
    at: dt.datetime
    actor: str
    batch_id: int
    erasure_id: str
    counts: dict[str, int]
    anonymised_purchases: int
    redacted_entries: int
    subject: str  # the name, for the act only: kept in memory, never written to the vault
    restore_point: str | None
    holding: list[dict[str, Any]]
    log_extract: list[dict[str, Any]]
    vacuumed: bool = True

    def message(self) -> Message:
        return Message("privacy_erased", {"rows": sum(self.counts.values()), "purchases": self.anonymised_purchases,
                                          "redacted": self.redacted_entries})


def _in(ids: list[int]) -> str:
    return ",".join(str(int(i)) for i in ids)


def _needles(conn: Connection, ids: list[int]) -> list[str]:
    """Values that identify the person (name, ИНН, phones, e-mails, contact persons' names), looked
    for where rows are not linked to them by id: merge labels and undo data, entries about a merge.

    Free text (notes, history, evidence) is left out on purpose: it is linked by id wherever it is
    stored, and generic phrases ("Обсудили заказ") would blank other people's entries.
    """
    who = _in(ids)
    values: set[str] = set()
    for sql in (f"SELECT display_name, inn FROM clients WHERE id IN ({who})",
                f"SELECT e164, raw FROM phones WHERE client_id IN ({who})",
                f"SELECT address, raw FROM emails WHERE client_id IN ({who})",
                f"SELECT trim(coalesce(last_name, '') || ' ' || coalesce(first_name, '')), NULL "
                f"FROM contact_persons WHERE client_id IN ({who})",
                # the names of merged-away cards live only in the merge snapshots and audit
                f"SELECT old, NULL FROM audit WHERE action = 'merge' AND client_id IN ({who})"):
        for row in conn.execute(text(sql)):
            values.update(v for v in row if isinstance(v, str))
    return sorted({v.strip() for v in values if v and len(v.strip()) >= MIN_NEEDLE}, key=len, reverse=True)


def _mentions(value: Any, needles: list[str]) -> bool:
    blob = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return any(n in blob for n in needles)


def _blank(value: Any, needles: list[str]) -> Any:
    """Any string naming the person blanked, anywhere in a JSON value; dicts about them dropped."""
    if isinstance(value, dict):
        return {key: _blank(item, needles) for key, item in value.items()}
    if isinstance(value, list):
        return [_blank(item, needles) for item in value]
    if isinstance(value, str) and _mentions(value, needles):
        return None
    return value


def _scrub(undo: Any, ids: set[int], rows: dict[str, set[int]], needles: list[str]) -> Any:
    """Undo data without the person: the parts keyed by their card or row ids go (the rows are gone,
    so undoing them is moot), then every string naming them is blanked.

    Import undo: clients {card id: old values}, custom_old {custom value id: old text}, tag_links
    [[card, tag]], report rows [row, status, name, card, reasons], review pairs [card, card, why, value];
    normalize undo: phones/emails
    [[row id, old value, …]]."""
    if not isinstance(undo, dict):
        return _blank(undo, needles)
    out = dict(undo)
    if isinstance(out.get("clients"), dict):
        out["clients"] = {k: v for k, v in out["clients"].items() if not (k.isdigit() and int(k) in ids)}
    if isinstance(out.get("custom_old"), dict):
        out["custom_old"] = {k: v for k, v in out["custom_old"].items()
                             if not (k.isdigit() and int(k) in rows["custom_values"])}
    if isinstance(out.get("tag_links"), list):
        out["tag_links"] = [link for link in out["tag_links"] if not (isinstance(link, list) and link[:1]
                                                                       and link[0] in ids)]
    if isinstance(out.get("report"), list):
        out["report"] = [[r[0], r[1], None, None, []] if isinstance(r, list) and len(r) == 5 and r[3] in ids else r
                         for r in out["report"]]
    if isinstance(out.get("review"), list):  # pairs an import kept apart for the duplicates review
        out["review"] = [pair for pair in out["review"]
                         if not (isinstance(pair, list) and len(pair) >= 2 and (pair[0] in ids or pair[1] in ids))]
    for table in ("phones", "emails", "custom_values"):
        if isinstance(out.get(table), list):
            out[table] = [item for item in out[table]
                          if (item[0] if isinstance(item, list) and item else item) not in rows[table]]
    return _blank(out, needles)


def _row_ids(conn: Connection, ids: list[int]) -> dict[str, set[int]]:
    who = _in(ids)
    return {table: {r[0] for r in conn.execute(text(f"SELECT id FROM {table} WHERE client_id IN ({who})"))}
            for table in ("phones", "emails", "custom_values")}


def _scrub_batches(conn: Connection, ids: list[int], rows: dict[str, set[int]], needles: list[str]) -> int:
    merges = set(merge_batches(conn, ids))
    wanted = set(ids)
    changed = 0
    for batch_id, label, undo_raw, totals_raw in conn.execute(text(
            "SELECT id, label, undo_data, totals FROM batches")).all():
        undo = json.loads(undo_raw) if isinstance(undo_raw, str) else undo_raw
        totals = json.loads(totals_raw) if isinstance(totals_raw, str) else totals_raw
        new_label, new_undo, new_totals = label, undo, totals
        if batch_id in merges:
            count = 1 + len((undo or {}).get("removed", [])) if isinstance(undo, dict) else 2
            new_label = Message("privacy_erased_merge_label", {"count": count}).text()
            new_undo = None  # the snapshot is the person's cards: undoing this merge is no longer possible
            if isinstance(totals, dict) and totals.get("survivor") in wanted:
                new_totals = {**totals, "survivor": None}
        else:
            if isinstance(label, str) and _mentions(label, needles):
                new_label = Message("privacy_erased_label").text()
            if undo is not None:
                new_undo = _scrub(undo, wanted, rows, needles)
            if totals is not None and _mentions(totals, needles):
                new_totals = _blank(totals, needles)
        if (new_label, new_undo, new_totals) != (label, undo, totals):
            conn.execute(text("UPDATE batches SET label = :l, undo_data = :u, totals = :t WHERE id = :id"),
                         {"l": new_label, "u": None if new_undo is None else json.dumps(new_undo, ensure_ascii=False),
                          "t": None if new_totals is None else json.dumps(new_totals, ensure_ascii=False),
                          "id": batch_id})
            changed += 1
    return changed


def _audit_ids(conn: Connection, ids: list[int], needles: list[str]) -> list[int]:
    who = _in(ids)
    found = [r[0] for r in conn.execute(text(f"SELECT id FROM audit WHERE client_id IN ({who}) "
                                             f"AND redacted_at IS NULL"))]
    found += [r[0] for r in conn.execute(text(
        f"SELECT id FROM audit WHERE entity = 'client' AND entity_id IN ({who}) AND redacted_at IS NULL"))]
    if needles:
        marks = " OR ".join(f"instr(coalesce(old, '') || char(31) || coalesce(new, ''), :n{i}) > 0"
                            for i in range(len(needles)))
        found += [r[0] for r in conn.execute(text(
            f"SELECT id FROM audit WHERE redacted_at IS NULL AND ({marks})"),
            {f"n{i}": n for i, n in enumerate(needles)})]
    return sorted(set(found))


def _erase_rows(conn: Connection, client_id: int, *, erased_at: dt.datetime) -> dict[str, Any]:
    """Everything of the person out of one database, in the caller's transaction. Returns counts."""
    ids = person_ids(conn, client_id)
    who = _in(ids)
    needles = _needles(conn, ids)
    counts = {"clients": len(conn.execute(text(f"SELECT id FROM clients WHERE id IN ({who})")).all())}
    for table in LINKED:
        counts[table] = int(conn.execute(text(f"SELECT count(*) FROM {table} WHERE client_id IN ({who})")).scalar() or 0)
    anonymised = conn.execute(text(
        f"INSERT INTO anonymous_purchases (date, amount_minor, currency, quantity, paid, erased_at) "
        f"SELECT date, amount_minor, currency, quantity, paid, :at FROM purchases WHERE client_id IN ({who}) "
        f"ORDER BY date, id"), {"at": erased_at}).rowcount
    audit_ids = _audit_ids(conn, ids, needles)
    rows = _row_ids(conn, ids)
    conn.execute(text(f"DELETE FROM not_duplicates WHERE client_a IN ({who}) OR client_b IN ({who})"))
    conn.execute(text(f"DELETE FROM clients WHERE id IN ({who})"))  # FK cascades take the linked rows
    for table in LINKED:  # in case a row escaped the cascade (foreign keys off in some old file)
        conn.execute(text(f"DELETE FROM {table} WHERE client_id IN ({who})"))
    conn.execute(text(f"DELETE FROM client_stats WHERE client_id IN ({who})"))
    search.reindex(conn, ids)
    # One new segment from the live rows: the deleted rows' tokens are not left in client_fts_data.
    conn.execute(text("INSERT INTO client_fts(client_fts) VALUES ('optimize')"))
    batches = _scrub_batches(conn, ids, rows, needles)
    redacted = audit.redact(conn, audit_ids)
    return {"ids": ids, "counts": counts, "anonymised": anonymised, "redacted": redacted, "batches": batches}


def _vacuum(raw: sqlcipher.Connection) -> bool:
    """Rewrite the file from its live rows and empty the WAL: no old page content stays anywhere.

    Belt and braces: SQLCipher builds with secure_delete on, so freed cells and pages were zeroed when
    freed; VACUUM also covers a file once written with it off. If another connection keeps it from
    running (a reader in the app), the erasure stands and the result says the file was not vacuumed.
    """
    raw.isolation_level = None
    raw.execute("PRAGMA secure_delete = ON")
    try:
        raw.execute("VACUUM")
        vacuumed = True
    except sqlcipher.OperationalError as exc:
        log.warning("VACUUM after an erasure did not run: %s", type(exc).__name__)
        vacuumed = False
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return vacuumed


def erase(vault: Vault, client_id: int, ground: str = "request", *, restore_point: bool = True,
          progress: Callable[[int, int], None] | None = None) -> EraseResult:
    """Erase one person; see the module docstring. Raises KnownError for a bad ground or unknown id."""
    require(vault, "edit")
    if ground not in GROUNDS:
        raise KnownError("privacy_ground_unknown", value=ground)
    report = progress or (lambda done, total: None)
    with vault.session() as session:  # an unknown id is refused before any restore point
        conn = session.connection()
        ids = person_ids(conn, client_id)
        subject = conn.execute(text("SELECT display_name FROM clients WHERE id = :id"), {"id": client_id}).scalar()
        since = conn.execute(text(f"SELECT min(at) FROM audit WHERE client_id IN ({_in(ids)})")).scalar()
        created = conn.execute(text("SELECT created_at FROM clients WHERE id = :id"), {"id": client_id}).scalar()
        since = min(x for x in (since, created) if x is not None) if (since or created) else None
    report(0, 4)
    point = restore_point_before(vault, "erase") if restore_point else None
    report(1, 4)
    erased_at = m.utcnow()
    erasure_id = secrets.token_hex(8)
    with vault.transaction() as session:
        session.info["audit_disabled"] = True  # the hook would copy the deleted values into the log
        conn = session.connection()
        conn.exec_driver_sql("PRAGMA secure_delete = ON")
        try:
            last_before = int(conn.execute(text("SELECT coalesce(max(id), 0) FROM audit")).scalar() or 0)
            batch = m.Batch(kind="erase", label=Message("privacy_erase_label").text(), actor=vault.actor)
            session.add(batch)
            session.flush()
            done = _erase_rows(conn, client_id, erased_at=erased_at)
            totals = {"ground": ground, "deleted": done["counts"], "anonymised_purchases": done["anonymised"],
                      "redacted_entries": done["redacted"], "batches_scrubbed": done["batches"]}
            audit.record(conn, [{"action": "erase", "entity": "client", "entity_id": client_id, "field": ground,
                                 "new": totals}], actor=vault.actor, batch_id=batch.id)
            erasure: dict[str, Any] = {"id": erasure_id, "at": erased_at.isoformat() + "+00:00",
                       "since": (str(since).replace(" ", "T") + "+00:00") if since else None,
                       "batch_id": batch.id, "ground": ground}
            known = settings_store.get(session, ERASURES_SETTING) or []
            batch.status = "done"
            batch.finished_at = m.utcnow()
            batch.totals = totals
            session.flush()
            session.info["audit_disabled"] = False  # the erasure note (no personal data) is audited as usual
            settings_store.put(session, ERASURES_SETTING, [*known, erasure])
            session.flush()
            extract = [dict(r._mapping) for r in conn.execute(text(
                "SELECT id, at, actor, action, entity, entity_id, field, new, hash FROM audit WHERE id > :last "
                "ORDER BY id"), {"last": last_before})]
        finally:
            conn.exec_driver_sql("PRAGMA secure_delete = OFF")
    report(2, 4)
    raw = vault.raw_connection()
    try:
        vacuumed = _vacuum(raw)
    finally:
        raw.close()
    report(3, 4)
    holding.note_erasure(vault, erasure)
    held = holding.backups_holding(vault, since=erasure["since"], until=erasure["at"], erasure_id=erasure_id)
    report(4, 4)
    return EraseResult(client_id, ground, erased_at, vault.actor, batch.id, erasure_id, done["counts"],
                       done["anonymised"], done["redacted"], str(subject or ""), point.name if point else None,
                       held, extract, vacuumed)


def erase_in_file(path: Path, raw_key: bytes, client_id: int) -> None:
    """The same erasure inside another vault file (a backup being rewritten), then vacuumed.

    Its audit chain must still verify afterwards; the file is left in its own journal mode."""

    def connect() -> sqlcipher.Connection:
        conn = cipher.keyed(sqlcipher.connect(str(path), check_same_thread=False), raw_key)
        conn.isolation_level = None
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA temp_store = MEMORY")
        return conn

    engine = create_engine("sqlite://", creator=connect, module=sqlcipher, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("BEGIN")
            conn.exec_driver_sql("PRAGMA secure_delete = ON")
            exists = conn.execute(text("SELECT 1 FROM clients WHERE id = :id"), {"id": client_id}).first()
            if exists is not None:
                _erase_rows(conn, client_id, erased_at=m.utcnow())
            conn.exec_driver_sql("COMMIT")
            with Session(bind=conn) as session:
                if not audit.verify_audit_chain(session).ok:
                    raise KnownError("backup_verify_failed", detail="audit chain")
        raw = connect()
        try:
            raw.execute("PRAGMA secure_delete = ON")
            raw.execute("VACUUM")
        finally:
            raw.close()
    finally:
        engine.dispose()


@dataclasses.dataclass
class RewriteResult:
    rewritten: list[str]
    problems: list[Message]


def rewrite_backups(vault: Vault, erasure: dict[str, Any], client_id: int,
                    holding: list[dict[str, Any]]) -> RewriteResult:
    """Erase the person from each backup that holds them: a copy is erased and vacuumed and fully
    checked (page HMACs, integrity, audit chain), put in place, its manifest entry updated (hash, counts,
    scrubbed) and then verified again like any backup. A backup of an older schema, or made with
    another password, is left for the rotation (the result says until when)."""
    result = RewriteResult([], [])
    head = migrate.head_revision()
    for item in holding:
        folder, name = Path(item["folder"]), item["file"]
        path = folder / name
        when = item.get("leaves_by") or ""
        if not backup.opens_with_key(path, vault.raw_key):
            result.problems.append(Message("privacy_rewrite_failed", {"file": name, "detail": "password", "date": when}))
            continue
        conn = backup.open_readonly(path, vault.raw_key)
        try:
            revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        finally:
            conn.close()
        if revision != head:
            result.problems.append(Message("privacy_rewrite_old_schema", {"file": name, "date": when}))
            continue
        temp = folder / f".{name}{backup.TEMP_MARK}{secrets.token_hex(4)}"
        try:
            backup.create_private(temp)
            shutil.copyfile(path, temp)
            erase_in_file(temp, vault.raw_key, client_id)
            outcome = backup.check_file(temp, vault.raw_key)
            if not outcome.ok:
                raise KnownError("backup_verify_failed", detail=outcome.problems[0])
            backup.fsync_file(temp)
            temp.replace(path)
            backup.fsync_dir(folder)
        except (OSError, KnownError) as exc:
            for leftover in (temp, temp.with_name(temp.name + "-journal")):
                leftover.unlink(missing_ok=True)
            detail = exc.text() if isinstance(exc, KnownError) else type(exc).__name__
            result.problems.append(Message("privacy_rewrite_failed", {"file": name, "detail": detail, "date": when}))
            continue
        with backup.manifest_for_update(folder) as data:
            for row in data["backups"]:
                if row.get("file") == name and row.get("vault_id") == vault.id:
                    row["scrubbed"] = sorted({*row.get("scrubbed", []), erasure["id"]})
                    row.update(sha256=backup.sha256_of(path), size=path.stat().st_size, counts=outcome.counts,
                               clients=outcome.counts.get("clients", 0))
        verified = backup.verify_backup(path, vault.raw_key)
        if verified.ok:
            result.rewritten.append(name)
        else:
            result.problems.append(Message("privacy_rewrite_failed", {
                "file": name, "detail": (verified.problems or ["?"])[0], "date": when}))
    return result
