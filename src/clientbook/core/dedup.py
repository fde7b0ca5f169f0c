"""Finding duplicate clients (SPEC §10): blocking, then scoring with rapidfuzz.

Never all pairs. Candidate pairs come from *blocks*: clients sharing a normalized phone, e-mail or
ИНН (grouped by SQL over the indexed columns), or a computed key — surname skeleton + initial with
the house/flat numbers or the birthday, or the company name without its legal form. Computed keys are
64-bit hashes kept in sixteen `array('q')` buckets and sorted one bucket at a time, so memory stays at
a few bytes per client. A block too big to compare in full (an office switchboard shared by 5,000
cards) is compared within a sliding window over its members in name order.

Each pair is then scored from what the two records share: a shared phone, e-mail or ИНН plus a
similar name gives a high score; without one, the name must come with the same address or birthday.
A common name alone (Иванов Иван in two cities) never makes a duplicate.
"""

from __future__ import annotations

import json
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz
from sqlalchemy import select
from sqlalchemy.orm import Session

from clientbook.core import models as m
from clientbook.core import sensitive
from clientbook.core.clients import display_name
from clientbook.core.dedup_keys import (
    address_digits,
    address_words,
    company_core,
    company_key,
    person_key,
    skeleton,
    to_cyrillic,
    to_latin,
)
from clientbook.core.errors import KnownError
from clientbook.core.messages import Message, register
from clientbook.core.rights import require
from clientbook.core.textnorm import fold
from clientbook.core.validation import (
    FieldProblem,
    PartialDate,
    format_phone,
    normalize_email,
    normalize_inn,
    normalize_phone,
    parse_partial_date,
)

register({
    "dedup_reason_phone": {"ru": "одинаковый телефон {phone}", "en": "same phone {phone}"},
    "dedup_reason_email": {"ru": "одинаковый e-mail {email}", "en": "same e-mail {email}"},
    "dedup_reason_inn": {"ru": "одинаковый ИНН {inn}", "en": "same INN {inn}"},
    "dedup_reason_name": {"ru": "имя похоже на {pct} %", "en": "name {pct} % similar"},
    "dedup_reason_company": {"ru": "название компании похоже на {pct} %", "en": "company {pct} % similar"},
    "dedup_reason_address": {"ru": "адрес похож на {pct} %", "en": "address {pct} % similar"},
    "dedup_reason_birthday": {"ru": "одинаковая дата рождения", "en": "same birthday"},
    "dedup_reason_city": {"ru": "один город: {city}", "en": "same city: {city}"},
    "dedup_reason_import_phone": {"ru": "импорт не объединил: общий телефон {value}, но имена разные",
                                  "en": "kept apart by an import: shared phone {value}, but the names differ"},
    "dedup_reason_import_email": {"ru": "импорт не объединил: общий e-mail {value}, но имена разные",
                                  "en": "kept apart by an import: shared e-mail {value}, but the names differ"},
    "dedup_reason_import_code": {"ru": "импорт не объединил: тот же код клиента {value}, но имена разные",
                                 "en": "kept apart by an import: same client code {value}, but the names differ"},
    "dedup_cancelled": {"ru": "Поиск дубликатов прерван.", "en": "The duplicate scan was cancelled."},
    "dedup_need_two": {"ru": "Выберите хотя бы две разные карточки.", "en": "Choose at least two different cards."},
})

DEFAULT_MIN_SCORE = 80
MAYBE = 70              # the most a pair that looks like two people gets: a hint on a new card, not in the scan
SAME_NAME = 95          # a name this similar is the same name (ё/е, a transliteration, a doubled letter)
MAX_BLOCK = 60          # a bigger block is compared within a sliding window only
# A phone or e-mail on more cards than this is a shared one (an office switchboard, a shop's order
# mailbox): it counts only between cards of one place. On fewer (a client entered three times, a
# household) it is evidence for every pair, however many cards share it.
SHARED_BY_MANY = 5
WINDOW = 12
_BUCKETS = 16
_ID_BITS = 26           # up to 67 million clients; the rest of the 63 bits is the key hash
_HASH_BITS = 63 - _ID_BITS
_CHUNK = 500

Progress = Callable[[int, int], None]
ShouldCancel = Callable[[], bool]


