"""Backups that still hold erased people (SPEC §13, §11).

An erasure cannot reach into backups made before it, so it is written down — without personal data:
an id, when it happened, and since when the person was in the vault — in the vault's settings and
in each backup folder's manifest. A backup made in that window holds the person until it leaves the
rotation, which removes it `keep_erased_days` after the erasure at the latest (clientbook.core.rotation),
or until it is rewritten without them (`erase.rewrite_backups`), after which it is marked as scrubbed.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from clientbook.core import backup
from clientbook.core.rotation import ERASURES_KEY, aware

if TYPE_CHECKING:
    from clientbook.core.vault import Vault



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
    start, end = aware(since), aware(until)
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
