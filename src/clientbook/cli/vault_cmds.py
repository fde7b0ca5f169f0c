"""`init`, `stats`, `search`: creating a vault and looking into it."""

from __future__ import annotations

import argparse
import json

from sqlalchemy import func, select

from clientbook.cli.common import add_vault_arguments, open_vault, read_password, vault_path
from clientbook.core import models as m
from clientbook.core import search
from clientbook.core.errors import KeyringUnavailable
from clientbook.core.messages import current_language
from clientbook.core.migrate import current_revision
from clientbook.core.vault import Vault


def register(subparsers: argparse._SubParsersAction) -> None:
    init = subparsers.add_parser("init", help="create a new encrypted vault")
    add_vault_arguments(init)
    init.add_argument("--remember", action="store_true", help="remember the key in the OS keyring")
    init.set_defaults(handler=cmd_init)

    stats = subparsers.add_parser("stats", help="counts, file size and schema version")
    add_vault_arguments(stats)
    stats.add_argument("--json", action="store_true")
    stats.set_defaults(handler=cmd_stats)

    find = subparsers.add_parser("search", help="search clients as the search box does")
    add_vault_arguments(find)
    find.add_argument("text")
    find.add_argument("--limit", type=int, default=20)
    find.add_argument("--json", action="store_true")
    find.set_defaults(handler=cmd_search)


def cmd_init(args: argparse.Namespace) -> int:
    path = vault_path(args)
    vault = Vault.create(path, read_password(args, confirm=True))
    try:
        if args.remember:
            try:
                vault.remember_key()
            except KeyringUnavailable as exc:
                print(exc.text(current_language()))
        for warning in vault.warnings:
            print(warning.text(current_language()))
        print(path)
    finally:
        vault.close()
    return 0


STAT_TABLES = {
    "clients": m.Client, "contact_persons": m.ContactPerson, "phones": m.Phone, "emails": m.Email,
    "interactions": m.Interaction, "purchases": m.Purchase, "reminders": m.Reminder, "consents": m.Consent,
    "tags": m.Tag, "segments": m.SavedSegment, "audit_entries": m.AuditEntry,
}


def cmd_stats(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        with vault.session() as session:
            counts = {name: int(session.scalar(select(func.count()).select_from(model)) or 0)
                      for name, model in STAT_TABLES.items()}
            archived = int(session.scalar(select(func.count()).where(m.Client.archived.is_(True))) or 0)
        revision = current_revision(vault)
        size = vault.path.stat().st_size
        wal = vault.path.with_name(vault.path.name + "-wal")
        size += wal.stat().st_size if wal.exists() else 0
    data = {"file": str(vault.path), "file_size": size, "schema_version": revision, "archived_clients": archived,
            **counts}
    if args.json:
        print(json.dumps(data, ensure_ascii=False))
    else:
        ru = current_language() == "ru"
        labels = {"file": "Файл", "file_size": "Размер, байт", "schema_version": "Версия схемы",
                  "archived_clients": "В архиве"} if ru else {}
        for key, value in data.items():
            print(f"{labels.get(key, key)}: {value}")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    with open_vault(args) as vault, vault.session() as session:
        ids = search.search_ids(session, args.text, limit=args.limit)
        rows = {c.id: c for c in session.scalars(select(m.Client).where(m.Client.id.in_(ids)))}
        results = [{"id": i, "name": rows[i].display_name, "city": rows[i].city} for i in ids if i in rows]
    if args.json:
        print(json.dumps(results, ensure_ascii=False))
    else:
        for r in results:
            print(f"{r['id']}\t{r['name']}\t{r['city'] or ''}")
    return 0
