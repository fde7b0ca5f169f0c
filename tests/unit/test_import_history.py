"""Importing a history sheet (calls, visits, letters, complaints, surveys) as Interaction rows linked
to the right clients, on a real vault: counts, kinds, local times, linking, re-import, undo, cancel."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from clientbook.core import audit, audit_history, clients
from clientbook.core import models as m
from clientbook.core.clients import ClientInput
from clientbook.core.history import add_interaction
from clientbook.core.importing import ImportCancelledError, ImportOptions, analyze, run_import, undo_import
from clientbook.core.importing.normalize import DateOrder, read_datetime, read_interaction_kind, read_rating
from import_support import write_csv, write_xlsx

HEADERS = ["Дата", "Клиент", "Телефон", "E-mail", "Тип", "Тема", "Комментарий", "Оценка", "Менеджер",
           "Следующий контакт"]


@pytest.fixture(autouse=True)
def moscow_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Times in the sheet are the user's wall clock; the base keeps UTC. Moscow (UTC+3) makes a
    forgotten conversion visible."""
    monkeypatch.setenv("TZ", "Europe/Moscow")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def _local(stored: dt.datetime) -> dt.datetime:
    return stored.replace(tzinfo=dt.UTC).astimezone().replace(tzinfo=None)


def _base(vault: Any) -> dict[str, int]:
    with vault.transaction() as s:
        ivanov = clients.create_client(s, ClientInput(last_name="Иванов", first_name="Иван",
                                                      phones=["+79161234567"])).id
        petrova = clients.create_client(s, ClientInput(last_name="Петрова", first_name="Анна",
                                                       emails=["anna@example.com"])).id
        add_interaction(s, ivanov, "call", text="Звонок до импорта", occurred_at=dt.datetime(2024, 1, 10, 9, 0))
    return {"ivanov": ivanov, "petrova": petrova}


def _state(vault: Any) -> dict[str, Any]:
    with vault.session() as s:
        return {
            "clients": s.scalar(select(func.count()).select_from(m.Client)),
            "interactions": sorted((i.client_id, i.kind, i.occurred_at, i.subject, i.text, i.rating)
                                   for i in s.scalars(select(m.Interaction))),
            # a summary row emptied by a delete stays with zeros (migration 0002): same counts for segments
            "stats": sorted((r.client_id, r.interaction_count, r.last_interaction)
                            for r in s.scalars(select(m.ClientStats)) if r.interaction_count or r.purchase_count),
        }


def _visits(tmp_path: Path) -> Path:
    return write_xlsx(tmp_path / "visits.xlsx", [
        ["Журнал контактов салона"], [],
        HEADERS,
        # phone written differently from the card's +79161234567
        ["15.03.2024 14:30", "Иванов Иван", "8 (916) 123-45-67", "", "Звонок", "Запись", "Перезвонить", None, "Оля",
         "20.03.2024"],
        # an Excel serial date-time: 45366.75 = 15.03.2024 18:00
        [45366.75, "Иванов Иван", "+7 916 1234567", None, "визит", "Стрижка", "", None, "Оля", None],
        # a real date-time cell; the client found by name written in another order
        [dt.datetime(2024, 3, 16, 10, 5), "Анна Петрова", "", "", "Отзыв", "", "Всё понравилось", 9, None, None],
        # found by e-mail written in capitals, with no name
        ["17.03.2024", "", "", "ANNA@EXAMPLE.COM", "письмо", "Счёт", "Отправили счёт", None, "Оля", None],
        ["18.03.2024 11:00", "Петрова Анна", "", "anna@example.com", "Жалоба", "Опоздание", "Ждала 20 минут", None,
         "Оля", None],
        ["19.03.2024 12:00", "Иванов Иван", "89161234567", "", "курьер?", "", "Уточнить адрес", 12, None, None],
        ["20.03.2024", "Незнакомый Клиент", "+7 999 000-00-00", "", "Звонок", "", "Кто это?", None, None, None],
        ["", "Иванов Иван", "89161234567", "", "Звонок", "", "Без даты", None, None, None],
    ], title="История")


