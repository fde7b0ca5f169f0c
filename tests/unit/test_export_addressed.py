"""Mailing mode and one row per address on cards with the awkward cases: the same address in another case
on two cards, an address repeated on one card, invalid and malformed e-mails, contact persons' addresses,
landlines, faxes, extensions, a foreign mobile, unparsed numbers, consent withdrawn and granted again.
The dialog's preview and the written file agree on every option."""

from __future__ import annotations

import csv
import dataclasses
from pathlib import Path

import pytest
from segments_known_vault import build
from sqlalchemy import text

from clientbook.core import clients, consents, customfields
from clientbook.core.clients import ClientInput, ContactInput, PhoneInput
from clientbook.core.exporting import ExportSpec, Scope, export_clients, preview
from clientbook.core.vault import Vault


def mailing_cards(vault: Vault) -> list[int]:
    with vault.transaction() as s:
        customfields.define_field(s, "Подписан", "bool", key="signed")
        made = [clients.create_client(s, data).id for data in (
            ClientInput(kind="company", company_name="ООО «Вектор»", city="Тула",
                        phones=[PhoneInput("+7 916 000-00-01"), PhoneInput("+7 495 765-43-21 доб. 12", kind="work"),
                                PhoneInput("+7 916 000-00-09", kind="fax")],
                        emails=["bad@vector.ru", "good@vector.ru", "GOOD@vector.ru"], custom={"signed": "да"},
                        contacts=[ContactInput(last_name="Кузнецов", phones=["+7 916 555-44-33"],
                                               emails=["k@vector.ru"])]),
            ClientInput(last_name="Повтор", first_name="Анна", emails=["Good@Vector.ru", "second@vector.ru"],
                        phones=["+7 916 000-00-01", "+7 916 000-00-02"]),
            ClientInput(last_name="Только", contacts=[ContactInput(last_name="Контакт", phones=["+7 916 555-44-34"],
                                                                    emails=["contact@only.ru"])]),
            ClientInput(last_name="Иностранец", phones=["+44 7911 123456", "+44 20 7946 0958"],
                        emails=["x@foreign.co.uk"]),
            ClientInput(last_name="Вернувшийся", emails=["back@again.ru"], phones=["+7 916 000-00-03"]),
            ClientInput(last_name="Безадресный"),
            ClientInput(last_name="=Формула", emails=["-minus@x.ru"], phones=["+7 916 000-00-04"]),
        )]
        # an import keeps what it could not read: a number it could not parse, addresses marked invalid or malformed
        s.execute(text("UPDATE phones SET e164 = NULL, raw = '12-34' WHERE e164 = '+79165554434'"))
        s.execute(text("UPDATE emails SET valid = 0 WHERE address = 'bad@vector.ru'"))
        s.execute(text("UPDATE emails SET address = 'no-at-sign' WHERE address = 'second@vector.ru'"))
        for cid in made:
            for channel in ("email", "sms"):
                consents.record_consent(s, cid, channel, True)
        consents.record_consent(s, made[4], "email", False)
        consents.record_consent(s, made[4], "email", True)  # withdrawn, then granted again
        consents.record_consent(s, made[1], "sms", False)
    return made


CASES = [
    ExportSpec(preset="email", mailing="email"),
    ExportSpec(preset="email", mailing="email", per_address=True),
    ExportSpec(preset="sms", mailing="sms"),
    ExportSpec(preset="sms", mailing="sms", per_address=True),
    ExportSpec(preset="full", mailing="email", include_sensitive=True),
    ExportSpec(preset="full", mailing="sms", per_address=True),
    ExportSpec(preset="email", mailing="email", override_consent=True, confirmed=True),
    ExportSpec(preset="sms", mailing="sms", per_address=True, override_consent=True, confirmed=True),
    ExportSpec(preset="email", per_address=True),
    ExportSpec(preset="sms", per_address=True),
    ExportSpec(preset="full", per_address=True),
    ExportSpec(preset="full"),
]


def csv_rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh, delimiter=";"))


@pytest.mark.parametrize("spec", CASES, ids=lambda o: f"{o.preset}-{o.mailing}-{o.per_address}-{o.override_consent}")
def test_the_preview_counts_what_the_file_holds(vault, spec: ExportSpec, tmp_path: Path) -> None:
    known = build(vault)
    made = mailing_cards(vault)
    selection_ids = [made[1], known.ivanov, made[0], *made[2:], known.sidorova, known.romashka]
    for scope in (Scope(), Scope.of(selection_ids)):
        chosen = dataclasses.replace(spec, scope=scope, format="csv", lang="en")
        with vault.session() as s:
            plan = preview(s, chosen)
        result = export_clients(vault, tmp_path / "out.csv", chosen)
        assert plan.rows == result.rows == len(csv_rows(tmp_path / "out.csv"))
        assert plan.clients == result.clients and plan.excluded == result.excluded
        vcf = export_clients(vault, tmp_path / "out.vcf", dataclasses.replace(chosen, format="vcf"))
        assert vcf.rows == vcf.clients == plan.clients
        assert (tmp_path / "out.vcf").read_bytes().count(b"BEGIN:VCARD") == plan.clients


def test_mailing_choices_on_the_awkward_cards(vault, tmp_path: Path) -> None:
    """Duplicates across cards in another case, invalid and malformed addresses skipped, a re-granted
    consent counts, a contact person's address is used; a formula-like address gets its apostrophe."""
    made = mailing_cards(vault)
    target = tmp_path / "mail.csv"
    spec = ExportSpec(scope=Scope.of(made), format="csv", preset="email", mailing="email", per_address=True,
                      lang="en")
    result = export_clients(vault, target, spec)
    got = [(r["Client"], r["E-mail"]) for r in csv_rows(target)]
    assert got == [("ООО «Вектор»", "good@vector.ru"), ("ООО «Вектор»", "k@vector.ru"),
                   ("Только", "contact@only.ru"), ("Иностранец", "x@foreign.co.uk"),
                   ("Вернувшийся", "back@again.ru"), ("'=Формула", "'-minus@x.ru")]
    assert [(e.client_id, e.reason) for e in result.excluded] == [(made[1], "duplicate"), (made[5], "no_address")]
    sms = dataclasses.replace(spec, preset="sms", mailing="sms", per_address=False)
    result = export_clients(vault, target, sms)
    phones = [(r["Client"], r["Phone"]) for r in csv_rows(target)]
    assert ("Иностранец", "+447911123456") in phones and ("ООО «Вектор»", "+79160000001") in phones
    assert {e.client_id: e.reason for e in result.excluded} == {made[1]: "withdrawn", made[2]: "invalid",
                                                                made[5]: "no_address"}
    every = export_clients(vault, target, ExportSpec(scope=Scope.of(made), format="csv", preset="sms",
                                                      per_address=True, lang="en"))
    rows = [(r["Client"], r["Phone"]) for r in csv_rows(target)]
    assert every.rows == len(rows) and ("Безадресный", "") in rows  # no number: one row without one
    assert ("ООО «Вектор»", "+74957654321 доб. 12") in rows and ("Только", "12-34") in rows
