"""Client cards and everything attached to them: the services the card editor, the importer and the
CLI share. Input is validated as a whole, so the editor can show every problem at once, each next to
its field (keys like "phones[1]" or "contacts[0].emails[0]").
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, object_session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from clientbook.core import models as m
from clientbook.core import sensitive
from clientbook.core.errors import NotFound, StaleVersion, ValidationError
from clientbook.core.messages import Message
from clientbook.core.restore_points import restore_point_before
from clientbook.core.rights import require
from clientbook.core.textnorm import fold, squash_spaces
from clientbook.core.validation import (
    DEFAULT_REGION,
    FieldProblem,
    PartialDate,
    clean_name,
    normalize_email,
    normalize_inn,
    normalize_phone,
    parse_date,
    parse_partial_date,
)

if TYPE_CHECKING:
    from clientbook.core.vault import Vault


@dataclass
class PhoneInput:
    text: str
    kind: str = "mobile"
    primary: bool = False


@dataclass
class ContactInput:
    last_name: str | None = None
    first_name: str | None = None
    middle_name: str | None = None
    role: str | None = None
    birthday: str | PartialDate | None = None
    decision_maker: bool = False
    preferred_channel: str | None = None
    notes: str | None = None
    primary: bool = False
    phones: list[PhoneInput | str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    id: int | None = None


@dataclass
class ClientInput:
    """Everything the card editor can set; None/empty means "not filled"."""

    kind: str = "person"
    last_name: str | None = None
    first_name: str | None = None
    middle_name: str | None = None
    company_name: str | None = None
    inn: str | None = None
    position: str | None = None
    address: str | None = None
    city: str | None = None
    region: str | None = None
    country: str = "RU"
    birthday: str | PartialDate | None = None
    gender: str | None = None
    family_status: str | None = None
    family_note: str | None = None
    interests: str | None = None
    source: str | None = None
    status: str = "lead"
    temperature: str | None = None
    behaviour: str | None = None
    debtor: bool = False
    notes: str | None = None
    next_contact_date: dt.date | str | None = None
    responsible: str | None = None  # the user who looks after this client (clientbook.core.team)
    phones: list[PhoneInput | str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    custom: dict[str, Any] = field(default_factory=dict)
    contacts: list[ContactInput] = field(default_factory=list)
    # What the current user may not see on this card ("inn", "birthday", "custom.<key>"): left empty
    # above, and left as stored when the card is saved (sensitive fields, #15.4).
    hidden: list[str] = field(default_factory=list)


_CHOICES = {
    "kind": m.CLIENT_KINDS, "status": m.CLIENT_STATUSES, "temperature": m.TEMPERATURES,
    "behaviour": m.BEHAVIOURS, "gender": m.GENDERS,
}
_TEXT_FIELDS = ("position", "address", "city", "region", "family_status", "family_note", "interests",
                "source", "notes")


def display_name(kind: str, last: str | None, first: str | None, middle: str | None, company: str | None) -> str:
    """How a client is listed: a person by ФИО, a company by its name, an ИП as "ИП Фамилия И. О."."""
    person = " ".join(p for p in (last, first, middle) if p)
    if kind == "company":
        return company or person
    if kind == "ip" and not company:
        return f"ИП {person}".strip()
    if company and not person:
        return company
    return person or company or ""


# ---- fields by kind -----------------------------------------------------------------------------
# The personal fields a card shows by kind: a company has a name, an INN and contact persons, not a
# patronymic, a gender or a birthday. The card hides the others (while empty); validation requires
# a company's name (`company_name_required`) and one of the names of a person or an ИП.
PERSON_FIELDS = ("last_name", "first_name", "middle_name", "position", "birthday", "gender", "family_status",
                 "family_note")
KIND_FIELDS: dict[str, frozenset[str]] = {
    "person": frozenset(PERSON_FIELDS),
    "ip": frozenset(PERSON_FIELDS) - {"position"},
    "company": frozenset(),
}


# ---- validation -------------------------------------------------------------------------------
def _phones(values: Sequence[PhoneInput | str], region: str, prefix: str,
            errors: dict[str, Message]) -> list[tuple[PhoneInput, Any]]:
    result: list[tuple[PhoneInput, Any]] = []
    for i, value in enumerate(values):
        item = value if isinstance(value, PhoneInput) else PhoneInput(str(value))
        if not squash_spaces(item.text):
            continue
        try:
            phone = normalize_phone(item.text, region)
        except FieldProblem as exc:
            errors[f"{prefix}phones[{i}]"] = exc.message
            continue
        if all((phone.e164, phone.extension) != (p.e164, p.extension) for _, p in result):
            result.append((item, phone))  # the same number written twice is one phone
    return result


def _emails(values: Sequence[str], prefix: str, errors: dict[str, Message]) -> list[str]:
    result: list[str] = []
    for i, value in enumerate(values):
        if not squash_spaces(value):
            continue
        try:
            address = normalize_email(value)
        except FieldProblem as exc:
            errors[f"{prefix}emails[{i}]"] = exc.message
            continue
        if address not in result:
            result.append(address)
    return result


def _birthday(value: str | PartialDate | None, key: str, errors: dict[str, Message]) -> PartialDate | None:
    if value is None or isinstance(value, PartialDate):
        return value
    if not squash_spaces(value):
        return None
    try:
        return parse_partial_date(value)
    except FieldProblem as exc:
        errors[key] = exc.message
        return None


@dataclass
class _Clean:
    fields: dict[str, Any]
    phones: list[tuple[PhoneInput, Any]]
    emails: list[str]
    tags: list[str]
    custom: dict[int, tuple[m.CustomField, Any]]
    contacts: list[tuple[ContactInput, dict[str, Any], list[tuple[PhoneInput, Any]], list[str]]]
    access: sensitive.Access


def validate(session: Session, data: ClientInput, *, stored_responsible: str | None = None) -> _Clean:
    """Normalize the whole card or raise ValidationError listing every problem by field.

    `stored_responsible`: the card's responsible user as saved, which may stay even when that user
    was removed since (a new one must be an active user: clientbook.core.team)."""
    from clientbook.core.team import clean_name as clean_user_name

    errors: dict[str, Message] = {}
    access = sensitive.access_of(session)
    region = (data.country or DEFAULT_REGION).upper()
    fields: dict[str, Any] = {}
    for name in ("last_name", "first_name", "middle_name"):
        fields[name] = clean_name(getattr(data, name))
    fields["company_name"] = squash_spaces(data.company_name) or None
    for name, allowed in _CHOICES.items():
        value = getattr(data, name)
        value = value or None
        if value is not None and value not in allowed:
            errors[name] = Message("choice_invalid", {"value": value})
        fields[name] = value
    fields["kind"] = fields["kind"] or "person"
    fields["status"] = fields["status"] or "lead"
    if fields["kind"] == "company" and not fields["company_name"]:
        errors["company_name"] = Message("company_name_required")
    elif not (fields["last_name"] or fields["first_name"] or fields["company_name"]):
        errors["last_name"] = Message("name_required")
    for name in _TEXT_FIELDS:
        value = getattr(data, name)
        fields[name] = value.strip() if isinstance(value, str) and value.strip() else None
    fields["country"] = region
    fields["debtor"] = bool(data.debtor)
    fields["inn"] = None
    if data.inn and squash_spaces(data.inn):
        try:
            fields["inn"] = normalize_inn(data.inn)
        except FieldProblem as exc:
            errors["inn"] = exc.message
    birthday = _birthday(data.birthday, "birthday", errors)
    fields["birth_day"] = birthday.day if birthday else None
    fields["birth_month"] = birthday.month if birthday else None
    fields["birth_year"] = birthday.year if birthday else None
    _keep_hidden(access, fields, data.inn, data.birthday, "", errors)
    fields["next_contact_date"] = None
    if data.next_contact_date:
        try:
            fields["next_contact_date"] = parse_date(data.next_contact_date)
        except FieldProblem as exc:
            errors["next_contact_date"] = exc.message
    try:
        fields["responsible"] = clean_user_name(session, data.responsible, "responsible", keep=stored_responsible)
    except ValidationError as exc:
        errors.update(exc.errors)
    phones = _phones(data.phones, region, "", errors)
    emails = _emails(data.emails, "", errors)
    tags: list[str] = []
    for tag in data.tags:
        name = squash_spaces(tag)
        if name and fold(name) not in {fold(t) for t in tags}:
            tags.append(name)
    custom = _validate_custom(session, data.custom, errors, access)
    contacts = []
    for i, contact in enumerate(data.contacts):
        prefix = f"contacts[{i}]."
        cfields: dict[str, Any] = {n: clean_name(getattr(contact, n)) for n in ("last_name", "first_name", "middle_name")}
        if not any(cfields.values()):
            errors[f"{prefix}last_name"] = Message("name_required")
        cbirthday = _birthday(contact.birthday, f"{prefix}birthday", errors)
        cfields.update(
            role=squash_spaces(contact.role) or None, decision_maker=bool(contact.decision_maker),
            preferred_channel=contact.preferred_channel or None, notes=(contact.notes or "").strip() or None,
            is_primary=bool(contact.primary), birth_day=cbirthday.day if cbirthday else None,
            birth_month=cbirthday.month if cbirthday else None, birth_year=cbirthday.year if cbirthday else None,
        )
        _keep_hidden(access, cfields, None, contact.birthday, prefix, errors)
        contacts.append((contact, cfields, _phones(contact.phones, region, prefix, errors),
                         _emails(contact.emails, prefix, errors)))
    if errors:
        raise ValidationError(errors)
    fields["display_name"] = display_name(fields["kind"], fields["last_name"], fields["first_name"],
                                          fields["middle_name"], fields["company_name"])
    fields["sort_key"] = fold(fields["display_name"])
    return _Clean(fields, phones, emails, tags, custom, contacts, access)


def _keep_hidden(access: sensitive.Access, fields: dict[str, Any], inn: str | None,
                 birthday: str | PartialDate | None, prefix: str, errors: dict[str, Message]) -> None:
    """A built-in this user may not see is left as stored (the card showed it empty); a value typed
    into it anyway is refused rather than written blind."""
    for name, given in (("inn", inn), ("birthday", birthday)):
        if not access.hides(name):
            continue
        if given not in (None, "") and not (isinstance(given, str) and not given.strip()):
            errors[f"{prefix}{name}"] = Message("sensitive_hidden", {"field": sensitive.BUILTIN_LABELS[name]})
        for column in sensitive.BUILTIN_COLUMNS[name]:
            fields.pop(column, None)


def _validate_custom(session: Session, values: dict[str, Any], errors: dict[str, Message],
                     access: sensitive.Access) -> dict[int, tuple[m.CustomField, Any]]:
    definitions = {f.key: f for f in session.scalars(
        select(m.CustomField).where(m.CustomField.applies_to == "client", m.CustomField.archived.is_(False)))}
    result: dict[int, tuple[m.CustomField, Any]] = {}
    for key, definition in definitions.items():
        value = values.get(key)
        empty = value is None or value == "" or value == []
        if definition.sensitive and not access.allowed:  # hidden from this user: left as stored
            if not empty:
                errors[f"custom.{key}"] = Message("sensitive_hidden", {"field": definition.label})
            continue
        if empty:
            if definition.required:
                errors[f"custom.{key}"] = Message("required")
            continue
        try:
            result[definition.id] = (definition, coerce_custom(definition, value))
        except FieldProblem as exc:
            errors[f"custom.{key}"] = exc.message
    return result


def coerce_custom(definition: m.CustomField, value: Any) -> Any:
    """A custom value in its field's type: number, date, choice(s), yes/no or text."""
    kind = definition.type
    if kind == "number":
        try:
            return float(str(value).replace(",", ".").replace(" ", "").replace("\u00a0", ""))
        except ValueError as exc:
            raise FieldProblem("number_invalid", value=value) from exc
    if kind == "date":
        return parse_date(value)
    if kind == "bool":
        if isinstance(value, bool):
            return value
        text = fold(str(value))
        if text in {"да", "yes", "true", "1", "y", "д"}:
            return True
        if text in {"нет", "no", "false", "0", "n", "н"}:
            return False
        raise FieldProblem("choice_invalid", value=value)
    if kind == "choice":
        if definition.choices and value not in definition.choices:
            raise FieldProblem("choice_invalid", value=value)
        return str(value)
    if kind == "multi":
        items = value if isinstance(value, list) else [v.strip() for v in str(value).split(";") if v.strip()]
        bad = [v for v in items if definition.choices and v not in definition.choices]
        if bad:
            raise FieldProblem("choice_invalid", value=bad[0])
        return items
    return str(value).strip()


