"""The one-query export path (exporting.flat) gives exactly the cells the record path gives, column by
column, on cards with the awkward cases: extensions, unparsed numbers, contact persons' phones and
addresses, invalid e-mails, every custom field type, birthdays with and without a year."""

from __future__ import annotations

from typing import Any

from segments_known_vault import build
from sqlalchemy import text

from clientbook.core import clients, customfields
from clientbook.core import models as m
from clientbook.core.clients import ClientInput, ContactInput, PhoneInput
from clientbook.core.exporting import ExportOptions
from clientbook.core.exporting import columns as cols
from clientbook.core.exporting.flat import flat_rows
from clientbook.core.exporting.records import load_records
from clientbook.core.exporting.service import _columns, _ids_query


def awkward_cards(vault) -> list[int]:  # type: ignore[no-untyped-def]
    with vault.transaction() as s:
        customfields.define_field(s, "Дата визита", "date", key="visit")
        customfields.define_field(s, "Подписан", "bool", key="signed")
        customfields.define_field(s, "Канал", "choice", choices=["сайт", "звонок"], key="channel")
        customfields.define_field(s, "Увлечения", "multi", choices=["рыбалка", "шахматы"], key="hobby")
        first = clients.create_client(s, ClientInput(
            kind="company", company_name="ООО «Вектор»", city="Тула",
            phones=[PhoneInput("+7 916 000-00-01"), PhoneInput("+7 495 765-43-21 доб. 12", kind="work")],
            emails=["bad@vector.ru", "good@vector.ru"], tags=["b-метка", "А-метка"], birthday="05.03",
            custom={"visit": "01.02.2025", "signed": "да", "channel": "сайт", "hobby": ["рыбалка", "шахматы"],
                    "size": "44,5", "color": "-минус"},
            contacts=[ContactInput(last_name="Кузнецов", phones=["+7 916 555-44-33"], emails=["k@vector.ru"])])).id
        second = clients.create_client(s, ClientInput(
            last_name="Пустой", contacts=[ContactInput(last_name="Только", phones=["+7 916 555-44-34"])])).id
        # an import keeps what it could not read: a number it could not parse, an address marked invalid
        s.execute(text("UPDATE phones SET e164 = NULL, raw = '12-34' WHERE e164 = '+79160000001'"))
        s.execute(text("UPDATE emails SET valid = 0 WHERE address = 'bad@vector.ru'"))
        s.execute(m.Client.__table__.update().where(m.Client.id == second)
                  .values(birth_day=31, birth_month=2, birth_year=1990))  # an impossible date left by an import
    return [first, second]


def test_flat_rows_equal_record_values_for_every_column(vault) -> None:
    known = build(vault)
    awkward = awkward_cards(vault)
    options = ExportOptions(preset="full", include_sensitive=True)
    with vault.session() as s:
        columns = _columns(s, options)
        assert {c.key for c in columns} >= {"custom:visit", "custom:signed", "custom:channel", "custom:hobby"}
        records = load_records(s, _ids_query(s, None), want_purchases=True, want_custom=True)
        with flat_rows(s, _ids_query(s, None), columns) as (count, rows):
            flat = list(rows)
    expected: list[list[Any]] = [[cols.plain_value(c.get(r, None)) for c in columns] for r in records]
    assert count == len(flat) == len(expected) == len(known.active) + len(awkward)
    for got, want in zip(flat, expected, strict=True):
        for column, g, w in zip(columns, got, want, strict=True):
            assert (g, type(g)) == (w, type(w)), (column.key, got[0])
    by_id = {row[0]: dict(zip([c.key for c in columns], row, strict=True)) for row in flat}
    assert by_id[awkward[0]]["phone"] == "12-34"
    assert by_id[awkward[0]]["email"] == "good@vector.ru"
    assert by_id[awkward[0]]["phones"] == "12-34; +74957654321 доб. 12; +79165554433"
    assert by_id[awkward[0]]["tags"] == "b-метка; А-метка"  # by the folded key, as the record path
    assert by_id[awkward[1]]["phone"] == "+79165554434"  # a contact person's number when the card has none


def test_a_selection_keeps_its_order_in_the_flat_path(vault) -> None:
    known = build(vault)
    chosen = [known.elkina, known.ivanov, known.romashka]
    columns = [cols.COLUMNS["id"], cols.COLUMNS["display_name"]]
    with vault.session() as s, flat_rows(s, chosen, columns) as (count, rows):
        assert count == 3
        assert [r[0] for r in rows] == chosen
