"""One spreadsheet row → one normalized record plus the list of its cell problems.

Nothing typed by the user is dropped: a value that cannot go into its field (a date that is not a
date, an unknown gender word, a country we do not know) is kept in the card's notes as
"Header: value" and listed as a problem; invalid phones and e-mails are kept as written.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from clientbook.core.clients import display_name
from clientbook.core.importing import countries
from clientbook.core.importing.fields import CUSTOM_PREFIX, EXTRA, SKIP
from clientbook.core.importing.mapping import ColumnMapping
from clientbook.core.importing.normalize import (
    DateOrder,
    PhoneValue,
    cell_text,
    clean_text_name,
    email_texts,
    id_text,
    is_empty,
    phone_texts,
    read_date,
    read_datetime,
    read_direction,
    read_email,
    read_gender,
    read_interaction_kind,
    read_money,
    read_phone,
    read_quantity,
    read_rating,
    read_time,
    read_yes_no,
    split_full_name,
)
from clientbook.core.messages import Message
from clientbook.core.textnorm import fold, squash_spaces
from clientbook.core.validation import FieldProblem, normalize_inn

# Targets whose cell outcome depends on the cell alone (not on the row's region or other cells), so a
# value seen before in the same column is not normalized again: cities, first names, genders, sources,
# notes repeat a lot, and normalization was half of the import's time.
CACHED_TARGETS = frozenset({"last_name", "first_name", "middle_name", "full_name", "company_name", "inn",
                            "position", "city", "region", "source", "address", "notes", "birthday", "gender",
                            "tags", "flag", "client_code", "consent_email", "consent_sms", EXTRA})
CACHE_LIMIT = 20_000  # distinct values remembered per column
CACHE_PROBE = 1_000  # after this many misses a column whose values rarely repeat stops caching
PHONE_KINDS = {"phone": "mobile", "phone_work": "work", "phone_home": "home", "phone_fax": "fax"}
_COMPANY = re.compile(r"^(?:ооо|оао|зао|пао|ао|нко|ано|гуп|муп|ип)\s|\s(?:llc|inc\.?|ltd\.?|gmbh|corp\.?|"
                      r"co\.|plc|ооо)$|^\"|«", re.IGNORECASE)


NOON = dt.time(12, 0)


def local_to_utc(moment: dt.datetime) -> dt.datetime:
    """A wall-clock time of this computer's zone → naive UTC, as the base stores times."""
    try:
        return moment.astimezone(dt.UTC).replace(tzinfo=None)
    except (OverflowError, OSError, ValueError):  # outside the platform's time range: take it as UTC
        return moment


def country_code(value: Any) -> str | None:
    """"Norway", "Мексика", "Deutschland", "DE" → ISO code (pycountry + CLDR names, countries.py)."""
    return countries.country_code(cell_text(value))


@dataclass(frozen=True)
class _Effect:
    """A cell's contribution to a record (fields set, notes, problems, …), replayed for equal cells."""

    fields: tuple[tuple[str, Any], ...] = ()
    lists: tuple[tuple[str, tuple[Any, ...]], ...] = ()  # Record list attributes to extend
    custom: tuple[tuple[str, str], ...] = ()
    code: str | None = None
    texts: tuple[tuple[str, tuple[str, ...]], ...] = ()
    only_fields: bool = False  # the usual cell (a name, a city): `rec.fields.update(fields)` is all of `apply`

    @classmethod
    def of(cls, rec: Record, texts: dict[str, list[str]]) -> _Effect:
        lists = tuple((name, tuple(getattr(rec, name))) for name in ("phones", "emails", "consents", "tags",
                                                                      "notes", "problems") if getattr(rec, name))
        custom = tuple(rec.custom.items())
        texts_ = tuple((k, tuple(v)) for k, v in texts.items())
        return cls(tuple(rec.fields.items()), lists, custom, rec.code, texts_,
                   only_fields=not (lists or custom or rec.code is not None or texts_))

    def __bool__(self) -> bool:
        return bool(self.fields or self.lists or self.custom or self.code is not None or self.texts)

    def apply(self, rec: Record, texts: dict[str, list[str]]) -> None:
        if self.fields:
            rec.fields.update(self.fields)
        for name, items in self.lists:
            getattr(rec, name).extend(items)
        if self.custom:
            rec.custom.update(self.custom)
        if self.code is not None:
            rec.code = self.code
        for key, values in self.texts:
            texts.setdefault(key, []).extend(values)


