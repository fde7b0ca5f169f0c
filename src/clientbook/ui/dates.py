"""Dates and the UI language as every view shows them: "1 апреля 1985" / "1 April 1985" in full,
"12 нояб." / "12 Nov" in narrow columns, never a locale's numeric form.

Apart from clientbook.ui.card.labels (whose package loads the whole card editor) so that the
client list, drawn before the tool windows load, can use the same forms.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QLocale

from clientbook.core.validation import format_date


def language() -> str:
    """"ru" or "en": the app's choice (clientbook.ui.i18n), which also sets CLIENTBOOK_LANG for the core."""
    try:
        from clientbook.ui.i18n import current_ui_language
    except ImportError:  # the app shell is optional for these widgets
        from clientbook.core.messages import current_language

        return current_language()
    return "en" if current_ui_language().startswith("en") else "ru"

def qlocale(lang: str | None = None) -> QLocale:
    """The locale date pickers use, so "d MMMM yyyy" reads "1 апреля 1985" in Russian."""
    if (lang or language()) == "en":
        return QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)
    return QLocale(QLocale.Language.Russian, QLocale.Country.Russia)

def long_date(value: dt.date | None, lang: str | None = None) -> str:
    """"1 апреля 1985" / "1 April 1985"; empty for no date. Pass `lang` when formatting many: looking
    the language up reads the settings file each time."""
    if value is None:
        return ""
    return format_date(value.day, value.month, value.year, lang or language())

def short_date(value: dt.date | None, today: dt.date | None = None, lang: str | None = None) -> str:
    """"12 нояб." / "12 Nov", with the year when it is not this year: long_date's order with a short
    month, for narrow columns. Every date the UI shows is one of these two forms, never a locale's
    numeric form (12/11/2026 in one place and 11/12/26 in another). Pass `lang` when formatting
    many (a view's cells): looking the language up reads the settings file each time."""
    if value is None:
        return ""
    pattern = "d MMM" if value.year == (today or dt.date.today()).year else "d MMM yyyy"
    return qlocale(lang).toString(to_qdate(value), pattern)

def long_datetime(value: dt.datetime | None, lang: str | None = None) -> str:
    """A moment shown in local time: "1 апреля 2024, 14:05". A naive value is a stored UTC time."""
    if value is None:
        return ""
    local = (value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value).astimezone()
    return f"{long_date(local.date(), lang)}, {local:%H:%M}"

def to_qdate(value: dt.date) -> QDate:
    return QDate(value.year, value.month, value.day)

def from_qdate(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())
