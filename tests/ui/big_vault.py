"""A large vault for list and search tests, built with raw bulk inserts (seconds, not minutes).

The rows are what the app would store: folded sort keys, E.164 phones, and the same search index
rows `search.reindex` writes (built here directly, without re-reading every client).
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from clientbook.core import search
from clientbook.core.textnorm import fold
from clientbook.core.vault import Vault

LAST = ["Иванов", "Петров", "Сидоров", "Смирнов", "Кузнецов", "Попов", "Васильев", "Соколов", "Михайлов",
        "Новиков", "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров", "Павлов"]
FIRST = ["Иван", "Пётр", "Алексей", "Сергей", "Андрей", "Дмитрий", "Михаил", "Николай", "Артём", "Олег"]
CITIES = ["Москва", "Санкт-Петербург", "Казань", "Тверь", "Самара", "Омск", "Уфа", None]
STATUSES = ["lead", "active", "former", "problem"]
TEMPS = ["cold", "warm", "hot", None]


def build(path: Path, password: str, count: int, seed: int = 7) -> Vault:
    """Create a vault at `path` with `count` clients, each with one mobile phone."""
    rnd = random.Random(seed)
    vault = Vault.create(path, password)
    conn = vault.raw_connection()
    now = dt.datetime(2024, 1, 1)
    try:
        conn.execute("BEGIN")
        clients, phones, fts = [], [], []
        for i in range(1, count + 1):
            last, first = rnd.choice(LAST), rnd.choice(FIRST)
            city = rnd.choice(CITIES)
            name = f"{last} {first}"
            e164 = f"+79{rnd.randrange(10**9):09d}"
            created = (now + dt.timedelta(minutes=i)).isoformat(sep=" ")
            clients.append((i, "person", last, first, name, fold(name), city, "RU", rnd.choice(STATUSES),
                            rnd.choice(TEMPS), 0, 0, created, created, 1))
            phones.append((i, e164, e164, "mobile", 1, 0))
            tokens = " ".join(sorted(search.phone_tokens(e164, None)))
            fts.append((i, fold(name), "", "", "", tokens, fold(city), "", ""))
        conn.executemany(
            "INSERT INTO clients(id, kind, last_name, first_name, display_name, sort_key, city, country, status, "
            "temperature, debtor, archived, created_at, updated_at, version) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", clients)
        conn.executemany("INSERT INTO phones(client_id, e164, raw, kind, is_primary, position) VALUES (?,?,?,?,?,?)",
                         phones)
        conn.executemany("INSERT INTO client_fts(rowid, names, company, contacts, emails, phones, city, tags, other) "
                         "VALUES (?,?,?,?,?,?,?,?,?)", fts)
        conn.execute("COMMIT")
    finally:
        conn.close()
    return vault
