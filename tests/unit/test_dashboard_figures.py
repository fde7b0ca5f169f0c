"""Dashboard figures: periods, archived cards left out, and the in-memory RFM grid / Pareto curve
equal to the SQL ones the segments use (ties included)."""

from __future__ import annotations

import datetime as dt

import pytest

from clientbook.core import clients, dashboard, demo, history, rfm, segments
from clientbook.core.clients import ClientInput

TODAY = dt.date(2026, 5, 17)


@pytest.mark.parametrize(("period", "first", "keys"), [
    ("3m", None, ["2026-03", "2026-04", "2026-05"]),
    ("year", None, ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05"]),
    ("12m", None, [f"2025-{m:02d}" for m in range(6, 13)] + [f"2026-{m:02d}" for m in range(1, 6)]),
    ("all", dt.date(2025, 11, 3), ["2025-11", "2025-12", "2026-01", "2026-02", "2026-03", "2026-04", "2026-05"]),
    ("all", dt.date(2019, 2, 1), ["2019", "2020", "2021", "2022", "2023", "2024", "2025", "2026"]),
    ("all", None, ["2026-05"]),
])
def test_periods_give_months_or_years_ending_today(period, first, keys) -> None:  # type: ignore[no-untyped-def]
    bars = dashboard.buckets(period, TODAY, first)
    assert [b.key for b in bars] == keys
    assert bars[-1].end >= TODAY and all(a.end + dt.timedelta(days=1) == b.start for a, b in zip(bars, bars[1:], strict=False))


def test_archived_cards_and_their_purchases_are_left_out(vault) -> None:
    with vault.transaction() as s:
        kept = clients.create_client(s, ClientInput(last_name="Оставленный"))
        gone = clients.create_client(s, ClientInput(last_name="Архивный"))
        history.add_purchase(s, kept.id, dt.date.today(), 1500)
        history.add_purchase(s, gone.id, dt.date.today(), 99000)
        gone.archived = True
    with vault.session() as s:
        counts = dashboard.counts(s)
        bars = dashboard.period_bars(s, "3m")
    assert bars.new[-1].value == 1
    assert bars.revenue[-1].value == 1500
    assert sum(counts.rfm.values()) == 1


@pytest.mark.parametrize("seed", [3, 11])
def test_the_dashboards_grid_and_curve_match_the_segments_they_click_to(vault, seed) -> None:  # type: ignore[no-untyped-def]
    demo.fill_vault(vault, 150, seed=seed)
    with vault.session() as s:
        figures = dashboard.counts(s)
        for (r, f), count in figures.rfm.items():
            assert len(segments.segment_client_ids(s, {"kind": "rfm", "r": r, "f": f})) == count
        buyers = len(segments.segment_client_ids(s, {"kind": "top_revenue", "share": 1.0}))
    assert sum(figures.rfm.values()) >= buyers > 50
    assert figures.pareto[0] == rfm.ParetoPoint(0.0, 0.0) and figures.pareto[-1].client_share == 1.0
    assert abs(figures.pareto[-1].revenue_share - 1.0) < 1e-9
    shares = [p.revenue_share for p in figures.pareto]
    assert shares == sorted(shares)


def test_period_cancelled_between_queries_reads_nothing_more(vault) -> None:
    with vault.session() as s, pytest.raises(dashboard.DashboardCancelledError):
        dashboard.counts(s, should_cancel=lambda: True)
