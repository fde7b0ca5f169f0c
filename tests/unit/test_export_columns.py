"""Every column of the whole card as a user reads it back, in .xlsx (typed cells) and .csv (text), on cards
with the awkward cases: extensions, unparsed numbers, contact persons' phones and addresses, invalid
e-mails, every custom field type, birthdays with and without a year and an impossible one."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import openpyxl
from sqlalchemy import text

from clientbook.core import clients, customfields
from clientbook.core import models as m
from clientbook.core.clients import ClientInput, ContactInput, PhoneInput
from clientbook.core.exporting import ExportSpec, Scope, export_clients


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


def test_whole_card_cells_in_xlsx_and_csv(vault, tmp_path: Path) -> None:
    first, second = awkward_cards(vault)
    scope = Scope.of([first, second])
    export_clients(vault, tmp_path / "c.xlsx", ExportSpec(scope=scope, format="xlsx", lang="ru"))
    export_clients(vault, tmp_path / "c.csv", ExportSpec(scope=scope, format="csv", lang="ru"))
    sheet = list(openpyxl.load_workbook(tmp_path / "c.xlsx").active.iter_rows(values_only=True))
    xlsx = [dict(zip(sheet[0], row, strict=True)) for row in sheet[1:]]
    with open(tmp_path / "c.csv", encoding="utf-8-sig", newline="") as fh:
        text_rows = list(csv.DictReader(fh, delimiter=";"))
    assert [r["№"] for r in xlsx] == [first, second] and [r["№"] for r in text_rows] == [str(first), str(second)]
    vector, empty = xlsx
    assert vector["Клиент"] == "ООО «Вектор»" and vector["Тип"] == "Компания" and vector["Город"] == "Тула"
    assert vector["Телефон"] == "12-34"  # kept as the import found it
    assert vector["Все телефоны"] == "12-34; +74957654321 доб. 12; +79165554433"  # the contact person's last
    assert vector["Эл. почта"] == "good@vector.ru"  # a valid address first
    assert vector["Все адреса эл. почты"] == "bad@vector.ru; good@vector.ru; k@vector.ru"
    assert vector["Метки"] == "b-метка; А-метка"
    assert vector["День рождения"] == "05.03"  # no year: text, not an invented date
    assert vector["Дата визита"] == dt.datetime(2025, 2, 1) and vector["Подписан"] is True
    assert vector["Канал"] == "сайт" and vector["Увлечения"] == "рыбалка; шахматы"
    assert vector["Покупок"] == 0 and vector["Сумма покупок"] == 0 and vector["Должник"] is False
    assert isinstance(vector["Создан"], dt.datetime)
    assert empty["Телефон"] == "+79165554434"  # a contact person's number when the card has none
    assert empty["День рождения"] == "31 февраля 1990"  # an impossible date an import left: as text
    vector_text, empty_text = text_rows
    assert vector_text["Телефон"] == "12-34" and vector_text["Все телефоны"] == vector["Все телефоны"]
    assert vector_text["Дата визита"] == "01.02.2025" and vector_text["Подписан"] == "да"
    assert vector_text["Сумма покупок"] == "0,00" and vector_text["Покупок"] == "0"
    assert vector_text["Должник"] == "нет" and vector_text["Тип"] == "Компания"
    assert vector_text["Создан"] == vector["Создан"].strftime("%d.%m.%Y")
    assert empty_text["День рождения"] == "31 февраля 1990" and empty_text["Тип"] == "Физлицо"
