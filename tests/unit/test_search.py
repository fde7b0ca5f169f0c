"""Search as you type (SPEC §6) over a real FTS5 index in an encrypted vault."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import text

from clientbook.core import clients as svc
from clientbook.core import search
from clientbook.core.clients import ClientInput, ContactInput
from clientbook.core.vault import Vault


def _fill(vault: Vault) -> dict[str, int]:
    cards = {
        "orlov": ClientInput(last_name="Орлов", first_name="Пётр", middle_name="Семёнович", city="Ярославль",
                             phones=["+7 916 123-45-67"], emails=["p.orlov@yandex.ru"], tags=["VIP"]),
        "romashka": ClientInput(kind="company", company_name="ООО «Ромашка»", city="Казань",
                                phones=["8 (843) 555-00-11"], emails=["office@romashka.ru"],
                                contacts=[ContactInput(last_name="Ёлкина", first_name="Алёна",
                                                       phones=["+7 903 777-12-34"], emails=["alena@romashka.ru"])]),
        "notes_only": ClientInput(last_name="Сидоров", first_name="Олег", address="ул. Орловская, 5",
                                  notes="сосед Орлова", city="Тверь", phones=["+7 999 000-11-22"]),
        "archived": ClientInput(last_name="Орлова", first_name="Анна", phones=["+7 916 123-99-99"]),
        "english": ClientInput(last_name="Smith", first_name="John", country="GB", phones=["+44 20 7946 0958"],
                               emails=["John.Smith@Example.com"], tags=["Партнёр"]),
    }
    ids: dict[str, int] = {}
    with vault.transaction() as s:
        for key, card in cards.items():
            ids[key] = svc.create_client(s, card).id
        svc.set_archived(s, [ids["archived"]])
    return ids


@pytest.fixture
def people(vault: Vault) -> dict[str, int]:
    """A fresh vault for tests that change data."""
    return _fill(vault)


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Vault, dict[str, int]]]:
    """One vault for the read-only queries (a vault costs two key derivations to make)."""
    vault = Vault.create(tmp_path_factory.mktemp("search") / "v.db", "пароль поиска")
    try:
        yield vault, _fill(vault)
    finally:
        vault.close()


def _find(vault: Vault, query: str, **kwargs: object) -> list[int]:
    with vault.session() as s:
        return search.search_ids(s, query, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize("query", [
    "8 916 123", "+7916123", "+7 916 123", "123-45", "(916) 123", "916123", "4567", "89161234567",
    "8 (916) 123-45-67", "12345",
])
def test_phone_fragments_in_any_written_form(shared: tuple[Vault, dict[str, int]], query: str) -> None:
    vault, people = shared
    assert _find(vault, query) == [people["orlov"]]


def test_phone_of_a_contact_person_and_foreign_number(shared: tuple[Vault, dict[str, int]]) -> None:
    vault, people = shared
    assert _find(vault, "903 777") == [people["romashka"]]
    assert _find(vault, "7946 0958") == [people["english"]]
    assert _find(vault, "020 7946") == [people["english"]]  # UK national form with its trunk 0


@pytest.mark.parametrize("query", ["орлов", "ОРЛОВ", "Орл", "пётр", "петр", "ПЕТР ОРЛОВ", "семенович",
                                   "Семёнович"])
def test_names_cyrillic_case_and_yo(shared: tuple[Vault, dict[str, int]], query: str) -> None:
    vault, people = shared
    assert _find(vault, query)[0] == people["orlov"]


@pytest.mark.parametrize("query", ["елкина", "ЁЛКИНА", "Алена", "алёна ёлк"])
def test_contact_person_names(shared: tuple[Vault, dict[str, int]], query: str) -> None:
    vault, people = shared
    assert _find(vault, query) == [people["romashka"]]


@pytest.mark.parametrize(("query", "who"), [
    ("romashka", "romashka"), ("office@rom", "romashka"), ("p.orlov", "orlov"), ("yandex", "orlov"),
    ("john.smith@example", "english"), ("ромашка", "romashka"), ("казань", "romashka"), ("ярослав", "orlov"),
    ("vip", "orlov"), ("партнер", "english"), ("smith", "english"),
])
def test_emails_company_city_tags(shared: tuple[Vault, dict[str, int]], query: str, who: str) -> None:
    vault, people = shared
    assert _find(vault, query) == [people[who]]


def test_archived_excluded_unless_asked(shared: tuple[Vault, dict[str, int]]) -> None:
    vault, people = shared
    assert people["archived"] not in _find(vault, "Анна")
    assert _find(vault, "Анна", include_archived=True) == [people["archived"]]
    assert _find(vault, "916 123 99") == []


def test_name_match_ranks_before_address_or_notes(shared: tuple[Vault, dict[str, int]]) -> None:
    vault, people = shared
    found = _find(vault, "орлов")
    assert found == [people["orlov"], people["notes_only"]]
    with vault.session() as s:
        assert search.count(s, "орлов") == 2


def test_nothing_to_search_and_odd_characters(shared: tuple[Vault, dict[str, int]]) -> None:
    vault, people = shared
    for query in ("", "   ", '"', "*", "()", "AND", "NEAR(", "орлов OR"):
        _find(vault, query)  # no FTS syntax error reaches the user
    assert _find(vault, '"орлов"') == [people["orlov"], people["notes_only"]]
    assert _find(vault, "нетакого") == []


def test_paging(vault: Vault) -> None:
    with vault.transaction() as s:
        ids = [svc.create_client(s, ClientInput(last_name=f"Кузнецов{i:02d}")).id for i in range(25)]
    first = _find(vault, "кузнецов", limit=10)
    rest = _find(vault, "кузнецов", limit=10, offset=10) + _find(vault, "кузнецов", limit=10, offset=20)
    assert len(first) == 10 and sorted(first + rest) == ids


def test_index_follows_update_and_delete(vault: Vault, people: dict[str, int]) -> None:
    orlov = people["orlov"]
    with vault.session() as s:
        form = svc.to_input(svc.get_client(s, orlov))
        version = svc.get_client(s, orlov).version
    form.last_name = "Соколов"
    form.phones = ["+7 926 000-00-07"]
    with vault.transaction() as s:
        svc.update_client(s, orlov, form, version)
    assert orlov not in _find(vault, "орлов")
    assert orlov not in _find(vault, "916 123")
    assert _find(vault, "соколов") == [orlov]
    assert _find(vault, "926 000") == [orlov]
    with vault.transaction() as s:
        svc.tag_clients(s, [orlov], ["Новый тег"])
    assert _find(vault, "новый") == [orlov]
    svc.delete_clients(vault, [orlov])
    assert _find(vault, "соколов") == []
    with vault.session() as s:
        assert s.execute(text("SELECT count(*) FROM client_fts WHERE rowid = :i"), {"i": orlov}).scalar() == 0


def test_rebuild_all_restores_a_lost_index(vault: Vault, people: dict[str, int]) -> None:
    with vault.engine.begin() as conn:
        conn.execute(text("DELETE FROM client_fts"))
    assert _find(vault, "орлов") == []
    with vault.engine.begin() as conn:
        assert search.rebuild_all(conn) == len(people)
    assert _find(vault, "орлов")[0] == people["orlov"]


# ---- broad queries: paged from indexes instead of ranking every match ---------------------------
@pytest.fixture
def broad(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Clients an "ан" search finds in several ways; RANK_LIMIT lowered so 6 matches count as broad."""
    cards = {
        "andreev": ClientInput(last_name="Андреев", first_name="Олег"),
        "anisimova": ClientInput(last_name="Анисимова", first_name="Вера"),
        "archived": ClientInput(last_name="Антонов", first_name="Павел"),
        "first_name": ClientInput(last_name="Белов", first_name="Антон"),
        "city": ClientInput(last_name="Васин", first_name="Юрий", city="Ангарск"),
        "company": ClientInput(kind="company", company_name="ООО «Антей»"),
        "contact": ClientInput(last_name="Гусев", first_name="Лев",
                               contacts=[ContactInput(last_name="Гусева", first_name="Анна")]),
        "other": ClientInput(last_name="Дымов", first_name="Ян"),
    }
    ids: dict[str, int] = {}
    with vault.transaction() as s:
        for key, card in cards.items():
            ids[key] = svc.create_client(s, card).id
        svc.set_archived(s, [ids["archived"]])
    monkeypatch.setattr(search, "RANK_LIMIT", 3)
    return ids