# ---- writing ----------------------------------------------------------------------------------
def _tag(session: Session, name: str) -> m.Tag:
    key = fold(name)
    tag = session.scalar(select(m.Tag).where(m.Tag.key == key))
    if tag is None:
        tag = m.Tag(name=name, key=key)
        session.add(tag)
    return tag


def _sync_phones(owner_phones: list[m.Phone], clean: list[tuple[PhoneInput, Any]], client: m.Client,
                 contact: m.ContactPerson | None) -> None:
    existing = {(p.e164, p.extension): p for p in owner_phones}
    keep: list[m.Phone] = []
    has_primary = any(item.primary for item, _ in clean)
    for pos, (item, phone) in enumerate(clean):
        row = existing.pop((phone.e164, phone.extension), None)
        if row is None:  # the text as first written is kept; later edits show the formatted number
            row = m.Phone(client=client, contact=contact, e164=phone.e164, extension=phone.extension, raw=phone.raw)
            _session_of(client).add(row)  # SQLAlchemy 2 no longer cascades along the many-to-one side
        if any(r is row for r in keep):
            continue
        row.kind = item.kind or "mobile"
        row.is_primary = item.primary if has_primary else pos == 0
        row.position = pos
        keep.append(row)
    owner_phones[:] = keep


def _sync_emails(owner_emails: list[m.Email], clean: list[str], client: m.Client,
                 contact: m.ContactPerson | None) -> None:
    existing = {e.address: e for e in owner_emails}
    keep = []
    for pos, address in enumerate(clean):
        row = existing.pop(address, None)
        if row is None:
            row = m.Email(client=client, contact=contact, address=address, raw=address)
            _session_of(client).add(row)
        row.is_primary = pos == 0
        row.position = pos
        row.valid = True
        keep.append(row)
    owner_emails[:] = keep


