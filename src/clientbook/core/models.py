"""The data model (SPEC §2) as SQLAlchemy 2 typed declarative classes.

Money is stored as integer minor units (kopecks) so sums are exact in SQL; SQLite has no decimal
type. Birthdays keep day, month and an optional year in separate columns so "birthday within N days"
is a plain indexed query and a missing year is not invented.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy import text as sql_text  # `text` is also a column name in class bodies below
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


# --- enumerations kept as short strings (readable in the file, easy to migrate) ---------------
CLIENT_KINDS = ("person", "company", "ip")
CLIENT_STATUSES = ("lead", "active", "former", "problem")
# The few archived cards' ids: counts over the summary and detail tables leave them out with
# `client_id NOT IN (ARCHIVED_IDS)` instead of joining every row to its card for the flag.
ARCHIVED_IDS = "SELECT id FROM clients WHERE archived = 1"
TEMPERATURES = ("cold", "warm", "hot")
BEHAVIOURS = ("loyal", "discount", "impulsive", "purposeful", "curious")
GENDERS = ("m", "f")
PHONE_KINDS = ("mobile", "work", "home", "fax", "other")
INTERACTION_KINDS = ("call", "meeting", "email", "message", "note", "offer", "complaint", "support", "feedback")
DIRECTIONS = ("in", "out")
CONSENT_CHANNELS = ("email", "sms", "phone", "messenger", "post", "processing")  # processing: of the data at all
CONSENT_STATUSES = ("granted", "withdrawn")
FIELD_TYPES = ("text", "number", "date", "choice", "multi", "bool")
CONTACT_ROLES = ("director", "accountant", "manager", "buyer", "owner", "other")
BATCH_KINDS = ("import", "merge", "bulk_edit", "restore", "normalize", "erase", "demo")


client_tags = Table(
    "client_tags",
    Base.metadata,
    Column("client_id", ForeignKey("clients.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_client_tags_tag", "tag_id"),
)


class Client(Base):
    __tablename__ = "clients"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10), default="person")
    last_name: Mapped[str | None] = mapped_column(String(100))
    first_name: Mapped[str | None] = mapped_column(String(100))
    middle_name: Mapped[str | None] = mapped_column(String(100))
    company_name: Mapped[str | None] = mapped_column(String(300))
    display_name: Mapped[str] = mapped_column(String(400), default="", index=True)
    sort_key: Mapped[str] = mapped_column(String(400), default="", index=True)
    inn: Mapped[str | None] = mapped_column(String(12), index=True)
    position: Mapped[str | None] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(Text)
    city: Mapped[str | None] = mapped_column(String(100))  # indexed with archived (0002, 0009)
    region: Mapped[str | None] = mapped_column(String(100))
    country: Mapped[str] = mapped_column(String(2), default="RU")
    birth_day: Mapped[int | None] = mapped_column(Integer)
    birth_month: Mapped[int | None] = mapped_column(Integer)
    birth_year: Mapped[int | None] = mapped_column(Integer)
    gender: Mapped[str | None] = mapped_column(String(1))
    family_status: Mapped[str | None] = mapped_column(String(50))
    family_note: Mapped[str | None] = mapped_column(Text)
    interests: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(10), default="lead")  # indexed with archived
    temperature: Mapped[str | None] = mapped_column(String(5))  # indexed with archived
    behaviour: Mapped[str | None] = mapped_column(String(12))
    debtor: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str | None] = mapped_column(Text)
    next_contact_date: Mapped[dt.date | None] = mapped_column(Date)  # indexed with archived below (0011)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    created_by: Mapped[str | None] = mapped_column(String(100))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    updated_by: Mapped[str | None] = mapped_column(String(100))
    import_batch_id: Mapped[int | None] = mapped_column(ForeignKey("batches.id", ondelete="SET NULL"), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    responsible: Mapped[str | None] = mapped_column(String(100))  # a user's name (0007)

    # One-way: a contact person's phone also points at the client, but must not join this list.
    phones: Mapped[list[Phone]] = relationship(
        cascade="all, delete-orphan", order_by="Phone.position",
        primaryjoin="and_(Client.id == Phone.client_id, Phone.contact_id.is_(None))", overlaps="client,contact,phones")
    emails: Mapped[list[Email]] = relationship(
        cascade="all, delete-orphan", order_by="Email.position",
        primaryjoin="and_(Client.id == Email.client_id, Email.contact_id.is_(None))", overlaps="client,contact,emails")
    contacts: Mapped[list[ContactPerson]] = relationship(
        back_populates="client", cascade="all, delete-orphan", order_by="ContactPerson.position")
    tags: Mapped[list[Tag]] = relationship(secondary=client_tags, back_populates="clients", order_by="Tag.name")
    interactions: Mapped[list[Interaction]] = relationship(
        back_populates="client", cascade="all, delete-orphan", passive_deletes=True)
    purchases: Mapped[list[Purchase]] = relationship(
        back_populates="client", cascade="all, delete-orphan", passive_deletes=True)
    reminders: Mapped[list[Reminder]] = relationship(
        back_populates="client", cascade="all, delete-orphan", passive_deletes=True)
    consents: Mapped[list[Consent]] = relationship(
        back_populates="client", cascade="all, delete-orphan", passive_deletes=True, order_by="Consent.at")
    custom_values: Mapped[list[CustomValue]] = relationship(
        back_populates="client", cascade="all, delete-orphan", passive_deletes=True,
        primaryjoin="and_(Client.id == CustomValue.client_id, CustomValue.contact_id.is_(None))",
        overlaps="contact,custom_values")

    __mapper_args__ = {"version_id_col": version}
    # covering indexes for segment counts, which always leave archived cards out (0002; archived last)
    __table_args__ = (Index("ix_clients_temperature_archived", "temperature", "archived"),
                      Index("ix_clients_status_archived", "status", "archived"),
                      Index("ix_clients_birthday_archived", "birth_month", "birth_day", "archived"),
                      Index("ix_clients_city_archived", "city", "archived"),
                      # archived first (every count leaves them out); debtor and kind for the built-in
                      # debtors / incomplete cards without reading the wide table (0006)
                      Index("ix_clients_archived_debtor_kind", "archived", "debtor", "kind"),
                      # "responsible is …" and "My clients" leave archived cards out (0008)
                      Index("ix_clients_responsible_archived", "responsible", "archived"),
                      # the name columns "incomplete cards" tests, without reading the wide table (0009)
                      Index("ix_clients_names", "archived", "kind", "last_name", "first_name", "company_name"),
                      # Today counts overdue / due next contacts of live cards from the index alone (0011)
                      Index("ix_clients_next_contact_archived", "next_contact_date", "archived", "responsible"),
                      # data quality's cards not updated for months, counted and listed oldest first (0013)
                      Index("ix_clients_updated_archived", "updated_at", "archived"),
                      # the dashboard's new cards leave out the archived ones without reading their rows (0014)
                      Index("ix_clients_archived_created", "archived", "created_at"))

    def __repr__(self) -> str:  # no personal data in reprs: they end up in tracebacks and logs
        return f"<Client id={self.id}>"


class ContactPerson(Base):
    __tablename__ = "contact_persons"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    last_name: Mapped[str | None] = mapped_column(String(100))
    first_name: Mapped[str | None] = mapped_column(String(100))
    middle_name: Mapped[str | None] = mapped_column(String(100))
    role: Mapped[str | None] = mapped_column(String(100))
    birth_day: Mapped[int | None] = mapped_column(Integer)
    birth_month: Mapped[int | None] = mapped_column(Integer)
    birth_year: Mapped[int | None] = mapped_column(Integer)
    decision_maker: Mapped[bool] = mapped_column(Boolean, default=False)
    preferred_channel: Mapped[str | None] = mapped_column(String(20))
    notes: Mapped[str | None] = mapped_column(Text)
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)

    client: Mapped[Client] = relationship(back_populates="contacts")
    phones: Mapped[list[Phone]] = relationship(
        back_populates="contact", cascade="all, delete-orphan", order_by="Phone.position", overlaps="phones,client")
    emails: Mapped[list[Email]] = relationship(
        back_populates="contact", cascade="all, delete-orphan", order_by="Email.position", overlaps="emails,client")
    custom_values: Mapped[list[CustomValue]] = relationship(
        back_populates="contact", cascade="all, delete-orphan", overlaps="custom_values,client")

    # Today's birthdays of contact persons without reading every contact person (0012)
    __table_args__ = (Index("ix_contact_persons_birthday", "birth_month", "birth_day", "client_id"),)

    def __repr__(self) -> str:
        return f"<ContactPerson id={self.id}>"


class Phone(Base):
    """A phone of a client (contact_id NULL) or of one of its contact persons."""

    __tablename__ = "phones"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contact_persons.id", ondelete="CASCADE"))
    e164: Mapped[str | None] = mapped_column(String(20), index=True)
    raw: Mapped[str] = mapped_column(String(100), default="")
    extension: Mapped[str | None] = mapped_column(String(10))
    kind: Mapped[str] = mapped_column(String(10), default="mobile")
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)

    client: Mapped[Client] = relationship(overlaps="phones")
    contact: Mapped[ContactPerson | None] = relationship(back_populates="phones", overlaps="phones")

    # contact_id first (cascades, a contact's phones); the client id makes "clients with a phone" a
    # read of this index alone (0013)
    __table_args__ = (Index("ix_phones_contact_client", "contact_id", "client_id"),)

    def __repr__(self) -> str:
        return f"<Phone id={self.id}>"


class Email(Base):
    __tablename__ = "emails"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contact_persons.id", ondelete="CASCADE"))
    address: Mapped[str] = mapped_column(String(320), index=True)
    raw: Mapped[str] = mapped_column(String(320), default="")
    valid: Mapped[bool] = mapped_column(Boolean, default=True)
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)

    client: Mapped[Client] = relationship(overlaps="emails")
    contact: Mapped[ContactPerson | None] = relationship(back_populates="emails", overlaps="emails")

    # as on phones; and the invalid ones found without reading every e-mail (data quality, 0013)
    __table_args__ = (Index("ix_emails_contact_client", "contact_id", "client_id"),
                      Index("ix_emails_valid_client", "valid", "client_id"))

    def __repr__(self) -> str:
        return f"<Email id={self.id}>"


class Tag(Base):
    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    key: Mapped[str] = mapped_column(String(100), unique=True)  # case- and ё-folded name
    color: Mapped[str | None] = mapped_column(String(9))

    clients: Mapped[list[Client]] = relationship(secondary=client_tags, back_populates="tags")

    def __repr__(self) -> str:
        return f"<Tag id={self.id}>"


class Interaction(Base):
    __tablename__ = "interactions"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"))
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contact_persons.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(12), default="note", index=True)
    direction: Mapped[str | None] = mapped_column(String(3))
    occurred_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    subject: Mapped[str | None] = mapped_column(String(300))
    text: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[str | None] = mapped_column(Text)
    rating: Mapped[int | None] = mapped_column(Integer)
    next_step: Mapped[str | None] = mapped_column(Text)
    next_step_date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    author: Mapped[str | None] = mapped_column(String(100), index=True)
    private: Mapped[bool] = mapped_column(Boolean, default=False)
    # a private note's text, sealed with its author's own key (text and outcome are then NULL; 0007)
    sealed: Mapped[bytes | None] = mapped_column(LargeBinary)
    import_batch_id: Mapped[int | None] = mapped_column(ForeignKey("batches.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    client: Mapped[Client] = relationship(back_populates="interactions")

    __table_args__ = (
        Index("ix_interactions_client_when", "client_id", "occurred_at"),
        # private notes an older version kept in plain text, looked for at each unlock (0010)
        Index("ix_interactions_private_plain", "id", sqlite_where=sql_text("private = 1 AND sealed IS NULL")),
        CheckConstraint("rating IS NULL OR (rating BETWEEN 1 AND 10)", name="ck_interaction_rating"),
    )

    def __repr__(self) -> str:
        return f"<Interaction id={self.id}>"


class Purchase(Base):
    __tablename__ = "purchases"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"))
    date: Mapped[dt.date] = mapped_column(Date)
    amount_minor: Mapped[int] = mapped_column(BigInteger, default=0)  # kopecks / cents
    currency: Mapped[str] = mapped_column(String(3), default="RUB")
    item: Mapped[str | None] = mapped_column(String(300))
    quantity: Mapped[str | None] = mapped_column(String(20))  # exact decimal as text
    paid: Mapped[bool] = mapped_column(Boolean, default=True)
    due_date: Mapped[dt.date | None] = mapped_column(Date)
    external_id: Mapped[str | None] = mapped_column(String(100), index=True)
    import_batch_id: Mapped[int | None] = mapped_column(ForeignKey("batches.id", ondelete="SET NULL"), index=True)

    client: Mapped[Client] = relationship(back_populates="purchases")

    # covering for the dashboard's revenue sums (migration 0005); (date) and (client_id, date) are prefixes
    __table_args__ = (Index("ix_purchases_date_amount", "date", "amount_minor"),
                      Index("ix_purchases_client_date_amount", "client_id", "date", "amount_minor"))

    @property
    def amount(self) -> Decimal:
        return Decimal(self.amount_minor) / 100

    def __repr__(self) -> str:
        return f"<Purchase id={self.id}>"


class Reminder(Base):
    __tablename__ = "reminders"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int | None] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contact_persons.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(300))
    notes: Mapped[str | None] = mapped_column(Text)
    due_date: Mapped[dt.date] = mapped_column(Date, index=True)
    done_at: Mapped[dt.datetime | None] = mapped_column(DateTime)  # indexed with due_date below (0011)
    author: Mapped[str | None] = mapped_column(String(100))
    assignee: Mapped[str | None] = mapped_column(String(100), index=True)  # the user who does it (0007)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    client: Mapped[Client | None] = relationship(back_populates="reminders")

    # Today counts open reminders by due date from the index alone, in date order (0011)
    __table_args__ = (Index("ix_reminders_open_due", "done_at", "due_date", "assignee"),)

    def __repr__(self) -> str:
        return f"<Reminder id={self.id}>"


class Consent(Base):
    """One consent event; the current state per (client, channel, purpose) is the latest event."""

    __tablename__ = "consents"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(10))
    purpose: Mapped[str] = mapped_column(String(50), default="marketing")
    status: Mapped[str] = mapped_column(String(10))
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    source: Mapped[str | None] = mapped_column(String(100))
    evidence: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[str | None] = mapped_column(String(100))
    import_batch_id: Mapped[int | None] = mapped_column(ForeignKey("batches.id", ondelete="SET NULL"), index=True)

    client: Mapped[Client] = relationship(back_populates="consents")

    # the latest event per client and channel in the ranking's own order (migration 0006)
    __table_args__ = (Index("ix_consents_client_channel", "client_id", "channel", "at"),
                      Index("ix_consents_latest", "channel", "purpose", "client_id", text("at DESC"),
                            text("id DESC"), "status"))

    def __repr__(self) -> str:
        return f"<Consent id={self.id}>"


class ClientStats(Base):
    """Per-client purchase and interaction summary, maintained by SQL triggers (migration 0002).

    Read-only for the program: segments, RFM, the Pareto curve and exports read it instead of grouping
    every purchase and interaction. A client without purchases or interactions may have no row at
    all. ``first_unpaid_due`` is the earliest due date of an unpaid purchase: "overdue" depends on
    today, so it is compared at query time (overdue ⇔ first_unpaid_due < today). No foreign key: it
    is not the client's own data for merge or restore; a trigger removes the row with the client.
    """

    __tablename__ = "client_stats"

    client_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    purchase_count: Mapped[int] = mapped_column(Integer, server_default="0")
    purchase_total: Mapped[int] = mapped_column(BigInteger, server_default="0")  # kopecks / cents
    first_purchase: Mapped[dt.date | None] = mapped_column(Date)
    last_purchase: Mapped[dt.date | None] = mapped_column(Date)
    first_unpaid_due: Mapped[dt.date | None] = mapped_column(Date)
    interaction_count: Mapped[int] = mapped_column(Integer, server_default="0")
    last_interaction: Mapped[dt.date | None] = mapped_column(Date)

    # the RFM grid groups buyers by these two in one walk of an index; the Pareto curve walks the
    # totals in order (migration 0005); segments test the last contact by date (0006)
    __table_args__ = (Index("ix_client_stats_last_count", "last_purchase", "purchase_count"),
                      Index("ix_client_stats_total_count", "purchase_total", "purchase_count"),
                      Index("ix_client_stats_last_interaction", "last_interaction"))

    def __repr__(self) -> str:
        return f"<ClientStats client_id={self.client_id}>"


class CustomField(Base):
    """A user-defined field of clients or contact persons."""

    __tablename__ = "custom_fields"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60), unique=True)
    label: Mapped[str] = mapped_column(String(200))
    type: Mapped[str] = mapped_column(String(10), default="text")
    choices: Mapped[list[Any] | None] = mapped_column(JSON)
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    sensitive: Mapped[bool] = mapped_column(Boolean, default=False)
    applies_to: Mapped[str] = mapped_column(String(10), default="client")
    order: Mapped[int] = mapped_column(Integer, default=0)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)

    def __repr__(self) -> str:
        return f"<CustomField id={self.id} key={self.key}>"


class CustomValue(Base):
    """A custom field's value: text always (JSON list for multi-choice), number/date when typed."""

    __tablename__ = "custom_values"

    id: Mapped[int] = mapped_column(primary_key=True)
    field_id: Mapped[int] = mapped_column(ForeignKey("custom_fields.id", ondelete="CASCADE"))
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contact_persons.id", ondelete="CASCADE"))
    value_text: Mapped[str | None] = mapped_column(Text)
    value_number: Mapped[float | None] = mapped_column()
    value_date: Mapped[dt.date | None] = mapped_column(Date)
    # a sensitive field's value, sealed with the key of the users allowed to see it (0007)
    sealed: Mapped[bytes | None] = mapped_column(LargeBinary)

    client: Mapped[Client] = relationship(back_populates="custom_values", overlaps="custom_values")
    contact: Mapped[ContactPerson | None] = relationship(back_populates="custom_values", overlaps="custom_values")
    field: Mapped[CustomField] = relationship()

    __table_args__ = (
        UniqueConstraint("field_id", "client_id", "contact_id", name="uq_custom_value"),
        Index("ix_custom_values_field_number", "field_id", "value_number"),
        Index("ix_custom_values_field_text", "field_id", "value_text"),
    )

    def __repr__(self) -> str:
        return f"<CustomValue id={self.id}>"


