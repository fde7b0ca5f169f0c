"""RFM quintiles, classes and the revenue Pareto on purchase tables with known answers."""

from __future__ import annotations

import datetime as dt

import pytest

from clientbook.core import clients, history, rfm, segments
from clientbook.core.clients import ClientInput

START = dt.date(2024, 1, 1)


def make_buyers(vault, table: list[tuple[int, int, int]]) -> list[int]:  # type: ignore[no-untyped-def]
    """table rows: (days after START of the last purchase, number of purchases, amount of each in roubles)."""
    ids = []
    with vault.transaction() as s:
        for n, (last_day, count, amount) in enumerate(table):
            client = clients.create_client(s, ClientInput(last_name=f"Покупатель{n:02d}"))
            for k in range(count):
                history.add_purchase(s, client.id, START + dt.timedelta(days=last_day - k), amount)
            ids.append(client.id)
    return ids


def test_quintiles_of_ten_distinct_buyers(vault) -> None:
    # buyer i: last purchase i*10 days after START, i+1 purchases, (i+1)*100 each -> all three rise with i
    ids = make_buyers(vault, [(i * 10 + 5, i + 1, (i + 1) * 100) for i in range(10)])
    with vault.session() as s:
        grid = rfm.rfm_grid(s)
        scores = {cid: rfm.client_rfm(s, cid) for cid in ids}
    assert grid == {(1, 1): 2, (2, 2): 2, (3, 3): 2, (4, 4): 2, (5, 5): 2}
    assert [scores[cid][:3] for cid in ids] == [(q, q, q) for q in (1, 1, 2, 2, 3, 3, 4, 4, 5, 5)]
    assert [scores[cid][3] for cid in ids] == ["lost"] * 2 + ["hibernating"] * 2 + ["loyal"] * 2 + ["champions"] * 4


def test_classes_for_mixed_recency_and_frequency(vault) -> None:
    # five buyers: recency and frequency in opposite order
    ids = make_buyers(vault, [(100, 5, 100), (200, 4, 100), (300, 3, 100), (400, 2, 100), (500, 1, 100)])
    with vault.session() as s:
        classes = {cid: rfm.client_rfm(s, cid) for cid in ids}
        counts = rfm.rfm_class_counts(s)
        at_risk = set(segments.segment_client_ids(s, {"kind": "rfm", "class": "at_risk"}))
        cell = set(segments.segment_client_ids(s, {"kind": "rfm", "r": 5, "f": [1, 2]}))
    # n = 5: scores are 1..5 exactly; money follows the number of purchases, so M = F
    assert [classes[c] for c in ids] == [(1, 5, 5, "at_risk"), (2, 4, 4, "at_risk"), (3, 3, 3, "loyal"),
                                         (4, 2, 2, "potential"), (5, 1, 1, "potential")]
    assert at_risk == {ids[0], ids[1]}
    assert cell == {ids[4]}
    assert counts["at_risk"] == 2 and counts["potential"] == 2 and counts["loyal"] == 1
    assert sum(counts.values()) == 5


def test_ties_share_a_score(vault) -> None:
    ids = make_buyers(vault, [(10, 1, 100)] * 6 + [(10, 2, 100)] * 4)
    with vault.session() as s:
        f_scores = [rfm.client_rfm(s, cid)[1] for cid in ids]  # type: ignore[index]
    assert f_scores == [1] * 6 + [4] * 4


def test_every_rf_pair_has_exactly_one_class() -> None:
    for r in range(1, 6):
        for f in range(1, 6):
            for mo in range(1, 6):
                assert rfm.classify(r, f, mo) in rfm.RFM_CLASSES


@pytest.mark.parametrize(("buyers", "expected_top"), [(10, 2), (11, 3), (5, 1), (1, 1)])
def test_top_20_percent_by_revenue(vault, buyers: int, expected_top: int) -> None:
    ids = make_buyers(vault, [(10, 1, (i + 1) * 1000) for i in range(buyers)])
    with vault.transaction() as s:
        clients.create_client(s, ClientInput(last_name="Без покупок"))
        top = segments.segment_client_ids(s, {"kind": "top_revenue", "share": 0.2})
        builtin = segments.segment_client_ids(s, {"kind": "segment", "name": "top_revenue"})
    assert set(top) == set(ids[-expected_top:])
    assert builtin == top


def test_pareto_curve_on_a_known_table(vault) -> None:
    make_buyers(vault, [(10, 1, 8000), (10, 1, 1000), (10, 1, 500), (10, 1, 300), (10, 1, 200)])
    with vault.session() as s:
        curve = rfm.pareto_curve(s)
    assert [(p.client_share, round(p.revenue_share, 4)) for p in curve] == [
        (0.0, 0.0), (0.2, 0.8), (0.4, 0.9), (0.6, 0.95), (0.8, 0.98), (1.0, 1.0)]


def test_pareto_curve_of_an_empty_base_is_empty(vault) -> None:
    with vault.session() as s:
        assert rfm.pareto_curve(s) == []
        assert rfm.rfm_grid(s) == {}


def test_sidebar_shortcuts_count_what_the_segments_select(vault) -> None:
    """rfm_class_counts (grid + champion thresholds) and top_revenue_count (⌈share · n⌉) give the
    counts of the segments themselves, archived clients left out, on a varied demo base."""
    from clientbook.core import demo

    demo.fill_vault(vault, 150, seed=11)
    with vault.transaction() as s:
        clients.set_archived(s, list(s.scalars(select_ids().limit(7))))
    with vault.session() as s:
        counts = rfm.rfm_class_counts(s)
        for name in rfm.RFM_CLASSES:
            assert counts[name] == segments.count_segment(s, {"kind": "rfm", "class": name}), name
        assert sum(counts.values()) > 50 and counts["champions"] > 0 and counts["loyal"] > 0
        for share in (0.2, 0.05, 0.5, 1):
            assert rfm.top_revenue_count(s, share) == segments.count_segment(s, {"kind": "top_revenue",
                                                                                 "share": share})


def select_ids():  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from clientbook.core import models as m

    return select(m.ClientStats.client_id).where(m.ClientStats.purchase_count > 0).order_by(m.ClientStats.client_id)
