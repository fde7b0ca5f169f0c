"""Validation and normalization of what users type: phones, e-mails, ИНН, dates, names.

Each validator returns the normalized value or raises FieldProblem with a translatable message, so
the card editor shows it next to the field and the importer lists it per cell.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from stdnum.exceptions import ValidationError
from stdnum.ru import inn

from clientbook.core.dates import UnreadableDateError, parse_day_month_year
from clientbook.core.messages import Message
from clientbook.core.textnorm import digits, fix_caps, squash_spaces

DEFAULT_REGION = "RU"


class FieldProblem(ValueError):  # noqa: N818  (a problem with one field, shown beside it, not a failure)
    def __init__(self, code: str, **params: object) -> None:
        self.message = Message(code, dict(params))
        super().__init__(self.message.text("en"))


# ---- phones ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class NormalizedPhone:
    e164: str
    raw: str
    extension: str | None = None

    def formatted(self, default_region: str = DEFAULT_REGION) -> str:
        return format_phone(self.e164, default_region, self.extension)


_EXT = re.compile(r"(?:\s*(?:доб\.?|добавочный|ext\.?|extension|x|#)\s*)(\d{1,6})\s*$", re.IGNORECASE)


def normalize_phone(text: str, region: str | None = DEFAULT_REGION) -> NormalizedPhone:
    """Parse any written form ("8 (916) 123-45-67", "+7916…", "9161234567") into E.164.

    A Russian 10-digit number without a prefix is a mobile/landline with +7 omitted; "8…" is the
    domestic trunk prefix. Extensions after "доб."/"ext"/"x" are kept apart.
    """
    raw = squash_spaces(str(text))
    if not raw:
        raise FieldProblem("required")
    body, extension = raw, None
    match = _EXT.search(raw)
    if match and len(digits(raw[: match.start()])) >= 7:
        body, extension = raw[: match.start()], match.group(1)
    region = (region or DEFAULT_REGION).upper()
    candidate = body.strip()
    only_digits = digits(candidate)
    if candidate.startswith("00"):
        candidate = "+" + candidate[2:]
    elif region == "RU" and not candidate.startswith("+"):
        if len(only_digits) == 11 and only_digits[0] in "78":
            candidate = "+7" + only_digits[1:]
        elif len(only_digits) == 10 and only_digits[0] in "3489":
            candidate = "+7" + only_digits
    try:
        parsed = phonenumbers.parse(candidate, region)
    except phonenumbers.NumberParseException as exc:
        raise FieldProblem("phone_invalid", value=raw) from exc
    if not phonenumbers.is_valid_number(parsed):
        raise FieldProblem("phone_invalid", value=raw)
    if parsed.extension and not extension:
        extension = parsed.extension
    return NormalizedPhone(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164), raw, extension)


def format_phone(e164: str, default_region: str = DEFAULT_REGION, extension: str | None = None) -> str:
    """One written form everywhere: international, "+7 916 123-45-67".

    The national form ("8 (916) 123-45-67") for the home country beside "+7 916 …" for numbers typed
    with +7 made one base show a phone two ways; `default_region` is kept for callers and ignored."""
    try:
        parsed = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    text = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return f"{text} доб. {extension}" if extension else text


# ---- e-mail ----------------------------------------------------------------------------------
def normalize_email(text: str) -> str:
    """Syntax check without any network lookup; the address is lower-cased as a whole."""
    raw = squash_spaces(str(text)).strip("<>").strip()
    if not raw:
        raise FieldProblem("required")
    try:
        result = validate_email(raw, check_deliverability=False)
    except EmailNotValidError as exc:
        raise FieldProblem("email_invalid", value=raw) from exc
    return result.normalized.lower()


# ---- ИНН -------------------------------------------------------------------------------------
def normalize_inn(text: str) -> str:
    """A 10-digit (organization) or 12-digit (person, ИП) ИНН with valid check digits (python-stdnum)."""
    raw = squash_spaces(str(text))
    try:
        return inn.validate(raw)
    except ValidationError as exc:
        raise FieldProblem("inn_invalid", value=raw) from exc


# ---- dates -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class PartialDate:
    """A birthday: day and month always, the year only if known."""

    day: int
    month: int
    year: int | None = None

    def iso(self) -> str:
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}" if self.year else f"--{self.month:02d}-{self.day:02d}"


RU_MONTHS_GENITIVE = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
                      "сентября", "октября", "ноября", "декабря")
EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December")


def format_date(day: int, month: int, year: int | None, lang: str = "ru") -> str:
    """Unambiguous long form: "1 апреля 1985", "1 April 1985", year omitted when unknown."""
    months = EN_MONTHS if lang == "en" else RU_MONTHS_GENITIVE
    text = f"{day} {months[month - 1]}"
    return f"{text} {year}" if year else text


def parse_partial_date(text: str, today: dt.date | None = None) -> PartialDate:
    """"01.04.1985", "1985-04-01", "01.04", "--04-01", "1 апреля 1985"; day first as written in Russia.
    A birthday lies between 1900 and today."""
    raw = squash_spaces(str(text))
    try:
        day, month, year = parse_day_month_year(raw, allow_no_year=True, today=today)
    except UnreadableDateError as exc:
        raise FieldProblem("date_invalid", value=raw) from exc
    if year and not (1900 <= year <= (today or dt.date.today()).year):
        raise FieldProblem("date_invalid", value=raw)
    return PartialDate(day, month, year)


def parse_date(text: str | dt.date) -> dt.date:
    """A full date (next contact, a custom date field, a segment's value): past or future, the year required."""
    if isinstance(text, dt.datetime):
        return text.date()
    if isinstance(text, dt.date):
        return text
    raw = squash_spaces(str(text))
    try:
        day, month, year = parse_day_month_year(raw)
    except UnreadableDateError as exc:
        raise FieldProblem("date_invalid", value=text) from exc
    if year is None:
        raise FieldProblem("date_invalid", value=text)
    return dt.date(year, month, day)


# ---- money and names -------------------------------------------------------------------------
_MONEY_JUNK = re.compile(r"[\s\u00a0\u202f₽$€£]|руб\.?|р\.|rub|usd|eur", re.IGNORECASE)


def parse_money(value: str | int | float | Decimal) -> int:
    """Minor units from "1 234,56 ₽", "1,234.56", 1234.5; exact, no float rounding surprises."""
    if isinstance(value, bool):
        raise FieldProblem("amount_invalid", value=value)
    if isinstance(value, int):
        return value * 100
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, Decimal):
        return int((value * 100).quantize(Decimal(1)))
    raw = str(value)
    text = _MONEY_JUNK.sub("", raw).replace("'", "").replace("\u2212", "-")  # typographic minus
    if "," in text and "." in text:
        text = text.replace(",", "") if text.rfind(".") > text.rfind(",") else text.replace(".", "").replace(",", ".")
    elif "," in text:
        # one comma with 1–2 digits after it is a decimal comma; otherwise commas group thousands
        decimals = text.rsplit(",", 1)[1]
        text = text.replace(",", ".") if text.count(",") == 1 and len(decimals) != 3 else text.replace(",", "")
    try:
        amount = Decimal(text)
    except InvalidOperation as exc:
        raise FieldProblem("amount_invalid", value=raw) from exc
    return int((amount * 100).quantize(Decimal(1)))


def clean_name(text: str | None) -> str | None:
    """Trim, squash spaces and fix ALL CAPS / all lower; empty becomes None."""
    value = squash_spaces(text)
    return fix_caps(value) if value else None
