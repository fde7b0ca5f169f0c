"""Users and keyslots on a big vault (#15): unlock by each kind of slot, adding and removing a user.

    .venv/bin/python benchmarks/bench_users.py --vault COPY.db --password-file FILE

The vault is CHANGED (it becomes multi-user, a user is added and removed, the file re-keyed twice):
point it at a copy of a single-user vault. Figures are wall time with CPU time beside it. Unlocking
costs one key derivation (scrypt for a keyslot, as much as SQLCipher's PBKDF2); adding the first user
and removing one re-encrypt the whole file into a fresh one (`sqlcipher_export`) after a restore
point, a rare owner's step the desktop runs on a worker.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from clientbook.core import users
from clientbook.core.opening import open_vault

MANAGER = "Бенчмарк-менеджер 1"
READER = "Бенчмарк-читатель 2"


def timed(label: str, fn: Callable[[], Any]) -> Any:
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    print(f"{label:<58} {time.perf_counter() - wall:7.2f} s wall / {time.process_time() - cpu:6.2f} s CPU",
          flush=True)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vault", required=True, type=Path)
    parser.add_argument("--password-file", required=True, type=Path)
    args = parser.parse_args()
    password = args.password_file.read_text(encoding="utf-8").splitlines()[0]
    size = args.vault.stat().st_size / 1e6
    print(f"vault {args.vault} ({size:.0f} MB)")
    vault = timed("unlock, single-user (owner's password, PBKDF2)", lambda: open_vault(args.vault, password))
    if users.is_multi_user(vault.path):
        vault.close()
        raise SystemExit("point it at a copy of a single-user vault")
    timed("add the first user (owner's slot, restore point, re-key)",
          lambda: users.add_user(vault, "manager", MANAGER, "manager", owner_password=password))
    timed("add another user", lambda: users.add_user(vault, "reader", READER, "read_only"))
    vault.close()
    timed("unlock as the manager (scrypt keyslot)", lambda: open_vault(args.vault, MANAGER, user="manager")).close()
    vault = timed("unlock as the owner (scrypt keyslot)", lambda: open_vault(args.vault, password))
    timed("remove a user (restore point, re-key into a fresh file)",
          lambda: users.remove_user(vault, "reader", owner_password=password))
    vault.close()
    timed("unlock as the manager after the re-key", lambda: open_vault(args.vault, MANAGER, user="manager")).close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