class ScanCancelledError(KnownError):
    code = "dedup_cancelled"


@dataclass
class Candidate:
    """Two cards that look like one client, with the score (0–100) and why."""

    a: int
    b: int
    score: int
    reasons: list[Message]
    name_a: str = ""
    name_b: str = ""

    def reason_texts(self, lang: str | None = None) -> list[str]:
        return [r.text(lang) for r in self.reasons]


@dataclass
class DuplicateGroup:
    """A connected set of candidate pairs: the cards one merge would join."""

    client_ids: list[int]
    pairs: list[Candidate] = field(default_factory=list)

    @property
    def best_score(self) -> int:
        return max((p.score for p in self.pairs), default=0)


# ---- profiles: what scoring needs of one client -------------------------------------------------
@dataclass
class Profile:
    id: int
    kind: str
    display_name: str
    last: str
    first: str
    middle: str
    company: str
    inn: str | None
    city: str
    city_text: str
    address_words: str
    address_digits: str
    birthday: tuple[int | None, int | None, int | None]
    gender: str | None
    phones: set[str] = field(default_factory=set)
    emails: set[str] = field(default_factory=set)

    @property
    def has_person_name(self) -> bool:
        return bool(self.last or self.first)


def profile_from_values(cid: int, kind: str, display: str, last: str | None, first: str | None,
                        middle: str | None, company: str | None, inn: str | None, city: str | None,
                        address: str | None, bday: int | None, bmonth: int | None, byear: int | None,
                        gender: str | None) -> Profile:
    return Profile(
        id=cid, kind=kind or "person", display_name=display or "", last=to_latin(last).replace(" ", ""),
        first=to_latin(first).replace(" ", ""), middle=to_latin(middle).replace(" ", ""),
        company=company_core(company), inn=inn or None, city=to_latin(city), city_text=city or "",
        address_words=address_words(address), address_digits=address_digits(address),
        birthday=(bday, bmonth, byear), gender=gender)


_PROFILE_SQL = ("SELECT id, kind, display_name, last_name, first_name, middle_name, company_name, inn, city, "
                "address, birth_day, birth_month, birth_year, gender FROM clients WHERE id IN ({marks}){extra}")


def load_profiles(cursor: Any, ids: Sequence[int], *, include_archived: bool = True) -> dict[int, Profile]:
    """Profiles of these clients with their phones (incl. contact persons') and e-mails."""
    result: dict[int, Profile] = {}
    extra = "" if include_archived else " AND archived = 0"
    for start in range(0, len(ids), _CHUNK):
        chunk = list(ids[start:start + _CHUNK])
        marks = ",".join("?" * len(chunk))
        for row in cursor.execute(_PROFILE_SQL.format(marks=marks, extra=extra), chunk):
            result[row[0]] = profile_from_values(*row)
        for cid, e164 in cursor.execute(
                f"SELECT client_id, e164 FROM phones WHERE e164 IS NOT NULL AND client_id IN ({marks})", chunk):
            if cid in result:
                result[cid].phones.add(e164)
        for cid, address in cursor.execute(
                f"SELECT client_id, address FROM emails WHERE valid AND client_id IN ({marks})", chunk):
            if cid in result:
                result[cid].emails.add(address)
    return result


