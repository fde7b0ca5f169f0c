"""Dashboard figures: periods, archived cards left out, and the in-memory RFM grid / Pareto curve
equal to the SQL ones the segments use (ties included)."""

from __future__ import annotations

import bisect
import datetime as dt
import itertools

import pytest
from sqlalchemy import select

from clientbook.core import clients, dashboard, demo, history, rfm, segments
from clientbook.core import models as m
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


def _python_score(values: dict[int, object]) -> dict[int, int]:
    """Quintile score as the module docstring of rfm defines it: 1 + floor(5 · (rank − 1) / n)."""
    ordered = sorted(values.values())  # type: ignore[type-var]
    n = len(ordered)
    return {cid: 1 + 5 * bisect.bisect_left(ordered, v) // n for cid, v in values.items()}


@pytest.mark.parametrize("seed", [5, 23])
def test_every_figure_equals_a_plain_python_count_of_the_cards_and_purchases(vault, seed) -> None:  # type: ignore[no-untyped-def]
    """The SQL shortcuts (covering indexes, grouped ranking, archived subtracted) change no figure."""
    demo.fill_vault(vault, 200, seed=seed)
    with vault.transaction() as s:  # archive some buyers and non-buyers, and add ties on the same day
        for card in s.scalars(select(m.Client).where(m.Client.id % 7 == 0)):
            card.archived = True
        some = s.scalars(select(m.Client.id).where(m.Client.archived.is_(False)).limit(6)).all()
        for cid in some:
            history.add_purchase(s, cid, dt.date.today(), 700)
    with vault.session() as s:
        figures = dashboard.counts(s)
        live = {c.id for c in s.scalars(select(m.Client).where(m.Client.archived.is_(False)))}
        bought = [(p.client_id, p.date, p.amount_minor) for p in s.scalars(select(m.Purchase))
                  if p.client_id in live]
        per_period = {period: dashboard.period_bars(s, period) for period in dashboard.PERIODS}
        buckets = {period: dashboard.period_buckets(s, period) for period in dashboard.PERIODS}
    last: dict[int, dt.date] = {}
    count: dict[int, int] = {}
    total: dict[int, int] = {}
    for cid, day, amount in bought:
        last[cid] = max(last.get(cid, day), day)
        count[cid] = count.get(cid, 0) + 1
        total[cid] = total.get(cid, 0) + amount
    r, f = _python_score(last), _python_score(count)  # type: ignore[arg-type]
    grid: dict[tuple[int, int], int] = {}
    for cid in last:
        grid[(r[cid], f[cid])] = grid.get((r[cid], f[cid]), 0) + 1
    assert figures.rfm == grid and sum(grid.values()) > 100

    for period, bars in per_period.items():
        width = len(buckets[period][0].key)
        since = buckets[period][0].start
        sums: dict[str, int] = {}
        for _, day, amount in bought:
            if day >= since:
                sums[day.isoformat()[:width]] = sums.get(day.isoformat()[:width], 0) + amount
        assert [(b.label, b.value) for b in bars.revenue] == [(k.key, sums.get(k.key, 0) / 100) for k in buckets[period]]
    assert any(b.value for b in per_period["12m"].revenue)

    positive = sorted((t for t in total.values() if t > 0), reverse=True)
    n, grand, step = len(positive), sum(positive), max(1, len(positive) // 100)
    running = list(itertools.accumulate(positive))
    curve = [(0.0, 0.0)] + [(rn / n, running[rn - 1] / grand) for rn in range(1, n + 1) if rn % step == 0 or rn == n]
    assert [x for p in figures.pareto for x in (p.client_share, p.revenue_share)] == pytest.approx([x for pair in curve for x in pair])
