"""Schema migrations with Alembic; `clientbook.core.opening` runs them after a restore point.

A vault stamped with a revision this program does not know was written by a newer version: it is
refused before anything is written.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy.exc

from clientbook.core.errors import VaultTooNew

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from clientbook.core.vault import Vault

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
_REVISION = re.compile(r'^revision\s*=\s*["\']([^"\']+)["\']', re.MULTILINE)
_DOWN = re.compile(r'^down_revision\s*=\s*["\']([^"\']+)["\']', re.MULTILINE)

# Alembic (a third of a second of imports) loads only when the schema is not at the head already:
# opening an up-to-date vault — every `clientbook` command — reads one row and the file names.


def _config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


@functools.lru_cache(maxsize=1)
def _scripts() -> ScriptDirectory:
    """The migration scripts, read once per process: Alembic loads every version file to build
    its revision map, 0.16 s of each unlock otherwise (the files do not change while running)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config())


@functools.cache
def _head_from_files() -> str | None:
    """The one revision no other migration revises, read from the scripts' own text; None if unclear."""
    revisions: set[str] = set()
    revised: set[str] = set()
    for script in (MIGRATIONS_DIR / "versions").glob("*.py"):
        source = script.read_text(encoding="utf-8")
        if found := _REVISION.search(source):
            revisions.add(found.group(1))
            if down := _DOWN.search(source):
                revised.add(down.group(1))
    heads = revisions - revised
    return next(iter(heads)) if len(heads) == 1 else None


def _stored_revision(vault: Vault) -> str | None:
    with vault.engine.connect() as conn:
        try:
            rows = conn.exec_driver_sql("SELECT version_num FROM alembic_version").all()
        except sqlalchemy.exc.OperationalError:  # no such table: a vault made before migrations
            return None
    return rows[0][0] if len(rows) == 1 else None


def head_revision() -> str:
    head = _scripts().get_current_head()
    assert head is not None
    return head


def current_revision(vault: Vault) -> str | None:
    stored = _stored_revision(vault)
    if stored is not None and stored == _head_from_files():
        return stored
    from alembic.runtime.migration import MigrationContext

    with vault.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def needs_upgrade(vault: Vault) -> bool:
    stored = _stored_revision(vault)
    if stored is not None and stored == _head_from_files():
        return False
    current = current_revision(vault)
    script = _scripts()
    if current is not None:
        try:
            script.get_revision(current)
        except Exception as exc:  # alembic raises several types for an unknown revision
            raise VaultTooNew(name=vault.path.name) from exc
    return current != script.get_current_head()


def upgrade_to_head(vault: Vault) -> bool:
    """Bring the schema up to date; returns True if anything was migrated.

    No restore point here: `clientbook.core.opening` makes one first when an existing schema is upgraded."""
    if not needs_upgrade(vault):
        return False
    from alembic import command

    cfg = _config()
    with vault.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    return True