def _session_of(obj: m.Base) -> Session:
    session = object_session(obj)
    assert session is not None
    return session


def _apply(session: Session, client: m.Client, clean: _Clean) -> None:
    for name, value in clean.fields.items():
        if getattr(client, name) != value:
            setattr(client, name, value)
    _sync_phones(client.phones, clean.phones, client, None)
    _sync_emails(client.emails, clean.emails, client, None)
    wanted = [_tag(session, name) for name in clean.tags]
    if [t.key for t in client.tags] != [t.key for t in wanted]:
        client.tags = wanted
    values = {v.field_id: v for v in client.custom_values}
    for field_id, (definition, value) in clean.custom.items():
        row = values.pop(field_id, None)
        if row is None:  # SQLAlchemy 2 does not cascade a new row into the session along many-to-one
            row = m.CustomValue(field=definition, client=client)
            session.add(row)
        previous = row.sealed
        set_custom_value(row, definition, value)
        sensitive.store(clean.access, row, definition, previous)
        if row not in client.custom_values:
            client.custom_values.append(row)
    for row in values.values():
        hidden = (row.field.sensitive and not clean.access.allowed) or (
            row.sealed is not None and clean.access.key is None)  # a value nobody here could show
        if not row.field.archived and not hidden:
            client.custom_values.remove(row)
    existing = {c.id: c for c in client.contacts}
    kept = []
    for pos, (item, cfields, phones, emails) in enumerate(clean.contacts):
        contact = existing.pop(item.id, None) if item.id is not None else None
        if contact is None:
            contact = m.ContactPerson(client=client)
            session.add(contact)
        for name, value in cfields.items():
            if getattr(contact, name) != value:
                setattr(contact, name, value)
        contact.position = pos
        _sync_phones(contact.phones, phones, client, contact)
        _sync_emails(contact.emails, emails, client, contact)
        kept.append(contact)
    client.contacts[:] = kept


