"""The SQL path of mailing mode and one row per address (exporting.addressed) gives exactly the rows, the
cells and the excluded-with-reasons the record path gives (records + mailing.select_recipients), on cards
with the awkward cases: the same address in another case on two cards, an address repeated on one card,
invalid and malformed e-mails, contact persons' addresses, landlines, faxes, extensions, a foreign mobile,
unparsed numbers, consent withdrawn and granted again."""

from __future__ import annotations

from typing import Any

import pytest
from segments_known_vault import build
from sqlalchemy import text

from clientbook.core import clients, consents, customfields
from clientbook.core.clients import ClientInput, ContactInput, PhoneInput
from clientbook.core.exporting import ExportOptions
from clientbook.core.exporting import columns as cols
from clientbook.core.exporting.addressed import addressed_rows
from clientbook.core.exporting.service import _columns, _ids_query, collect
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
    ExportOptions(preset="email", mailing="email"),
    ExportOptions(preset="email", mailing="email", per_address=True),
    ExportOptions(preset="sms", mailing="sms"),
    ExportOptions(preset="sms", mailing="sms", per_address=True),
    ExportOptions(preset="full", mailing="email", include_sensitive=True),
    ExportOptions(preset="full", mailing="sms", per_address=True),
    ExportOptions(preset="email", mailing="email", override_consent=True, confirmed=True),
    ExportOptions(preset="sms", mailing="sms", per_address=True, override_consent=True, confirmed=True),
    ExportOptions(preset="email", per_address=True),
    ExportOptions(preset="sms", per_address=True),
    ExportOptions(preset="full", per_address=True),
]


@pytest.mark.parametrize("options", CASES, ids=lambda o: f"{o.preset}-{o.mailing}-{o.per_address}-{o.override_consent}")
def test_sql_path_equals_record_path(vault, options: ExportOptions) -> None:
    known = build(vault)
    made = mailing_cards(vault)
    selection_ids = [made[1], known.ivanov, made[0], *made[2:], known.sidorova, known.romashka]
    for source in (None, selection_ids):
        with vault.session() as s:
            columns = _columns(s, options)
            _records, selection = collect(s, source, options)
            expected: list[list[Any]] = [[cols.plain_value(c.get(r, a)) for c in columns] for r, a in selection.rows]
            channel = options.mailing or cols.PRESET_CHANNEL[options.preset]
            with addressed_rows(s, _ids_query(s, source), columns, channel, mailing=bool(options.mailing),
                                per_address=options.per_address,
                                check_consent=not options.override_consent) as (chosen, rows):
                got = list(rows)
        assert chosen.rows == len(got) == len(expected)
        assert set(chosen.addresses) == {r.id for r, _a in selection.rows}
        for g_row, w_row in zip(got, expected, strict=True):
            for column, g, w in zip(columns, g_row, w_row, strict=True):
                assert (g, type(g)) == (w, type(w)), (column.key, g_row[:2])
        assert chosen.excluded == selection.excluded


def test_mailing_choices_on_the_awkward_cards(vault) -> None:
    """What the equality above rests on, spelled out: duplicates across cards in another case, invalid and
    malformed addresses skipped, a re-granted consent counts, a contact person's address is used."""
    made = mailing_cards(vault)
    options = ExportOptions(preset="email", mailing="email", per_address=True)
    columns = [cols.COLUMNS["display_name"], cols.COLUMNS["email"]]
    with vault.session() as s, addressed_rows(s, made, columns, "email", mailing=True, per_address=True,
                                              check_consent=True) as (chosen, rows):
        got = [tuple(r) for r in rows]
    assert options.per_address
    assert got == [("ООО «Вектор»", "good@vector.ru"), ("ООО «Вектор»", "k@vector.ru"),
                   ("Только", "contact@only.ru"), ("Иностранец", "x@foreign.co.uk"),
                   ("Вернувшийся", "back@again.ru"), ("=Формула", "-minus@x.ru")]
    assert [(e.client_id, e.reason) for e in chosen.excluded] == [(made[1], "duplicate"), (made[5], "no_address")]
    with vault.session() as s, addressed_rows(s, made, columns, "sms", mailing=True, per_address=False,
                                              check_consent=True) as (chosen, rows):
        phones = [tuple(r) for r in rows]
    assert ("Иностранец", "+447911123456") in phones and ("ООО «Вектор»", "+79160000001") in phones
    assert {e.client_id: e.reason for e in chosen.excluded} == {made[1]: "withdrawn", made[2]: "invalid",
                                                                made[5]: "no_address"}
