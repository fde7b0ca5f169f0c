"""Rotation against a synthetic 18-month history (SPEC §17 check 9), table-driven, plus a dry run."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest

from clientbook.core import backup
from clientbook.core.backup import prune_folder
from clientbook.core.errors import KnownError
from clientbook.core.rotation import Policy, Snapshot, plan
from clientbook.core.vault import Vault

UTC = dt.UTC
NOW = dt.datetime(2025, 6, 30, 12, 0, tzinfo=UTC)


def history_18_months() -> list[Snapshot]:
    """A daily backup at 09:00 for 18 months, a second one at 18:00 on Mondays, a restore point weekly."""
    snaps = []
    day = NOW - dt.timedelta(days=548)
    while day <= NOW:
        morning = day.replace(hour=9)
        snaps.append(Snapshot(f"d-{morning:%Y%m%d-%H}", morning))
        if day.weekday() == 0:
            evening = day.replace(hour=18)
            if evening <= NOW:
                snaps.append(Snapshot(f"d-{evening:%Y%m%d-%H}", evening))
        if day.weekday() == 3:
            snaps.append(Snapshot(f"rp-{day:%Y%m%d}", day.replace(hour=10), restore_point=True))
        day += dt.timedelta(days=1)
    return snaps


def expected(policy: Policy, snaps: list[Snapshot]) -> set[str]:
    """The policy computed the obvious way: newest per distinct day / ISO week / month."""
    regular = sorted((s for s in snaps if not s.restore_point and s.verified), key=lambda s: s.at, reverse=True)
    keep = {s.name for s in regular[:policy.keep_last]}
    for count, key in ((policy.keep_daily, lambda t: t.date()), (policy.keep_weekly, lambda t: t.isocalendar()[:2]),
                       (policy.keep_monthly, lambda t: (t.year, t.month))):
        seen: list[object] = []
        for s in regular:
            k = key(s.at)
            if k not in seen:
                seen.append(k)
                if len(seen) <= count:
                    keep.add(s.name)
    keep |= {s.name for s in snaps if s.restore_point and s.verified
             and s.at >= NOW - dt.timedelta(days=policy.keep_restore_days)}
    newest = max((s for s in snaps if s.verified), key=lambda s: s.at)
    keep.add(newest.name)
    return keep


@pytest.mark.parametrize(("policy", "kept_regular", "kept_restore_points"), [
    # defaults: 10 last (today + 9 days back incl. one Monday evening) … monthly 12
    (Policy(), None, 4),
    (Policy(keep_last=1, keep_daily=0, keep_weekly=0, keep_monthly=0, keep_restore_days=0), 1, 0),
    (Policy(keep_last=0, keep_daily=3, keep_weekly=0, keep_monthly=0, keep_restore_days=0), 3, 0),
    (Policy(keep_last=0, keep_daily=0, keep_weekly=4, keep_monthly=0, keep_restore_days=7), 4, 1),
    (Policy(keep_last=0, keep_daily=0, keep_weekly=0, keep_monthly=24, keep_restore_days=0), 19, 0),
    (Policy(keep_last=2, keep_daily=2, keep_weekly=2, keep_monthly=2, keep_restore_days=0), None, 0),
])
def test_kept_set_matches_policy(policy: Policy, kept_regular: int | None, kept_restore_points: int) -> None:
    snaps = history_18_months()
    decided = plan(snaps, policy, now=NOW, tz=UTC)
    kept = set(decided.keep)
    assert kept == expected(policy, snaps)
    assert kept.isdisjoint(decided.remove) and len(kept) + len(decided.remove) == len(snaps)
    if kept_regular is not None:
        assert len([n for n in kept if n.startswith("d-")]) == kept_regular
    assert len([n for n in kept if n.startswith("rp-")]) == kept_restore_points
    assert "d-20250630-09" in kept  # the newest backup is always kept


def test_monthly_keeps_the_newest_of_each_month() -> None:
    decided = plan(history_18_months(), Policy(0, 0, 0, 3, 0), now=NOW, tz=UTC)
    assert sorted(decided.keep) == ["d-20250430-09", "d-20250531-09", "d-20250630-09"]


def test_newest_verified_backup_is_never_deleted() -> None:
    snaps = [Snapshot("old-ok", NOW - dt.timedelta(days=400)),
             Snapshot("new-broken", NOW - dt.timedelta(days=1), verified=False),
             Snapshot("rp-old", NOW - dt.timedelta(days=2), restore_point=True, verified=False)]
    decided = plan(snaps, Policy(keep_last=0, keep_daily=1, keep_weekly=0, keep_monthly=0), now=NOW, tz=UTC)
    assert decided.keep == {"old-ok": ["daily", "newest"], "new-broken": ["damaged"], "rp-old": ["damaged"]}
    assert decided.remove == []
    # Even a restore point, when it is the newest verified backup of all.
    only_rp = [Snapshot("rp", NOW - dt.timedelta(days=90), restore_point=True)]
    assert plan(only_rp, Policy(), now=NOW, tz=UTC).remove == []


@pytest.mark.parametrize("policy", [Policy(0, 0, 0, 0, 30), Policy(0, 0, 0, 0, 0), Policy(-1, 7, 4, 12, 30)])
def test_empty_or_negative_policy_is_refused(policy: Policy) -> None:
    with pytest.raises(KnownError) as info:
        plan(history_18_months(), policy, now=NOW)
    assert info.value.text("ru") and info.value.text("en")


def _fake_record(vault: Vault, folder: Path, name: str, at: dt.datetime, kind: str = "daily") -> dict[str, object]:
    (folder / name).write_bytes(b"x")
    rec = backup.BackupRecord(file=name, vault_id=vault.id, created_at=at.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
                              kind=kind, reason="import" if kind == "restore_point" else None, size=1, clients=0,
                              counts={}, audit_max_id=0, sha256="0" * 64, verified=True, verified_at=None)
    return dataclasses.asdict(rec)


def test_prune_folder_dry_run_then_real(vault: Vault, tmp_path: Path) -> None:
    folder = tmp_path / "bk"
    folder.mkdir()
    rows = [_fake_record(vault, folder, f"b{i:02d}.db", NOW - dt.timedelta(days=i)) for i in range(20)]
    rows.append(_fake_record(vault, folder, "rp.db", NOW - dt.timedelta(days=45), "restore_point"))
    (folder / "stranger.db").write_bytes(b"not ours")  # files not in the manifest are never touched
    (folder / "manifest.json").write_text(json.dumps({"format": 1, "settings": {}, "backups": rows}))
    policy = Policy(keep_last=3, keep_daily=5, keep_weekly=0, keep_monthly=0, keep_restore_days=30)
    dry = prune_folder(folder, vault.id, policy, now=NOW, dry_run=True, tz=UTC)
    assert dry.removed_files == [f"b{i:02d}.db" for i in range(5, 20)] + ["rp.db"]
    assert all((folder / n).exists() for n in dry.removed_files)  # a dry run deletes nothing
    assert len(backup.records(folder, vault.id)) == 21
    real = prune_folder(folder, vault.id, policy, now=NOW, tz=UTC)
    assert real.removed_files == dry.removed_files
    assert sorted(p.name for p in folder.glob("*.db")) == ["b00.db", "b01.db", "b02.db", "b03.db", "b04.db",
                                                            "stranger.db"]
    assert [r.file for r in backup.records(folder, vault.id)] == ["b00.db", "b01.db", "b02.db", "b03.db", "b04.db"]


def test_backups_are_pruned_after_each_backup(vault: Vault) -> None:
    settings = backup.load_settings(vault)
    settings.keep_last, settings.keep_daily, settings.keep_weekly, settings.keep_monthly = 2, 0, 0, 0
    backup.save_settings(vault, settings)
    made = [backup.make_backup(vault).path for _ in range(4)]
    assert [p.exists() for p in made] == [False, False, True, True]
    assert len(backup.list_backups(vault)) == 2


def _damage(path: Path) -> None:
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 0x10
    path.write_bytes(bytes(raw))


def test_a_damaged_backup_survives_rotation_and_restore_until_removed(vault: Vault) -> None:
    """Rotation never deletes evidence: a backup verification found damaged stays on disk and in the
    list through later backups (each prunes) and a restore, until the user removes it."""
    from clientbook.core import restore
    from clientbook.core.clients import ClientInput, create_client

    settings = backup.load_settings(vault)
    settings.keep_last, settings.keep_daily, settings.keep_weekly, settings.keep_monthly = 1, 0, 0, 0
    backup.save_settings(vault, settings)
    with vault.transaction() as s:
        create_client(s, ClientInput(last_name="Сохранова"))
    folder = settings.main_folder(vault.path)
    broken = backup.make_backup(vault).path
    _damage(broken)
    assert not backup.verify_backup(broken, vault.raw_key).ok
    good = backup.make_backup(vault).path  # prunes: keep_last=1
    backup.make_backup(vault)
    assert broken.exists() and not good.exists()
    listed = {r.file: r for r in backup.list_backups(vault)}
    assert listed[broken.name].verified is False and listed[broken.name].problem
    newest = backup.list_backups(vault)[0]
    path = vault.path
    result = restore.restore_vault(vault, folder / newest.file)  # makes a restore point, which prunes
    reopened = restore.reopen_and_record(path, result.raw_key, newest.file)
    try:
        assert broken.exists()
        assert broken.name in {r.file for r in backup.list_backups(reopened) if not r.verified}
        assert broken.name not in rotation_removed(reopened)
        backup.remove_backup(folder, reopened.id, broken.name)
        assert not broken.exists()
        assert broken.name not in {r.file for r in backup.list_backups(reopened)}
        with pytest.raises(KnownError) as info:
            backup.remove_backup(folder, reopened.id, "../clientbook.db")
        assert info.value.message.code == "backup_not_listed" and path.exists()
    finally:
        reopened.close()


def rotation_removed(vault: Vault) -> list[str]:
    settings = backup.load_settings(vault)
    return prune_folder(settings.main_folder(vault.path), vault.id, backup.policy_of(settings),
                        dry_run=True).removed_files
