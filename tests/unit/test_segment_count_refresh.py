"""The sidebar's counts after a change (segments.refresh_counts): only what the change can move is
recounted, and every count still equals a full recount — for edits of several kinds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy.orm import Session

from clientbook.core import clients, demo, history, segments
from clientbook.core.vault import Vault

TODAY = dt.date.today()
CITY_SEGMENT = {"group": "and", "items": [{"kind": "field", "field": "city", "op": "contains", "value": "моск"}]}


def full_counts(session: Session) -> list[tuple[str, int]]:
    return [(line.name, line.count) for line in segments.list_segments_with_counts(session, today=TODAY)]


def recounted(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Records every segment counted from now on ("rfm" for the shared RFM ranking, "top_revenue" for
    the top buyers' count)."""
    from clientbook.core import rfm

    calls: list[Any] = []
    real, real_rfm, real_top = segments.count_segment, rfm.rfm_class_counts, rfm.top_revenue_count

    def counting(session: Session, definition: Any, **kwargs: Any) -> int:
        calls.append(definition)
        return real(session, definition, **kwargs)

    def rfm_counting(session: Session, *args: Any, **kwargs: Any) -> Any:
        calls.append("rfm")
        return real_rfm(session, *args, **kwargs)

    def top_counting(session: Session, *args: Any, **kwargs: Any) -> Any:
        calls.append("top_revenue")
        return real_top(session, *args, **kwargs)

    monkeypatch.setattr(segments, "count_segment", counting)
    monkeypatch.setattr(rfm, "top_revenue_count", top_counting)
    monkeypatch.setattr(rfm, "rfm_class_counts", rfm_counting)
    return calls


@pytest.fixture
def filled(vault: Vault) -> Vault:
    demo.fill_vault(vault, 120, seed=5)
    with vault.transaction() as s:
        segments.save_segment(s, "Москва", CITY_SEGMENT)
    return vault


def first_client(vault: Vault, city: str | None = None) -> int:
    query = "SELECT id FROM clients WHERE archived = 0" + (" AND city = ?" if city else "") + " ORDER BY id"
    with vault.session() as s:
        return int(s.connection().exec_driver_sql(query, (city,) if city else ()).scalar() or 0)


def edit_notes(vault: Vault) -> None:
    cid = first_client(vault)
    with vault.transaction() as s:
        card = clients.get_client(s, cid)
        data, version = clients.to_input(card), card.version
        data.notes = "новая заметка"
        clients.update_client(s, cid, data, version)


def move_to_moscow(vault: Vault) -> None:
    cid = first_client(vault, "Казань") if _has_city(vault, "Казань") else first_client(vault)
    with vault.transaction() as s:
        card = clients.get_client(s, cid)
        data, version = clients.to_input(card), card.version
        data.city = "Москва"
        clients.update_client(s, cid, data, version)


def _has_city(vault: Vault, city: str) -> bool:
    with vault.session() as s:
        return bool(s.connection().exec_driver_sql("SELECT 1 FROM clients WHERE city = ? AND archived = 0",
                                                   (city,)).scalar())


def big_purchase(vault: Vault) -> None:
    with vault.transaction() as s:
        history.add_purchase(s, first_client(vault), TODAY, "950000")


def archive_one(vault: Vault) -> None:
    with vault.transaction() as s:
        clients.set_archived(s, [first_client(vault)])


# (change, what must not be recounted, what must be)
CHANGES: list[tuple[str, Callable[[Vault], None], set[str], set[str]]] = [
    ("notes edited", edit_notes, {"rfm", "city", "top_revenue"}, set()),
    ("city changed", move_to_moscow, {"rfm", "top_revenue"}, {"city"}),
    ("purchase added", big_purchase, {"city"}, {"rfm", "top_revenue"}),
    ("card archived", archive_one, set(), {"rfm", "city", "top_revenue"}),
]


def label(call: Any) -> str:
    if call in ("rfm", "top_revenue"):
        return str(call)
    if call == CITY_SEGMENT:
        return "city"
    kinds = {item.get("kind") for item in call.get("items", [])} if isinstance(call, dict) else set()
    return "top_revenue" if "top_revenue" in kinds else "other"


@pytest.mark.parametrize(("name", "change", "kept", "recounted_now"), CHANGES, ids=[c[0] for c in CHANGES])
def test_only_what_a_change_moves_is_recounted(filled: Vault, monkeypatch: pytest.MonkeyPatch, name: str,
                                               change: Callable[[Vault], None], kept: set[str],
                                               recounted_now: set[str]) -> None:
    with filled.session() as s:
        _lines, cache = segments.refresh_counts(s, None, today=TODAY)
    change(filled)
    calls = recounted(monkeypatch)
    with filled.session() as s:
        lines, _next = segments.refresh_counts(s, cache, today=TODAY)
    monkeypatch.undo()
    with filled.session() as s:
        assert [(line.name, line.count) for line in lines] == full_counts(s)
    labels = {label(c) for c in calls}
    assert not labels & kept, (name, labels)
    assert recounted_now <= labels, (name, labels)


def test_nothing_changed_counts_nothing_and_a_new_day_counts_all(filled: Vault,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    with filled.session() as s:
        first, cache = segments.refresh_counts(s, None, today=TODAY)
    calls = recounted(monkeypatch)
    with filled.session() as s:
        again, cache = segments.refresh_counts(s, cache, today=TODAY)
    # only a condition whose reads are not known (ANY) is counted again
    assert all(segments.ANY in segments.segment_reads(c) for c in calls if c != "rfm"), calls
    assert "rfm" not in calls and [x.count for x in again] == [x.count for x in first]
    with filled.session() as s:
        segments.refresh_counts(s, cache, today=TODAY + dt.timedelta(days=1))
    assert {"rfm", "city", "top_revenue"} <= {label(c) for c in calls}


def test_reads_of_every_kind_are_known_or_any() -> None:
    assert segments.segment_reads(CITY_SEGMENT) == {"client:city"}
    assert segments.segment_reads({"kind": "field", "field": "phone", "op": "empty"}) == {"phone"}
    assert segments.segment_reads({"kind": "purchases", "measure": "total", "op": "gte", "value": 1}) == {"purchase"}
    assert segments.segment_reads({"kind": "segment", "id": 3}) == {segments.ANY}
    assert segments.segment_reads({"kind": "something new"}) == {segments.ANY}
