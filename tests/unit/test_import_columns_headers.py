"""Headers are understood in six languages and however they are glued: the cards come out named,
with their phones, companies and positions, in .xlsx, .ods and .csv alike."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from clientbook.core import models as m
from clientbook.core.importing import analyze, run_import
from clientbook.core.importing.headers import header_key, synonyms
from import_support import write_table

FORMATS = [".xlsx", ".ods", ".csv"]

# (header row, one client row, what the card must get) per language; the file has three such rows
LISTS = {
    "ru-1c": (["Наименование", "ОбращатьсяК", "Должность", "Телефон", "ГруппаКонтрагента"],
              ["ООО Ромашка", "Иван Петров", "директор", "+7 916 123-45-{n}", "Опт"],
              {"company_name": "ООО Ромашка", "position": "директор", "last_name": "Петров"}),
    "en-northwind": (["customerID", "companyName", "contactName", "contactTitle", "phone"],
                     ["ALF{n}", "Alfreds Futterkiste", "Maria Anders", "Sales Representative", "+49 30 0074{n}21"],
                     {"company_name": "Alfreds Futterkiste", "position": "Sales Representative",
                      "first_name": "Maria", "last_name": "Anders"}),
    "es": (["CODIGOCLIENTE", "Nombre", "Apellido", "Empresa", "Teléfono", "Cargo"],
           ["C{n}", "Juan", "García", "Acme SL", "+34 612 345 6{n}", "gerente"],
           {"first_name": "Juan", "last_name": "García", "company_name": "Acme SL", "position": "gerente"}),
    "fr": (["Nom", "Prénom", "Société", "Téléphone", "Fonction"],
           ["Dupont", "Marie", "Durand SA", "+33 6 12 34 56 {n}", "comptable"],
           {"first_name": "Marie", "last_name": "Dupont", "company_name": "Durand SA", "position": "comptable"}),
    "de": (["Vorname", "Nachname", "Firma", "Telefonnummer", "Position"],
           ["Hans", "Müller", "Müller GmbH", "+49 151 2345 67{n}", "Inhaber"],
           {"first_name": "Hans", "last_name": "Müller", "company_name": "Müller GmbH", "position": "Inhaber"}),
    "uk": (["Прізвище", "Ім'я", "По батькові", "Телефон", "Посада"],
           ["Шевченко", "Тарас", "Григорович", "+380 67 123 45 {n}", "бухгалтер"],
           {"first_name": "Тарас", "last_name": "Шевченко", "middle_name": "Григорович", "position": "бухгалтер"}),
}


@pytest.mark.parametrize("suffix", FORMATS)
@pytest.mark.parametrize("language", list(LISTS))
def test_headers_of_every_language_and_format_fill_the_cards(vault, tmp_path: Path, language: str,
                                                             suffix: str) -> None:  # type: ignore[no-untyped-def]
    header, row, expected = LISTS[language]
    rows = [header] + [[str(v).replace("{n}", str(10 + n)) for v in row] for n in range(3)]
    result = run_import(vault, write_table(tmp_path / f"{language}{suffix}", rows))
    assert result.rejected == 0 and result.created + result.skipped == 3
    with vault.session() as s:
        card = s.scalars(select(m.Client)).first()
        assert card is not None
        assert {k: getattr(card, k) for k in expected} == expected
        assert s.scalar(select(m.Phone.e164).where(m.Phone.client_id == card.id))  # the phone went to phones


@pytest.mark.parametrize(("header", "words"), [
    ("ОбращатьсяК", "обращаться к"), ("contactTitle", "contact title"), ("CODIGOCLIENTE", "codigo cliente"),
    ("FECHAPEDIDO", "fecha pedido"), ("ВИП клиент:", "вип клиент"), ("ГруппаКонтрагента", "группа контрагента"),
    ("Teléfono", "telefono"), ("Ім’я", "ім'я"), ("CustomerID", "customer id"), ("E_MAIL", "e mail"),
    ("NOMBRECONTACTO", "nombre contacto"), ("Дата рождения*", "дата рождения"),
])
def test_glued_camel_and_upper_case_headers_become_words(header: str, words: str) -> None:
    assert header_key(header) == words


def test_every_field_has_words_in_all_six_languages() -> None:
    from clientbook.core.importing.headers import LANGUAGES, table

    for kind, fields in table().items():
        for key, langs in fields.items():
            assert set(LANGUAGES) <= set(langs), (kind, key)
            assert synonyms(kind, key)


def test_purchases_headers_in_spanish_glued(tmp_path: Path) -> None:
    rows = [["CODIGOCLIENTE", "NOMBRECLIENTE", "FECHAPEDIDO", "IMPORTE", "PRODUCTO"],
            ["C1", "Juan García", "2024-03-01", "12.50", "Café"], ["C2", "Ana López", "2024-03-02", "7", "Té"],
            ["C1", "Juan García", "2024-03-05", "3", "Pan"]]
    analysis = analyze(write_table(tmp_path / "pedidos.xlsx", rows), kind="purchases")
    try:
        assert analysis.mapping.to_json(analysis.headers) == {
            "CODIGOCLIENTE": "client_code", "NOMBRECLIENTE": "full_name", "FECHAPEDIDO": "date",
            "IMPORTE": "amount", "PRODUCTO": "item"}
        assert all(c["level"] == "high" for c in analysis.columns())
    finally:
        analysis.close()
