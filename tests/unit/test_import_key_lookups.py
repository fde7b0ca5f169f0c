"""A file far smaller than the base is matched by looking its keys up: exactly as if every key were loaded.

Each case imports the same small file into two identical bases, once with the base's keys loaded
(as for a big file) and once looked up per chunk, and compares everything a user could see: the
totals, every row's outcome and reasons, the pairs sent to the duplicates review, and the cards,
contacts, codes, purchases and history entries that end in the base.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from clientbook.core.importing import ImportOptions, bulk_indexes, key_lookups, run_import
from import_cases import HISTORY, PURCHASES, UPDATE, base_vault, seen
from import_support import counts, write_csv


@pytest.mark.parametrize(("name", "options"), [
    ("update", ImportOptions(on_duplicate="fill")),
    ("update", ImportOptions(on_duplicate="fill", match_names=True)),
    ("update", ImportOptions(on_duplicate="overwrite")),
    ("update", ImportOptions(on_duplicate="skip")),
    ("purchases", ImportOptions(kind="purchases")),
    ("history", ImportOptions(kind="history")),
])
# defer_from 5: the small tables' scattered indexes are dropped meanwhile, as for a file of 5,000 rows or more
@pytest.mark.parametrize("defer_from", [5000, 5])
def test_looked_up_keys_match_as_loaded_keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str,
                                             options: ImportOptions, defer_from: int) -> None:
    monkeypatch.setattr(bulk_indexes, "DEFER_FROM", defer_from)
    source = write_csv(tmp_path / f"{name}.csv", {"update": UPDATE, "purchases": PURCHASES, "history": HISTORY}[name])
    fetched: list[int] = []
    fetch = key_lookups.Lookups.fetch

    def counted(self: key_lookups.Lookups, index: Any, recs: Any) -> None:
        fetched.append(1)
        fetch(self, index, recs)

    monkeypatch.setattr(key_lookups.Lookups, "fetch", counted)
    ways = {}
    for way, below in (("loaded", 10 ** 9), ("looked up", key_lookups.LOOK_UP_BELOW)):
        monkeypatch.setattr(key_lookups, "LOOK_UP_BELOW", below)
        vault = base_vault(tmp_path / way / "vault.db", tmp_path)
        try:
            fetched.clear()
            result = run_import(vault, source, options)
            assert bool(fetched) == (way == "looked up")  # the lookups really ran, and only then
            ways[way] = seen(vault, result)
            if name != "update":  # the same file again: every row is already in the base
                again = run_import(vault, source, options)
                ways[way]["again"] = seen(vault, again)
        finally:
            vault.close()
    loaded, looked_up = ways["loaded"], ways["looked up"]
    assert loaded["totals"] == looked_up["totals"]
    assert loaded["outcomes"] == looked_up["outcomes"]
    assert loaded == looked_up
    if name == "update":  # the file really exercised the rules: matches, a review pair, new cards
        assert loaded["totals"]["created"] >= 3 and loaded["totals"]["updated"] + loaded["totals"]["skipped"] >= 3
    else:
        again = loaded["again"]["totals"]
        assert again["purchases"] == again["interactions"] == 0 and again["skipped"] == loaded["totals"]["rows"]


def test_loading_every_key_asks_to_stop_between_slices(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Loading a big base's keys took 10 s at 1,000,000 clients and a cancel (the wizard's check
    stopped by Ctrl+L) waited for it: it is asked between slices, and sliced it loads the same keys."""
    import traceback

    from clientbook.core.importing import matching
    from clientbook.core.importing.commit import ImportCancelledError

    vault = base_vault(tmp_path / "vault.db", tmp_path)
    try:
        with vault.engine.connect() as conn:
            whole = matching.KeyIndex.load(conn, names=True)
            monkeypatch.setattr(matching, "LOAD_SLICE", 2)
            asked: list[int] = []
            sliced = matching.KeyIndex.load(conn, names=True, check=lambda: asked.append(1))
        assert len(asked) > 3
        for keys in ("phones", "emails", "people", "inns", "inn_of", "codes", "code_of", "names"):
            assert getattr(sliced, keys) == getattr(whole, keys), keys
        before = counts(vault)
        monkeypatch.setattr(key_lookups, "LOOK_UP_BELOW", 10 ** 9)  # a file as big as the base: every key loaded
        with pytest.raises(ImportCancelledError) as info:
            run_import(vault, write_csv(tmp_path / "u.csv", UPDATE), dry_run=True, should_cancel=lambda: True)
        assert "_sliced" in {f.name for f in traceback.extract_tb(info.value.__traceback__)}  # stopped in the load
        assert counts(vault) == before
    finally:
        vault.close()