# ---- scoring ----------------------------------------------------------------------------------
def _part(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    ratio = fuzz.ratio(a, b)
    if ratio < 95 and len(a) > 2 and len(b) > 2 and skeleton(a) == skeleton(b):
        ratio = max(ratio, 95.0)
    return ratio


def _given(a: str, b: str) -> float:
    """First names; an initial ("И.") matches any name starting like it, a little below a full match."""
    if not a or not b:
        return 0.0
    if len(a) == 1 or len(b) == 1:
        return 90.0 if skeleton(a)[:1] == skeleton(b)[:1] else 0.0
    return _part(a, b)


def _both(x: float, y: float) -> float:
    """Both parts must fit: a different first name with the same surname (a wife, a son) scores low."""
    return 0.5 * min(x, y) + 0.25 * (x + y)


def patronymics_differ(p: Profile, q: Profile) -> bool:
    """Both people have a full patronymic and they are not one spelt two ways."""
    return (len(p.middle) > 1 and len(q.middle) > 1 and not (_is_company(p) or _is_company(q))
            and _part(p.middle, q.middle) < 70)


def name_similarity(p: Profile, q: Profile) -> float:
    if p.last and p.first and q.last and q.first:
        direct = _both(_part(p.last, q.last), _given(p.first, q.first))
        swapped = _both(_part(p.last, q.first), _given(p.first, q.last))
        score = max(direct, swapped)
        if p.middle and q.middle and len(p.middle) > 1 and len(q.middle) > 1 and _part(p.middle, q.middle) < 70:
            score -= 20  # a different patronymic: father and son, namesakes
        return max(score, 0.0)
    full_p = " ".join(x for x in (p.last, p.first, p.middle) if x)
    full_q = " ".join(x for x in (q.last, q.first, q.middle) if x)
    if not full_p or not full_q:
        return 0.0
    return float(fuzz.token_sort_ratio(full_p, full_q))


def company_similarity(p: Profile, q: Profile) -> float:
    if not p.company or not q.company:
        return 0.0
    return float(max(fuzz.ratio(p.company, q.company), fuzz.token_sort_ratio(p.company, q.company)))


def address_similarity(p: Profile, q: Profile) -> float:
    """Words compared fuzzily, but the house and flat numbers must be the same (neighbours are not duplicates)."""
    if not p.address_digits or p.address_digits != q.address_digits:
        return 0.0
    if not p.address_words or not q.address_words:
        return 85.0 if (p.city and p.city == q.city) else 0.0
    return float(fuzz.token_sort_ratio(p.address_words, q.address_words))


def _is_company(p: Profile) -> bool:
    return p.kind == "company" or (not p.has_person_name and bool(p.company))


def score_pair(p: Profile, q: Profile, common: frozenset[str] | set[str] = frozenset()) -> tuple[int, list[Message]]:
    """A 0–100 score and the reasons. Strong evidence is a shared phone, e-mail or ИНН.

    A phone or e-mail found on many cards (`common`: an office switchboard, a shop's order mailbox)
    is strong evidence only for two cards in the same city.
    """
    reasons: list[Message] = []
    shared_phones = sorted(p.phones & q.phones)
    shared_emails = sorted(p.emails & q.emails)
    same_inn = bool(p.inn and p.inn == q.inn)
    for phone in shared_phones[:2]:
        reasons.append(Message("dedup_reason_phone", {"phone": format_phone(phone)}))
    for email in shared_emails[:2]:
        reasons.append(Message("dedup_reason_email", {"email": email}))
    if same_inn:
        reasons.append(Message("dedup_reason_inn", {"inn": p.inn}))

    name = name_similarity(p, q) if (p.has_person_name and q.has_person_name) else 0.0
    company = company_similarity(p, q)
    if _is_company(p) and _is_company(q):
        ident = company
    elif _is_company(p) or _is_company(q):
        ident = max(name, company)
    else:
        ident = name if (p.has_person_name and q.has_person_name) else company
    if p.gender and q.gender and p.gender != q.gender and not (_is_company(p) or _is_company(q)):
        ident -= 30
    if name:
        reasons.append(Message("dedup_reason_name", {"pct": round(name)}))
    if company and (company >= 50 or _is_company(p) or _is_company(q)):
        reasons.append(Message("dedup_reason_company", {"pct": round(company)}))

    address = address_similarity(p, q)
    birthday = 0.0
    if p.birthday[0] and p.birthday[:2] == q.birthday[:2]:
        # day and month alone are shared by one namesake in 365: weak, shown but not enough on its own
        birthday = 90.0 if (p.birthday[2] and p.birthday[2] == q.birthday[2]) else 40.0
        if p.birthday[2] and q.birthday[2] and p.birthday[2] != q.birthday[2]:
            birthday = 0.0
    if address >= 60:
        reasons.append(Message("dedup_reason_address", {"pct": round(address)}))
    if birthday:
        reasons.append(Message("dedup_reason_birthday"))
    if p.city and p.city == q.city:
        reasons.append(Message("dedup_reason_city", {"city": p.city_text or q.city_text}))

    support = max(address if address >= 80 else 0.0, birthday)
    weak = 0.5 * ident + 0.5 * support if support else 0.5 * ident  # a name alone never passes 50
    score = weak
    # the same place: the same address, or the same city when an address is missing on one card
    both_addresses = bool(p.address_digits or p.address_words) and bool(q.address_digits or q.address_words)
    same_place = address >= 80 or (not both_addresses and bool(p.city) and p.city == q.city)
    strong = sum(1 for v in shared_phones + shared_emails if v not in common or same_place) + (1 if same_inn else 0)
    if strong:
        score = max(score, 45 + 0.55 * ident + 3 * (strong - 1) + (5 if support else 0))
    if same_inn and _is_company(p) and _is_company(q):
        score = max(score, 90.0)
    if p.inn and q.inn and p.inn != q.inn:
        score = min(score, 50.0)  # two valid ИНН: two legal entities, whatever else they share
    if patronymics_differ(p, q):
        # Иванов Иван Петрович and Иванов Иван Сергеевич: father and son at one home phone, or two
        # namesakes born the same day; a patronymic is not mistyped into another one
        score = min(score, MAYBE)
    elif not strong and not same_inn and p.city and q.city and p.city != q.city and ident < SAME_NAME:
        # no shared phone, e-mail or ИНН, two cities and a name that only looks alike (Инна and Ирина
        # born the same day): how two namesakes look; a maybe, not a duplicate
        score = min(score, MAYBE)
    return max(0, min(100, round(score))), reasons


# ---- blocking ---------------------------------------------------------------------------------
_HASH_MASK = (1 << _HASH_BITS) - 1


def _hash(key: str) -> int:
    """Python's own string hash: salted per process, which is fine, as keys never outlive one scan."""
    return hash(key) & _HASH_MASK


def computed_keys(last: str | None, first: str | None, company: str | None, address: str | None,
                  bday: int | None, bmonth: int | None, byear: int | None) -> Iterator[str]:
    """The computed blocking keys of one client (the contact keys come straight from SQL)."""
    for surname, given in ((last, first), (first, last)):  # both orders: "Иван Иванов" typed swapped
        name = person_key(surname, given)
        if not name:
            continue
        digits = address_digits(address)
        if digits:
            yield f"a|{name}|{digits}"
        if bday and bmonth and byear:
            yield f"b|{name}|{bday}.{bmonth}.{byear}"
    key = company_key(company)
    if key:  # a company name alone is shared by namesakes across the country: with the address only
        digits = address_digits(address)
        if digits:
            yield f"c|{key}|{digits}"


def _pairs_of_block(members: list[int], orders: Sequence[dict[int, str]] = ()) -> Iterator[tuple[int, int]]:
    """All pairs of a small block; neighbours within a window, in each given order, of a big one."""
    members = sorted(set(members))
    if len(members) <= MAX_BLOCK:
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                yield a, b
        return
    for order in orders or ({},):
        ordered = sorted(members, key=lambda cid: order.get(cid, ""))
        for i, a in enumerate(ordered):
            for b in ordered[i + 1:i + 1 + WINDOW]:
                yield (a, b) if a < b else (b, a)


def _sql_blocks(cursor: Any, should_cancel: ShouldCancel) -> Iterator[tuple[str, list[int]]]:
    """Blocks of clients sharing a phone, an e-mail or an ИНН, grouped by SQLite over the indexes."""
    queries = (
        "SELECT e164, group_concat(DISTINCT client_id) FROM phones WHERE e164 IS NOT NULL "
        "GROUP BY e164 HAVING count(DISTINCT client_id) > 1",
        "SELECT address, group_concat(DISTINCT client_id) FROM emails WHERE valid "
        "GROUP BY address HAVING count(DISTINCT client_id) > 1",
        "SELECT inn, group_concat(id) FROM clients WHERE inn IS NOT NULL AND archived = 0 "
        "GROUP BY inn HAVING count(*) > 1",
    )
    for sql in queries:
        for value, ids in cursor.execute(sql).fetchall():
            if should_cancel():
                raise ScanCancelledError()
            yield str(value), [int(x) for x in str(ids).split(",")]


def _computed_blocks(cursor: Any, total: int, progress: Progress, should_cancel: ShouldCancel,
                     ) -> Iterator[list[int]]:
    buckets = [array("q") for _ in range(_BUCKETS)]
    shift = _HASH_BITS - 4
    done = 0
    rows = cursor.execute("SELECT id, last_name, first_name, company_name, address, birth_day, birth_month, "
                          "birth_year FROM clients WHERE archived = 0")
    while True:
        batch = rows.fetchmany(5000)
        if not batch:
            break
        for cid, last, first, company, address, bday, bmonth, byear in batch:
            for key in set(computed_keys(last, first, company, address, bday, bmonth, byear)):
                h = _hash(key)
                buckets[h >> shift].append((h << _ID_BITS) | cid)
        done += len(batch)
        progress(done, total)
        if should_cancel():
            raise ScanCancelledError()
    mask = (1 << _ID_BITS) - 1
    for i in range(_BUCKETS):
        items = sorted(buckets[i])
        buckets[i] = array("q")
        run: list[int] = []
        current = -1
        for item in items:
            h = item >> _ID_BITS
            if h != current:
                if len(run) > 1:
                    yield run
                run = []
                current = h
            run.append(item & mask)
        if len(run) > 1:
            yield run
        del items


def candidate_pairs(cursor: Any, *, progress: Progress | None = None, should_cancel: ShouldCancel | None = None,
                    common: set[str] | None = None) -> set[tuple[int, int]]:
    """Every pair that shares a block (each pair once). Contact values found on more than
    SHARED_BY_MANY cards are added to `common`, so scoring can weigh them as the shared mailboxes they are."""
    progress = progress or (lambda done, total: None)
    should_cancel = should_cancel or (lambda: False)
    total = cursor.execute("SELECT count(*) FROM clients WHERE archived = 0").fetchone()[0]
    archived = {r[0] for r in cursor.execute("SELECT id FROM clients WHERE archived = 1")}
    pairs: set[tuple[int, int]] = set()

    def add(block: list[int]) -> None:
        block = [c for c in block if c not in archived]
        orders: list[dict[int, str]] = []
        if len(set(block)) > MAX_BLOCK:
            orders = _window_orders(cursor, block)
        pairs.update(_pairs_of_block(block, orders))

    for value, block in _sql_blocks(cursor, should_cancel):
        if len(set(block)) <= SHARED_BY_MANY:
            add(block)
            continue
        if common is not None:
            common.add(value)
        # a contact on many cards counts only between cards of one city (see score_pair)
        for same_city in _by_city(cursor, block).values():
            if len(same_city) > 1:
                add(same_city)
    for block in _computed_blocks(cursor, total, progress, should_cancel):
        add(block)
    return pairs


def _by_city(cursor: Any, ids: list[int]) -> dict[str, list[int]]:
    groups: dict[str, list[int]] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        for cid, city in cursor.execute(f"SELECT id, city FROM clients WHERE id IN ({marks})", chunk):
            groups.setdefault(to_latin(city), []).append(cid)
    return groups


def _window_orders(cursor: Any, ids: Iterable[int]) -> list[dict[int, str]]:
    """Two orders for a big block: by spelling-blind name, and by city then name, so that a duplicate
    lands next to its original in at least one of them."""
    by_name: dict[int, str] = {}
    by_city: dict[int, str] = {}
    ids = list(set(ids))
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        for cid, last, first, company, city in cursor.execute(
                f"SELECT id, last_name, first_name, company_name, city FROM clients WHERE id IN ({marks})", chunk):
            name = company_core(company) if company and not (last or first) else \
                " ".join(sorted((to_latin(last), to_latin(first))))
            by_name[cid] = name
            by_city[cid] = f"{to_latin(city)}|{name}"
    return [by_name, by_city]


def import_review_pairs(cursor: Any) -> dict[tuple[int, int], Message]:
    """Pairs an import kept apart (another name on a shared phone, e-mail or code), from the import
    batches still in force: they are reviewed whatever their score, with the import's reason."""
    pairs: dict[tuple[int, int], Message] = {}
    for (data,) in cursor.execute("SELECT json_extract(undo_data, '$.review') FROM batches "
                                  "WHERE kind = 'import' AND status = 'done' AND undo_data IS NOT NULL"):
        for a, b, code, value in json.loads(data) if data else ():
            what = {"review_match_phone": "phone", "review_match_email": "email"}.get(code, "code")
            pairs.setdefault((min(a, b), max(a, b)), Message(f"dedup_reason_import_{what}", {"value": value}))
    return pairs


def not_duplicate_pairs(cursor: Any) -> set[tuple[int, int]]:
    return {(a, b) for a, b in cursor.execute("SELECT client_a, client_b FROM not_duplicates")}


# ---- the scan ---------------------------------------------------------------------------------
def _cursor(session: Session) -> Any:
    return session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]


