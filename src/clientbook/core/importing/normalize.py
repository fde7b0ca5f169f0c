"""Turning spreadsheet cells into clean values, with a problem instead of an exception.

Excel hands us floats for anything numeric (phones 79991234567.0, ZIP 99999.0, ids 1.23E15),
dates as date objects or bare serial numbers, and text with stray non-breaking spaces. Each reader
here returns the clean value or None plus the problem to list for that cell; the original text is
never dropped by the caller.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from clientbook.core.dates import NUMERIC_DATE, UnreadableDateError, parse_day_month_year
from clientbook.core.messages import Message
from clientbook.core.textnorm import fix_caps, fold, squash_spaces
from clientbook.core.validation import (
    FieldProblem,
    NormalizedPhone,
    normalize_email,
    normalize_phone,
    parse_money,
)

EMPTY_MARKERS = {"", "null", "none", "nil", "n/a", "na", "#n/a", "—", "–", "-", "--", "нет данных", "(пусто)"}


def is_empty(value: Any) -> bool:
    """None, blanks and the words people type for "nothing" ("NULL", "—", "n/a")."""
    if value is None or value == "":
        return True
    if isinstance(value, str):
        if len(value) > 12:
            return False
        text = value.replace("\u00a0", " ").strip()
        return not text or text.lower() in EMPTY_MARKERS
    return isinstance(value, float) and math.isnan(value)


def fix_mojibake(text: str) -> str:
    """"Oâ€™Donnell" → "O’Donnell": UTF-8 once decoded as cp1252 (common in exported sheets)."""
    if "Ã" not in text and "â€" not in text and "Ð" not in text:
        return text
    try:
        fixed = text.encode("cp1252").decode("utf-8")
    except UnicodeError:
        return text
    return fixed


def cell_text(value: Any) -> str:
    """A cell as text the way the user saw it: 99999.0 → "99999", 1.5 → "1.5", dates in ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e17:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="minutes") if value.time() != dt.time() else value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return fix_mojibake(squash_spaces(str(value)))


def id_text(value: Any) -> str:
    """Codes and ids: numbers without ".0", surrounding quotes removed, leading zeros kept."""
    text = cell_text(value).strip()
    while len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        text = text[1:-1].strip()
    return text


# ---- phones ----------------------------------------------------------------------------------
_SCI = re.compile(r"^\d(?:[.,]\d+)?[eE]\+?\d{1,2}$")
_SPLIT_PHONES = re.compile(r"[,;/\n\r]+|\s{3,}|\s+(?:или|и|or|and)\s+")
_FLOAT_PHONE = re.compile(r"\d{10,13}\.0")
_PHONE_PUNCTUATION = re.compile(r"[\s()\-.]")
# ASCII digits, spaces (never two), brackets and dashes, digits at both ends: squash_spaces keeps it,
# and it has no "e", ".", separator or word that `phone_texts` looks for.
_PLAIN_PHONE = re.compile(r"\+?[0-9][0-9 ()\-]*[0-9]")
# A subset of what phonenumbers calls a valid RU mobile (its pattern 9(?:[0-24-9]\d{4}|3(?:0(?:0…)|[1-9]\d\d)|
# [1-9]\d{3}))\d{4}): 93x was left to phonenumbers, 60 µs a number; test_ru_mobile_shortcut checks the subset.
_RU_MOBILE = re.compile(r"^(?:\+7|8|7)?(9(?:[0-24-9]\d{8}|3[1-9]\d{7}|30[1-9]\d{6}))$")


@dataclass(frozen=True)
class PhoneValue:
    e164: str | None
    raw: str
    extension: str | None = None


def phone_texts(value: Any) -> list[str]:
    """One cell → the phone numbers written in it (floats and scientific notation expanded)."""
    if type(value) is str and _PLAIN_PHONE.fullmatch(value) and "  " not in value:
        return [value]  # the usual cell, "+7 916 123-45-67": `split_phones` would neither change nor split it
    return split_phones(value)


def split_phones(value: Any) -> list[str]:
    """`phone_texts` without its shortcut (the test `test_phone_texts_shortcut` keeps them equal)."""
    if isinstance(value, float | int) and not isinstance(value, bool):
        return [str(int(value))] if float(value).is_integer() else [repr(value)]
    text = squash_spaces(str(value))
    if _SCI.match(text):
        try:
            return [str(int(float(text.replace(",", "."))))]
        except ValueError:
            pass
    if _FLOAT_PHONE.fullmatch(text):
        text = text[:-2]
    return [p.strip() for p in _SPLIT_PHONES.split(text) if p and p.strip()]


