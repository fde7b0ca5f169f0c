"""Country names in the interface language: the card stores an ISO code ("RU") and shows "Россия".

Names come from pycountry's ISO 3166 list and its gettext translations (a few ms, unlike babel's
CLDR tables, ~0.2 s to load); the countries our users mostly deal with get the short everyday name
("Россия", not ISO's "Российская Федерация") and head the list.
"""

from __future__ import annotations

import gettext
from functools import cache

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QComboBox

from clientbook.core.textnorm import fold

COMMON = {
    "RU": QT_TRANSLATE_NOOP("Countries", "Russia"), "BY": QT_TRANSLATE_NOOP("Countries", "Belarus"),
    "KZ": QT_TRANSLATE_NOOP("Countries", "Kazakhstan"), "UA": QT_TRANSLATE_NOOP("Countries", "Ukraine"),
    "UZ": QT_TRANSLATE_NOOP("Countries", "Uzbekistan"), "KG": QT_TRANSLATE_NOOP("Countries", "Kyrgyzstan"),
    "AM": QT_TRANSLATE_NOOP("Countries", "Armenia"), "GE": QT_TRANSLATE_NOOP("Countries", "Georgia"),
    "AZ": QT_TRANSLATE_NOOP("Countries", "Azerbaijan"), "MD": QT_TRANSLATE_NOOP("Countries", "Moldova"),
    "TJ": QT_TRANSLATE_NOOP("Countries", "Tajikistan"), "TM": QT_TRANSLATE_NOOP("Countries", "Turkmenistan"),
    "LV": QT_TRANSLATE_NOOP("Countries", "Latvia"), "LT": QT_TRANSLATE_NOOP("Countries", "Lithuania"),
    "EE": QT_TRANSLATE_NOOP("Countries", "Estonia"), "DE": QT_TRANSLATE_NOOP("Countries", "Germany"),
    "US": QT_TRANSLATE_NOOP("Countries", "United States"),
    "GB": QT_TRANSLATE_NOOP("Countries", "United Kingdom"),
}


@cache
def _iso_names(lang: str) -> dict[str, str]:
    import pycountry  # ~50 ms the first time: only when a card first shows a country

    translate = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang], fallback=True).gettext
    return {c.alpha_2: translate(getattr(c, "common_name", None) or c.name) for c in pycountry.countries}


def country_names(lang: str | None = None) -> dict[str, str]:
    """Code → name in the interface language, the common countries first, then the rest by name."""
    from clientbook.ui.card.labels import language  # card/ imports this module: import at call time

    lang = lang or language()
    common = {code: QCoreApplication.translate("Countries", str(name)) for code, name in COMMON.items()}
    rest = {code: name for code, name in _iso_names(lang).items() if code not in common}
    return common | dict(sorted(rest.items(), key=lambda item: fold(item[1])))


def country_name(code: str | None, lang: str | None = None) -> str:
    """The name of a stored country code; an unknown code is shown as it is."""
    if not code:
        return ""
    return country_names(lang).get(code.upper(), code)


class CountryBox(QComboBox):
    """A country chosen by name; `code()` is what the card stores."""

    def __init__(self) -> None:
        super().__init__()
        names = country_names()
        for code, name in names.items():
            self.addItem(name, code)
            if code == next(reversed(COMMON)):
                self.insertSeparator(self.count())
        self.setMaxVisibleItems(20)
        # as wide as a usual name, not as the longest of 250 ("Южная Георгия и Южные Сандвичевы острова")
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(16)

    def set_code(self, code: str | None) -> None:
        code = (code or "").upper()
        index = self.findData(code)
        if index < 0 and code:  # a code the list does not know stays visible and is kept
            self.addItem(code, code)
            index = self.count() - 1
        self.setCurrentIndex(max(index, 0))

    def code(self) -> str | None:
        data = self.currentData()
        return str(data) if data else None