def scan(session: Session, *, min_score: int = DEFAULT_MIN_SCORE, progress: Progress | None = None,
         should_cancel: ShouldCancel | None = None) -> list[Candidate]:
    """Candidate duplicate pairs of the whole base, best first; pairs marked "not duplicates" are left out."""
    should_cancel = should_cancel or (lambda: False)
    cursor = _cursor(session)
    try:
        common: set[str] = set()
        pairs = candidate_pairs(cursor, progress=progress, should_cancel=should_cancel, common=common)
        kept_apart = import_review_pairs(cursor)
        pairs |= set(kept_apart)
        pairs -= not_duplicate_pairs(cursor)
        ordered = sorted(pairs)
        del pairs
        result: list[Candidate] = []
        step = 2000
        for start in range(0, len(ordered), step):
            if should_cancel():
                raise ScanCancelledError()
            chunk = ordered[start:start + step]
            profiles = load_profiles(cursor, sorted({x for pair in chunk for x in pair}), include_archived=False)
            for a, b in chunk:
                p, q = profiles.get(a), profiles.get(b)
                if p is None or q is None:
                    continue
                score, reasons = score_pair(p, q, common)
                if (a, b) in kept_apart:
                    reasons.insert(0, kept_apart[(a, b)])
                elif score < min_score:
                    continue
                result.append(Candidate(a, b, score, reasons, p.display_name, q.display_name))
    finally:
        cursor.close()
    result.sort(key=lambda c: (-c.score, c.a, c.b))
    return hide_evidence(session, result)