def read_phone(text: str, region: str) -> tuple[PhoneValue, Message | None]:
    compact = _PHONE_PUNCTUATION.sub("", text)
    if region == "RU" and (m := _RU_MOBILE.match(compact)):
        return PhoneValue("+7" + m.group(1), text), None
    try:
        phone: NormalizedPhone = normalize_phone(text, region)
    except FieldProblem as exc:
        return PhoneValue(None, text[:100]), exc.message
    return PhoneValue(phone.e164, text[:100], phone.extension), None


# ---- e-mail ----------------------------------------------------------------------------------
_SIMPLE_EMAIL = re.compile(
    r"^[a-z0-9](?:[a-z0-9_%+\-]|\.(?!\.)){0,62}(?<!\.)@(?:[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}$")
_SPLIT_EMAILS = re.compile(r"[,;\s]+")


def email_texts(value: Any) -> list[str]:
    return [p for p in _SPLIT_EMAILS.split(cell_text(value)) if p.strip("<>")]


def read_email(text: str) -> tuple[str, bool, Message | None]:
    """(address, valid, problem); a simple ASCII address skips the slower full check."""
    lowered = text.strip("<>").lower()
    if len(lowered) <= 254 and _SIMPLE_EMAIL.match(lowered):
        return lowered, True, None
    try:
        return normalize_email(text), True, None
    except FieldProblem as exc:
        return text[:320], False, exc.message


# ---- dates -----------------------------------------------------------------------------------
EXCEL_1900 = dt.date(1899, 12, 30)
EXCEL_1904 = dt.date(1904, 1, 1)


def excel_serial(serial: float, date1904: bool) -> dt.date | None:
    if not 1 <= serial < 2958466:
        return None
    if date1904:
        return EXCEL_1904 + dt.timedelta(days=int(serial))
    if serial < 61:  # Excel's phantom 29 February 1900
        return dt.date(1899, 12, 31) + dt.timedelta(days=int(serial))
    return EXCEL_1900 + dt.timedelta(days=int(serial))


@dataclass
class DateOrder:
    """How one column writes day and month, decided from its values, never guessed silently.

    "dmy"/"mdy" when some value proves it (a part > 12) or by the dotted-date convention
    (dd.mm.yyyy); None when every value seen is ambiguous: then ambiguous values are flagged.
    """

    order: str | None = None
    conflict: bool = False

    @classmethod
    def decide(cls, values: Iterable[Any]) -> DateOrder:
        dmy = mdy = dotted = False
        for value in values:
            if not isinstance(value, str):
                continue
            m = NUMERIC_DATE.match(value.strip())
            if not m or len(m.group(1)) == 4:
                continue
            a, b = int(m.group(1)), int(m.group(2))
            dotted = dotted or "." in value
            if a > 12 >= b:
                dmy = True
            elif b > 12 >= a:
                mdy = True
        if dmy and mdy:
            return cls(None, conflict=True)
        if dmy or (dotted and not mdy):
            return cls("dmy")
        if mdy:
            return cls("mdy")
        return cls(None)


def read_date(value: Any, order: DateOrder, date1904: bool, *, allow_no_year: bool = False
              ) -> tuple[tuple[int, int, int | None] | None, Message | None]:
    """(day, month, year-or-None) or a problem; Excel serial numbers honour the 1900/1904 epoch."""
    if isinstance(value, dt.datetime):
        return (value.day, value.month, value.year), None
    if isinstance(value, dt.date):
        return (value.day, value.month, value.year), None
    if isinstance(value, int | float) and not isinstance(value, bool):
        d = excel_serial(float(value), date1904)
        if d is None:
            return None, Message("date_invalid", {"value": cell_text(value)})
        return (d.day, d.month, d.year), None
    text = squash_spaces(str(value))
    if re.fullmatch(r"\d{5}(?:\.\d+)?", text):
        return read_date(float(text), order, date1904)
    try:
        return parse_day_month_year(text, order.order, allow_no_year=allow_no_year), None
    except UnreadableDateError as exc:
        return None, Message(exc.code, {"value": cell_text(value)})


# ---- words -----------------------------------------------------------------------------------
_MALE = {"м", "м.", "муж", "муж.", "мужской", "мужчина", "m", "male", "man", "1"}
_FEMALE = {"ж", "ж.", "жен", "жен.", "женский", "женщина", "f", "female", "woman", "w", "2"}
_YES = frozenset({"да", "д", "yes", "y", "true", "1", "+", "истина", "согласен", "согласна", "есть", "x", "✓", "v",
                  "так", "ja", "oui", "sí", "si", "vrai", "verdadero", "wahr"})
