"""`init`, `stats`, `search`, `passwd`, `check`: creating a vault, looking into it, keeping it safe."""

from __future__ import annotations

import argparse
import json
from typing import Any

from clientbook.cli.common import (
    CommandFailed,
    add_vault_arguments,
    open_vault,
    read_password,
    read_secret,
    vault_path,
)
from clientbook.core.errors import KeyringUnavailable
from clientbook.core.messages import Message, current_language
from clientbook.core.messages import register as register_messages
from clientbook.core.sizes import human_size

# Database, search and phone modules are imported inside the commands (see cli/common.py).

register_messages({
    "cli_vault_created": {"ru": "База создана: {path}", "en": "Vault created: {path}"},
    "cli_password_changed": {"ru": "Пароль изменён.", "en": "The password was changed."},
    "cli_password_changed_keyring": {"ru": "Пароль изменён; запомненный ключ на этом компьютере обновлён.",
                                     "en": "The password was changed; the key remembered on this computer was updated."},
    "cli_check_ok": {"ru": "Файл в порядке: шифрование, целостность и журнал изменений ({count} записей) проверены.",
                     "en": "The file is fine: encryption, integrity and the change log ({count} entries) were checked."},
    "cli_check_damaged": {"ru": "Файл «{name}» повреждён: {problems}. Восстановите его из резервной копии.",
                          "en": "The file “{name}” is damaged: {problems}. Restore it from a backup."},
    "cli_nothing_found": {"ru": "Ничего не найдено.", "en": "Nothing found."},
    "cli_search_too_short": {"ru": "Наберите хотя бы {digits} цифры номера телефона.",
                             "en": "Type at least {digits} digits of the phone number."},
    "cli_search_truncated": {"ru": "Найдено больше {limit}: уточните запрос.",
                             "en": "More than {limit} found: type more to narrow the search."},
})


def register(subparsers: argparse._SubParsersAction) -> None:
    init = subparsers.add_parser("init", help="create a new encrypted vault")
    add_vault_arguments(init)
    init.add_argument("--remember", action="store_true", help="remember the key in the OS keyring")
    init.set_defaults(handler=cmd_init)

    stats = subparsers.add_parser("stats", help="counts, file size and schema version")
    add_vault_arguments(stats)
    stats.add_argument("--json", action="store_true", help="print one JSON object")
    stats.set_defaults(handler=cmd_stats)

    find = subparsers.add_parser("search", help="search clients as the search box does")
    add_vault_arguments(find)
    find.add_argument("text", nargs="?", default="", help="what to look for (empty: every client of the filter)")
    find.add_argument("--limit", type=int, default=20)
    find.add_argument("--responsible", metavar="NAME", help="only clients this user is responsible for")
    find.add_argument("--archived", action="store_true", help="include archived clients")
    find.add_argument("--tag", help="only clients with this tag (as choosing it in the sidebar)")
    find.add_argument("--json", action="store_true", help="print a JSON list")
    find.set_defaults(handler=cmd_search)

    passwd = subparsers.add_parser("passwd", help="change the vault's password (re-encrypts it)")
    add_vault_arguments(passwd)
    passwd.add_argument("--new-password-file", help="read the new password from this file's first line "
                                                    "(else CLIENTBOOK_NEW_PASSWORD, else a prompt)")
    passwd.set_defaults(handler=cmd_passwd)

    check = subparsers.add_parser("check", help="check the file: encryption, integrity, audit chain")
    add_vault_arguments(check)
    check.add_argument("--json", action="store_true", help="print one JSON object")
    check.set_defaults(handler=cmd_check)


def cmd_init(args: argparse.Namespace) -> int:
    from clientbook.core import opening

    path = vault_path(args)
    vault = opening.create_vault(path, read_password(args, confirm=True))
    lang = current_language()
    try:
        if args.remember:
            try:
                vault.remember_key()
            except KeyringUnavailable as exc:
                print(exc.text(lang))
        for warning in vault.warnings:
            print(warning.text(lang))
        print(Message("cli_vault_created", {"path": path}).text(lang))
    finally:
        vault.close()
    return 0


def stat_tables() -> dict[str, Any]:
    """What `stats` counts, by label key: the models, imported when the command runs."""
    from clientbook.core import models as m

    return {
        "clients": m.Client, "contact_persons": m.ContactPerson, "phones": m.Phone, "emails": m.Email,
        "interactions": m.Interaction, "purchases": m.Purchase, "reminders": m.Reminder, "consents": m.Consent,
        "tags": m.Tag, "segments": m.SavedSegment, "batches": m.Batch, "audit_entries": m.AuditEntry,
    }
STAT_LABELS = {
    "ru": {"file": "Файл", "file_size": "Размер файла", "schema_version": "Версия схемы", "clients": "Клиенты",
           "archived_clients": "  из них в архиве", "debtors": "  из них должники", "contact_persons": "Контактные лица",
           "phones": "Телефоны", "emails": "Адреса эл. почты", "interactions": "Контакты (история)",
           "purchases": "Покупки", "reminders": "Напоминания", "consents": "Согласия (события)", "tags": "Метки",
           "segments": "Сегменты", "batches": "Пакеты изменений", "audit_entries": "Записи журнала изменений"},
    "en": {"file": "File", "file_size": "File size", "schema_version": "Schema version", "clients": "Clients",
           "archived_clients": "  archived", "debtors": "  debtors", "contact_persons": "Contact persons",
           "phones": "Phones", "emails": "E-mail addresses", "interactions": "Interactions", "purchases": "Purchases",
           "reminders": "Reminders", "consents": "Consent events", "tags": "Tags", "segments": "Segments",
           "batches": "Change batches", "audit_entries": "Change log entries"},
}