def test_broad_query_lists_names_starting_with_it_first_then_the_rest(vault: Vault, broad: dict[str, int]) -> None:
    found = _find(vault, "Ан")
    assert found[:2] == [broad["andreev"], broad["anisimova"]]  # display name starts with it, A→Я
    assert sorted(found[2:]) == sorted([broad["first_name"], broad["city"], broad["company"], broad["contact"]])
    assert broad["archived"] not in found and broad["other"] not in found
    with vault.session() as s:
        assert search.count(s, "ан") == 6
        assert search.count(s, "ан", include_archived=True) == 7
    assert broad["archived"] in _find(vault, "ан", include_archived=True)


def test_broad_query_pages_are_stable_and_complete(vault: Vault, broad: dict[str, int]) -> None:
    whole = _find(vault, "ан")
    for size in (1, 2, 4):
        pages = [_find(vault, "ан", limit=size, offset=start) for start in range(0, 8, size)]
        assert [i for page in pages for i in page] == whole


def test_broad_phone_query_finds_every_match(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    with vault.transaction() as s:
        ids = [svc.create_client(s, ClientInput(last_name=f"Звонов{i}", phones=[f"+7 916 555-00-1{i}"])).id
               for i in range(5)]
    monkeypatch.setattr(search, "RANK_LIMIT", 2)
    assert sorted(_find(vault, "916 555")) == ids
    assert _find(vault, "916 555", limit=2, offset=4) == [ids[4]]
