"""Backups that still hold an erased person: listed with the date they leave, and never kept longer
than `keep_erased_days` after the erasure — newest backup included — unless rewritten without them."""

from __future__ import annotations

import dataclasses
import datetime as dt

from clientbook.core import backup
from clientbook.core import clients as svc
from clientbook.core.backup import prune_folder
from clientbook.core.clients import ClientInput
from clientbook.core.privacy import erase as erasing
from clientbook.core.rotation import Policy, Snapshot, first_erasure_held, plan
from clientbook.core.vault import Vault

UTC = dt.UTC
NOW = dt.datetime(2026, 12, 2, 12, 0, tzinfo=UTC)


def test_plan_drops_every_backup_holding_an_erased_person_after_the_term() -> None:
    erased = NOW - dt.timedelta(days=31)
    snaps = [Snapshot("monthly-old", NOW - dt.timedelta(days=200), holds_erased_at=erased),
             Snapshot("newest", NOW - dt.timedelta(days=40), holds_erased_at=erased),
             Snapshot("rp", NOW - dt.timedelta(days=32), restore_point=True, holds_erased_at=erased),
             Snapshot("recent-hold", NOW - dt.timedelta(days=32), holds_erased_at=NOW - dt.timedelta(days=5))]
    decided = plan(snaps, Policy(keep_restore_days=365), now=NOW)
    assert set(decided.remove) == {"monthly-old", "newest", "rp"}
    assert "recent-hold" in decided.keep
    kept_longer = plan(snaps, Policy(keep_restore_days=365, keep_erased_days=60), now=NOW)
    assert kept_longer.remove == []


def test_erase_lists_holding_backups_and_rotation_removes_them_by_the_date(vault: Vault) -> None:
    with vault.transaction() as s:
        earlier = svc.create_client(s, ClientInput(last_name="Ранний")).id
    old = backup.make_backup(vault, "manual", now=dt.datetime.now(UTC) - dt.timedelta(days=3))
    with vault.transaction() as s:
        person = svc.create_client(s, ClientInput(last_name="Стираемая", phones=["+7 916 010-20-30"])).id
    holds = backup.make_backup(vault, "manual")
    result = erasing.erase(vault, person, "request")
    files = {item["file"]: item for item in result.holding}
    # made before the person existed: does not hold them; the manual copy and the restore point do
    assert old.path.name not in files and holds.path.name in files
    assert [item["kind"] for item in result.holding].count("erase") == 1
    deadline = (result.at + dt.timedelta(days=30)).date().isoformat()
    assert {item["leaves_by"] for item in result.holding} == {deadline}

    folder = backup.load_settings(vault).main_folder(vault.path)
    after = dt.datetime.now(UTC) + dt.timedelta(days=31)
    pruned = prune_folder(folder, vault.id, backup.policy_of(backup.load_settings(vault)), now=after)
    assert set(pruned.removed_files) == set(files)
    assert (folder / old.path.name).exists()
    with vault.session() as s:
        assert svc.get_client(s, earlier).last_name == "Ранний"


def test_a_rewritten_backup_no_longer_holds_the_person(vault: Vault) -> None:
    with vault.transaction() as s:
        person = svc.create_client(s, ClientInput(last_name="Переписанная")).id
    backup.make_backup(vault, "manual")
    result = erasing.erase(vault, person, "end_of_purpose")
    erasure = {"id": result.erasure_id, "at": result.at.isoformat() + "+00:00"}
    done = erasing.rewrite_backups(vault, erasure, person, result.holding)
    assert len(done.rewritten) == 2 and done.problems == []
    folder = backup.load_settings(vault).main_folder(vault.path)
    manifest = backup.read_manifest(folder)
    for rec in backup.records(folder, vault.id):
        assert first_erasure_held(manifest, vault.id, rec.file, rec.when) is None
        assert rec.verified
    settings = dataclasses.replace(backup.load_settings(vault))
    pruned = prune_folder(folder, vault.id, backup.policy_of(settings),
                          now=dt.datetime.now(UTC) + dt.timedelta(days=31), dry_run=True)
    assert pruned.removed_files == []
