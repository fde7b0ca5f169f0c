"""`backup`, `backups`, `verify`, `restore`, `prune`: the backup engine from a terminal or a script."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from clientbook.cli.common import CommandFailed, add_vault_arguments, env_secret, open_vault, progress_printer
from clientbook.core.errors import KnownError
from clientbook.core.messages import Message, current_language

if TYPE_CHECKING:
    from clientbook.core.vault import Vault

# The backup engine (SQLCipher, SQLAlchemy) loads only when a command runs (see cli/common.py).


def register(subparsers: argparse._SubParsersAction) -> None:
    make = subparsers.add_parser("backup", help="make a verified encrypted backup now")
    add_vault_arguments(make)
    make.set_defaults(handler=cmd_backup)

    listing = subparsers.add_parser("backups", help="list the backups of the vault")
    add_vault_arguments(listing)
    listing.add_argument("--json", action="store_true")
    listing.add_argument("--remove", metavar="FILE", help="delete this backup (e.g. a damaged one rotation keeps)")
    listing.set_defaults(handler=cmd_backups)

    verify = subparsers.add_parser("verify", help="verify one backup file")
    add_vault_arguments(verify)
    verify.add_argument("file")
    verify.add_argument("--backup-password-file", help="the backup's own password, if it differs")
    verify.set_defaults(handler=cmd_verify)

    back = subparsers.add_parser("restore", help="replace the vault by a backup, or copy one client back "
                                                 "(the current state is saved first)")
    add_vault_arguments(back)
    back.add_argument("file")
    back.add_argument("--backup-password-file", help="the backup's own password, if it differs")
    one = back.add_mutually_exclusive_group()
    one.add_argument("--client", type=int, metavar="ID", help="copy only this client (its id in the backup) back")
    one.add_argument("--search", metavar="TEXT", help="copy back the one client of the backup whose name has TEXT")
    back.set_defaults(handler=cmd_restore)

    prune = subparsers.add_parser("prune", help="delete old backups according to the retention policy")
    add_vault_arguments(prune)
    prune.add_argument("--dry-run", action="store_true", help="only list what would be deleted")
    prune.set_defaults(handler=cmd_prune)


def _say(ru: str, en: str) -> str:
    return ru if current_language() == "ru" else en


def _backup_password(args: argparse.Namespace) -> str | None:
    """The backup's own password: a file, CLIENTBOOK_BACKUP_PASSWORD, or None (use the vault's key)."""
    if getattr(args, "backup_password_file", None):
        try:
            return Path(args.backup_password_file).read_text(encoding="utf-8").splitlines()[0]
        except (OSError, IndexError) as exc:
            raise CommandFailed(f"cannot read the password file: {type(exc).__name__}") from exc
    return env_secret("CLIENTBOOK_BACKUP_PASSWORD")


def _ask_backup_password(exc: KnownError) -> str:
    if not sys.stdin or not sys.stdin.isatty():
        raise CommandFailed(exc.message)
    print(exc.text(current_language()), file=sys.stderr)
    return getpass.getpass(_say("Пароль резервной копии: ", "Backup password: "))


def cmd_backup(args: argparse.Namespace) -> int:
    from clientbook.core import backup

    with open_vault(args) as vault:
        result = backup.make_backup(vault, "manual", progress=progress_printer(_say("Резервная копия", "Backup")))
    for warning in result.warnings:
        print(warning.text(current_language()), file=sys.stderr)
    print(result.path)
    return 0


def cmd_backups(args: argparse.Namespace) -> int:
    from clientbook.core import backup

    with open_vault(args, read_only=not args.remove) as vault:
        folder = backup.load_settings(vault).main_folder(vault.path)
        if args.remove:
            backup.remove_backup(folder, vault.id, Path(args.remove).name)
        recs = backup.list_backups(vault)
    if args.json:
        print(json.dumps([{"file": str(folder / r.file), "created_at": r.created_at, "kind": r.label,
                           "size": r.size, "clients": r.clients, "verified": r.verified, "problem": r.problem,
                           "exists": (folder / r.file).exists()} for r in recs], ensure_ascii=False))
        return 0
    for r in recs:
        state = "ok" if r.verified else _say("ПОВРЕЖДЕНА", "DAMAGED")
        when = r.when.astimezone().strftime("%Y-%m-%d %H:%M")
        print(f"{when}\t{r.label}\t{r.size}\t{r.clients}\t{state}\t{folder / r.file}")
    damaged = sum(1 for r in recs if not r.verified)
    if damaged:
        print(Message("backup_damaged_kept", {"count": damaged}).text(current_language()), file=sys.stderr)
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from clientbook.core import backup

    path = Path(args.file)
    with open_vault(args, read_only=True) as vault:
        key = backup.key_for_backup(path, vault.raw_key, _backup_password(args))
    result = backup.verify_backup(path, key)
    if not result.ok:
        assert result.message is not None
        raise CommandFailed(result.message)
    print(_say(f"Резервная копия в порядке: {path.name}, клиентов: {result.counts.get('clients', 0)}",
               f"The backup is fine: {path.name}, clients: {result.counts.get('clients', 0)}"))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from clientbook.core import restore

    path = Path(args.file)
    if not path.is_file():
        raise CommandFailed(Message("backup_missing", {"name": str(path)}))
    vault = open_vault(args)
    try:
        password = _backup_password(args)
        try:
            key = restore.usable_key(path, vault.raw_key, password)
        except KnownError as exc:
            if exc.message.code != "backup_password_needed" or password:
                raise
            password = _ask_backup_password(exc)
            key = restore.usable_key(path, vault.raw_key, password)
        if args.client is not None or args.search is not None:
            return _copy_client_back(vault, path, key, args)
        result = restore.restore_vault(vault, path, password)
    finally:
        vault.close()
    reopened = restore.reopen_and_record(vault.path, result.raw_key, path.name)
    reopened.close()
    print(_say(f"Восстановлено из {path.name}. Прежнее состояние сохранено: {result.restore_point}",
               f"Restored from {path.name}. The previous state was saved: {result.restore_point}"))
    if result.password_differs:
        print(_say("Внимание: теперь база открывается паролем резервной копии.",
                   "Note: the vault now opens with the backup's password."))
    return 0


def _copy_client_back(vault: Vault, path: Path, key: bytes, args: argparse.Namespace) -> int:
    """One client back from a backup, through the service the Backups page uses (restore point, audit)."""
    from clientbook.core import backup, restore

    client_id = args.client
    if client_id is None:
        found = restore.backup_clients(path, key, args.search, limit=50)
        if not found:
            raise CommandFailed(Message("no_client_matches_in_backup", {"name": path.name, "text": args.search}))
        if len(found) > 1:
            for cid, name in found:
                print(f"{cid}\t{name}")
            raise CommandFailed(Message("several_clients_match_in_backup", {"count": len(found)}))
        client_id = found[0][0]
    new_id = restore.copy_client_back(vault, path, client_id, verified_key=key)
    point = next((r.file for r in backup.list_backups(vault) if r.kind == backup.RESTORE_POINT), "")
    print(_say(f"Клиент #{client_id} скопирован из {path.name} в базу как #{new_id}. "
               f"Прежнее состояние сохранено: {point}",
               f"Client #{client_id} was copied back from {path.name} as #{new_id}. "
               f"The previous state was saved: {point}"))
    return 0


def cmd_prune(args: argparse.Namespace) -> int:
    from clientbook.core import backup

    with open_vault(args) as vault:
        settings = backup.load_settings(vault)
        outcome = backup.prune_folder(settings.main_folder(vault.path), vault.id, backup.policy_of(settings),
                                        dry_run=args.dry_run)
    heading = (_say("Будут удалены:", "Would delete:") if args.dry_run else _say("Удалены:", "Deleted:"))
    print(heading, len(outcome.removed_files))
    for name in outcome.removed_files:
        print(name)
    return 0
