"""Country names in any language → ISO 3166 code, from maintained data rather than a hand list:
pycountry (ISO names, official and common names, alpha-2/alpha-3 codes) and the CLDR territory
names shipped with babel for the languages our users' files are written in. "Norway", "Mexico",
"Мексика", "Deutschland", "Allemagne", "España", "Німеччина" all resolve, so a row's country can
set the region its phone numbers are read in (SPEC §8).
"""

from __future__ import annotations

import re
from functools import cache

import phonenumbers
import pycountry
from babel import Locale

from clientbook.core.importing.headers import strip_latin_accents
from clientbook.core.textnorm import fold

CLDR_LANGUAGES = ("ru", "en", "de", "fr", "es", "uk", "it", "pt", "pl", "nl", "tr", "be", "kk")
# What people write that neither ISO nor CLDR spells out
ALIASES = {"рф": "RU", "россия": "RU", "сша": "US", "usa": "US", "u.s.a.": "US", "u.s.": "US", "us": "US",
           "uk": "GB", "england": "GB", "scotland": "GB", "wales": "GB", "great britain": "GB",
           "англия": "GB", "оаэ": "AE", "uae": "AE", "холландия": "NL", "holland": "NL", "белоруссия": "BY",
           "киргизия": "KG", "молдавия": "MD", "türkiye": "TR", "turkey": "TR", "korea": "KR",
           "south korea": "KR", "южная корея": "KR", "ireland": "IE", "czech republic": "CZ"}
_NOISE = re.compile(r"[\s.\-'’()]+")


def _key(text: str) -> str:
    return _NOISE.sub(" ", strip_latin_accents(fold(text))).strip()


@cache
def _names() -> dict[str, str]:
    """ISO names and codes (a few ms); CLDR languages are added one by one when a name is missing."""
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name", "alpha_3"):
            if value := getattr(country, attr, None):
                names.setdefault(_key(value), country.alpha_2)
    names.update(_ALIAS_KEYS)
    return names


_pending = list(CLDR_LANGUAGES)  # languages whose CLDR names are not loaded yet (~30-70 ms each)


def _load_next_language() -> bool:
    if not _pending:
        return False
    names = _names()
    regions = phonenumbers.SUPPORTED_REGIONS
    for code, name in Locale.parse(_pending.pop(0)).territories.items():
        if len(code) == 2 and code.isalpha() and (code in regions or pycountry.countries.get(alpha_2=code)):
            names.setdefault(_key(name), code)
    return True


def country_code(text: str) -> str | None:
    """ISO alpha-2 code of a country written in any of the CLDR languages, ISO 3166 names or codes."""
    key = _key(text)
    if not key:
        return None
    if key in _ALIAS_KEYS:
        return _ALIAS_KEYS[key]
    if len(key) == 2 and key.isalpha():
        upper = key.upper()
        return upper if upper in phonenumbers.SUPPORTED_REGIONS or pycountry.countries.get(alpha_2=upper) else None
    names = _names()
    while key not in names and _load_next_language():
        pass
    return names.get(key)


_ALIAS_KEYS = {_key(k): v for k, v in ALIASES.items()}