_NO = frozenset({"нет", "н", "no", "n", "false", "0", "ложь", "не согласен", "не согласна", "отказ", "ні", "nein",
                 "non", "faux", "falso", "falsch"})
YES_NO_WORDS = _YES | _NO


def read_gender(value: Any) -> str | None:
    key = fold(cell_text(value))
    return "m" if key in _MALE else "f" if key in _FEMALE else None


def read_yes_no(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    key = fold(cell_text(value))
    return True if key in _YES else False if key in _NO else None


def read_money(value: Any) -> tuple[int | None, Message | None]:
    try:
        return parse_money(value if isinstance(value, int | float) else cell_text(value)), None
    except FieldProblem as exc:
        return None, exc.message


def read_quantity(value: Any) -> str:
    return cell_text(value).replace(",", ".")[:20]


# ---- names -----------------------------------------------------------------------------------
_PATRONYMIC = re.compile(r"(?:вич|вна|ична|инична|ьич|оглы|кызы|улы)$", re.IGNORECASE)
_SURNAME = re.compile(r"(?:ов|ев|ёв|ин|ын|ова|ева|ёва|ина|ына|ский|ская|цкий|цкая|ко|ук|юк|дзе|швили|ян)$",
                      re.IGNORECASE)
_CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)


def clean_text_name(text: str) -> str:
    value = squash_spaces(fix_mojibake(text))
    return fix_caps(value) if value else value


def split_full_name(text: str) -> tuple[str | None, str | None, str | None]:
    """(last, first, middle) from ФИО written in any order: "Иванов Иван Иванович",
    "Иван Иванович Иванов", "Ivan Petrov" (first last), "Petrov, Ivan" (last, first)."""
    value = clean_text_name(text)
    if not value:
        return None, None, None
    if "," in value:
        last, _, rest = value.partition(",")
        words = rest.split()
        return last.strip() or None, (words[0] if words else None), (" ".join(words[1:]) or None)
    words = value.split()
    if len(words) == 1:
        return None, words[0], None
    if len(words) >= 3:
        if _PATRONYMIC.search(words[1]) and not _PATRONYMIC.search(words[2]):
            return " ".join(words[2:]), words[0], words[1]  # Имя Отчество Фамилия
        return words[0], words[1], " ".join(words[2:])  # Фамилия Имя Отчество
    first, second = words
    cyrillic = bool(_CYRILLIC.search(value))
    if _SURNAME.search(second) and not _SURNAME.search(first):
        return second, first, None
    if cyrillic or _SURNAME.search(first):
        return first, second, None  # Russian lists put the surname first
    return second, first, None  # English order: First Last


# ---- history (contacts, visits) ----------------------------------------------------------------
_TIME = re.compile(r"(?:^|[ t])(\d{1,2})[:.](\d{2})(?::(\d{2}))?$")