def set_custom_value(row: m.CustomValue, definition: m.CustomField, value: Any) -> None:
    """The plain columns of a value (a sensitive field's are then sealed by `sensitive.store`)."""
    row.sealed = None
    row.value_number = value if definition.type == "number" else None
    row.value_date = value if definition.type == "date" else None
    if definition.type == "multi":
        row.value_text = json.dumps(value, ensure_ascii=False)
    elif definition.type == "bool":
        row.value_text = "true" if value else "false"
    elif definition.type == "date":
        row.value_text = value.isoformat()
    elif definition.type == "number":
        row.value_text = f"{value:g}"
    else:
        row.value_text = value


def create_client(session: Session, data: ClientInput) -> m.Client:
    """Validate and add a new card; flushes so the caller gets its id."""
    require(session, "edit")
    clean = validate(session, data)
    actor = session.info.get("actor")
    client = m.Client(created_by=actor, updated_by=actor, import_batch_id=session.info.get("batch_id"))
    session.add(client)
    _apply(session, client, clean)
    session.flush()
    return client


def update_client(session: Session, client_id: int, data: ClientInput, expected_version: int) -> m.Client:
    """Save an edited card; refuses if someone saved it meanwhile (optimistic locking)."""
    require(session, "edit")
    client = get_client(session, client_id)
    if client.version != expected_version:
        raise StaleVersion(name=client.display_name)
    clean = validate(session, data, stored_responsible=client.responsible)
    _apply(session, client, clean)
    client.updated_by = session.info.get("actor")
    name = client.display_name  # a failed flush leaves the object unreadable
    try:
        session.flush()
    except StaleDataError as exc:
        raise StaleVersion(name=name) from exc
    except OperationalError as exc:
        # SQLite refuses a write from a read snapshot that another save made stale (SQLITE_BUSY_SNAPSHOT,
        # reported as "database is locked"): that is the same conflict, told the same way.
        if _stored_version(session, client_id) != expected_version:
            raise StaleVersion(name=name) from exc
        raise
    return client


