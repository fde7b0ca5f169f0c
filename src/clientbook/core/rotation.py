"""Which backups to keep, the way restic and borg `forget` decide (SPEC §11).

Regular backups (daily, manual, on close) are kept by the usual buckets: the last N, then the newest
one of each of the last N days, ISO weeks and months (local time). Restore points form their own
series, kept for a number of days. Whatever the policy, the newest verified backup is never deleted,
and a policy that would keep nothing is refused. A backup that failed verification takes no slot
and is never deleted by rotation: it is evidence of a failing disk or of tampering, so it stays (and
stays listed as damaged) until the user removes it (`backup.remove_backup`).

One rule overrides them all, the newest-backup guarantee and damaged copies included: a backup that
still holds a person erased since it was made (SPEC §13) goes `keep_erased_days` after that erasure
(default 30, the 152-ФЗ term), unless it was rewritten without them (clientbook.core.privacy.holding).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from clientbook.core.errors import KnownError
from clientbook.core.messages import register

register({
    "retention_empty": {
        "ru": "Правило хранения пустое: оно удалило бы все резервные копии. Укажите хотя бы одно число больше нуля.",
        "en": "The retention policy is empty: it would delete every backup. Set at least one number above zero.",
    },
    "retention_negative": {
        "ru": "Количество хранимых копий не может быть отрицательным.",
        "en": "The number of backups to keep cannot be negative.",
    },
})


@dataclass(frozen=True)
class Policy:
    keep_last: int = 10
    keep_daily: int = 7
    keep_weekly: int = 4
    keep_monthly: int = 12
    keep_restore_days: int = 30
    keep_erased_days: int = 30

    def validate(self) -> None:
        numbers = (self.keep_last, self.keep_daily, self.keep_weekly, self.keep_monthly, self.keep_restore_days,
                   self.keep_erased_days)
        if any(n < 0 for n in numbers):
            raise KnownError("retention_negative")
        if not any((self.keep_last, self.keep_daily, self.keep_weekly, self.keep_monthly)):
            raise KnownError("retention_empty")


@dataclass(frozen=True)
class Snapshot:
    """What rotation needs to know about one backup."""

    name: str
    at: dt.datetime  # timezone-aware
    restore_point: bool = False
    verified: bool = True
    holds_erased_at: dt.datetime | None = None  # the first erasure of a person this backup still holds


@dataclass
class Plan:
    keep: dict[str, list[str]] = field(default_factory=dict)  # name -> reasons ("last", "daily"…)
    remove: list[str] = field(default_factory=list)  # names, newest first


Bucket = Callable[[dt.datetime], object]
BUCKETS: tuple[tuple[str, Bucket], ...] = (
    ("daily", lambda t: t.date()),
    ("weekly", lambda t: t.isocalendar()[:2]),
    ("monthly", lambda t: (t.year, t.month)),
)


def plan(snapshots: Sequence[Snapshot], policy: Policy, *, now: dt.datetime,
         tz: dt.tzinfo | None = None) -> Plan:
    """Decide keep/remove for every snapshot; nothing is touched here (this is the dry run)."""
    policy.validate()
    ordered = sorted(snapshots, key=lambda s: s.at, reverse=True)
    result = Plan()

    def keep(snap: Snapshot, why: str) -> None:
        result.keep.setdefault(snap.name, []).append(why)

    regular = [s for s in ordered if not s.restore_point and s.verified]
    for snap in regular[:policy.keep_last]:
        keep(snap, "last")
    for why, bucket in BUCKETS:
        remaining = getattr(policy, f"keep_{why}")
        last_value: object = None
        for snap in regular:
            if remaining <= 0:
                break
            value = bucket(snap.at.astimezone(tz))
            if value != last_value:
                keep(snap, why)
                last_value = value
                remaining -= 1
    horizon = now - dt.timedelta(days=policy.keep_restore_days)
    for snap in ordered:
        if snap.restore_point and snap.verified and snap.at >= horizon:
            keep(snap, "restore_point")
    for snap in ordered:
        if not snap.verified:
            keep(snap, "damaged")
    newest_verified = next((s for s in ordered if s.verified), None)
    if newest_verified is not None:
        keep(newest_verified, "newest")
    for snap in ordered:
        if snap.holds_erased_at is not None and now >= snap.holds_erased_at + dt.timedelta(
                days=policy.keep_erased_days):
            result.keep.pop(snap.name, None)
    result.remove = [s.name for s in ordered if s.name not in result.keep]
    return result


@dataclass
class PruneResult:
    plan: Plan
    removed_files: list[str]
    dry_run: bool


def prune_folder(folder: Path, vault_id: str, policy: Policy, *, now: dt.datetime | None = None,
                 dry_run: bool = False, tz: dt.tzinfo | None = None) -> PruneResult:
    """Apply the policy to one folder's backups of one vault; records of vanished files are dropped."""
    from clientbook.core import backup

    moment = now or dt.datetime.now(dt.UTC)
    from clientbook.core.privacy.holding import first_erasure_held

    recs = backup.records(folder, vault_id)
    manifest = backup.read_manifest(folder)
    snaps = [Snapshot(r.file, r.when, r.kind == backup.RESTORE_POINT, r.verified,
                      first_erasure_held(manifest, vault_id, r.file, r.when)) for r in recs]
    decided = plan(snaps, policy, now=moment, tz=tz)
    if dry_run:
        return PruneResult(decided, list(decided.remove), True)
    removed: list[str] = []
    doomed = set(decided.remove)
    for name in decided.remove:
        try:
            (folder / name).unlink()
        except FileNotFoundError:
            pass
        except OSError:
            doomed.discard(name)  # could not delete: keep listing it
            continue
        removed.append(name)
    vanished = {r.file for r in recs if not (folder / r.file).exists()}
    with backup.manifest_for_update(folder) as data:
        data["backups"] = [row for row in data["backups"]
                           if not (row.get("vault_id") == vault_id and row.get("file") in doomed | vanished)]
    return PruneResult(decided, removed, False)