_NOTHING = _Effect()


@dataclass
class Record:
    row_no: int
    fields: dict[str, Any] = field(default_factory=dict)
    phones: list[tuple[PhoneValue, str]] = field(default_factory=list)
    emails: list[tuple[str, bool]] = field(default_factory=list)
    custom: dict[str, str] = field(default_factory=dict)
    code: str | None = None
    consents: list[tuple[str, bool]] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    problems: list[tuple[str, Message]] = field(default_factory=list)
    purchase: dict[str, Any] | None = None
    interaction: dict[str, Any] | None = None
    rejected: Message | None = None

    @property
    def name(self) -> str:
        return str(self.fields.get("display_name") or "")


class RowReader:
    """Normalizes rows with one mapping; per-column decisions (date order) are made up front."""

    def __init__(self, headers: Sequence[str], mapping: ColumnMapping, *, kind: str = "clients",
                 date_orders: dict[int, DateOrder] | None = None, date1904: bool = False,
                 default_region: str = "RU", currency: str = "RUB", file_name: str = "",
                 flag_undecodable: bool = False) -> None:
        self.headers = list(headers)
        self.flag_undecodable = flag_undecodable  # a text file read with "�" for bytes it could not decode
        self.kind = kind
        self.columns = [(i, t) for i, t in sorted(mapping.targets.items()) if t != SKIP]
        self.date_orders = date_orders or {}
        self.date1904 = date1904
        self.default_region = default_region
        self.currency = currency
        self.file_name = file_name
        self.country_column = next((i for i, t in self.columns if t == "country"), None)
        self._cache: dict[int, dict[tuple[type, Any], _Effect]] = {
            i: {} for i, t in self.columns if t in CACHED_TARGETS or t.startswith(CUSTOM_PREFIX)}
        self._misses: dict[int, int] = dict.fromkeys(self._cache, 0)
        self._rows = 0

    def _effect_of(self, target: str, index: int, value: Any, region: str) -> _Effect:
        """What normalizing this cell does to a record, captured on a scratch record."""
        if is_empty(value):
            return _NOTHING
        scratch = Record(0)
        texts: dict[str, list[str]] = {}
        self._cell(scratch, target, index, value, region, texts)
        effect = _Effect.of(scratch, texts)
        return effect if effect else _NOTHING  # callers test `is _NOTHING`, not a __bool__ call per cell

    def _remember(self, index: int, memo: dict[tuple[type, Any], _Effect], key: tuple[type, Any],
                  effect: _Effect) -> None:
        """Called on a miss. A column whose values are mostly distinct (amounts, an e-mail kept in a
        custom field) stops caching: capturing effects would only cost time and memory there."""
        misses = self._misses[index] = self._misses[index] + 1
        if len(memo) >= CACHE_LIMIT or (misses == CACHE_PROBE and self._rows < 2 * CACHE_PROBE):
            self._cache.pop(index, None)
        else:
            memo[key] = effect

    def header(self, index: int) -> str:
        return self.headers[index] if index < len(self.headers) else f"#{index + 1}"

    def read(self, row_no: int, row: Sequence[Any]) -> Record:
        rec = Record(row_no)
        self._rows += 1
        f = rec.fields
        region = self.default_region
        if self.country_column is not None and not is_empty(row[self.country_column]):
            code = country_code(row[self.country_column])
            if code:
                region = f["country"] = code
        texts: dict[str, list[str]] = {}
        cache = self._cache
        width = len(row)
        for index, target in self.columns:
            value = row[index] if index < width else None
            if value is None:
                continue
            memo = cache.get(index)
            if memo is not None:
                try:
                    memo_key = (type(value), value)
                    effect = memo.get(memo_key)
                except TypeError:  # an unhashable cell value: normalize as usual
                    memo = None
                else:
                    if effect is None:
                        effect = self._effect_of(target, index, value, region)
                        self._remember(index, memo, memo_key, effect)
                    if effect is not _NOTHING:
                        if effect.only_fields:
                            f.update(effect.fields)
                        else:
                            effect.apply(rec, texts)
                    continue
            if is_empty(value):
                continue
            self._cell(rec, target, index, value, region, texts)
        if self.flag_undecodable:
            for index, _target in self.columns:
                value = row[index] if index < width else None
                if isinstance(value, str) and "\ufffd" in value:
                    rec.problems.append((self.header(index), Message("import_undecodable", {"value": value[:100]})))
        if self.kind == "clients" and rec.purchase is not None:
            self._finish_order(rec)
        for key in ("address", "notes_text"):
            if key in texts:
                f[key if key == "address" else "notes"] = ", ".join(texts[key]) if key == "address" \
                    else "\n".join(texts[key])
        if rec.notes:
            f["notes"] = "\n".join(filter(None, [f.get("notes"), *rec.notes]))
        if self.kind == "purchases":
            self._finish_purchase(rec)
        elif self.kind == "history":
            self._finish_history(rec)
        self._finish_names(rec)
        return rec

    def _keep(self, rec: Record, index: int, value: Any, problem: Message | None) -> None:
        rec.notes.append(f"{self.header(index)}: {cell_text(value)}")
        if problem is not None:
            rec.problems.append((self.header(index), problem))

    def _cell(self, rec: Record, target: str, index: int, value: Any, region: str,
              texts: dict[str, list[str]]) -> None:
        f = rec.fields
        if target in PHONE_KINDS:
            for text in phone_texts(value):
                phone, problem = read_phone(text, region)
                rec.phones.append((phone, PHONE_KINDS[target]))
                if problem:
                    rec.problems.append((self.header(index), problem))
        elif target == "email":
            for text in email_texts(value):
                address, valid, problem = read_email(text)
                rec.emails.append((address, valid))
                if problem:
                    rec.problems.append((self.header(index), problem))
        elif target in ("last_name", "first_name", "middle_name"):
            f[target] = clean_text_name(cell_text(value))[:100]
        elif target == "full_name":
            text = cell_text(value)
            if _COMPANY.search(text) and self.kind != "purchases":
                f["company_name"] = text[:300]
                f["kind"] = "ip" if fold(text).startswith("ип ") else "company"
            else:
                last, first, middle = split_full_name(text)
                f.update(last_name=last, first_name=first, middle_name=middle)
        elif target == "company_name":
            f["company_name"] = cell_text(value)[:300]
        elif target == "inn":
            try:
                f["inn"] = normalize_inn(id_text(value))
            except FieldProblem as exc:
                self._keep(rec, index, value, exc.message)
        elif target in ("position", "city", "region", "source"):
            f[target] = cell_text(value)[:200 if target == "position" else 100]
        elif target == "address":
            texts.setdefault("address", []).append(id_text(value))
        elif target == "notes":
            texts.setdefault("notes_text", []).append(str(value).strip() if isinstance(value, str)
                                                      else cell_text(value))
        elif target == "country":
            if "country" not in f:
                self._keep(rec, index, value, Message("import_value_unknown", {"value": cell_text(value)}))
        elif target == "birthday":
            parsed, problem = read_date(value, self.date_orders.get(index, DateOrder()), self.date1904,
                                        allow_no_year=True)
            if parsed is None or (parsed[2] is not None and not 1900 <= parsed[2] <= 2100):
                self._keep(rec, index, value, problem or Message("date_invalid", {"value": cell_text(value)}))
            else:
                f["birth_day"], f["birth_month"], f["birth_year"] = parsed
        elif target == "gender":
            gender = read_gender(value)
            if gender:
                f["gender"] = gender
            else:
                self._keep(rec, index, value, Message("import_value_unknown", {"value": cell_text(value)}))
        elif target == "tags":
            rec.tags += [squash_spaces(t) for t in re.split(r"[,;]", cell_text(value)) if squash_spaces(t)]
        elif target == "flag":  # "ВИП клиент:" 1/0 → the tag "ВИП клиент" on the cards marked yes
            answer = read_yes_no(value)
            if answer is None:
                self._keep(rec, index, value, Message("import_value_unknown", {"value": cell_text(value)}))
            elif answer:
                rec.tags.append(squash_spaces(self.header(index).strip(" :*?")) or self.header(index))
        elif target == "client_code":
            rec.code = id_text(value)[:100]
        elif target in ("consent_email", "consent_sms"):
            answer = read_yes_no(value)
            if answer is None:
                self._keep(rec, index, value, Message("import_value_unknown", {"value": cell_text(value)}))
            else:
                rec.consents.append(("email" if target == "consent_email" else "sms", answer))
        elif target.startswith(CUSTOM_PREFIX):
            rec.custom[target[len(CUSTOM_PREFIX):]] = id_text(value)
        elif target == EXTRA:
            rec.notes.append(f"{self.header(index)}: {cell_text(value)}")
        elif self.kind == "history":
            self._history_cell(rec, target, index, value)
        else:
            self._purchase_cell(rec, target, index, value)

    def _purchase_cell(self, rec: Record, target: str, index: int, value: Any) -> None:
        p = rec.purchase if rec.purchase is not None else {}
        rec.purchase = p
        if self.kind == "clients":  # a row of an orders sheet: its cells, should it be no purchase
            p.setdefault("cells", []).append(f"{self.header(index)}: {cell_text(value)}")
        if target in ("date", "due_date"):
            parsed, problem = read_date(value, self.date_orders.get(index, DateOrder()), self.date1904)
            if parsed is None or parsed[2] is None:
                rec.problems.append((self.header(index), problem or Message("date_invalid",
                                                                            {"value": cell_text(value)})))
            else:
                import datetime as dt

                p[target] = dt.date(parsed[2], parsed[1], parsed[0])
        elif target == "amount":
            amount, problem = read_money(value)
            if amount is None:
                rec.problems.append((self.header(index), problem or Message("amount_invalid", {"value": value})))
                p.setdefault("unparsed", []).append(f"{self.header(index)}: {cell_text(value)}")
            else:
                p["amount_minor"] = amount
        elif target == "item":
            p["item"] = cell_text(value)[:300]
        elif target == "quantity":
            p["quantity"] = read_quantity(value)
        elif target == "order_id":
            p["external_id"] = id_text(value)[:100]
        elif target == "paid":
            paid = read_yes_no(value)
            if paid is None:
                rec.problems.append((self.header(index), Message("import_value_unknown",
                                                                 {"value": cell_text(value)})))
            else:
                p["paid"] = paid
        elif target == "currency":
            text = cell_text(value).upper()
            p["currency"] = {"₽": "RUB", "РУБ": "RUB", "РУБ.": "RUB", "$": "USD", "€": "EUR"}.get(text, text[:3])

    def _finish_order(self, rec: Record) -> None:
        """A client row that is also a purchase (an orders sheet): without a date it is no purchase,
        and its cells stay on the card as "Header: value" lines."""
        p = rec.purchase
        assert p is not None
        cells = p.pop("cells", [])
        rec.notes.extend(p.pop("unparsed", []))  # an amount that is not one stays on the card
        if "date" not in p:
            rec.purchase = None
            rec.notes.extend(cells)
            header = next((self.header(i) for i, t in self.columns if t == "date"), "")
            rec.problems.append((header, Message("import_no_date")))
            return
        p.setdefault("currency", self.currency)
        p.setdefault("amount_minor", 0)
        p.setdefault("paid", True)

    def _finish_purchase(self, rec: Record) -> None:
        p = rec.purchase if rec.purchase is not None else {}
        rec.purchase = p
        p.setdefault("currency", self.currency)
        p.setdefault("amount_minor", 0)
        p.setdefault("paid", True)
        if "date" not in p:
            rec.rejected = Message("import_no_date")

    # ---- history (contacts, visits) ------------------------------------------------------------
    def _history_cell(self, rec: Record, target: str, index: int, value: Any) -> None:
        """A value that does not fit its field (an unknown kind word, a rating of 12) is kept in the
        entry's text as "Header: value" and listed as a problem: nothing typed is lost."""
        i = rec.interaction if rec.interaction is not None else {}
        rec.interaction = i
        header = self.header(index)

        def keep(problem: Message) -> None:
            rec.problems.append((header, problem))
            i.setdefault("unparsed", []).append(f"{header}: {cell_text(value)}")

        if target == "date":
            day, clock, problem = read_datetime(value, self.date_orders.get(index, DateOrder()), self.date1904)
            if day is None:
                keep(problem or Message("date_invalid", {"value": cell_text(value)}))
            else:
                i["date"], i["date_time"] = day, clock
        elif target == "time":
            clock = read_time(value)
            if clock is None:
                keep(Message("import_value_unknown", {"value": cell_text(value)}))
            else:
                i["time"] = clock
        elif target == "next_step_date":
            parsed, problem = read_date(value, self.date_orders.get(index, DateOrder()), self.date1904)
            if parsed is None or parsed[2] is None:
                keep(problem or Message("date_invalid", {"value": cell_text(value)}))
            else:
                i["next_step_date"] = dt.date(parsed[2], parsed[1], parsed[0])
        elif target == "kind":
            kind = read_interaction_kind(value)
            if kind is None:
                keep(Message("import_value_unknown", {"value": cell_text(value)}))
            else:
                i["kind"] = kind
        elif target == "direction":
            direction = read_direction(value)
            if direction is None:
                keep(Message("import_value_unknown", {"value": cell_text(value)}))
            else:
                i["direction"] = direction
        elif target == "rating":
            rating = read_rating(value)
            if rating is None:
                keep(Message("rating_invalid"))
            else:
                i["rating"] = rating
        elif target == "text":
            i.setdefault("texts", []).append(str(value).strip() if isinstance(value, str) else cell_text(value))
        elif target in ("subject", "outcome", "next_step", "author"):
            i[target] = cell_text(value)[:{"subject": 300, "author": 100}.get(target, 10_000)]

    def _finish_history(self, rec: Record) -> None:
        """A date alone is taken as noon local time, so its day stays the same in UTC (stored) for any
        zone within ±12 hours; the kind defaults to "note" ("feedback" when the row has a rating)."""
        i = rec.interaction if rec.interaction is not None else {}
        rec.interaction = i
        i.setdefault("kind", "feedback" if "rating" in i else "note")
        lines = ["\n".join(i.pop("texts", [])), *i.pop("unparsed", [])]
        i["text"] = "\n".join(line for line in lines if line) or None
        if "date" not in i:
            rec.rejected = Message("import_no_history_date")
            return
        clock = i.pop("time", None) or i.pop("date_time", None) or NOON
        i.pop("date_time", None)
        i["local"] = dt.datetime.combine(i.pop("date"), clock)
        i["occurred_at"] = local_to_utc(i["local"])

    def _finish_names(self, rec: Record) -> None:
        f = rec.fields
        kind = f.get("kind") or "person"
        f["kind"] = kind
        name = display_name(kind, f.get("last_name"), f.get("first_name"), f.get("middle_name"),
                            f.get("company_name"))
        f["display_name"] = name[:400]
        f["sort_key"] = _fold_name(name)[:400]
        if not name and self.kind == "clients":
            rec.rejected = Message("import_no_name")


@functools.lru_cache(maxsize=50_000)
def _fold_name(name: str) -> str:
    return fold(name)  # people's names repeat across a file: the fold was a tenth of reading a row
