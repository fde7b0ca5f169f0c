"""`demo`: a new vault filled with realistic Russian demo data, to try Clientbook without real data."""

from __future__ import annotations

import argparse
import contextlib

from clientbook.cli.common import (
    CommandFailed,
    add_vault_arguments,
    progress_printer,
    read_password,
    vault_path,
)
from clientbook.core.errors import KeyringUnavailable
from clientbook.core.messages import Message, current_language
from clientbook.core.messages import register as register_messages

DEFAULT_CLIENTS = 2000

register_messages({
    "demo_vault_exists": {
        "ru": "Файл «{path}» уже существует; демо-база создаётся только в новом файле (укажите --vault ДРУГОЙ_ПУТЬ).",
        "en": "The file “{path}” already exists; a demo base is only made in a new file (give --vault OTHER_PATH)."},
    "demo_done": {
        "ru": "Демо-база создана: {path} — клиентов: {clients}, контактных лиц: {contacts}, контактов в истории: "
              "{interactions}, покупок: {purchases}.",
        "en": "Demo base created: {path} — {clients} clients, {contacts} contact persons, {interactions} "
              "interactions, {purchases} purchases."},
})


def register(subparsers: argparse._SubParsersAction) -> None:
    demo = subparsers.add_parser("demo", help="create a new vault filled with realistic demo data")
    add_vault_arguments(demo)
    demo.add_argument("--clients", type=int, default=DEFAULT_CLIENTS,
                      help=f"how many clients (default {DEFAULT_CLIENTS})")
    demo.add_argument("--seed", type=int, default=1, help="the same seed gives the same data (default 1)")
    demo.add_argument("--remember", action="store_true", help="remember the key in the OS keyring")
    demo.set_defaults(handler=cmd_demo)


def cmd_demo(args: argparse.Namespace) -> int:
    from clientbook.core import opening
    from clientbook.core.demo import MAX_CLIENTS, fill_vault  # phonenumbers, SQLAlchemy: only here

    path = vault_path(args)
    if path.exists() and path.stat().st_size > 0:
        raise CommandFailed(Message("demo_vault_exists", {"path": path}))
    if not 1 <= args.clients <= MAX_CLIENTS:
        raise CommandFailed(Message("demo_size_invalid"))
    vault = opening.create_vault(path, read_password(args, confirm=True))
    lang = current_language()
    try:
        result = fill_vault(vault, args.clients, seed=args.seed,
                            progress=progress_printer("Демо-база" if lang == "ru" else "Demo base"))
        if args.remember:
            try:
                vault.remember_key()
            except KeyringUnavailable as exc:
                print(exc.text(lang))
    except BaseException:
        # The file was made by this command a moment ago: a half-made demo is removed, not left behind.
        vault.close()
        for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            with contextlib.suppress(OSError):
                leftover.unlink()
        raise
    vault.close()
    counts = result.counts
    print(Message("demo_done", {"path": path, "clients": counts.get("clients", 0),
                                "contacts": counts.get("contacts", 0), "interactions": counts.get("interactions", 0),
                                "purchases": counts.get("purchases", 0)}).text(lang))
    return 0
