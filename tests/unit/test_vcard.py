"""The .vcf export read back by vobject, a maintained vCard parser: what an address book shows is what
the card holds, awkward characters included (escaping, folding inside a multi-byte letter)."""

from __future__ import annotations

from pathlib import Path

import vobject

from clientbook.core import clients
from clientbook.core.clients import ClientInput, PhoneInput
from clientbook.core.exporting import ExportSpec, Scope, export_clients

NOTE = "Звонить после 14:00; счёт, акт\\договор.\nВторая строка 😀 " + "ж" * 80


def test_vcf_parses_back_to_the_card(vault, tmp_path: Path) -> None:
    with vault.transaction() as s:
        person = clients.create_client(s, ClientInput(
            last_name="Ёлкина", first_name="Вера", middle_name="Ивановна", company_name="ООО «Ромашка; и, К»",
            position="директор", phones=[PhoneInput("+7 916 123-45-67", kind="mobile"),
                                         PhoneInput("+7 495 123-45-67 доб. 12", kind="work")],
            emails=["vera@example.ru"], address="ул. Ленина, д. 5", city="Тверь", region="Тверская обл.",
            birthday="01.04.1985", notes=NOTE, tags=["vip", "опт, розница"])).id
        company = clients.create_client(s, ClientInput(kind="company", company_name="ИП Кофе", city="Казань")).id
    target = tmp_path / "c.vcf"
    export_clients(vault, target, ExportSpec(scope=Scope(ids=(person, company)), format="vcf"))

    cards = list(vobject.readComponents(target.read_text(encoding="utf-8"), validate=True))
    assert len(cards) == 2
    card = cards[0]
    assert card.version.value == "3.0"
    assert (card.n.value.family, card.n.value.given, card.n.value.additional) == ("Ёлкина", "Вера", "Ивановна")
    assert card.fn.value == "Ёлкина Вера Ивановна"
    assert card.org.value == ["ООО «Ромашка; и, К»"]
    assert card.title.value == "директор"
    assert card.note.value == NOTE
    assert card.bday.value == "1985-04-01"
    assert sorted(card.categories.value) == ["vip", "опт, розница"]
    tels = {t.params["TYPE"][0]: t.value for t in card.contents["tel"]}
    assert tels["CELL"] == "+79161234567" and tels["WORK"].startswith("+74951234567;ext=12")
    assert card.email.value == "vera@example.ru"
    assert (card.adr.value.street, card.adr.value.city, card.adr.value.region) == (
        "ул. Ленина, д. 5", "Тверь", "Тверская обл.")
    assert cards[1].fn.value == "ИП Кофе" and cards[1].adr.value.city == "Казань"
    raw = target.read_bytes()
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