def read_time(value: Any) -> dt.time | None:
    """A time of day from a time cell, a day fraction (0.5 = 12:00) or text "14:30" / "9.05"."""
    if isinstance(value, dt.datetime):
        return value.time()
    if isinstance(value, dt.time):
        return value
    if isinstance(value, dt.timedelta):
        seconds = int(value.total_seconds())
        return dt.time(seconds // 3600, seconds % 3600 // 60) if 0 <= seconds < 86400 else None
    if isinstance(value, int | float) and not isinstance(value, bool):
        fraction = float(value) % 1
        seconds = round(fraction * 86400) // 60 * 60  # Excel stores 14:30 as 0.604166…: round to the minute
        return dt.time(seconds // 3600 % 24, seconds % 3600 // 60)
    m = _TIME.search(squash_spaces(str(value)).lower())
    if not m:
        return None
    hour, minute, second = int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)
    return dt.time(hour, minute, second) if hour < 24 and minute < 60 and second < 60 else None


def read_datetime(value: Any, order: DateOrder, date1904: bool
                  ) -> tuple[dt.date | None, dt.time | None, Message | None]:
    """(date, time-or-None, problem): "15.03.2024 14:30", a datetime cell, or an Excel serial
    date-time (45366.604… = 15 March 2024 14:30) honouring the 1900/1904 epoch."""
    if isinstance(value, dt.datetime):
        return value.date(), (value.time() if value.time() != dt.time() else None), None
    text = value if not isinstance(value, str) else squash_spaces(value)
    date_part: Any = text
    clock: dt.time | None = None
    if isinstance(text, float) and not text.is_integer():
        clock = read_time(text)
    elif isinstance(text, str) and (m := _TIME.search(text.lower())) and not _NUM_DATE_ONLY.match(text):
        clock = read_time(m.group(0).strip())
        date_part = text[:m.start()].strip(" ,Tt") or text
    parsed, problem = read_date(date_part, order, date1904)
    if parsed is None or parsed[2] is None:
        return None, None, problem or Message("date_invalid", {"value": cell_text(value)})
    return dt.date(parsed[2], parsed[1], parsed[0]), clock, None


_NUM_DATE_ONLY = re.compile(r"^\d{1,2}\.\d{2}$")  # "15.03" alone is a date without a year, not 15:03

INTERACTION_WORDS = {
    "call": ("звонок", "звонки", "звонил", "позвонил", "созвон", "телефон", "тел", "вызов", "дозвон", "call",
             "phone", "phone call", "calls"),
    "meeting": ("встреча", "визит", "посещение", "приём", "прием", "запись", "консультация", "выезд", "сеанс",
                "meeting", "visit", "appointment", "session", "consultation"),
    "email": ("письмо", "e-mail", "email", "эл. письмо", "почта", "e-mail письмо", "mail", "letter"),
    "message": ("сообщение", "смс", "sms", "whatsapp", "ватсап", "вотсап", "telegram", "телеграм", "viber",
                "вайбер", "чат", "мессенджер", "message", "chat", "text message"),
    "note": ("заметка", "примечание", "комментарий", "note", "comment", "прочее", "другое", "other"),
    "offer": ("предложение", "кп", "коммерческое предложение", "оффер", "offer", "proposal", "quote", "quotation"),
    "complaint": ("жалоба", "претензия", "рекламация", "недовольство", "complaint", "claim"),
    "support": ("поддержка", "техподдержка", "тех. поддержка", "обращение", "заявка", "вопрос", "support",
                "ticket", "request", "help"),
    "feedback": ("отзыв", "опрос", "оценка", "анкета", "nps", "feedback", "review", "survey", "rating"),
}
_KIND_EXACT = {word: kind for kind, words in INTERACTION_WORDS.items() for word in words}
# "Входящий звонок", "Визит в салон", "Письмо клиенту": the first known word stem decides
_KIND_STEMS = (("звон", "call"), ("созвон", "call"), ("call", "call"), ("встреч", "meeting"), ("визит", "meeting"),
               ("посещ", "meeting"), ("консульт", "meeting"), ("meet", "meeting"), ("visit", "meeting"),
               ("письм", "email"), ("mail", "email"), ("сообщ", "message"), ("смс", "message"), ("sms", "message"),
               ("жалоб", "complaint"), ("претенз", "complaint"), ("complain", "complaint"), ("отзыв", "feedback"),
               ("опрос", "feedback"), ("feedback", "feedback"), ("survey", "feedback"), ("предлож", "offer"),
               ("offer", "offer"), ("поддерж", "support"), ("обращен", "support"), ("support", "support"),
               ("замет", "note"), ("note", "note"))


def read_interaction_kind(value: Any) -> str | None:
    """"Звонок", "визит" (a meeting), "жалоба", "опрос" (feedback)… → an Interaction kind, else None."""
    key = fold(cell_text(value)).strip(" .")
    if key in _KIND_EXACT:
        return _KIND_EXACT[key]
    if key in INTERACTION_WORDS:
        return key
    for word in re.split(r"[\s,;/()\-]+", key):
        if word in _KIND_EXACT:
            return _KIND_EXACT[word]
    return next((kind for stem, kind in _KIND_STEMS if stem in key), None)


def read_direction(value: Any) -> str | None:
    """"Входящий", "вх.", "incoming", "in" → "in"; "исходящий", "исх", "outgoing", "out" → "out"."""
    key = fold(cell_text(value)).strip()
    if key.startswith(("вх", "in")):
        return "in"
    if key.startswith(("исх", "out")):
        return "out"
    return None


def read_rating(value: Any) -> int | None:
    """1–10: 8, "8", "8/10", "9 из 10"; anything else is None (kept as text by the caller)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    else:
        m = re.match(r"^\s*(\d{1,2}(?:[.,]\d+)?)\s*(?:/\s*10|из\s*10|of\s*10|балл\w*)?\s*$", cell_text(value).lower())
        if not m:
            return None
        number = float(m.group(1).replace(",", "."))
    return int(number) if number.is_integer() and 1 <= number <= 10 else None
