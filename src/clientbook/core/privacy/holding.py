"""Backups that still hold erased people (SPEC §13, §11).

An erasure cannot reach into backups made before it, so it is written down — without personal data:
an id, when it happened, and since when the person was in the vault — in the vault's settings and
in each backup folder's manifest. A backup made in that window holds the person until it leaves the
rotation, which removes it `keep_erased_days` after the erasure at the latest (clientbook.core.rotation),
or until it is rewritten without them (`rewrite_backups`), after which it is marked as scrubbed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import secrets
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

from clientbook.core import backup
from clientbook.core.errors import KnownError
from clientbook.core.messages import Message, register

if TYPE_CHECKING:
    from clientbook.core.vault import Vault

ERASURES_KEY = "erasures"

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


def _aware(value: str | dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    moment = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(
        str(value).replace("Z", "+00:00").replace(" ", "T"))
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _folders(vault: Vault) -> list[Path]:
    settings = backup.load_settings(vault)
    folders = [settings.main_folder(vault.path)]
    if settings.second_folder:
        folders.append(Path(settings.second_folder))
    return [f for f in folders if f.is_dir()]


def note_erasure(vault: Vault, erasure: dict[str, Any]) -> None:
    """Write the erasure ({id, at, since}) into every backup folder's manifest."""
    for folder in _folders(vault):
        with backup.manifest_for_update(folder) as data:
            data.setdefault(ERASURES_KEY, {}).setdefault(vault.id, []).append(erasure)


def first_erasure_held(manifest: dict[str, Any], vault_id: str, file: str, made: dt.datetime) -> dt.datetime | None:
    """When the earliest erasure happened of a person that backup `file` (made at `made`) still holds."""
    row: dict[str, Any] = next((r for r in manifest.get("backups", [])
                                if r.get("file") == file and r.get("vault_id") == vault_id), {})
    scrubbed = set(row.get("scrubbed", []))
    found: dt.datetime | None = None
    for erasure in manifest.get(ERASURES_KEY, {}).get(vault_id, []):
        at, since = _aware(erasure.get("at")), _aware(erasure.get("since"))
        if at is None or erasure.get("id") in scrubbed:
            continue
        if (since is None or made >= since) and made <= at and (found is None or at < found):
            found = at
    return found


def leaves_by(rec: backup.BackupRecord, settings: backup.BackupSettings, erased_at: dt.datetime | None) -> str | None:
    """The latest date the rotation keeps this backup, as far as it can be known: a restore point's
    own term, and the erased-people term after an erasure (a regular backup may go sooner)."""
    dates = []
    if rec.kind == backup.RESTORE_POINT:
        dates.append(rec.when + dt.timedelta(days=settings.keep_restore_days))
    if erased_at is not None:
        dates.append(erased_at + dt.timedelta(days=settings.keep_erased_days))
    return min(dates).date().isoformat() if dates else None


def backups_holding(vault: Vault, *, since: str | dt.datetime | None, until: str | dt.datetime | None = None,
                    erasure_id: str | None = None) -> list[dict[str, Any]]:
    """Backups (every folder) made while the person was in the vault, with the date each leaves."""
    settings = backup.load_settings(vault)
    start, end = _aware(since), _aware(until)
    out: list[dict[str, Any]] = []
    for folder in _folders(vault):
        manifest = backup.read_manifest(folder)
        rows = {r.get("file"): r for r in manifest.get("backups", []) if r.get("vault_id") == vault.id}
        for rec in backup.records(folder, vault.id):
            if start is not None and rec.when < start - dt.timedelta(seconds=1):
                continue
            if end is not None and rec.when > end:
                continue
            if erasure_id is not None and erasure_id in rows.get(rec.file, {}).get("scrubbed", []):
                continue
            if not (folder / rec.file).exists():
                continue
            out.append({"file": rec.file, "folder": str(folder), "kind": rec.label, "created_at": rec.created_at,
                        "leaves_by": leaves_by(rec, settings, end)})
    return out


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
    from clientbook.core import migrate
    from clientbook.core.privacy.erase import erase_in_file

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