def hide_evidence(session: Session, candidates: list[Candidate]) -> list[Candidate]:
    """"Same ИНН 7707…" shown as "same ИНН •••" to a user who may not see ИНН (#15.4): the match
    still counts (the ИНН stays in its column), its value is not told."""
    if not sensitive.access_of(session).hides("inn"):
        return candidates
    for candidate in candidates:
        candidate.reasons = [Message(r.code, {**r.params, "inn": sensitive.HIDDEN}) if r.code == "dedup_reason_inn"
                             else r for r in candidate.reasons]
    return candidates


def group_candidates(candidates: Iterable[Candidate]) -> list[DuplicateGroup]:
    """Connected components of the candidate pairs (union–find), biggest score first."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    items = list(candidates)
    for c in items:
        ra, rb = find(c.a), find(c.b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, DuplicateGroup] = {}
    for c in items:
        root = find(c.a)
        group = groups.setdefault(root, DuplicateGroup([]))
        group.pairs.append(c)
    for group in groups.values():
        group.client_ids = sorted({x for p in group.pairs for x in (p.a, p.b)})
    return sorted(groups.values(), key=lambda g: (-g.best_score, g.client_ids[0]))


def scan_groups(session: Session, **kwargs: Any) -> list[DuplicateGroup]:
    return group_candidates(scan(session, **kwargs))


# ---- "not duplicates" ---------------------------------------------------------------------------
def mark_not_duplicates(session: Session, client_ids: Sequence[int]) -> int:
    """Remember that these cards are different clients (every pair among them); returns pairs added."""
    require(session, "edit")
    ids = sorted(set(client_ids))
    if len(ids) < 2:
        raise KnownError("dedup_need_two")
    existing = {(a, b) for a, b in session.execute(
        select(m.NotDuplicate.client_a, m.NotDuplicate.client_b).where(m.NotDuplicate.client_a.in_(ids)))}
    added = 0
    for i, a in enumerate(ids):
        for b in ids[i + 1:]:
            if (a, b) not in existing:
                session.add(m.NotDuplicate(client_a=a, client_b=b, decided_by=session.info.get("actor"),
                                           decided_at=m.utcnow()))
                added += 1
    session.flush()
    return added


def unmark_not_duplicates(session: Session, a: int, b: int) -> bool:
    require(session, "edit")
    row = session.get(m.NotDuplicate, (min(a, b), max(a, b)))
    if row is None:
        return False
    session.delete(row)
    session.flush()
    return True


# ---- on entry: a new card that looks like an existing client -----------------------------------
def likely_duplicates(session: Session, data: Any, limit: int = 5, *, exclude_id: int | None = None,
                      min_score: int = 70) -> list[Candidate]:
    """Existing clients that look like the card about to be saved (a `clients.ClientInput`), best first.

    The card's phones, e-mails and ИНН are looked up exactly, its name by the stored sort key in
    both alphabets; each hit is then scored as the scan would score it. Invalid input is ignored
    here: validation reports it.
    """
    region = (getattr(data, "country", None) or "RU").upper()
    phones: set[str] = set()
    for item in list(data.phones) + [p for c in data.contacts for p in c.phones]:
        text = item if isinstance(item, str) else item.text
        try:
            phones.add(normalize_phone(text, region).e164)
        except FieldProblem:
            continue
    emails: set[str] = set()
    for text in list(data.emails) + [e for c in data.contacts for e in c.emails]:
        try:
            emails.add(normalize_email(text))
        except FieldProblem:
            continue
    inn = None
    if data.inn:
        try:
            inn = normalize_inn(data.inn)
        except FieldProblem:
            inn = None
    bday = bmonth = byear = None
    if data.birthday:
        try:
            birthday = data.birthday if isinstance(data.birthday, PartialDate) else parse_partial_date(data.birthday)
            bday, bmonth, byear = birthday.day, birthday.month, birthday.year
        except FieldProblem:
            pass

    me = profile_from_values(0, data.kind, display_name(data.kind, data.last_name, data.first_name,
                                                          data.middle_name, data.company_name),
                             data.last_name, data.first_name, data.middle_name, data.company_name, inn,
                             data.city, data.address, bday, bmonth, byear, data.gender)
    me.phones, me.emails = phones, emails

    cursor = _cursor(session)
    try:
        ids: set[int] = set()
        if phones:
            marks = ",".join("?" * len(phones))
            ids.update(r[0] for r in cursor.execute(
                f"SELECT DISTINCT client_id FROM phones WHERE e164 IN ({marks}) LIMIT 200", sorted(phones)))
        if emails:
            marks = ",".join("?" * len(emails))
            ids.update(r[0] for r in cursor.execute(
                f"SELECT DISTINCT client_id FROM emails WHERE address IN ({marks}) LIMIT 200", sorted(emails)))
        if inn:
            ids.update(r[0] for r in cursor.execute("SELECT id FROM clients WHERE inn = ? LIMIT 200", (inn,)))
        for prefix in _name_prefixes(data):
            ids.update(r[0] for r in cursor.execute(
                "SELECT id FROM clients WHERE sort_key >= ? AND sort_key < ? LIMIT 200", (prefix, prefix + "\uffff")))
        ids.discard(exclude_id or 0)
        profiles = load_profiles(cursor, sorted(ids), include_archived=False)
    finally:
        cursor.close()
    result = []
    for cid, profile in profiles.items():
        score, reasons = score_pair(me, profile)
        if score >= min_score:
            result.append(Candidate(0, cid, score, reasons, me.display_name, profile.display_name))
    result.sort(key=lambda c: (-c.score, c.b))
    return hide_evidence(session, result[:limit])


def _name_prefixes(data: Any) -> list[str]:
    """Stored sort keys start with the folded display name; try it as typed, swapped and in the other alphabet."""
    prefixes: list[str] = []
    if data.last_name and data.first_name:
        for text in (f"{data.last_name} {data.first_name}", f"{data.first_name} {data.last_name}"):
            folded = fold(text)
            prefixes.append(folded)
            other = to_cyrillic(folded) if folded.isascii() else to_latin(folded)
            if other and other != folded:
                prefixes.append(other)
    elif data.last_name or data.first_name:
        prefixes.append(fold(data.last_name or data.first_name))
    if data.company_name:
        core = company_core(data.company_name)
        if len(core) >= 3:
            prefixes.append(fold(data.company_name))
    return [p for p in dict.fromkeys(prefixes) if len(p) >= 3]

