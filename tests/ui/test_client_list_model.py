"""The client list model: windows of rows, never the whole base; sorting; filters; search."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from clientbook.core import clients
from clientbook.core.clients import ClientInput
from clientbook.ui.client_list_model import (
    COL_CITY,
    COL_NAME,
    COL_NEXT_CONTACT,
    COL_PHONE,
    COL_TEMPERATURE,
    WINDOW,
    ClientListModel,
    Filter,
)


def _add(vault, last, first=None, city=None, phone=None, temperature=None, tags=()):
    with vault.transaction() as s:
        c = clients.create_client(s, ClientInput(last_name=last, first_name=first, city=city,
                                                 phones=[phone] if phone else [], temperature=temperature,
                                                 tags=list(tags)))
        return c.id


def loaded(qtbot, model):
    """The list reads on a worker: wait until the newest read has arrived."""
    qtbot.waitUntil(lambda: model.is_loaded)
    return model


@pytest.fixture
def small(vault):
    _add(vault, "Борисова", "Анна", "Тверь", "+7 916 123-45-67", "hot", ["vip"])
    _add(vault, "Алексеев", "Пётр", "Москва", "8 903 000-11-22", "cold")
    _add(vault, "Ёлкина", "Вера", None, None, "warm", ["vip"])
    return vault


def test_rows_are_shown_sorted_by_name_with_formatted_phone(qtbot, small):
    model = ClientListModel(small)
    model.reload()
    loaded(qtbot, model)
    assert model.rowCount() == 3
    names = [model.data(model.index(r, COL_NAME)) for r in range(3)]
    assert names == ["Алексеев Пётр", "Борисова Анна", "Ёлкина Вера"]
    assert model.data(model.index(1, COL_PHONE)) == "+7 916 123-45-67"


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_next_contact_column_uses_the_short_date_form_that_fits_it(qtbot, vault, monkeypatch, lang):
    """"16 December 2026" did not fit the column at 1600 px (a horizontal scrollbar on every list)."""
    import datetime as dt

    monkeypatch.setenv("CLIENTBOOK_LANG", lang)
    this_year = dt.date.today().year
    for last, when in (("Андреев", dt.date(this_year, 12, 16)), ("Борисов", dt.date(2025, 11, 12))):
        with vault.transaction() as s:
            clients.create_client(s, ClientInput(last_name=last, next_contact_date=when))
    model = ClientListModel(vault)
    model.reload()
    loaded(qtbot, model)
    shown = [model.data(model.index(r, COL_NEXT_CONTACT)) for r in range(2)]
    assert shown == {"ru": ["16 дек.", "12 нояб. 2025"], "en": ["16 Dec", "12 Nov 2025"]}[lang]


def test_sorting_by_temperature_and_city(qtbot, small):
    model = ClientListModel(small)
    model.reload()
    loaded(qtbot, model)
    model.sort(COL_TEMPERATURE, Qt.SortOrder.AscendingOrder)
    loaded(qtbot, model)
    assert model.data(model.index(0, COL_NAME)) == "Борисова Анна"  # hot first
    model.sort(COL_CITY, Qt.SortOrder.DescendingOrder)
    loaded(qtbot, model)
    assert model.data(model.index(0, COL_CITY)) == "Тверь"


def test_tag_and_archived_filters(qtbot, small):
    model = ClientListModel(small)
    model.set_filter(Filter(kind="tag", tag="VIP"))
    loaded(qtbot, model)
    assert model.rowCount() == 2
    ids = model.client_ids([0])
    with small.transaction() as s:
        clients.set_archived(s, ids)
    model.set_filter(Filter(kind="archived"))
    loaded(qtbot, model)
    assert model.rowCount() == 1
    model.set_filter(Filter())
    loaded(qtbot, model)
    assert model.rowCount() == 2


def test_search_narrows_the_list(qtbot, small):
    model = ClientListModel(small)
    model.reload()
    loaded(qtbot, model)
    model.set_search_text("ЕЛКИНА")
    loaded(qtbot, model)
    assert [model.data(model.index(r, COL_NAME)) for r in range(model.rowCount())] == ["Ёлкина Вера"]
    model.set_search_text("123-45")
    loaded(qtbot, model)
    assert model.rowCount() == 1 and model.data(model.index(0, COL_NAME)) == "Борисова Анна"
    model.set_search_text("")
    loaded(qtbot, model)
    assert model.rowCount() == 3


@pytest.mark.parametrize(("text", "why"), [("Сергеев", "contact person"), ("495 777", "phone"),
                                           ("zakaz@", "e-mail"), ("Ромашка", "company")])
def test_a_search_result_says_where_it_was_found(qtbot, vault, text, why):
    from clientbook.core.clients import ContactInput

    with vault.transaction() as s:
        clients.create_client(s, ClientInput(kind="company", company_name="ООО «Ромашка»", city="Тверь",
                                             phones=["+7 916 100-00-00", "+7 495 777-12-34"],
                                             emails=["info@romashka.ru", "zakaz@romashka.ru"],
                                             contacts=[ContactInput(last_name="Сергеев", first_name="Иван")]))
        clients.create_client(s, ClientInput(last_name="Другой"))
    model = ClientListModel(vault)
    model.reload()
    loaded(qtbot, model)
    assert model.data(model.index(0, COL_NAME), Qt.ItemDataRole.ToolTipRole) in ("Другой", "ООО «Ромашка»")
    model.set_search_text(text)
    loaded(qtbot, model)
    assert model.rowCount() == 1
    tip = model.data(model.index(0, COL_NAME), Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("ООО «Ромашка»\nFound in: ") and why in tip.split("Found in: ")[1]


def test_a_search_shows_the_old_rows_until_its_answer_and_only_the_newest_answer(qtbot, small):
    model = ClientListModel(small)
    model.reload()
    loaded(qtbot, model)
    answers: list[list[str]] = []
    model.loaded.connect(lambda: answers.append(
        [model.data(model.index(r, COL_NAME)) for r in range(model.rowCount())]))
    model.set_search_text("Борисова")
    assert not model.is_loaded and model.rowCount() == 3  # read on a worker; the list stays meanwhile
    model.set_search_text("Алексеев")  # typed on before the first answer: that one is dropped
    loaded(qtbot, model)
    qtbot.waitUntil(lambda: not model.reading)  # the superseded read has come back too (and was dropped)
    assert answers == [["Алексеев Пётр"]]


def test_clear_forgets_everything(qtbot, small):
    model = ClientListModel(small)
    model.reload()
    loaded(qtbot, model)
    assert model.data(model.index(0, COL_NAME))
    model.clear()
    assert model.rowCount() == 0 and model.cached_rows() == 0 and model.vault is None


@pytest.fixture(scope="session")
def big_vault_path(tmp_path_factory):
    import big_vault

    path = tmp_path_factory.mktemp("big") / "clientbook.db"
    big_vault.build(path, "big-vault-pw", 100_000).close()
    return path


@pytest.mark.slow
def test_model_over_100k_clients_loads_only_the_rows_shown(qtbot, big_vault_path):
    from clientbook.core.vault import Vault

    vault = Vault.open(big_vault_path, "big-vault-pw")
    try:
        model = ClientListModel(vault)
        model.reload()
        loaded(qtbot, model)
        assert model.rowCount() == 100_000
        assert model.cached_rows() == WINDOW  # only the first screen, read with the ids on the worker
        assert model.data(model.index(99_999, COL_NAME))  # the very last row, straight away
        assert model.data(model.index(50_000, COL_NAME))
        assert model.windows_loaded == 2
        assert model.cached_rows() <= 3 * WINDOW
        model.sort(COL_CITY, Qt.SortOrder.AscendingOrder)
        loaded(qtbot, model)
        assert model.rowCount() == 100_000 and model.cached_rows() == WINDOW
    finally:
        vault.close()


def test_after_unlock_the_first_window_shows_at_once_and_every_id_follows(qtbot, vault):
    """The unlock worker reads only the first window and the count (the whole id list was 0.22 s of a
    cold index scan at 100,000); the list has its full length at once and its ids a moment later."""
    from sqlalchemy import update

    from clientbook.core import models as m
    from clientbook.ui.client_list_model import read_first_screen, read_first_window

    with vault.transaction() as s:
        made = [clients.create_client(s, ClientInput(last_name=f"Клиентов{n:03d}")).id for n in range(WINDOW * 2 + 30)]
        s.execute(update(m.Client).where(m.Client.id.in_(made[:15])).values(archived=True))
    model = ClientListModel()
    first = read_first_window(vault, model._sort)  # noqa: SLF001 - the sort the unlock worker is given
    whole = read_first_screen(vault, model._sort)  # noqa: SLF001
    model.set_vault(vault, whole)  # a list already shown (as after an earlier unlock) must not count as read
    assert model.is_loaded
    model.set_vault(vault, first)
    assert model.rowCount() == len(whole.listing.ids) == WINDOW * 2 + 15  # the scrollbar's length at once
    assert model.shows_rows and model.data(model.index(0, COL_NAME)) == "Клиентов015"
    if not model.is_loaded:  # the rest of the ids are still being read: their rows are blank, not wrong
        assert model.client_id(WINDOW + 5) is None and model.data(model.index(WINDOW + 5, COL_NAME)) is None
    assert model.client_ids(range(model.rowCount())) == list(whole.listing.ids)  # waits for them
    loaded(qtbot, model)
    assert model.data(model.index(WINDOW * 2 + 14, COL_NAME)) == "Клиентов229"
    assert model.row_of(whole.listing.ids[-1]) == WINDOW * 2 + 14
