"""Import cases shared by tests that run the same file two ways and compare what a user could see:
a base of 220 cards with shared phones, mailboxes, codes and ИНН, and small files of clients,
purchases and history that match, merge, review and create against it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from clientbook.core.importing import ImportOptions, run_import
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


def base_vault(path: Path, tmp_path: Path) -> Vault:
    vault = Vault.create(path, PASSWORD)
    run_import(vault, write_csv(tmp_path / "base.csv", "\n".join(BASE) + "\n"), ImportOptions(on_duplicate="create"))
    return vault


def seen(vault: Vault, result: Any) -> dict[str, Any]:
    """The totals, every row's outcome with its reasons, and what the base holds after `result`."""
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