def test_words_times_and_ratings() -> None:
    assert [read_interaction_kind(w) for w in ("звонок", "Визит", "встреча", "письмо", "жалоба", "отзыв", "опрос",
                                               "Входящий звонок", "SMS", "meeting", "nonsense")] == [
        "call", "meeting", "meeting", "email", "complaint", "feedback", "feedback", "call", "message", "meeting",
        None]
    dmy = DateOrder("dmy")
    assert read_datetime("15.03.2024 14:30", dmy, False)[:2] == (dt.date(2024, 3, 15), dt.time(14, 30))
    assert read_datetime(45366.604166666664, dmy, False)[:2] == (dt.date(2024, 3, 15), dt.time(14, 30))
    assert read_datetime(45366.0, dmy, False)[:2] == (dt.date(2024, 3, 15), None)
    assert read_datetime(43904.5, dmy, True)[:2] == (dt.date(2024, 3, 15), dt.time(12, 0))  # 1904 epoch
    assert read_datetime("завтра", dmy, False)[0] is None
    assert [read_rating(v) for v in (9, "8/10", "9 из 10", "12", "хорошо", 7.5)] == [9, 8, 9, None, None, None]


def test_history_sheet_becomes_linked_interactions(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ids = _base(vault)
    path = _visits(tmp_path)
    with vault.session() as s:
        analysis = analyze(path, session=s, kind="history")
        try:
            assert analysis.mapping.to_json(analysis.headers) == {
                "Дата": "date", "Клиент": "full_name", "Телефон": "phone", "E-mail": "email", "Тип": "kind",
                "Тема": "subject", "Комментарий": "text", "Оценка": "rating", "Менеджер": "author",
                "Следующий контакт": "next_step_date"}
        finally:
            analysis.close()
    before = _state(vault)
    dry = run_import(vault, path, ImportOptions(kind="history", create_clients=False), dry_run=True)
    assert (dry.interactions, dry.rejected, dry.batch_id) == (6, 2, None)
    assert _state(vault) == before

    result = run_import(vault, path, ImportOptions(kind="history", create_clients=False))
    assert (result.interactions, result.created, result.rejected, result.skipped) == (6, 0, 2, 0)
    rejected = {o.row_no: o.reasons[0].code for o in result.outcomes if o.status == "rejected"}
    assert rejected == {10: "import_no_client", 11: "import_no_history_date"}
    with vault.session() as s:
        rows = s.scalars(select(m.Interaction).where(m.Interaction.import_batch_id == result.batch_id)
                         .order_by(m.Interaction.occurred_at)).all()
        got = [(r.client_id, r.kind, _local(r.occurred_at), r.subject, r.text, r.rating) for r in rows]
        assert got == [
            (ids["ivanov"], "call", dt.datetime(2024, 3, 15, 14, 30), "Запись", "Перезвонить", None),
            (ids["ivanov"], "meeting", dt.datetime(2024, 3, 15, 18, 0), "Стрижка", None, None),
            (ids["petrova"], "feedback", dt.datetime(2024, 3, 16, 10, 5), None, "Всё понравилось", 9),
            (ids["petrova"], "email", dt.datetime(2024, 3, 17, 12, 0), "Счёт", "Отправили счёт", None),
            (ids["petrova"], "complaint", dt.datetime(2024, 3, 18, 11, 0), "Опоздание", "Ждала 20 минут", None),
            # an unknown kind word and a rating of 12 are kept in the text, never dropped
            (ids["ivanov"], "note", dt.datetime(2024, 3, 19, 12, 0), None,
             "Уточнить адрес\nТип: курьер?\nОценка: 12", None),
        ]
        assert rows[0].occurred_at == dt.datetime(2024, 3, 15, 11, 30)  # stored in UTC
        assert rows[0].author == "Оля" and rows[0].next_step_date == dt.date(2024, 3, 20)
        problems = {o.row_no: [r.code for r in o.reasons] for o in result.outcomes if o.status == "created"}
        assert problems == {9: ["import_value_unknown", "rating_invalid"]}
        # the client_stats triggers counted the inserted rows
        stats = {r.client_id: (r.interaction_count, r.last_interaction) for r in s.scalars(select(m.ClientStats))}
        assert stats[ids["ivanov"]] == (4, dt.date(2024, 3, 19))
        assert stats[ids["petrova"]] == (3, dt.date(2024, 3, 18))
        entries = audit_history.history(s, batch_id=result.batch_id)
        assert sum(1 for e in entries if e.entity == "interaction" and e.action == "create") == 6
        assert audit.verify_audit_chain(s).ok
    after = _state(vault)

    again = run_import(vault, path, ImportOptions(kind="history", create_clients=False))
    assert (again.interactions, again.skipped, again.rejected) == (0, 6, 2)
    assert {o.reasons[0].code for o in again.outcomes if o.status == "skipped"} == {"import_history_already_imported"}
    assert _state(vault) == after

    assert undo_import(vault, result.batch_id) == {"deleted": 0, "restored": 0}
    assert _state(vault) == before  # the interaction made by hand before the import is still there
    with vault.session() as s:
        assert s.get(m.Batch, result.batch_id).status == "undone"


def test_cp1251_csv_creates_missing_clients_on_request(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ids = _base(vault)
    path = write_csv(tmp_path / "визиты.csv",
                     "Дата визита;Время;ФИО клиента;Телефон;Услуга;Мастер\r\n"
                     "01.04.2024;10:00;Сидоров Пётр;+7 903 555-11-22;Маникюр;Света\r\n"
                     "08.04.2024;10:30;Сидоров Пётр;;Педикюр;Света\r\n"
                     "09.04.2024;9:15;Иванов Иван;+7(916)123-45-67;Стрижка;Оля\r\n",
                     encoding="cp1251")
    before = _state(vault)
    result = run_import(vault, path, ImportOptions(kind="history"))
    assert (result.created, result.interactions, result.rejected) == (1, 3, 0)
    with vault.session() as s:
        sidorov = s.scalar(select(m.Client).where(m.Client.last_name == "Сидоров"))
        assert sidorov is not None and sidorov.import_batch_id == result.batch_id
        assert [p.e164 for p in sidorov.phones] == ["+79035551122"]
        visits = s.scalars(select(m.Interaction).where(m.Interaction.import_batch_id == result.batch_id)
                           .order_by(m.Interaction.occurred_at)).all()
        assert [(v.client_id, v.kind, _local(v.occurred_at), v.subject, v.author) for v in visits] == [
            (sidorov.id, "note", dt.datetime(2024, 4, 1, 10, 0), "Маникюр", "Света"),
            (sidorov.id, "note", dt.datetime(2024, 4, 8, 10, 30), "Педикюр", "Света"),
            (ids["ivanov"], "note", dt.datetime(2024, 4, 9, 9, 15), "Стрижка", "Оля"),
        ]
    assert undo_import(vault, result.batch_id) == {"deleted": 1, "restored": 0}
    assert _state(vault) == before


def test_cancel_midway_writes_nothing(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _base(vault)
    before = _state(vault)
    rows = [["Дата", "Клиент", "Тип", "Текст"]] + [[f"{1 + i % 28:02d}.02.2024 10:{i % 60:02d}", f"Клиент{i}",
                                                     "звонок", f"звонок {i}"] for i in range(4100)]
    path = write_xlsx(tmp_path / "calls.xlsx", rows)
    seen: list[int] = []
    with pytest.raises(ImportCancelledError):
        run_import(vault, path, ImportOptions(kind="history"), progress=lambda done, total: seen.append(done),
                   should_cancel=lambda: len(seen) >= 2)
    assert seen[:2] == [2000, 4000]
    assert _state(vault) == before
