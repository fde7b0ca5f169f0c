"""One reading of typed dates: the card and CLI, segment values and the importer agree, two-digit years
follow one rule, and a next-contact date may lie in the future (a birthday may not)."""

from __future__ import annotations

import datetime as dt

import pytest

from clientbook.core import clients
from clientbook.core.clients import ClientInput
from clientbook.core.dates import full_year
from clientbook.core.importing.normalize import DateOrder, read_date
from clientbook.core.validation import FieldProblem, PartialDate, parse_date, parse_partial_date

IN_2026 = dt.date(2026, 12, 2)


@pytest.mark.parametrize(("digits", "year"), [
    (85, 1985), (0, 2000), (26, 2026),  # this year is the latest a two-digit year can mean
    (27, 1927), (99, 1999),             # next year's digits are read as a century ago, never as the future
])
def test_a_two_digit_year_is_the_latest_such_year_up_to_this_one(digits: int, year: int) -> None:
    assert full_year(digits, IN_2026) == year


def test_birthday_with_a_two_digit_year_uses_the_same_rule() -> None:
    assert parse_partial_date("01.04.26", today=IN_2026) == PartialDate(1, 4, 2026)
    assert parse_partial_date("01.04.27", today=IN_2026) == PartialDate(1, 4, 1927)


def test_card_import_and_segments_read_the_same_day() -> None:
    this_year = dt.date.today().year
    texts = ["01.04.85", f"01.04.{this_year % 100:02d}", f"01.04.{(this_year + 1) % 100:02d}", "01.04.1985",
             "1985-04-01", "1 апреля 1985", "01/04/1985"]
    for text in texts:
        card = parse_partial_date(text)
        imported, problem = read_date(text, DateOrder("dmy"), False)
        assert problem is None and imported == (card.day, card.month, card.year), text
        assert parse_date(text) == dt.date(card.year or 0, card.month, card.day), text


def test_a_next_contact_date_may_be_in_the_future_but_a_birthday_may_not(vault) -> None:
    next_year = dt.date.today().year + 1
    with pytest.raises(FieldProblem):
        parse_partial_date(f"01.04.{next_year}")
    with vault.transaction() as s:
        client = clients.create_client(s, ClientInput(last_name="Иванов", first_name="Иван",
                                                      next_contact_date=f"01.04.{next_year}"))
        assert client.next_contact_date == dt.date(next_year, 4, 1)


def test_import_year_less_date_and_ambiguity() -> None:
    assert read_date("15.03", DateOrder("dmy"), False, allow_no_year=True) == ((15, 3, None), None)
    assert read_date("--03-15", DateOrder("dmy"), False, allow_no_year=True) == ((15, 3, None), None)
    assert read_date("15.03", DateOrder("dmy"), False)[0] is None  # a purchase needs its year
    parsed, problem = read_date("03/04/2024", DateOrder(None), False)
    assert parsed is None and problem is not None and problem.code == "import_date_ambiguous"