class SavedSegment(Base):
    __tablename__ = "segments"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    def __repr__(self) -> str:
        return f"<SavedSegment id={self.id}>"


class Batch(Base):
    """A group of changes made as one step (import, merge, bulk edit, restore…), so it can be undone."""

    __tablename__ = "batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(12))
    label: Mapped[str | None] = mapped_column(String(300))  # e.g. the imported file's name
    actor: Mapped[str | None] = mapped_column(String(100))
    started_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(12), default="open")  # open, done, undone
    totals: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    undo_data: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # snapshot to undo a merge, etc.
    undone_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    def __repr__(self) -> str:
        return f"<Batch id={self.id} kind={self.kind}>"


class AuditEntry(Base):
    """One recorded change. `hash` = sha256(prev_hash + canonical entry), so edits are detectable.

    The chain covers old/new through `content_hash` (salted), so an erasure can blank them (and the
    salt) and set `redacted_at` while the chain still verifies (clientbook.core.audit)."""

    __tablename__ = "audit"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor: Mapped[str | None] = mapped_column(String(100), index=True)
    action: Mapped[str] = mapped_column(String(20))  # create, update, delete, export, login, revert…
    entity: Mapped[str] = mapped_column(String(30))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    client_id: Mapped[int | None] = mapped_column(Integer, index=True)
    field: Mapped[str | None] = mapped_column(String(60))
    old: Mapped[str | None] = mapped_column(Text)
    new: Mapped[str | None] = mapped_column(Text)
    batch_id: Mapped[int | None] = mapped_column(Integer, index=True)
    salt: Mapped[str | None] = mapped_column(String(32))
    content_hash: Mapped[str] = mapped_column(String(64), server_default="")
    redacted_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    def __repr__(self) -> str:
        return f"<AuditEntry id={self.id}>"


