"""Chart axes a person can read: round ticks, thousands separators of the language, month names."""

from __future__ import annotations

import pytest

from clientbook.ui.chart_axes import bucket_label, nice_ticks, number_axis, ui_locale


@pytest.mark.parametrize(("top", "ticks"), [
    (7028120, [0, 2e6, 4e6, 6e6, 8e6]), (1757030, [0, 5e5, 1e6, 1.5e6, 2e6]), (11, [0, 3, 6, 9, 12]),
    (3, [0, 1, 2, 3, 4]), (0, [0, 1]), (100, [0, 25, 50, 75, 100, 125]),
])
def test_ticks_are_round_and_cover_the_top(top, ticks) -> None:  # type: ignore[no-untyped-def]
    got = nice_ticks(top)
    assert got == ticks
    assert got[-1] >= top and len(got) <= 7


@pytest.mark.parametrize(("lang", "label", "month"), [("ru", "2\u00a0000\u00a0000", "июнь 25"),
                                                      ("en", "2,000,000", "Jun 25")])
def test_money_axis_and_months_in_the_users_language(qapp, lang, label, month) -> None:  # type: ignore[no-untyped-def]
    locale = ui_locale(lang)
    axis = number_axis(7028120, locale)
    assert label in axis.categoriesLabels()
    assert bucket_label("2025-06", locale) == month
    assert bucket_label("2025", locale) == "2025"
