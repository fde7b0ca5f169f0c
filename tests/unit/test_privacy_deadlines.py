"""Withdrawing the consent to processing makes a task to erase within 30 days (152-ФЗ art. 21 part 5),
shown in Today at once, and the "to be erased" segment lists the person until the task is done."""

from __future__ import annotations

import datetime as dt

from clientbook.core import clients as svc
from clientbook.core import history, segments
from clientbook.core.clients import ClientInput
from clientbook.core.consents import record_consent
from clientbook.core.privacy import deadlines
from clientbook.core.privacy import erase as erasing
from clientbook.core.segment_builtins import BUILTINS
from clientbook.core.vault import Vault


def _to_erase(vault: Vault) -> set[int]:
    with vault.session() as s:
        return set(segments.segment_client_ids(s, BUILTINS["to_erase"].definition))


def test_withdrawn_processing_consent_makes_one_task_due_in_30_days(vault: Vault) -> None:
    withdrawn = dt.datetime(2026, 12, 2, 10, 0)
    with vault.transaction() as s:
        person = svc.create_client(s, ClientInput(last_name="Отозвавшая")).id
        other = svc.create_client(s, ClientInput(last_name="Согласная")).id
        record_consent(s, person, "processing", True, at=withdrawn - dt.timedelta(days=400))
        record_consent(s, other, "processing", True)
        record_consent(s, other, "email", False)  # a mailing withdrawal is not a withdrawal of processing
        record_consent(s, person, "processing", False, source="заявление", at=withdrawn)
        record_consent(s, person, "processing", False, at=withdrawn + dt.timedelta(days=5))  # repeated
    assert _to_erase(vault) == {person}
    with vault.session() as s:
        tasks = deadlines.open_tasks(s, on=dt.date(2026, 12, 20))
        assert [(t.client_id, t.deadline, t.overdue) for t in tasks] == [(person, dt.date(2027, 1, 1), False)]
        assert deadlines.open_tasks(s, on=dt.date(2027, 1, 2))[0].overdue
        today = history.today(s, on=dt.date(2026, 12, 2))
        shown = [item for item in today if getattr(item, "client_id", None) == person]
        assert shown and "01.01.2027" in str(shown[0].title)
        reminder = deadlines.open_task(s, person)
        assert reminder is not None
        assert "withdrawn" in reminder.title or "отозвано" in reminder.title
    with vault.transaction() as s:
        history.complete_reminder(s, tasks[0].reminder_id)
    assert _to_erase(vault) == set()


def test_erasing_the_person_clears_the_task(vault: Vault) -> None:
    with vault.transaction() as s:
        person = svc.create_client(s, ClientInput(last_name="Уходящий")).id
        record_consent(s, person, "processing", False)
    assert _to_erase(vault) == {person}
    erasing.erase(vault, person, "withdrawal")
    assert _to_erase(vault) == set()
    with vault.session() as s:
        assert deadlines.open_tasks(s) == []