def _stored_version(session: Session, client_id: int) -> int | None:
    """The version on disk now, read on a fresh connection outside this session's snapshot."""
    bind = session.get_bind()
    engine = bind.engine if isinstance(bind, Connection) else bind
    with engine.connect() as conn:
        return conn.scalar(select(m.Client.version).where(m.Client.id == client_id))


def get_client(session: Session, client_id: int) -> m.Client:
    """A card with everything the editor shows, loaded in a handful of queries."""
    client = session.scalar(
        select(m.Client).where(m.Client.id == client_id).options(
            selectinload(m.Client.phones), selectinload(m.Client.emails), selectinload(m.Client.tags),
            selectinload(m.Client.custom_values).selectinload(m.CustomValue.field),
            selectinload(m.Client.contacts).selectinload(m.ContactPerson.phones),
            selectinload(m.Client.contacts).selectinload(m.ContactPerson.emails),
        ))
    if client is None:
        raise NotFound()
    return client


def to_input(client: m.Client) -> ClientInput:
    """The editable form of a stored card (what the editor starts from)."""
    access = sensitive.access_of(_session_of(client))

    def birthday(obj: m.Client | m.ContactPerson) -> PartialDate | None:
        if obj.birth_day and obj.birth_month and not access.hides("birthday"):
            return PartialDate(obj.birth_day, obj.birth_month, obj.birth_year)
        return None

    hidden = [name for name in sensitive.BUILTINS if access.hides(name)]
    hidden += [f"custom.{d.key}" for d in _sensitive_definitions(_session_of(client)) if not access.allowed]
    custom: dict[str, Any] = {}
    for value in client.custom_values:
        definition = value.field
        if not sensitive.readable(access, value, definition) or (definition.sensitive and not access.allowed):
            continue
        value_text, value_number, value_date = sensitive.opened(access, value, definition)
        if definition.type == "multi":
            custom[definition.key] = json.loads(value_text or "[]")
        elif definition.type == "number":
            custom[definition.key] = value_number
        elif definition.type == "date":
            custom[definition.key] = value_date
        elif definition.type == "bool":
            custom[definition.key] = value_text == "true"
        else:
            custom[definition.key] = value_text
    return ClientInput(
        kind=client.kind, last_name=client.last_name, first_name=client.first_name,
        middle_name=client.middle_name, company_name=client.company_name,
        inn=None if access.hides("inn") else client.inn,
        position=client.position, address=client.address, city=client.city, region=client.region,
        country=client.country, birthday=birthday(client), gender=client.gender,
        family_status=client.family_status, family_note=client.family_note, interests=client.interests,
        source=client.source, status=client.status, temperature=client.temperature,
        behaviour=client.behaviour, debtor=client.debtor, notes=client.notes,
        next_contact_date=client.next_contact_date, responsible=client.responsible,
        phones=[PhoneInput(p.e164 or p.raw, p.kind, p.is_primary) for p in client.phones],
        emails=[e.address for e in client.emails], tags=[t.name for t in client.tags], custom=custom,
        contacts=[ContactInput(
            id=c.id, last_name=c.last_name, first_name=c.first_name, middle_name=c.middle_name, role=c.role,
            birthday=birthday(c), decision_maker=c.decision_maker, preferred_channel=c.preferred_channel,
            notes=c.notes, primary=c.is_primary,
            phones=[PhoneInput(p.e164 or p.raw, p.kind, p.is_primary) for p in c.phones],
            emails=[e.address for e in c.emails]) for c in client.contacts],
        hidden=hidden,
    )


