"""Readable chart axes: round ticks with the user's thousands separators, months in words.

QValueAxis prints its ticks with a printf format: 7028120 / 1757030, no separators and no round
steps. A QCategoryAxis with labels on the tick values shows "2 000 000" (ru) / "2,000,000" (en)
at 0, 2, 4, 6, 8 million instead.
"""

from __future__ import annotations

import math

from PySide6.QtCharts import QCategoryAxis
from PySide6.QtCore import QLocale

NICE_STEPS = (1.0, 2.0, 2.5, 5.0, 10.0)


def nice_ticks(top: float, most: int = 5) -> list[float]:
    """0 and round ticks (1, 2, 2.5 or 5 × 10ⁿ apart) up to the first one at or above `top`,
    at most `most` steps; whole numbers only (counts and roubles)."""
    if top <= 0:
        return [0.0, 1.0]
    top *= 1.04  # the tallest bar stays below the top line
    raw = top / most
    power = 10 ** math.floor(math.log10(raw))
    step = next(s * power for s in NICE_STEPS if s * power >= raw)
    step = max(1.0, step)
    if step != int(step):  # 2.5 below 10 would give fractional ticks
        step = math.ceil(step)
    count = max(1, math.ceil(top / step - 1e-9))
    return [i * step for i in range(count + 1)]


def ui_locale(lang: str) -> QLocale:
    return QLocale(QLocale.Language.Russian, QLocale.Country.Russia) if lang == "ru" \
        else QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)


def number_axis(top: float, locale: QLocale) -> QCategoryAxis:
    """A value axis from 0 to a round tick above `top`, labelled in the locale's number format."""
    axis = QCategoryAxis()
    axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
    ticks = nice_ticks(top)
    axis.setRange(0, ticks[-1])
    axis.setStartValue(0)
    for tick in ticks:
        axis.append(locale.toString(int(tick)), tick)
    return axis


def bucket_label(key: str, locale: QLocale) -> str:
    """ "2025-06" -> "июн 25" / "Jun 25"; a year ("2025") stays as it is."""
    if len(key) != 7:
        return key
    year, month = int(key[:4]), int(key[5:7])
    name = locale.standaloneMonthName(month, QLocale.FormatType.ShortFormat).rstrip(".")
    return f"{name} {year % 100:02d}"
