"""Every validation rule with good and bad values, and per-field messages in Russian and English."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from clientbook.core.clients import ClientInput, ContactInput, create_client
from clientbook.core.errors import ValidationError
from clientbook.core.textnorm import digits, fix_caps, fold
from clientbook.core.validation import (
    FieldProblem,
    PartialDate,
    clean_name,
    format_date,
    format_phone,
    normalize_email,
    normalize_inn,
    normalize_phone,
    parse_date,
    parse_money,
    parse_partial_date,
)
from clientbook.core.vault import Vault

NBSP = "\u00a0"


# ---- phones ------------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "e164", "extension"), [
    ("8 916 123-45-67", "+79161234567", None),
    ("8 (916) 123-45-67", "+79161234567", None),
    ("+7 (916) 123-45-67", "+79161234567", None),
    ("+79161234567", "+79161234567", None),
    ("79161234567", "+79161234567", None),
    ("89161234567", "+79161234567", None),
    ("9161234567", "+79161234567", None),  # 10-digit mobile without the +7
    ("916-123-45-67", "+79161234567", None),
    ("4951234567", "+74951234567", None),  # Moscow landline without the prefix
    ("8 800 555 35 35", "+78005553535", None),
    (f"7(499)318-88-53{NBSP}", "+74993188853", None),  # the shape of ru-clients-cp1251.csv
    ("8 (495) 123-45-67 доб. 123", "+74951234567", "123"),
    ("+7 495 123 45 67 доб 9", "+74951234567", "9"),
    ("+7 916 123 45 67 ext. 12", "+79161234567", "12"),
    ("+1 650 253 0000 x718", "+16502530000", "718"),
    ("+44 20 7946 0958", "+442079460958", None),
    ("0049 30 1234567", "+49301234567", None),
    ("+380 44 123 4567", "+380441234567", None),
])
def test_phone_good(text: str, e164: str, extension: str | None) -> None:
    phone = normalize_phone(text)
    assert phone.e164 == e164
    assert phone.extension == extension
    assert NBSP not in phone.raw


@pytest.mark.parametrize("text", [
    f"7(9940)977-45-73{NBSP}",  # 12 digits: a real row of ru-clients-cp1251.csv, not a number
    "7(38)095-64-18",
    "abc", "123", "+7 916", "8 916 123-45-67-89-00", "телефон", "+999 123 456 789",
])
def test_phone_bad(text: str) -> None:
    with pytest.raises(FieldProblem) as info:
        normalize_phone(text)
    assert info.value.message.code == "phone_invalid"
    shown = text.replace(NBSP, " ").strip()
    assert info.value.message.text("ru") == f"Номер телефона «{shown}» не распознан."
    assert info.value.message.text("en") == f"The phone number “{shown}” is not valid."


def test_phone_empty_is_required() -> None:
    with pytest.raises(FieldProblem) as info:
        normalize_phone("  ")
    assert info.value.message.code == "required"


def test_foreign_default_region() -> None:
    assert normalize_phone("030 1234567", "DE").e164 == "+49301234567"
    assert normalize_phone("(650) 253-0000", "US").e164 == "+16502530000"


def test_phone_formatting_is_international_everywhere() -> None:
    assert format_phone("+79161234567") == "+7 916 123-45-67"
    assert format_phone("+74951234567", extension="123") == "+7 495 123-45-67 доб. 123"
    assert format_phone("+442079460958") == "+44 20 7946 0958"
    assert format_phone("+16502530000", "US") == "+1 650-253-0000"
    assert format_phone("+375291234567", "RU") == "+375 29 123-45-67"


# ---- e-mail ------------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    ("Ivan.Petrov@Example.COM", "ivan.petrov@example.com"),
    ("  <a.b@mail.ru>  ", "a.b@mail.ru"),
    ("user+tag@yandex.ru", "user+tag@yandex.ru"),
    ("иван@почта.рф", "иван@почта.рф"),
])
def test_email_good(text: str, expected: str) -> None:
    assert normalize_email(text) == expected


@pytest.mark.parametrize("text", ["bad@", "a@b", "a b@c.ru", "no-at-sign.ru", "two@@at.ru", "a@.ru", "@mail.ru"])
def test_email_bad(text: str) -> None:
    with pytest.raises(FieldProblem) as info:
        normalize_email(text)
    assert info.value.message.code == "email_invalid"
    assert "некорректен" in info.value.message.text("ru")
    assert "is not valid" in info.value.message.text("en")


# ---- ИНН ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    ("7707083893", "7707083893"),  # Сбербанк, organization
    ("7736207543", "7736207543"),  # Яндекс
    ("500100732259", "500100732259"),  # a person's 12-digit ИНН
    (" 7707 083 893 ", "7707083893"),
])
def test_inn_good(text: str, expected: str) -> None:
    assert normalize_inn(text) == expected


@pytest.mark.parametrize("text", [
    "7707083894",  # last check digit wrong
    "500100732250",  # second check digit wrong
    "500100732269",  # first check digit wrong
    "12345", "77070838930", "77070838931234", "abcdefghij", "770708389O",
])
def test_inn_bad(text: str) -> None:
    with pytest.raises(FieldProblem) as info:
        normalize_inn(text)
    assert info.value.message.code == "inn_invalid"
    assert "контрольная сумма" in info.value.message.text("ru")
    assert "checksum" in info.value.message.text("en")


# ---- dates -------------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    ("01.04.1985", PartialDate(1, 4, 1985)),
    ("1.4.1985", PartialDate(1, 4, 1985)),
    ("01/04/1985", PartialDate(1, 4, 1985)),
    ("1985-04-01", PartialDate(1, 4, 1985)),
    ("01.04.85", PartialDate(1, 4, 1985)),
    ("01.04", PartialDate(1, 4, None)),
    ("--04-01", PartialDate(1, 4, None)),
    ("29.02", PartialDate(29, 2, None)),  # a birthday without a year may be 29 February
    ("29.02.2000", PartialDate(29, 2, 2000)),
])
def test_partial_date_good(text: str, expected: PartialDate) -> None:
    assert parse_partial_date(text) == expected


@pytest.mark.parametrize("text", [
    "29.02.2001", "31.04.1990", "13.13", "00.01", "32.01.1990", "abc", "1 апреля", "01.04.1850",
    f"01.04.{dt.date.today().year + 1}",  # a birthday in the future
    "01.04.2999",
])
def test_partial_date_bad(text: str) -> None:
    with pytest.raises(FieldProblem) as info:
        parse_partial_date(text)
    assert info.value.message.code == "date_invalid"
    assert info.value.message.text("ru") == f"Дата «{text}» не распознана."
    assert info.value.message.text("en") == f"The date “{text}” is not a valid date."


def test_full_date_needs_a_year() -> None:
    assert parse_date("01.04.1985") == dt.date(1985, 4, 1)
    assert parse_date(dt.date(2020, 1, 2)) == dt.date(2020, 1, 2)
    assert parse_date(dt.datetime(2020, 1, 2, 10, 30)) == dt.date(2020, 1, 2)
    with pytest.raises(FieldProblem):
        parse_date("01.04")


def test_partial_date_iso_and_long_form() -> None:
    assert PartialDate(1, 4, 1985).iso() == "1985-04-01"
    assert PartialDate(1, 4).iso() == "--04-01"
    assert format_date(1, 4, 1985) == "1 апреля 1985"
    assert format_date(29, 2, None) == "29 февраля"
    assert format_date(1, 4, 1985, "en") == "1 April 1985"


# ---- money -------------------------------------------------------------------------------------
@pytest.mark.parametrize(("value", "minor"), [
    ("1 234,56 ₽", 123456),
    (f"1{NBSP}234,56{NBSP}₽", 123456),
    ("1,234.56", 123456),
    ("1.234,56", 123456),
    ("1234", 123400),
    ("1 234 руб.", 123400),
    ("12,5", 1250),
    ("$ 99.99", 9999),
    ("-100,50", -10050),
    ("\u2212100,50", -10050),
    (1234.5, 123450),
    (0.1, 10),
    (0.29, 29),  # 0.29 * 100 is 28.999… in floats
    (100, 10000),
    (Decimal("12.345"), 1234),
])
def test_money_good(value: str | int | float | Decimal, minor: int) -> None:
    assert parse_money(value) == minor


@pytest.mark.parametrize("value", ["abc", "", "12,34,5x", True])
def test_money_bad(value: str | bool) -> None:
    with pytest.raises(FieldProblem) as info:
        parse_money(value)
    assert info.value.message.code == "amount_invalid"
    assert "Сумма" in info.value.message.text("ru")
    assert "amount" in info.value.message.text("en")


# ---- names and text folding --------------------------------------------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    ("ИВАНОВ", "Иванов"),
    ("иванов-петров", "Иванов-Петров"),
    ("ИВАН ИВАНОВИЧ", "Иван Иванович"),
    ("  Анна   Мария ", "Анна Мария"),
    ("McDonald", "McDonald"),  # mixed case is the user's choice
    ("мАрия", "мАрия"),
    ("", None),
    ("   ", None),
    (None, None),
])
def test_clean_name(text: str | None, expected: str | None) -> None:
    assert clean_name(text) == expected


def test_fold_and_digits() -> None:
    assert fold("  ЁЛКИН  Пётр ") == "елкин петр"
    assert fold("ﬁ Straße") == "fi strasse"
    assert digits("+7 (916) 123-45-67") == "79161234567"
    assert fix_caps("ДЕ ЛА КРУС") == "Де Ла Крус"


# ---- per-field errors on a whole card ------------------------------------------------------------
def test_card_reports_every_bad_field_at_once_in_both_languages(vault: Vault) -> None:
    data = ClientInput(
        last_name="", first_name=" ", inn="7707083894", birthday="31.02.1990", phones=["8 916 123-45-67", "abc"],
        emails=["ok@mail.ru", "bad@"], status="vip", next_contact_date="завтра",
        contacts=[ContactInput(first_name="Ольга", phones=["12"], emails=["x@"], birthday="30.02")],
    )
    with vault.transaction() as s, pytest.raises(ValidationError) as info:
        create_client(s, data)
    errors = info.value.errors
    assert set(errors) == {"last_name", "inn", "birthday", "phones[1]", "emails[1]", "status",
                           "next_contact_date", "contacts[0].phones[0]", "contacts[0].emails[0]",
                           "contacts[0].birthday"}
    assert errors["last_name"].text("ru") == "Укажите фамилию, имя или название компании."
    assert errors["last_name"].text("en") == "Enter a last name, first name or company name."
    assert errors["phones[1]"].text("ru") == "Номер телефона «abc» не распознан."
    assert errors["inn"].text("en") == "The INN “7707083894” is not valid: wrong length or checksum."
    assert errors["status"].text("ru") == "Значение «vip» недопустимо."
    assert "Номер телефона «12»" in info.value.text("ru") and "“x@”" in info.value.text("en")
    with vault.session() as s:  # nothing was written
        from sqlalchemy import func, select

        from clientbook.core import models as m

        assert s.scalar(select(func.count(m.Client.id))) == 0
        assert s.scalar(select(func.count(m.AuditEntry.id))) == 0


def test_card_normalizes_what_it_stores(vault: Vault) -> None:
    with vault.transaction() as s:
        client = create_client(s, ClientInput(
            last_name="ПЕТРОВА", first_name="анна", inn="500100732259", birthday="29.02",
            phones=["8 916 123-45-67", "+7 916 123 45 67"], emails=["Anna@Mail.RU", "anna@mail.ru"],
            tags=["VIP", "vip", " Опт "]))
        assert (client.last_name, client.first_name, client.display_name) == ("Петрова", "Анна", "Петрова Анна")
        assert client.sort_key == "петрова анна"
        assert (client.birth_day, client.birth_month, client.birth_year) == (29, 2, None)
        assert [p.e164 for p in client.phones] == ["+79161234567"]  # the same number written twice
        assert [e.address for e in client.emails] == ["anna@mail.ru"]
        assert sorted(t.name for t in client.tags) == ["VIP", "Опт"]