def _sensitive_definitions(session: Session) -> list[m.CustomField]:
    return list(session.scalars(select(m.CustomField).where(
        m.CustomField.sensitive.is_(True), m.CustomField.applies_to == "client",
        m.CustomField.archived.is_(False)).order_by(m.CustomField.order, m.CustomField.id)))


def set_archived(session: Session, client_ids: Iterable[int], archived: bool = True) -> int:
    require(session, "edit")
    count = 0
    for client in session.scalars(select(m.Client).where(m.Client.id.in_(list(client_ids)))):
        if client.archived != archived:
            client.archived = archived
            client.updated_by = session.info.get("actor")
            count += 1
    session.flush()
    return count


def delete_clients(vault: Vault, client_ids: Sequence[int]) -> int:
    """Delete cards and everything attached, after a restore point (SPEC: nothing is lost)."""
    require(vault, "edit")
    if not client_ids:
        return 0
    restore_point_before(vault, "delete")
    with vault.transaction() as session:
        clients = list(session.scalars(select(m.Client).where(m.Client.id.in_(list(client_ids)))))
        for client in clients:
            session.delete(client)
        session.flush()
        return len(clients)


# ---- tags -------------------------------------------------------------------------------------
def tag_clients(session: Session, client_ids: Iterable[int], names: Iterable[str]) -> int:
    """Add tags to many clients at once; returns how many links were added."""
    require(session, "edit")
    tags = [_tag(session, n) for n in {squash_spaces(n) for n in names} if n]
    added = 0
    for client in session.scalars(select(m.Client).where(m.Client.id.in_(list(client_ids)))
                                  .options(selectinload(m.Client.tags))):
        for tag in tags:
            if tag not in client.tags:
                client.tags.append(tag)
                added += 1
    session.flush()
    return added


