"""What every subcommand shares: finding the vault, getting the password, failing with one line."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from clientbook.core import keystore
from clientbook.core.errors import KnownError, WrongPassword
from clientbook.core.messages import Message, current_language
from clientbook.core.paths import default_vault_path
from clientbook.core.vault import Vault, vault_id_of

EXIT_FAILURE = 1
EXIT_USAGE = 2


class CommandFailed(Exception):
    """A failure to report as one clear line and a non-zero exit code."""

    def __init__(self, message: Message | str, exit_code: int = EXIT_FAILURE) -> None:
        self.message = message
        self.exit_code = exit_code
        super().__init__(str(message))

    def text(self, lang: str) -> str:
        return self.message.text(lang) if isinstance(self.message, Message) else self.message


def add_vault_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--vault", help="vault file (default: clientbook.db in the data folder)")
    parser.add_argument("--password-file", help="read the password from this file's first line")


def vault_path(args: argparse.Namespace) -> Path:
    return Path(args.vault) if getattr(args, "vault", None) else default_vault_path(getattr(args, "data_dir", None))


def read_password(args: argparse.Namespace, *, confirm: bool = False, prompt: str | None = None) -> str:
    """--password-file, else CLIENTBOOK_PASSWORD, else an interactive prompt (never echoed)."""
    if getattr(args, "password_file", None):
        try:
            return Path(args.password_file).read_text(encoding="utf-8").splitlines()[0]
        except (OSError, IndexError) as exc:
            raise CommandFailed(f"cannot read the password file: {type(exc).__name__}") from exc
    env = os.environ.get("CLIENTBOOK_PASSWORD")
    if env:
        return env
    if not sys.stdin or not sys.stdin.isatty():
        raise CommandFailed(Message("password_empty"))
    ru = current_language() == "ru"
    password = getpass.getpass(prompt or ("Пароль: " if ru else "Password: "))
    if confirm and getpass.getpass("Повторите пароль: " if ru else "Repeat the password: ") != password:
        raise CommandFailed("пароли не совпадают" if ru else "the passwords do not match")
    return password


def open_vault(args: argparse.Namespace, **kwargs: Any) -> Vault:
    """Unlock with the remembered key when there is one and no password was given, else the password."""
    path = vault_path(args)
    password_given = bool(getattr(args, "password_file", None) or os.environ.get("CLIENTBOOK_PASSWORD"))
    if not password_given and path.exists():
        try:
            raw_key = keystore.recall(vault_id_of(path))
        except OSError:
            raw_key = None
        if raw_key is not None:
            try:
                return Vault.open(path, raw_key=raw_key, **kwargs)
            except WrongPassword:
                pass  # a stale keyring entry: fall back to asking
    from clientbook.core.errors import VaultMissing

    if not path.exists():
        raise VaultMissing(name=str(path))
    return Vault.open(path, read_password(args), **kwargs)


Handler = Callable[[argparse.Namespace], int]


def run_command(args: argparse.Namespace) -> int:
    handler: Handler = args.handler
    try:
        return handler(args)
    except KnownError as exc:
        raise CommandFailed(exc.message) from exc
    except OSError as exc:
        import errno

        if exc.errno == errno.ENOSPC:
            raise CommandFailed(Message("disk_full")) from exc
        raise CommandFailed(f"{exc.strerror or type(exc).__name__}: {exc.filename or ''}".strip()) from exc


def progress_printer(label: str) -> Callable[[int, int], None]:
    """A `progress(done, total)` callable drawing a one-line bar on a terminal, silent otherwise."""
    if not sys.stderr.isatty():
        return lambda done, total: None

    def show(done: int, total: int) -> None:
        pct = 100 * done // total if total else 0
        sys.stderr.write(f"\r{label}: {pct:3d}% ({done}/{total})")
        if total and done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show
