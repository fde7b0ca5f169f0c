"""A file far smaller than the base is matched by looking its keys up: exactly as if every key were loaded.

Each case imports the same small file into two identical bases, once with the base's keys loaded
(as for a big file) and once looked up per chunk, and compares everything a user could see: the
totals, every row's outcome and reasons, the pairs sent to the duplicates review, and the cards,
contacts, codes, purchases and history entries that end in the base.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from clientbook.core.importing import ImportOptions, bulk_indexes, key_lookups, run_import
from clientbook.core.vault import Vault
from import_support import write_csv

PASSWORD = "ключи-пароль"

# 220 cards (so a 12-row file is far smaller than the base): codes K001…, a family phone and an office
# mailbox shared by two people, ИНН, the same name in two cities.
BASE = ["Код;ФИО;Телефон;E-mail;ИНН;Город"]
BASE += [f"K{i:03d};Клиентова{i} Анна;+7 916 100-{i // 100:02d}-{i % 100:02d};a{i}@example.ru;;Тверь" for i in range(200)]
BASE += [
    "F1;Семёнов Пётр;+7 903 555-00-01;office@firma.ru;;Москва",
    "F2;Семёнова Ольга;+7 903 555-00-01;office@firma.ru;;Москва",  # the same phone and mailbox, another name
    "F3;ООО Ромашка;+7 495 123-45-67;;7707083893;Москва",
    "F4;Иванов Иван;;ivanov@example.ru;;Казань",
    "F5;Иванов Иван;;ivanov2@example.ru;;Самара",
] + [f"X{i:02d};Запасов{i} Олег;;;;Омск" for i in range(15)]

UPDATE = "\n".join([
    "Код;ФИО;Телефон;E-mail;ИНН;Город",
    "K005;Клиентова5 Анна;;new5@example.ru;;Тверь",  # code + name agree: the card is filled
    "K006;Другая Мария;;;;Тверь",  # the code of another person: a card of its own, the pair reviewed
    ";Клиентова7 Анна;+7 916 100-00-07;;;",  # phone + name: the card
    ";Семёнова Ольга;+7 903 555-00-01;;;Москва",  # the family phone: the right one of the two
    ";Новиков Сергей;+7 903 555-00-01;;;",  # the family phone, a third name: new card, reviewed
    ";ООО Ромашка (филиал);;;7707083893;",  # ИНН
    ";Иванов Иван;;;;Самара",  # name + city (with match_names)
    ";Клиентова9 Анна;;a9@example.ru;;",  # e-mail + name
    ";Новиков Сергей;+7 903 555-00-01;;;",  # a repeat of a row above (merged in the file)
    "K300;Совсем Новый;+7 999 000-00-01;;;",  # nobody
    "K300;Совсем Новый;;second@example.ru;;",  # the same new code again: the card made above
    ";Пустов;;;;",  # a name only
    "K777;Клиентова20 Анна;+7 916 100-00-20;;;",  # her phone and name, but another code: two clients
    ";ООО Ромашка;+7 495 123-45-67;;7736207543;",  # its phone and name, but another ИНН: two companies
]) + "\n"

PURCHASES = "\n".join([
    "Код клиента;ФИО;Дата;Сумма",
    "K010;Клиентова10 Анна;01.02.2026;1500",
    "K011;Кто-то Другой;02.02.2026;700",  # purchases link by code alone
    ";Иванов Иван;03.02.2026;300",  # by name alone: the first Иванов Иван
    ";Незнакомов Ян;04.02.2026;100",  # nobody: a card is made
]) + "\n"

HISTORY = "\n".join([
    "Телефон;ФИО;Дата;Тип;Тема",
    "+7 916 100-00-12;Клиентова12 Анна;05.02.2026 10:00;звонок;Напомнить о заказе",
    "+7 903 555-00-01;Семёнов Пётр;06.02.2026 11:30;визит;Встреча",
    ";ООО Ромашка;07.02.2026 09:00;письмо;Счёт",
]) + "\n"


def _base(path: Path, tmp_path: Path) -> Vault:
    vault = Vault.create(path, PASSWORD)
    run_import(vault, write_csv(tmp_path / "base.csv", "\n".join(BASE) + "\n"), ImportOptions(on_duplicate="create"))
    return vault


def _seen(vault: Vault, result: Any) -> dict[str, Any]:
    outcomes = [(o.row_no, o.status, o.client_id, [(r.code, sorted((k, str(v)) for k, v in r.params.items()))
                                                   for r in o.reasons]) for o in result.outcomes]
    conn = vault.raw_connection()
    try:
        tables = {name: conn.execute(sql).fetchall() for name, sql in {
            "clients": "SELECT id, kind, last_name, first_name, company_name, inn, city FROM clients ORDER BY id",
            "phones": "SELECT client_id, e164 FROM phones ORDER BY id",
            "emails": "SELECT client_id, address FROM emails ORDER BY id",
            "codes": "SELECT client_id, value_text FROM custom_values ORDER BY id",
            "purchases": "SELECT client_id, amount_minor, date FROM purchases ORDER BY id",
            "history": "SELECT client_id, kind, subject FROM interactions ORDER BY id",
            "review": "SELECT json_extract(undo_data, '$.review') FROM batches ORDER BY id",
        }.items()}
    finally:
        conn.close()
    return {"totals": {k: v for k, v in result.totals().items() if k != "batch"}, "outcomes": outcomes, **tables}


@pytest.mark.parametrize(("name", "options"), [
    ("update", ImportOptions(on_duplicate="fill")),
    ("update", ImportOptions(on_duplicate="fill", match_names=True)),
    ("update", ImportOptions(on_duplicate="overwrite")),
    ("update", ImportOptions(on_duplicate="skip")),
    ("purchases", ImportOptions(kind="purchases")),
    ("history", ImportOptions(kind="history")),
])
# defer_from 5: the small tables' indexes are dropped meanwhile, as for a file of 5,000 rows or more
@pytest.mark.parametrize("defer_from", [5000, 5])
def test_looked_up_keys_match_as_loaded_keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str,
                                             options: ImportOptions, defer_from: int) -> None:
    monkeypatch.setattr(bulk_indexes, "DEFER_FROM", defer_from)
    source = write_csv(tmp_path / f"{name}.csv", {"update": UPDATE, "purchases": PURCHASES, "history": HISTORY}[name])
    fetched: list[int] = []
    fetch = key_lookups.Lookups.fetch

    def counted(self: key_lookups.Lookups, index: Any, recs: Any) -> None:
        fetched.append(1)
        fetch(self, index, recs)

    monkeypatch.setattr(key_lookups.Lookups, "fetch", counted)
    seen = {}
    for way, below in (("loaded", 10 ** 9), ("looked up", key_lookups.LOOK_UP_BELOW)):
        monkeypatch.setattr(key_lookups, "LOOK_UP_BELOW", below)
        vault = _base(tmp_path / way / "vault.db", tmp_path)
        try:
            fetched.clear()
            result = run_import(vault, source, options)
            assert bool(fetched) == (way == "looked up")  # the lookups really ran, and only then
            seen[way] = _seen(vault, result)
            if name != "update":  # the same file again: every row is already in the base
                again = run_import(vault, source, options)
                seen[way]["again"] = _seen(vault, again)
        finally:
            vault.close()
    loaded, looked_up = seen["loaded"], seen["looked up"]
    assert loaded["totals"] == looked_up["totals"]
    assert loaded["outcomes"] == looked_up["outcomes"]
    assert loaded == looked_up
    if name == "update":  # the file really exercised the rules: matches, a review pair, new cards
        assert loaded["totals"]["created"] >= 3 and loaded["totals"]["updated"] + loaded["totals"]["skipped"] >= 3
    else:
        again = loaded["again"]["totals"]
        assert again["purchases"] == again["interactions"] == 0 and again["skipped"] == loaded["totals"]["rows"]
