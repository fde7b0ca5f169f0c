"""What every subcommand shares: finding the vault, getting the password, failing with one line."""

from __future__ import annotations

import argparse
import contextlib
import getpass
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from clientbook.core.messages import Message, current_language, register
from clientbook.core.paths import default_vault_path

if TYPE_CHECKING:
    from clientbook.core.vault import Vault

# The database, keyring and vault modules are imported by the functions that open a vault, not
# here: `clientbook --help` and a command's argument errors then answer without loading them.

EXIT_FAILURE = 1
EXIT_USAGE = 2

register({
    "cli_password_file": {"ru": "Не удалось прочитать файл с паролем «{name}».",
                          "en": "Cannot read the password file “{name}”."},
    "cli_password_needed": {
        "ru": "Нужен пароль: введите его в терминале, укажите --password-file или CLIENTBOOK_PASSWORD.",
        "en": "A password is needed: type it in a terminal, or give --password-file or CLIENTBOOK_PASSWORD."},
    "cli_passwords_differ": {"ru": "Пароли не совпадают; ничего не изменено.",
                             "en": "The passwords do not match; nothing was changed."},
})


# Secrets taken out of the environment when the command started (`hardening.harden_process`).
ENV_SECRETS: dict[str, str] = {}


def env_secret(name: str) -> str | None:
    """A password variable, read once: moved from os.environ into ENV_SECRETS on first sight."""
    if name in os.environ:
        ENV_SECRETS[name] = os.environ.pop(name)
    return ENV_SECRETS.get(name) or None


class CommandFailed(Exception):  # noqa: N818  (the name is used by every command module)
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
    add_user_argument(parser, default=argparse.SUPPRESS)


def add_user_argument(parser: argparse.ArgumentParser, default: Any = None) -> None:
    """`--user NAME`, on the main parser and on every command (a command's own is not reset to None
    when only the main one is given: SUPPRESS)."""
    parser.add_argument("--user", default=default, metavar="NAME",
                        help="the user who works (a vault with several users; also CLIENTBOOK_USER)")


def vault_path(args: argparse.Namespace) -> Path:
    return Path(args.vault) if getattr(args, "vault", None) else default_vault_path(getattr(args, "data_dir", None))


def read_password(args: argparse.Namespace, *, confirm: bool = False, prompt: str | None = None) -> str:
    """--password-file, else CLIENTBOOK_PASSWORD, else an interactive prompt (never echoed)."""
    return read_secret(getattr(args, "password_file", None), "CLIENTBOOK_PASSWORD", confirm=confirm, prompt=prompt)


def read_secret(password_file: str | None, env_name: str, *, confirm: bool = False, prompt: str | None = None) -> str:
    """A password from a file's first line, else an environment variable, else a terminal prompt."""
    if password_file:
        try:
            lines = Path(password_file).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandFailed(Message("cli_password_file", {"name": password_file})) from exc
        if not lines or not lines[0]:
            raise CommandFailed(Message("password_empty"))
        return lines[0]
    env = env_secret(env_name)
    if env:
        return env
    if not sys.stdin or not sys.stdin.isatty():
        raise CommandFailed(Message("cli_password_needed"))
    ru = current_language() == "ru"
    password = getpass.getpass(prompt or ("Пароль: " if ru else "Password: "))
    if not password:
        raise CommandFailed(Message("password_empty"))
    if confirm and getpass.getpass("Повторите пароль: " if ru else "Repeat the password: ") != password:
        raise CommandFailed(Message("cli_passwords_differ"))
    return password


def open_vault(args: argparse.Namespace, **kwargs: Any) -> Vault:
    """Unlock as every front end does (clientbook.core.opening): a password given by file or
    environment, else the remembered key, else a prompt; then migrate an older schema."""
    path = vault_path(args)
    given = bool(getattr(args, "password_file", None) or env_secret("CLIENTBOOK_PASSWORD"))
    password = read_password(args) if given and path.is_file() else None
    user = getattr(args, "user", None)
    if user is not None:
        kwargs["user"] = user
    key: list[bytes] = []
    worker = None
    from clientbook.core import keyslots  # cryptography and the key file only

    if keyslots.names(path):  # several users: the user's own keyslot, not the owner's key derivation
        from clientbook.core import opening

        if password is not None:
            return opening.open_vault(path, password, **kwargs)
        return opening.open_vault(path, ask=lambda: read_password(args), **kwargs)
    if password is not None:
        import threading

        from clientbook.core import cipher  # hashlib and sqlcipher3 only

        def derive() -> None:  # PBKDF2 lets go of the GIL: it runs beside the imports below
            with contextlib.suppress(Exception):  # the same call in Vault.open then reports it
                key.append(cipher.derive_key(password, cipher.read_salt(path)))

        worker = threading.Thread(target=derive, name="key-derivation")
        worker.start()
    from clientbook.core import opening  # SQLAlchemy and the models: ~0.4 s, while the key is derived

    if worker is not None:
        worker.join()
        if key:
            return opening.open_vault(path, raw_key=key[0], typed=True, **kwargs)
        return opening.open_vault(path, password, **kwargs)
    return opening.open_vault(path, ask=lambda: read_password(args), remembered=not given, **kwargs)


Handler = Callable[[argparse.Namespace], int]


def run_command(args: argparse.Namespace) -> int:
    """Run the command; a known failure becomes one line (clientbook.core.failures), a bug propagates."""
    handler: Handler = args.handler
    try:
        return handler(args)
    except Exception as exc:
        from clientbook.core.failures import user_message  # only when something failed: --help stays quick

        message = user_message(exc)
        if message is None:
            raise
        raise CommandFailed(message) from exc


def progress_printer(label: str, finishing: str | None = None) -> Callable[[int, int], None]:
    """A `progress(done, total)` callable drawing a one-line bar on a terminal, silent otherwise.
    `finishing` ends the bar's line when what is left after 100 % takes a while (an import saving
    its rows: 45 s at 1,000,000), so a full bar that stays is not taken for a hang."""
    if not sys.stderr.isatty():
        return lambda done, total: None

    def show(done: int, total: int) -> None:
        pct = 100 * done // total if total else 0
        sys.stderr.write(f"\r{label}: {pct:3d}% ({done}/{total})")
        if total and done >= total:
            sys.stderr.write(f" {finishing}\n" if finishing else "\n")
        sys.stderr.flush()

    return show