def cmd_stats(args: argparse.Namespace) -> int:
    from sqlalchemy import func, select

    from clientbook.core import models as m
    from clientbook.core.migrate import current_revision

    with open_vault(args, read_only=True) as vault:
        with vault.session() as session:
            counts = {name: int(session.scalar(select(func.count()).select_from(model)) or 0)
                      for name, model in stat_tables().items()}
            archived = int(session.scalar(select(func.count()).where(m.Client.archived.is_(True))) or 0)
            debtors = int(session.scalar(select(func.count()).where(m.Client.debtor.is_(True))) or 0)
        revision = current_revision(vault)
        size = sum(p.stat().st_size for p in (vault.path, vault.path.with_name(vault.path.name + "-wal"))
                   if p.exists())
    data = {"file": str(vault.path), "file_size": size, "schema_version": revision,
            "clients": counts.pop("clients"), "archived_clients": archived, "debtors": debtors, **counts}
    if args.json:
        print(json.dumps(data, ensure_ascii=False))
        return 0
    lang = current_language()
    labels = STAT_LABELS[lang]
    for key, value in data.items():
        shown = human_size(int(value), lang) if key == "file_size" and isinstance(value, int) else value
        print(f"{labels.get(key, key)}: {shown}")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    """The list's own query (core.listing), so the ids and their order are what the search box shows."""
    import sys

    from clientbook.core import listing
    from clientbook.core.validation import format_phone

    kind: listing.FilterKind = "tag" if args.tag else "everything" if args.archived else "all"
    flt = listing.Filter(kind=kind, tag=args.tag, text=args.text, responsible=args.responsible or None)
    with open_vault(args, read_only=True) as vault, vault.session() as session:
        found = listing.list_ids(session, flt)
        if found.error is not None:
            raise found.error
        rows = listing.load_rows(session, found.ids[:max(0, args.limit)])
    lang = current_language()
    if found.too_short:
        print(Message("cli_search_too_short", {"digits": listing.MIN_PHONE_DIGITS}).text(lang), file=sys.stderr)
    elif found.truncated:
        print(Message("cli_search_truncated", {"limit": listing.SEARCH_LIMIT}).text(lang), file=sys.stderr)
    results = [{"id": r.id, "name": r.name, "city": r.city or None,
                "phone": format_phone(r.phone[0], extension=r.phone[2]) if r.phone[0] else r.phone[1]}
               for r in rows]
    if args.json:
        print(json.dumps(results, ensure_ascii=False))
    elif not results:
        print(Message("cli_nothing_found").text(lang))
    else:
        for r in results:
            print(f"{r['id']}\t{r['name']}\t{r['city'] or ''}\t{r['phone'] or ''}")
    return 0


def cmd_passwd(args: argparse.Namespace) -> int:
    """Both passwords are read before anything changes; the keyring follows only a successful rekey."""
    from clientbook.core import keystore, opening

    lang = current_language()
    prompt = "Новый пароль: " if lang == "ru" else "New password: "
    with open_vault(args) as vault:
        new_password = read_secret(args.new_password_file, "CLIENTBOOK_NEW_PASSWORD", confirm=True, prompt=prompt)
        was_remembered = keystore.recall(vault.id) == vault.raw_key
        opening.change_password(vault, new_password)
    print(Message("cli_password_changed_keyring" if was_remembered else "cli_password_changed").text(lang))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    """"Check file": opened without the damage check and without migrating, so a damaged or old
    file is reported in full and left untouched."""
    import sqlalchemy.exc
    import sqlcipher3.dbapi2 as sqlcipher
    from sqlalchemy import func, select

    from clientbook.core import models as m
    from clientbook.core.vault import CheckResult

    lang = current_language()
    with open_vault(args, verify=False, migrate=False, read_only=True) as vault:
        name = vault.path.name
        entries = 0
        try:
            result = vault.check_file()
            if result.ok:
                with vault.session() as session:
                    entries = int(session.scalar(select(func.count()).select_from(m.AuditEntry)) or 0)
        except (sqlalchemy.exc.DatabaseError, sqlcipher.DatabaseError) as exc:
            orig = getattr(exc, "orig", None) or exc
            result = CheckResult(False, False, False, [f"unreadable: {type(orig).__name__}"])
    if args.json:
        print(json.dumps({"ok": result.ok, "cipher_ok": result.cipher_ok, "integrity_ok": result.integrity_ok,
                          "audit_ok": result.audit_ok, "problems": result.problems[:20]}, ensure_ascii=False))
        return 0 if result.ok else 1
    if result.ok:
        print(Message("cli_check_ok", {"count": entries}).text(lang))
        return 0
    raise CommandFailed(Message("cli_check_damaged", {"name": name, "problems": "; ".join(result.problems[:3])}))
