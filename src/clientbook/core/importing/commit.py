"""Writing an import: one transaction after a restore point, bulk Core inserts with explicit ids,
audit entries and search index rows for every card, a batch record that can be undone.

Hot path at 100,000 rows: rows are queued as dicts and inserted with the driver's executemany
(values already in storage form), a new card's search row is built from the queued values
(`index_rows`), and only cards that existed before are re-read by `search.reindex`.

A dry run runs the same code and rolls the transaction back, so its totals and report are the real
ones; it leaves out only what no later row reads (search index rows, audit entries: 100,000 rows
checked in 4.4 s instead of 7.1 s). Cancel rolls back too: the whole file is in the base or none of it.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Table, insert, select, text, update
from sqlalchemy.orm import Session

from clientbook.core import audit, search, sensitive
from clientbook.core import models as m
from clientbook.core.clients import display_name, finish_batch, start_batch
from clientbook.core.collector import fewer_collections, let_go
from clientbook.core.customfields import define_field
from clientbook.core.errors import KnownError
from clientbook.core.importing import bulk_indexes, key_lookups
from clientbook.core.importing.analysis import Analysis, analyze, mapped_anything
from clientbook.core.importing.fields import CUSTOM_PREFIX, FIELD_LABELS, LINKED_KINDS
from clientbook.core.importing.index_rows import FTS_COLUMNS, new_card_row
from clientbook.core.importing.mapping import ColumnMapping, remember
from clientbook.core.importing.matching import CODE_FIELD_KEY, Found, Match
from clientbook.core.importing.orders import PURCHASE_ONLY, with_purchase_columns
from clientbook.core.importing.readers import KeptSheet
from clientbook.core.importing.records import Record, RowReader
from clientbook.core.importing.table import table_rows
from clientbook.core.importing.write_behind import Drained, WriteBehind, quick_handoffs, statement
from clientbook.core.messages import Message, current_language
from clientbook.core.rights import require
from clientbook.core.textnorm import fold

if TYPE_CHECKING:
    from clientbook.core.restore_points import AheadRestorePoint
    from clientbook.core.vault import Vault

DUPLICATE_MODES = ("create", "fill", "overwrite", "skip")
CHUNK = 2000
MADE_LIMIT = 5_000  # cards made (or filled) by an import kept in hand for later rows of the same client
REPORT_LIMIT = 20_000
# the only queued values not yet in storage form
DATE_COLUMNS = {"purchases": ("date", "due_date"), "interactions": ("occurred_at", "next_step_date")}
# What makes a linked row "already in the base" when a file is imported again (texts compared by hash:
# the keys of every stored row are held in memory during the import).
LINKED_KEYS_SQL = {
    "purchases": "SELECT client_id, date, amount_minor, coalesce(item, ''), coalesce(external_id, '') FROM purchases",
    "history": "SELECT client_id, occurred_at, kind, coalesce(subject, ''), coalesce(text, '') FROM interactions",
}
ALREADY_IMPORTED = {"purchases": "import_already_imported", "history": "import_history_already_imported"}
CLIENT_FIELDS = ("kind", "last_name", "first_name", "middle_name", "company_name", "inn", "position",
                 "address", "city", "region", "country", "birth_day", "birth_month", "birth_year", "gender",
                 "source", "notes")
Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]


def _table(model: type[m.Base]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


CLIENTS = _table(m.Client)


class ImportCancelledError(KnownError):
    code = "import_cancelled"


class _DryRun(Exception):  # noqa: N818  (control flow, not an error)
    pass


@dataclass
class ImportOptions:
    kind: str = "clients"  # or "purchases", "history" (contacts, visits: Interaction rows)
    sheet: str | None = None
    header_row: int | None | str = "auto"  # 0-based index, None = no header, "auto"
    mapping: ColumnMapping | None = None
    on_duplicate: str = "fill"
    match_names: bool = False  # also match by name + city (purchases and history always match by name)
    create_clients: bool = True  # purchases, history: make a card for a client not in the base
    currency: str = "RUB"
    date_order: str | None = None
    default_region: str = "RU"
    # clients: each row with a date is also a purchase of its card (an orders sheet, see `orders`)
    rows_as_purchases: bool = False
    encoding: str | None = None  # the file's text encoding as the user forced it; None = detected


@dataclass
class RowOutcome:
    row_no: int
    status: str  # created, updated, skipped, rejected, merged
    name: str
    client_id: int | None
    reasons: list[Message] = field(default_factory=list)


@dataclass
class ImportResult:
    file_name: str
    sheet: str
    kind: str
    dry_run: bool
    batch_id: int | None = None
    created: int = 0
    updated: int = 0
    skipped: int = 0
    rejected: int = 0
    purchases: int = 0
    interactions: int = 0
    rows_read: int = 0
    problems: int = 0
    outcomes: list[RowOutcome] = field(default_factory=list)
    column_problems: dict[str, int] = field(default_factory=dict)  # header → cells with a problem
    doubts: list[Message] = field(default_factory=list)  # doubtful columns, said before writing

    def written(self) -> bool:
        """Anything made, changed, or skipped as already there: a file that is not hopeless."""
        return bool(self.created or self.updated or self.skipped or self.purchases or self.interactions)

    def totals(self) -> dict[str, Any]:
        return {"created": self.created, "updated": self.updated, "skipped": self.skipped,
                "rejected": self.rejected, "purchases": self.purchases, "interactions": self.interactions,
                "rows": self.rows_read,
                "problems": self.problems, "batch": self.batch_id, "dry_run": self.dry_run}


def run_import(vault: Vault, path: str | Path, options: ImportOptions | None = None, *,
               analysis: Analysis | None = None, dry_run: bool = False, progress: Progress | None = None,
               should_cancel: Cancel | None = None,
               restore_point: AheadRestorePoint | None = None, kept: KeptSheet | None = None) -> ImportResult:
    """Import a file. Raises ImportCancelledError (nothing written) when `should_cancel()` turns true.
    `restore_point`, made while the user read the dry run's totals, is used if still current; `kept`,
    the sheet an earlier reading of the file parsed (`readers.KeptSheet`)."""
    require(vault, "import")
    options = options or ImportOptions()
    if options.on_duplicate not in DUPLICATE_MODES:
        raise ValueError(options.on_duplicate)
    own_analysis = analysis is None
    if analysis is None:
        with vault.session() as session:
            analysis = analyze(path, session=session, kind=options.kind, sheet=options.sheet,
                               header_row=options.header_row, mapping=options.mapping,
                               date_order=options.date_order, encoding=options.encoding, kept=kept)
    client_mapping = analysis.mapping
    try:
        if not mapped_anything(analysis.mapping):
            raise KnownError("import_no_columns")
        _check_client_column(analysis, options.kind)
        with vault.session() as session:  # a user who may not see a sensitive field does not fill it
            sensitive.refuse_hidden_targets(session, analysis.mapping.targets.values())
        if options.kind == "clients" and options.rows_as_purchases:
            analysis.mapping = with_purchase_columns(analysis.headers, [r for _, r in analysis.sample],
                                                     analysis.mapping)
            analysis.decide_dates(options.date_order)
        if not dry_run:
            from clientbook.core.restore_points import restore_point_before

            hopeless = _first_importable(analysis, options, should_cancel)
            if hopeless is not None:  # no restore point, no batch: nothing would be written
                raise _nothing(analysis, *hopeless)

            if restore_point is None or restore_point.take() is None:
                restore_point_before(vault, "import")
        result = ImportResult(analysis.path.name, analysis.sheet, options.kind, dry_run,
                              doubts=[d.message for d in analysis.doubts()])
        try:
            with fewer_collections(), quick_handoffs(), vault.transaction() as session:
                if not dry_run:  # the commit's copy of the WAL into the file is made after it returns
                    vault.late_checkpoints.defer(session)
                _Writer(session, analysis, options, result, progress, should_cancel, client_mapping).run()
                if dry_run:
                    raise _DryRun
                hopeless_result = nothing_importable(result)  # every row rejected by the base (no client)
                if hopeless_result is not None:
                    raise hopeless_result
        except _DryRun:
            result.batch_id = None
        else:
            vault.late_checkpoints.start()
        return result
    finally:
        if restore_point is not None:  # not taken (a file with nothing to import): not kept
            restore_point.discard()
        analysis.mapping = client_mapping
        if own_analysis:
            analysis.close()


def row_reader(analysis: Analysis, options: ImportOptions) -> RowReader:
    return RowReader(analysis.headers, analysis.mapping, kind=options.kind, date_orders=analysis.date_orders,
                     date1904=analysis.date1904, default_region=options.default_region,
                     currency=options.currency, file_name=analysis.path.name,
                     flag_undecodable=analysis.source.kind.format == "csv")


def _check_client_column(analysis: Analysis, kind: str) -> None:
    """Purchases and history need a column naming the client: said once, before reading any row,
    with the columns that could be it (the doubt `doubts.find_doubts` finds; here it stops the import)."""
    if kind not in LINKED_KINDS:
        return
    doubt = next((d for d in analysis.doubts(analysis.mapping) if d.message.code == "import_doubt_no_client"), None)
    if doubt is not None:
        raise KnownError("import_no_client_column", columns=doubt.message.params["columns"])


def _first_importable(analysis: Analysis, options: ImportOptions, should_cancel: Cancel | None
                      ) -> tuple[int, int, Message] | None:
    """None as soon as one row can be imported (the first, for a good file); else, having read every
    row without touching the base: (rows, first row number, its reason)."""
    reader = row_reader(analysis, options)
    rows = 0
    first: tuple[int, Message] | None = None
    for row_no, row in table_rows(analysis.source.rows(analysis.sheet), analysis.layout):
        if should_cancel is not None and rows % CHUNK == 0 and should_cancel():
            raise ImportCancelledError()
        rec = reader.read(row_no, row)
        if rec.rejected is None:
            return None
        rows += 1
        if first is None:
            first = (row_no, rec.rejected)
    if first is None:
        return None
    return rows, first[0], first[1]


def nothing_importable(result: ImportResult) -> KnownError | None:
    """The error a real run would raise for this (dry-run) result: every row rejected."""
    if not result.rows_read or result.written():
        return None
    first = next((o for o in result.outcomes if o.status == "rejected"), None)
    return KnownError("import_nothing", name=result.file_name, rows=result.rejected,
                      row=first.row_no if first else 0,
                      reason=(first.reasons[0] if first and first.reasons else Message("import_no_columns")).text())


def _nothing(analysis: Analysis, rows: int, row_no: int, reason: Message) -> KnownError:
    return KnownError("import_nothing", name=analysis.path.name, rows=rows, row=row_no, reason=reason.text())


class _Ids:
    """Ids handed out in Python, so rows can be linked before they are inserted (we hold the write lock)."""

    def __init__(self, conn: Connection) -> None:
        self.next: dict[str, int] = {}
        self.conn = conn

    def __call__(self, table: str) -> int:
        if table not in self.next:
            self.next[table] = int(self.conn.execute(text(f"SELECT coalesce(max(id), 0) FROM {table}")).scalar()
                                   or 0) + 1
        value = self.next[table]
        self.next[table] = value + 1
        return value


@dataclass
class _Made:
    """A card made by this import as queued (and inserted): rows of the same client fill it from here."""

    row: dict[str, Any]
    phones: set[str]
    emails: set[str]
    custom: dict[int, dict[str, Any]] = field(default_factory=dict)  # field id → queued value row


class _Writer:
    def __init__(self, session: Session, analysis: Analysis, options: ImportOptions, result: ImportResult,
                 progress: Progress | None, should_cancel: Cancel | None,
                 remembered_mapping: ColumnMapping | None = None) -> None:
        self.session = session
        self.remembered_mapping = remembered_mapping or analysis.mapping
        self.a = analysis
        self.o = options
        self.r = result
        self.progress = progress or (lambda done, total: None)
        self.should_cancel = should_cancel or (lambda: False)
        connection = session.connection()
        self.writer = WriteBehind(connection.connection.dbapi_connection)
        self.raw_conn = connection  # for the writer's chunk only; everything else uses the drained one
        self.conn: Connection = Drained(connection, self.writer)  # type: ignore[assignment]
        self.ids = _Ids(self.conn)
        self.now = m.utcnow()
        self.now_sql = _sql_value(self.now)
        self.actor = session.info.get("actor")
        self.undo: dict[str, Any] = {"clients": {}, "phones": [], "emails": [], "custom_values": [],
                                     "custom_old": {}, "tag_links": [], "tags": [], "custom_fields": []}
        self.pending: dict[str, list[dict[str, Any]]] = {}
        self.pending_ids: set[int] = set()
        self.audit_rows: list[dict[str, Any]] = []
        self.touched: set[int] = set()
        self.linked_keys: set[tuple[Any, ...]] = set()
        self._linked_read: set[int] | None = None  # cards whose stored purchases/history are in linked_keys
        self.tag_ids: dict[str, int] = {}
        self.tag_names: dict[int, str] = {}
        self.fts_rows: list[tuple[Any, ...]] = []
        # A dry run writes the rows its later rows read back (cards, phones, e-mails…), not what only
        # a search or the history reads: no search index rows, no audit entries (a third of its time).
        self.derived = not result.dry_run
        self._custom_queued: set[tuple[int, int]] = set()
        self.access = sensitive.access_of(session)
        self.sealed_fields: dict[int, m.CustomField] = {}  # sensitive fields: values sealed, never overwritten
        self._links: set[tuple[int, int]] = set()
        self._consents: set[tuple[int, str, bool]] = set()
        self.made: OrderedDict[int, _Made] = OrderedDict()  # the latest cards made, for rows that fill them
        self.review: dict[tuple[int, int], list[str]] = {}  # pairs for the duplicates review

    # ---- the loop -------------------------------------------------------------------------------
    def run(self) -> None:
        self.batch = start_batch(self.session, "import", self.r.file_name[:300])
        self.r.batch_id = self.batch.id
        self.fields = self._custom_fields()
        total = self.a.row_count
        self.index = key_lookups.index_for(self.conn, total, names=self.o.match_names,
                                           name_only=self.o.kind in LINKED_KINDS, check=self._check_cancel)
        self.orders = self.o.kind == "clients" and any(t in PURCHASE_ONLY for t in self.a.mapping.targets.values())
        self.linked = "purchases" if self.orders else self.o.kind
        if self.linked in LINKED_KINDS and self.index.lookups is None:
            self.linked_keys = {_linked_key(self.linked, *r)
                                for r in self.conn.execute(text(LINKED_KEYS_SQL[self.linked]))}
        elif self.linked in LINKED_KINDS:  # a small file: each card's stored rows, when it first needs them
            self._linked_read = set()
        reader = row_reader(self.a, self.o)
        rows = table_rows(self.a.source.rows(self.a.sheet), self.a.layout)
        done = 0
        with bulk_indexes.built_after(self.conn, total, rebuild=not self.r.dry_run):
            try:
                while chunk := list(itertools.islice(rows, CHUNK)):
                    self._check_cancel()
                    records = [reader.read(row_no, row) for row_no, row in chunk]
                    self.index.prefetch(records)  # a file far smaller than the base: its keys, by index
                    for rec in records:
                        self._row(rec)
                    self._flush()
                    done += len(chunk)
                    self.r.rows_read = done
                    self.progress(done, max(total, done + 1))  # done == total only once all is read
                self._check_cancel()
                # every row is read: what is left (indexes, the search index, the commit) cannot be
                # cancelled, and took 45 s at 1,000,000 rows; done == total tells the window so
                self.progress(done, done)
                self._finish()
            finally:  # the writer must be done before the transaction ends (a rollback included)
                self.writer.drain(quiet=True)
                self._let_go()

    def _check_cancel(self) -> None:
        if self.should_cancel():
            raise ImportCancelledError()

    def _let_go(self) -> None:
        """What grew with the file, emptied a slice at a time on this thread, so the window is not
        held while it is freed (a 1,000,000-row import's keys and sets)."""
        self.index.release()
        let_go(self.linked_keys, self.made, self._links, self._consents, self._custom_queued, self.pending_ids)

    def _custom_fields(self) -> dict[str, int]:
        """Definitions the mapping needs (new custom fields are created and remembered for undo)."""
        labels = {t[len(CUSTOM_PREFIX):] for t in self.a.mapping.targets.values() if t.startswith(CUSTOM_PREFIX)}
        wanted = {fold(label): label for label in labels}
        result: dict[str, int] = {}
        existing = {f.key: f for f in self.session.scalars(select(m.CustomField))}
        by_label = {fold(f.label): f for f in existing.values()}
        if "client_code" in self.a.mapping.targets.values():
            field_ = existing.get(CODE_FIELD_KEY)
            if field_ is None:
                field_ = define_field(self.session, "Код клиента", key=CODE_FIELD_KEY)
                self.undo["custom_fields"].append(field_.id)
            result[CODE_FIELD_KEY] = field_.id
        for folded, label in wanted.items():
            field_ = by_label.get(folded)
            if field_ is None:
                field_ = define_field(self.session, label)
                self.undo["custom_fields"].append(field_.id)
            result[label] = field_.id
            if field_.sensitive:
                self.sealed_fields[field_.id] = field_
        return result

    def _row(self, rec: Record) -> None:
        r = self.r
        if rec.problems:
            r.problems += 1
            for header, _problem in rec.problems:
                r.column_problems[header] = r.column_problems.get(header, 0) + 1
        if rec.rejected is not None:
            r.rejected += 1
            self._outcome(rec, "rejected", None, [rec.rejected, *(p for _, p in rec.problems)])
            return
        if self.o.kind in LINKED_KINDS:
            self._linked_row(rec)
            return
        found = self.index.find(rec, names=self.o.match_names)
        match = found.match
        mode = self.o.on_duplicate
        if match is None or mode == "create":
            client_id = self._create(rec)
            r.created += 1
            reasons = [*self._kept_apart(client_id, found), *(p for _, p in rec.problems)]
            if match is not None:
                reasons.insert(0, match.why)
            self._order_line(rec, client_id, reasons)
            self._outcome(rec, "created", client_id, reasons, force=match is not None)
        elif mode == "skip":
            r.skipped += 1
            reasons = [match.why]
            self._order_line(rec, match.client_id, reasons)  # the card is left alone, its purchase is not
            self._outcome(rec, "skipped", match.client_id, reasons)
        else:
            conflicts = self._update(match, rec, overwrite=mode == "overwrite")
            if not match.in_file:
                r.updated += 1
            else:
                r.skipped += 1  # merged into a card made earlier from this same file
            reasons = [match.why, *conflicts, *self._kept_apart(match.client_id, found),
                       *(p for _, p in rec.problems)]
            self._order_line(rec, match.client_id, reasons)
            self._outcome(rec, "updated" if not match.in_file else "merged", match.client_id, reasons, force=True)

    def _order_line(self, rec: Record, client_id: int, reasons: list[Message]) -> None:
        """An orders sheet imported as clients: the row is also a purchase of its card."""
        if self.orders and rec.purchase is not None and not self._add_linked(rec, client_id):
            reasons.append(Message(ALREADY_IMPORTED["purchases"]))

    def _kept_apart(self, client_id: int, found: Found) -> list[Message]:
        """Cards that share a contact (or a code) with this row's card but name somebody else: not
        merged, the pair remembered for the duplicates review, and one report line each."""
        reasons = []
        for other, why in found.review:
            if other == client_id:
                continue
            pair = (min(other, client_id), max(other, client_id))
            if pair not in self.review:
                self.review[pair] = [why.code, str(why.params.get("value", ""))]
            reasons.append(Message(why.code, {**why.params, "card": other, "name": self.index.display(other)}))
        return reasons

    def _outcome(self, rec: Record, status: str, client_id: int | None, reasons: list[Message],
                 force: bool = False) -> None:
        if (reasons or force or status != "created") and len(self.r.outcomes) < REPORT_LIMIT:
            self.r.outcomes.append(RowOutcome(rec.row_no, status, rec.name, client_id, reasons))

    # ---- creating ---------------------------------------------------------------------------------
    def _queue(self, table: str, row: dict[str, Any]) -> None:
        self.pending.setdefault(table, []).append(row)

    def _create(self, rec: Record) -> int:
        cid = self.ids("clients")
        f = rec.fields
        row = {name: f.get(name) for name in CLIENT_FIELDS}
        row.update(id=cid, kind=f.get("kind") or "person", country=f.get("country") or self.o.default_region,
                   display_name=f.get("display_name", ""), sort_key=f.get("sort_key", ""), status="lead",
                   debtor=False, archived=False, created_at=self.now_sql, updated_at=self.now_sql,
                   created_by=self.actor, updated_by=self.actor, import_batch_id=self.batch.id, version=1)
        self._queue("clients", row)
        self.pending_ids.add(cid)
        made = _Made(row, set(), set())
        self._keep_made(cid, made)
        phones, emails, tag_ids = self._attach(cid, rec, {}, existing_phones=made.phones,
                                               existing_emails=made.emails, record_undo=False)
        if self.derived:
            self.fts_rows.append(new_card_row(cid, row, phones, emails,
                                              [self.tag_names[t] for t in sorted(tag_ids)],
                                              inn="inn" not in self.access.marked_builtins))
        # A compact entry: the card's values are in its row, the file in the batch (`_finish` writes its
        # summary). Writing each card's values again as JSON was a fifth of a 100,000-row import.
        self.audit_rows.append({"action": "create", "entity": "client", "entity_id": cid, "client_id": cid})
        self.index.created.add(cid)
        self.index.add(cid, rec, names=self.o.match_names, name_only=self.o.kind in LINKED_KINDS)
        return cid

    def _keep_made(self, cid: int, made: _Made) -> None:
        self.made[cid] = made
        if len(self.made) > MADE_LIMIT:
            self.made.popitem(last=False)

    def _attach(self, cid: int, rec: Record, log: dict[str, Any], *, existing_phones: set[str],
                existing_emails: set[str], record_undo: bool, overwrite: bool = False
                ) -> tuple[list[tuple[str | None, str]], list[str], list[int]]:
        """Phones, e-mails, custom values, consents and tags of a row, added to card `cid`.

        Returns what was added: phones as (e164, raw), e-mail addresses, tag ids (for the search row).
        """
        phones: list[str] = []
        added_phones: list[tuple[str | None, str]] = []
        added_tags: list[int] = []
        had = len(existing_phones)
        for phone, kind in rec.phones:
            key = phone.e164 or phone.raw
            if key in existing_phones:
                continue
            existing_phones.add(key)
            pid = self.ids("phones")
            self._queue("phones", {"id": pid, "client_id": cid, "contact_id": None, "e164": phone.e164,
                                   "raw": phone.raw, "extension": phone.extension, "kind": kind,
                                   "is_primary": had == 0 and not phones, "position": len(existing_phones) - 1})
            phones.append(phone.e164 or phone.raw)
            added_phones.append((phone.e164, phone.raw))
            if record_undo:
                self.undo["phones"].append(pid)
        emails = []
        for address, valid in rec.emails:
            if address in existing_emails:
                continue
            existing_emails.add(address)
            eid = self.ids("emails")
            self._queue("emails", {"id": eid, "client_id": cid, "contact_id": None, "address": address,
                                   "raw": address, "valid": valid, "is_primary": len(existing_emails) == 1,
                                   "position": len(existing_emails) - 1})
            emails.append(address)
            if record_undo:
                self.undo["emails"].append(eid)
        if phones:
            log["phones"] = phones
        if emails:
            log["emails"] = emails
        custom = dict(rec.custom)
        if rec.code and CODE_FIELD_KEY in self.fields:
            custom[CODE_FIELD_KEY] = rec.code
        for label, value in custom.items():
            self._custom_value(cid, self.fields[label], value, record_undo, overwrite, log)
        for channel, granted in rec.consents:
            if (cid, channel, granted) in self._consents:
                continue  # the same answer twice in one file is one event
            self._consents.add((cid, channel, granted))
            self._queue("consents", {"id": self.ids("consents"), "client_id": cid, "channel": channel,
                                     "purpose": "marketing", "status": "granted" if granted else "withdrawn",
                                     "at": self.now_sql, "source": "import", "evidence": self.r.file_name,
                                     "recorded_by": self.actor, "import_batch_id": self.batch.id})
            log[f"consent_{channel}"] = "granted" if granted else "withdrawn"
        for name in rec.tags:
            tag_id = self._tag(name)
            if (cid, tag_id) in self._links:
                continue
            self._links.add((cid, tag_id))
            self._queue("client_tags", {"client_id": cid, "tag_id": tag_id})
            added_tags.append(tag_id)
            if record_undo:
                self.undo["tag_links"].append([cid, tag_id])
        if rec.tags:
            log["tags"] = rec.tags
        return added_phones, emails, added_tags

    def _custom_conflicts(self, cid: int, made: _Made | None, rec: Record) -> list[tuple[str, Any, Any]]:
        """Custom values of the row that differ from the card's (kept in the notes, as other fields)."""
        custom = dict(rec.custom)
        if rec.code and CODE_FIELD_KEY in self.fields:
            custom[CODE_FIELD_KEY] = rec.code
        if not custom:
            return []
        if made is not None:
            have = {f: v["value_text"] for f, v in made.custom.items()}
        else:
            have = dict(self.conn.execute(text("SELECT field_id, value_text FROM custom_values "
                                               "WHERE client_id = :c AND contact_id IS NULL"), {"c": cid}).all())
        return [(f"{CUSTOM_PREFIX}{label}", have[self.fields[label]], value) for label, value in custom.items()
                if have.get(self.fields[label]) not in (None, "") and _differs(have[self.fields[label]], value)]

    def _custom_value(self, cid: int, field_id: int, value: str, record_undo: bool, overwrite: bool,
                      log: dict[str, Any]) -> None:
        existing = None
        made = self.made.get(cid)
        if made is not None and field_id in made.custom:
            return  # this import gave the card a value already (a different one is in the notes)
        if cid not in self.pending_ids and made is None:
            existing = self.conn.execute(text(
                "SELECT id, value_text, sealed FROM custom_values WHERE field_id = :f AND client_id = :c "
                "AND contact_id IS NULL"), {"f": field_id, "c": cid}).first()
        definition = self.sealed_fields.get(field_id)
        if existing is None:
            if (field_id, cid) in self._custom_queued:
                return
            self._custom_queued.add((field_id, cid))
            vid = self.ids("custom_values")
            queued: dict[str, Any] = {"id": vid, "field_id": field_id, "client_id": cid, "contact_id": None,
                                      "value_text": value, "value_number": None, "value_date": None, "sealed": None}
            if definition is not None and not (self.access.legacy and self.access.key is None):
                queued.update(value_text=None, sealed=sensitive.seal_text(self.access, definition, value))
            self._queue("custom_values", queued)
            if made is not None:
                made.custom[field_id] = queued
            if record_undo:
                self.undo["custom_values"].append(vid)
            log[f"custom.{field_id}"] = value if queued["sealed"] is None else audit.to_text(queued["sealed"])
        elif definition is not None:
            return  # a sensitive value on the card stays: the file cannot overwrite what is sealed
        elif overwrite and existing.value_text != value:
            self.conn.execute(text("UPDATE custom_values SET value_text = :v WHERE id = :id"),
                              {"v": value, "id": existing.id})
            if record_undo:
                self.undo["custom_old"].setdefault(str(existing.id), existing.value_text)
            log[f"custom.{field_id}"] = value

    def _tag(self, name: str) -> int:
        key = fold(name)[:100]
        if key not in self.tag_ids:
            found = self.conn.execute(text("SELECT id, name FROM tags WHERE key = :k"), {"k": key}).first()
            if found is None:
                tag_id, stored = self.ids("tags"), name[:100]
                self.conn.execute(insert(_table(m.Tag)), {"id": tag_id, "name": stored, "key": key})
                self.undo["tags"].append(tag_id)
            else:
                tag_id, stored = int(found[0]), str(found[1])
            self.tag_ids[key] = tag_id
            self.tag_names[tag_id] = stored
        return self.tag_ids[key]

    # ---- updating ---------------------------------------------------------------------------------
    def _update(self, match: Match, rec: Record, *, overwrite: bool) -> list[Message]:
        """Fill (or overwrite) the card from the row; in fill mode a value that differs from the card's
        is kept in the card's notes and reported, never dropped. Returns those report lines."""
        cid = match.client_id
        made = self.made.get(cid)
        if made is not None:  # a card made by this import: its values are in hand, no read back
            self.made.move_to_end(cid)
            current: Any = made.row
        else:
            if cid in self.pending_ids:
                self._flush()
            current = self.conn.execute(select(CLIENTS).where(m.Client.id == cid)).mappings().first()
            if current is None:
                return []
        changes: dict[str, Any] = {}
        conflicts: list[tuple[str, Any, Any]] = []
        for name in CLIENT_FIELDS:
            if name in ("kind", "notes") or name not in rec.fields:
                continue
            new, old = rec.fields[name], current[name]
            if new in (None, ""):
                continue
            if name == "country" and not overwrite:
                continue  # the default "RU" is not a filled-in value to respect
            if old not in (None, "") and (not overwrite or old == new):
                if not overwrite and _differs(old, new):
                    conflicts.append((name, old, new))
                continue
            changes[name] = new
        if not overwrite:
            conflicts += self._custom_conflicts(cid, made, rec)
        messages, lines = _conflict_notes(conflicts, current["notes"])
        notes = "\n".join(filter(None, [rec.fields.get("notes"), *lines]))
        fresh: list[str] = []
        if notes:
            old = current["notes"]
            fresh = [line for line in dict.fromkeys(notes.split("\n")) if not old or line not in old]
            if fresh:
                changes["notes"] = "\n".join(filter(None, [old, *fresh]))
        if any(n in changes for n in ("last_name", "first_name", "middle_name", "company_name")):
            merged = {**dict(current), **changes}
            name = display_name(merged["kind"], merged["last_name"], merged["first_name"], merged["middle_name"],
                                merged["company_name"])
            changes["display_name"], changes["sort_key"] = name, fold(name)
        record_undo = not match.in_file
        log: dict[str, Any] = {}
        if changes:
            if record_undo:
                old_values = self.undo["clients"].setdefault(str(cid), {})
                for name in changes:
                    old_values.setdefault(name, _json(current[name]))
            for name, value in changes.items():
                if name in ("display_name", "sort_key"):
                    continue
                if made is None:  # the first change this import makes to a card: field by field
                    self.audit_rows.append({"action": "update", "entity": "client", "entity_id": cid,
                                            "client_id": cid, "field": name, "old": current[name], "new": value})
                elif name == "notes":  # a later row of the same client: only what it adds, in the row's
                    log["notes_added"] = "\n".join(fresh)  # entry (whole notes each time grew the audit
                else:  # with the square of the rows)
                    log[name] = value
            if made is None:
                self.conn.execute(update(CLIENTS).where(m.Client.id == cid).values(
                    **changes, version=current["version"] + 1, updated_at=self.now, updated_by=self.actor))
            elif cid in self.pending_ids:
                current.update(changes)  # still queued: the insert carries the new values
            else:
                current.update(changes)
                self.conn.exec_driver_sql(f"UPDATE clients SET {', '.join(f'{k} = ?' for k in changes)} "
                                          "WHERE id = ?", (*changes.values(), cid))
        if made is not None:
            phones, emails = made.phones, made.emails
        else:
            phones = {r[0] or r[1] for r in self.conn.execute(text(
                "SELECT e164, raw FROM phones WHERE client_id = :c AND contact_id IS NULL"), {"c": cid})}
            emails = {r[0] for r in self.conn.execute(text(
                "SELECT address FROM emails WHERE client_id = :c AND contact_id IS NULL"), {"c": cid})}
            if rec.tags:
                self._links |= {(cid, r[0]) for r in self.conn.execute(
                    text("SELECT tag_id FROM client_tags WHERE client_id = :c"), {"c": cid})}
        self._attach(cid, rec, log, existing_phones=phones, existing_emails=emails, record_undo=record_undo,
                     overwrite=overwrite)
        if made is None:  # more rows of this client may follow (an orders sheet): keep the card in hand
            custom = {int(r[0]): {"id": r[1], "value_text": r[2]} for r in self.conn.execute(text(
                "SELECT field_id, id, value_text FROM custom_values WHERE client_id = :c AND contact_id IS NULL"),
                {"c": cid})}
            self._keep_made(cid, _Made({**dict(current), **changes}, phones, emails, custom))
        if log:
            self.audit_rows.append({"action": "update", "entity": "client", "entity_id": cid, "client_id": cid,
                                    "field": "import", "new": log})
        self.index.add(cid, rec, names=self.o.match_names)
        self.touched.add(cid)
        return messages

    # ---- rows linked to clients: purchases and history -----------------------------------------------
    def _linked_row(self, rec: Record) -> None:
        """A purchase or a history entry: its client is found by code → phone → e-mail → name (or a
        card is made when asked); the same row already in the base (an earlier import) is skipped."""
        found = self.index.find(rec, name_only=True, codes=True)
        match = found.match
        apart: list[Message] = []
        if match is None:
            if not self.o.create_clients or not rec.name:
                self.r.rejected += 1
                who = rec.name or rec.code or next((p.raw for p, _ in rec.phones), None) or \
                    next((a for a, _ in rec.emails), None)
                self._outcome(rec, "rejected", None, [Message("import_no_client", {"value": who}) if who
                                                      else Message("import_row_no_client")])
                return
            client_id = self._create(rec)
            self.r.created += 1
            apart = self._kept_apart(client_id, found)
        else:
            client_id = match.client_id
        if not self._add_linked(rec, client_id):
            self.r.skipped += 1
            self._outcome(rec, "skipped", client_id, [Message(ALREADY_IMPORTED[self.linked])])
            return
        if rec.problems or apart:
            self._outcome(rec, "created", client_id, [*apart, *(pr for _, pr in rec.problems)])

    def _add_linked(self, rec: Record, client_id: int) -> bool:
        """Queue the row's purchase or history entry; False when the same one is already in the base."""
        kind = self.linked
        table, entity, row = self._purchase(rec, client_id) if kind == "purchases" else \
            self._interaction(rec, client_id)
        key = _linked_key(kind, *(row[c] for c in _KEY_COLUMNS[kind]))
        if self._linked_read is not None and client_id not in self._linked_read:
            self._linked_read.add(client_id)  # before any row of this import is queued for the card
            self.linked_keys |= {_linked_key(kind, *r) for r in self.conn.execute(
                text(LINKED_KEYS_SQL[kind] + " WHERE client_id = :c"), {"c": client_id})}
        if key in self.linked_keys:
            return False
        row_id = row["id"] = self.ids(table)
        self._queue(table, row)
        # compact, as a card's (`_create`): the values are in the row, the file in the batch
        self.audit_rows.append({"action": "create", "entity": entity, "entity_id": row_id, "client_id": client_id})
        if kind == "purchases":
            self.r.purchases += 1
        else:
            self.r.interactions += 1
        return True

    def _purchase(self, rec: Record, client_id: int) -> tuple[str, str, dict[str, Any]]:
        p = rec.purchase
        assert p is not None
        return "purchases", "purchase", {
            "id": None, "client_id": client_id, "date": p["date"], "amount_minor": p["amount_minor"],
            "currency": p["currency"], "item": p.get("item"), "quantity": p.get("quantity"), "paid": p["paid"],
            "due_date": p.get("due_date"), "external_id": p.get("external_id"), "import_batch_id": self.batch.id}

    def _interaction(self, rec: Record, client_id: int) -> tuple[str, str, dict[str, Any]]:
        i = rec.interaction
        assert i is not None
        return "interactions", "interaction", {
            "id": None, "client_id": client_id, "contact_id": None, "kind": i["kind"], "direction": i.get("direction"),
            "occurred_at": i["occurred_at"], "subject": i.get("subject"), "text": i.get("text"),
            "outcome": i.get("outcome"), "rating": i.get("rating"), "next_step": i.get("next_step"),
            "next_step_date": i.get("next_step_date"), "author": i.get("author") or self.actor, "private": False,
            "import_batch_id": self.batch.id, "created_at": self.now_sql}

    # ---- flushing ---------------------------------------------------------------------------------
    def _flush(self) -> None:
        """Insert the chunk's rows: on the writer's thread while the next chunk is read
        (`write_behind`), or here through the driver when a value has no JSON form."""
        self.writer.drain()  # the previous chunk is in; the audit chain goes on from its last entry
        tables = {"clients": CLIENTS, "phones": _table(m.Phone), "emails": _table(m.Email),
                  "custom_values": _table(m.CustomValue), "consents": _table(m.Consent),
                  "client_tags": m.client_tags, "purchases": _table(m.Purchase),
                  "interactions": _table(m.Interaction)}
        inserts: list[tuple[str, list[str] | tuple[str, ...], list[tuple[Any, ...]]]] = []
        for name, table in tables.items():
            rows = self.pending.pop(name, None)
            if rows:
                columns = list(rows[0])
                inserts.append((table.name, columns, _tuples(rows, columns, DATE_COLUMNS.get(name, ()))))
        self.pending_ids.clear()
        if self.fts_rows:
            inserts.append(("client_fts", FTS_COLUMNS, self.fts_rows))
            self.fts_rows = []
        if self.audit_rows and self.derived:
            audit.record(self.raw_conn, self.audit_rows, actor=self.actor, batch_id=self.batch.id,
                         insert=lambda rows: inserts.append((m.AuditEntry.__tablename__, audit.COLUMNS, rows)))
        self.audit_rows = []
        statements = [statement(table, columns, rows) for table, columns, rows in inserts]
        if all(st is not None for st in statements):
            self.writer.submit([st for st in statements if st is not None])
        else:  # the driver's executemany with tuples (SQLAlchemy's per-row handling cost more than the insert)
            for target, names, values in inserts:
                self.raw_conn.exec_driver_sql(f"INSERT INTO {target} ({', '.join(names)}) "
                                              f"VALUES ({', '.join('?' for _ in names)})", values)
        if self.touched and self.derived:
            search.reindex(self.conn, self.touched)  # (waits for the writer: the cards' new phones are in)
        self.touched = set()

    def _finish(self) -> None:
        self._flush()
        self.writer.drain()  # the ORM writes below use the same connection
        undo = self.undo
        undo["review"] = [[a, b, *why] for (a, b), why in sorted(self.review.items())]
        undo["report"] = [[o.row_no, o.status, o.name, o.client_id, [[r.code, r.params] for r in o.reasons]]
                          for o in self.r.outcomes]
        self.batch.undo_data = _jsonable(undo)
        totals = self.r.totals()
        totals.update(file=self.r.file_name, sheet=self.r.sheet, kind=self.o.kind)
        finish_batch(self.session, self.batch, totals)
        # the batch's own entry: what came in, in numbers (no file name: it may name a person)
        audit.record(self.conn, [{"action": "import", "entity": "batch", "entity_id": self.batch.id,
                                  "new": {**self.r.totals(), "kind": self.o.kind}}],
                     actor=self.actor, batch_id=self.batch.id)
        if self.a.layout.header_row is not None:
            remember(self.session, self.a.headers, self.o.kind, self.remembered_mapping)
        self.session.info["batch_id"] = None


_BIRTH = ("birth_day", "birth_month", "birth_year")


def _differs(old: Any, new: Any) -> bool:
    if isinstance(old, str) and isinstance(new, str):
        return fold(old) != fold(new)
    return bool(old != new)


def _conflict_notes(conflicts: list[tuple[str, Any, Any]], notes: str | None) -> tuple[list[Message], list[str]]:
    """Report lines and the card's note lines ("Field: value") for values the card already had
    otherwise; a value already noted on the card is neither noted nor reported again."""
    lang = current_language()
    messages, lines = [], []
    birth = [c for c in conflicts if c[0] in _BIRTH]
    rest = [c for c in conflicts if c[0] not in _BIRTH]
    if birth:
        rest.append(("birthday", ".".join(str(b[1]) for b in birth), ".".join(str(b[2]) for b in birth)))
    for name, old, new in rest:
        if name.startswith(CUSTOM_PREFIX):
            label = {"ru": name[len(CUSTOM_PREFIX):], "en": name[len(CUSTOM_PREFIX):]}
            if label["ru"] == CODE_FIELD_KEY:
                label = FIELD_LABELS["client_code"]
        else:
            label = FIELD_LABELS.get(name, {"ru": name, "en": name})
        line = f"{label[lang]}: {new}"
        if notes and line in notes:
            continue
        messages.append(Message("import_value_conflict", {"field_ru": label["ru"], "field_en": label["en"],
                                                          "kept": str(old), "value": str(new)}))
        lines.append(line)
    return messages, lines


_KEY_COLUMNS = {"purchases": ("client_id", "date", "amount_minor", "item", "external_id"),
               "history": ("client_id", "occurred_at", "kind", "subject", "text")}


def _linked_key(kind: str, client_id: int, when: Any, a: Any, b: Any, c: Any) -> tuple[Any, ...]:
    """The same key from a stored row (dates as SQLite text) and from a row being imported."""
    if kind == "history":
        return client_id, _sql_value(when), a, hash((b or "", c or ""))
    return client_id, _sql_value(when), a, b or "", c or ""


def _tuples(rows: list[dict[str, Any]], columns: list[str], dates: tuple[str, ...]) -> list[tuple[Any, ...]]:
    get = itemgetter(*columns)
    if len(columns) == 1:
        return [(get(r),) for r in rows]
    if not dates:
        return [get(r) for r in rows]
    at = [i for i, c in enumerate(columns) if c in dates]
    out = []
    for r in rows:
        values = list(get(r))
        for i in at:
            values[i] = _sql_value(values[i])
        out.append(tuple(values))
    return out


def _sql_value(value: Any) -> Any:
    """What SQLAlchemy's Date/DateTime types would have sent to SQLite."""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _json(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return _json(value)
