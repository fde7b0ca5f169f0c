"""SPEC §17 check 11 for `clientbook export` with a real failing write: the process runs under a small
RLIMIT_FSIZE, so the export file's write fails with EFBIG exactly as on a FAT32 stick or a quota."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from clientbook.core import demo
from clientbook.core import models as m
from clientbook.core.vault import Vault

PASSWORD = "Экспорт под лимитом 1"
LIMIT = 96 * 1024  # the export is bigger; one audit commit into the WAL is far smaller

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("limits") / "data"
    with Vault.create(folder / "clientbook.db", PASSWORD) as vault:
        demo.fill_vault(vault, 2000, seed=11, mix=demo.DemoMix(contacts=0.3, interactions=0, purchases=0))
    return folder


def limited(size: int) -> None:
    import resource
    import signal

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG from write(), not death by signal
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))


def run_export(data: Path, target: Path, fmt: str, lang: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLIENTBOOK_")}
    env.update({"CLIENTBOOK_DATA_DIR": str(data), "CLIENTBOOK_LANG": lang, "CLIENTBOOK_USER": "tester",
                "CLIENTBOOK_PASSWORD": PASSWORD})
    return subprocess.run([sys.executable, "-m", "clientbook", "export", "-o", str(target), "--format", fmt],
                          env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=300,
                          preexec_fn=lambda: limited(LIMIT))


def exports_audited(data: Path) -> int:
    with Vault.open(data / "clientbook.db", PASSWORD) as vault, vault.session() as s:
        return int(s.scalar(select(func.count()).select_from(m.AuditEntry)
                            .where(m.AuditEntry.action == "export")) or 0)


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "vcf"])
@pytest.mark.parametrize("existing", [False, True])
def test_export_that_cannot_be_written_leaves_target_and_folder_as_they_were(
        data: Path, tmp_path: Path, fmt: str, existing: bool) -> None:
    out = tmp_path / "out"
    out.mkdir()
    target = out / f"клиенты.{fmt}"
    if existing:
        target.write_bytes(b"the previous export")
    audited = exports_audited(data)
    lang = "ru" if existing else "en"
    result = run_export(data, target, fmt, lang)
    assert result.returncode != 0, result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    expected = ("не записан", "прежний файл") if lang == "ru" else ("could not be written", "previous file")
    assert all(text in lines[0] for text in expected), lines[0]
    assert ".tmp" not in lines[0] and target.name in lines[0]
    assert sorted(p.name for p in out.iterdir()) == ([target.name] if existing else [])  # no temp left
    if existing:
        assert target.read_bytes() == b"the previous export"
    assert exports_audited(data) == audited  # nothing was exported, so nothing is recorded
    with Vault.open(data / "clientbook.db", PASSWORD) as vault:
        assert vault.check_file().ok


def test_the_same_export_without_the_limit_is_written(data: Path, tmp_path: Path) -> None:
    """The control: the failure above comes from the limit, not from the command."""
    target = tmp_path / "ok.csv"
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLIENTBOOK_")}
    env.update({"CLIENTBOOK_DATA_DIR": str(data), "CLIENTBOOK_PASSWORD": PASSWORD, "CLIENTBOOK_LANG": "en"})
    done = subprocess.run([sys.executable, "-m", "clientbook", "export", "-o", str(target)], env=env,
                          capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=300)
    assert done.returncode == 0, done.stderr
    assert target.stat().st_size > LIMIT