def untag_clients(session: Session, client_ids: Iterable[int], names: Iterable[str]) -> int:
    require(session, "edit")
    keys = {fold(n) for n in names}
    removed = 0
    for client in session.scalars(select(m.Client).where(m.Client.id.in_(list(client_ids)))
                                  .options(selectinload(m.Client.tags))):
        for tag in [t for t in client.tags if t.key in keys]:
            client.tags.remove(tag)
            removed += 1
    session.flush()
    return removed


def tag_counts(session: Session, include_archived: bool = False) -> list[tuple[str, int]]:
    """Tags with how many clients carry each, for the sidebar.

    Archived cards are left out by probing a list of the few archived ids rather than joining every
    tagging to the clients table (0.16 -> 0.04 s of CPU at 100 k clients).
    """
    ct = m.client_tags.c
    per_tag = select(ct.tag_id, func.count().label("n")).group_by(ct.tag_id)
    if not include_archived:
        per_tag = per_tag.where(ct.client_id.not_in(select(m.Client.id).where(m.Client.archived.is_(True))))
    counted = per_tag.subquery()
    query = select(m.Tag.name, counted.c.n).join(counted, counted.c.tag_id == m.Tag.id).order_by(m.Tag.key)
    return [(name, int(n)) for name, n in session.execute(query)]


def tag_names(session: Session) -> list[str]:
    """Every tag's name in sort order: what the card's tag box completes from."""
    return list(session.scalars(select(m.Tag.name).order_by(m.Tag.key)))


def display_names(session: Session, client_ids: Iterable[int]) -> dict[int, str]:
    """Client id → the name shown in lists; ids of deleted clients are left out."""
    ids = list(dict.fromkeys(client_ids))
    names: dict[int, str] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        names.update((cid, name) for cid, name in session.execute(
            select(m.Client.id, m.Client.display_name).where(m.Client.id.in_(chunk))))
    return names


def client_counts(session: Session) -> tuple[int, int]:
    """(clients not archived, archived ones), for the sidebar: one walk of the archived index."""
    counts = {bool(archived): int(n) for archived, n in
              session.execute(select(m.Client.archived, func.count()).group_by(m.Client.archived))}
    return counts.get(False, 0), counts.get(True, 0)


def set_field(session: Session, client_ids: Iterable[int], name: str, value: Any) -> int:
    """Bulk edit of one choice field (temperature, status…) on the selected rows."""
    require(session, "edit")
    allowed = _CHOICES.get(name)
    if name not in ("temperature", "status", "behaviour") or allowed is None:
        raise ValueError(name)
    if value is not None and value not in allowed:
        raise ValidationError({name: Message("choice_invalid", {"value": value})})
    changed = 0
    for client in session.scalars(select(m.Client).where(m.Client.id.in_(list(client_ids)))):
        if getattr(client, name) != value:
            setattr(client, name, value)
            client.updated_by = session.info.get("actor")
            changed += 1
    session.flush()
    return changed


def start_batch(session: Session, kind: str, label: str | None = None) -> m.Batch:
    """Open a batch so the following changes are audited together (and can be undone together)."""
    batch = m.Batch(kind=kind, label=label, actor=session.info.get("actor"))
    session.add(batch)
    session.flush()
    session.info["batch_id"] = batch.id
    return batch


def finish_batch(session: Session, batch: m.Batch, totals: dict[str, Any] | None = None) -> None:
    batch.status = "done"
    batch.finished_at = m.utcnow()
    batch.totals = totals
    session.flush()
