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
from typing import Any

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


ERASURES_KEY = "erasures"  # the manifest's list of erasures per vault id (SPEC §13)

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


def aware(value: str | dt.datetime | None) -> dt.datetime | None:
    """A moment with a time zone (UTC when it has none), from an ISO string or a datetime."""
    if value is None:
        return None
    moment = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(
        str(value).replace("Z", "+00:00").replace(" ", "T"))
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def first_erasure_held(manifest: dict[str, Any], vault_id: str, file: str, made: dt.datetime) -> dt.datetime | None:
    """When the earliest erasure happened of a person that backup `file` (made at `made`) still holds.

    Erasures are listed in the manifest under ERASURES_KEY (clientbook.core.privacy.holding writes them)."""
    row: dict[str, Any] = next((r for r in manifest.get("backups", [])
                                if r.get("file") == file and r.get("vault_id") == vault_id), {})
    scrubbed = set(row.get("scrubbed", []))
    found: dt.datetime | None = None
    for erasure in manifest.get(ERASURES_KEY, {}).get(vault_id, []):
        at, since = aware(erasure.get("at")), aware(erasure.get("since"))
        if at is None or erasure.get("id") in scrubbed:
            continue
        if (since is None or made >= since) and made <= at and (found is None or at < found):
            found = at
    return found