class AnonymousPurchase(Base):
    """A purchase of an erased person: the business keeps its date and amount, not who bought it."""

    __tablename__ = "anonymous_purchases"

    id: Mapped[int] = mapped_column(primary_key=True)
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    amount_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    currency: Mapped[str] = mapped_column(String(3), default="RUB")
    quantity: Mapped[str | None] = mapped_column(String(20))
    paid: Mapped[bool] = mapped_column(Boolean, default=True)
    erased_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<AnonymousPurchase id={self.id}>"


class NotDuplicate(Base):
    """A pair the user said are different clients; remembered for everyone."""

    __tablename__ = "not_duplicates"

    client_a: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), primary_key=True)
    client_b: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), primary_key=True)
    decided_by: Mapped[str | None] = mapped_column(String(100))
    decided_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (CheckConstraint("client_a < client_b", name="ck_not_duplicates_order"),)


class User(Base):
    """A person who works in this vault. The role lives here, inside the encrypted file; the keyslots
    that let each user unlock it live beside the file (clientbook.core.users)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(12), default="manager")  # owner, manager, read_only
    permissions: Mapped[list[Any] | None] = mapped_column(JSON)  # a manager's, chosen by the owner
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    removed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    def __repr__(self) -> str:
        return f"<User id={self.id}>"


class Setting(Base):
    """Per-vault settings (auto-lock minutes, import mappings, retention…) as JSON values."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow, server_default=func.current_timestamp())


def configure() -> None:
    """Set up the models' relationships now (SQLAlchemy does it on the first query, ~0.1 s of Python
    holding the GIL): the desktop app calls it on its lock screen's import worker, so it no longer
    runs beside the list's first paint after unlock."""
    from sqlalchemy.orm import configure_mappers

    configure_mappers()
