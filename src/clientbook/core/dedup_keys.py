"""Keys under which two records of the same client meet, whatever the spelling.

Names are compared in one Latin form: Cyrillic is transliterated (a GOST 7.79-B / passport-like
table), and common Latin spelling variants are folded together ("Yuliya", "Iuliia", "Julia" → one
form), so "Ivanov" meets "Иванов". A consonant *skeleton* of that form is the blocking key: it is
blind to vowel-level spelling noise yet keeps the final vowel, so "Иванов" and "Иванова" (husband
and wife) stay apart. No library on PyPI does Russian names both ways with these folds, so the table
is small and ours.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from clientbook.core.textnorm import fold

# Cyrillic → Latin (fold() has already turned ё into е and lower-cased).
_CYR_TO_LAT = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "",
    "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    # Ukrainian and Belarusian letters met in Russian bases
    "і": "i", "ї": "yi", "є": "ye", "ґ": "g", "ў": "u",
}
_TRANSLIT = str.maketrans(_CYR_TO_LAT)

# ISO 9 / scholarly letters with diacritics, as typed by some users.
_DIACRITICS = str.maketrans({"š": "sh", "č": "ch", "ž": "zh", "ŝ": "shch", "ç": "ts", "ë": "e", "ǵ": "g"})

# Latin spelling variants folded to one form, applied in this order to both sides of a comparison.
_LATIN_VARIANTS = [(re.compile(p), r) for p, r in (
    (r"sch|shh", "shch"),
    (r"tch", "ch"),
    (r"x", "ks"),
    (r"w", "v"),
    (r"ph", "f"),
    (r"ck|q", "k"),
    (r"tz|cz|tc", "ts"),
    (r"c(?=[aeiouy])", "ts"),           # Kuznecov = Kuznetsov (ISO 9 writes ц as c)
    (r"c(?!h)", "k"),                   # Victor = Viktor
    (r"(?<![szck])h", "kh"),            # Mihail = Mikhail, Habarov = Khabarov
    (r"iia|iya|ija|ia|ja", "ya"),       # Yuliya = Iuliia = Julia
    (r"iiu|iyu|iju|iu|ju", "yu"),
    (r"jo|yo", "e"),                    # Fyodor = Федор (ё is folded to е)
    (r"je|ye", "e"),                    # Yelena = Елена
    (r"(?:ai|aj)\b", "ay"),
    (r"(?:ei|ej)\b", "ey"),
    (r"(?:oi|oj)\b", "oy"),
    (r"(?:iy|ii|ij|yj|yy)\b", "y"),     # Dmitriy = Dmitrii = Dmitry
    (r"j", "y"),
    (r"(.)\1+", r"\1"),                # Alla = Ala, Filippov = Filipov
)]
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_VOWELS = set("aeiouy")

# Legal forms and other noise removed from company names.
_LEGAL_FORMS = {
    "ооо", "оао", "зао", "пао", "ао", "нао", "ип", "чп", "тоо", "нко", "ано", "гуп", "муп", "фгуп",
    "кфх", "пбоюл", "llc", "ltd", "limited", "inc", "corp", "co", "gmbh", "plc", "jsc", "pjsc",
    "cjsc", "ojsc", "ooo", "zao", "oao", "pao", "ao", "ip", "company", "компания", "группа", "гк", "group",
    "общество", "с", "ограниченной", "ответственностью", "акционерное", "публичное", "закрытое", "открытое",
    "индивидуальный", "предприниматель", "фирма", "тд", "торговый", "дом",
}
_QUOTES = re.compile(r"[«»\"'“”„‘’`]")
# Address words that carry no identity ("ул.", "д.", "street"…).
_ADDRESS_NOISE = {
    "г", "гор", "город", "ул", "улица", "д", "дом", "кв", "квартира", "корп", "к", "стр", "строение",
    "пр", "пр-т", "просп", "проспект", "пер", "переулок", "ш", "шоссе", "б-р", "бульвар", "наб",
    "набережная", "пл", "площадь", "обл", "область", "р-н", "район", "мкр", "микрорайон", "офис", "оф",
    "пом", "помещение", "россия", "рф",
    "st", "street", "str", "ul", "ulitsa", "d", "dom", "kv", "apt", "ap", "av", "ave", "avenue", "pr",
    "prospekt", "per", "pereulok", "bld", "building", "office", "g", "gorod", "city", "russia",
    "moscow", "moskva", "москва", "oblast", "region",
}
_DIGIT_GROUPS = re.compile(r"\d+")
_WORDS = re.compile(r"[0-9a-zа-я]+")


def transliterate(text: str | None) -> str:
    """Folded text with Cyrillic letters in Latin ("Фёдоров" → "fedorov"), other characters kept."""
    return fold(text).translate(_TRANSLIT)


@lru_cache(maxsize=262_144)  # names repeat: a million cards hold a few tens of thousands of distinct words
def to_latin(text: str | None) -> str:
    """Folded, transliterated, spelling-variant-folded Latin text (letters, digits, single spaces)."""
    value = transliterate(text)
    if not value:
        return ""
    value = value.translate(_DIACRITICS)
    value = unicodedata.normalize("NFKD", value)
    value = "".join(ch for ch in value if not unicodedata.combining(ch))
    value = _NON_ALNUM.sub(" ", value).strip()
    for pattern, replacement in _LATIN_VARIANTS:
        value = pattern.sub(replacement, value)
    return value


@lru_cache(maxsize=262_144)
def skeleton(latin_word: str) -> str:
    """A vowel-blind consonant key of one Latin word: leading vowel as "a", consonants, final vowel as "a".

    Digraphs are single letters here, so "shch"/"sh" and "kh"/"h" spelling choices do not matter.
    """
    word = latin_word.replace("shch", "S").replace("sh", "S").replace("ch", "C").replace("zh", "Z") \
        .replace("kh", "H").replace("ts", "C")
    if not word:
        return ""
    first = "a" if word[0] in _VOWELS else word[0]
    middle = "".join(ch for ch in word[1:-1] if ch not in _VOWELS) if len(word) > 2 else ""
    last = word[-1] if len(word) > 1 else ""
    if last in _VOWELS:
        last = "a"
    key = first + middle + last
    return re.sub(r"(.)\1+", r"\1", key)


def initial(latin_word: str) -> str:
    """The first letter class of a given name (vowels and y/j share one class: Юлия = Julia = Iuliia)."""
    return skeleton(latin_word)[:1]


def person_key(last_name: str | None, first_name: str | None) -> str | None:
    """Surname skeleton + first-name initial: the name block (SPEC §10 "surname + initial")."""
    last = to_latin(last_name).replace(" ", "")
    first = to_latin(first_name).replace(" ", "")
    if not last or not first:
        return None
    return f"{skeleton(last)}|{initial(first)}"


@lru_cache(maxsize=65_536)
def company_core(name: str | None) -> str:
    """A company name without its legal form, quotes and punctuation, in Latin ("ООО «Ромашка»" → "romashka")."""
    if not name:
        return ""
    words = [w for w in _WORDS.findall(fold(_QUOTES.sub(" ", name))) if w not in _LEGAL_FORMS]
    latin = [to_latin(w) for w in words]
    return " ".join(w for w in latin if w and w not in _LEGAL_FORMS)


def company_key(name: str | None) -> str | None:
    core = company_core(name)
    if len(core.replace(" ", "")) < 3:
        return None
    return " ".join(skeleton(w) for w in core.split())


def address_digits(address: str | None) -> str:
    """House, building and flat numbers of an address, postal codes left out (six-digit groups)."""
    if not address:
        return ""
    return " ".join(g for g in _DIGIT_GROUPS.findall(address) if len(g) != 6)


@lru_cache(maxsize=65_536)
def address_words(address: str | None) -> str:
    """The identifying words of an address in Latin, without "ул.", "д.", "street" and the like."""
    if not address:
        return ""
    words = [w for w in _WORDS.findall(fold(address)) if not w.isdigit() and w not in _ADDRESS_NOISE]
    latin = [to_latin(w) for w in words]
    return " ".join(sorted(w for w in latin if w and w not in _ADDRESS_NOISE))


_LAT_TO_CYR = [("shch", "щ"), ("sch", "щ"), ("yo", "ё"), ("zh", "ж"), ("kh", "х"), ("ts", "ц"), ("ch", "ч"),
               ("sh", "ш"), ("yu", "ю"), ("ya", "я"), ("iu", "ю"), ("ia", "я"), ("ye", "е"),
               ("a", "а"), ("b", "б"), ("v", "в"), ("g", "г"), ("d", "д"), ("e", "е"), ("z", "з"),
               ("i", "и"), ("j", "й"), ("k", "к"), ("l", "л"), ("m", "м"), ("n", "н"), ("o", "о"),
               ("p", "п"), ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"), ("f", "ф"), ("h", "х"),
               ("c", "ц"), ("w", "в"), ("x", "кс"), ("q", "к")]
_LAT_TO_CYR_RE = re.compile("|".join(re.escape(k) for k, _ in _LAT_TO_CYR) + "|y")


def to_cyrillic(latin: str) -> str:
    """A best-effort reverse transliteration, used only to look a Latin-typed name up among Cyrillic ones."""
    table = dict(_LAT_TO_CYR)

    def letter(match: re.Match[str]) -> str:
        token = match.group(0)
        if token == "y":
            before = match.string[match.start() - 1:match.start()]
            return "й" if before in "aeiou" else "ы"
        return table[token]

    return _LAT_TO_CYR_RE.sub(letter, fold(latin))
