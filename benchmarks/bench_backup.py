"""Backup + verify benchmark (SPEC §15: ≤ 5 s at 100,000 clients, ≤ 60 s at 1,000,000).

Makes one backup of a vault exactly as "Back up now" does (copy under the write lock, switch to a
rollback journal, fsync, fresh-copy verification, rename, manifest) and prints wall and CPU time of
the whole call and of each stage, then the on-demand full verification (`verify_backup`: page
HMACs + full integrity_check) for comparison. With --vacuum-into it also times the engine's former
copy method (`VACUUM INTO`) on the same vault. Backups go to a temporary folder beside nothing:
the vault's own backup settings are not used or changed, and every file made is removed.

    .venv/bin/python benchmarks/bench_backup.py --vault /tmp/x/bench100k.db [--password-env BENCH_PW]
    .venv/bin/python benchmarks/bench_backup.py --clients 20000        # builds a demo vault first

First line of figures: backup + verify beside its anchor, a plain file copy + sha256 of the same vault
file, run alternately (`--repeat` times each, medians) so both see the same load; the ratio is the
goal of issue 14 (≤ 1.3×). `backup_verify_figures(vault, folder)` gives them to benchmarks/report.py.

The machine may be shared: wall time then runs 2-3x the CPU time, so both are printed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from clientbook.core import backup  # noqa: E402
from clientbook.core.cipher import damaged_pages  # noqa: E402
from clientbook.core.opening import open_vault  # noqa: E402
from clientbook.core.vault import Vault  # noqa: E402

PASSWORD = "bench-password"


def timed(label: str, figures: dict[str, Any], fn: Callable[[], Any]) -> Any:
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    figures[label] = {"wall_s": round(time.perf_counter() - wall, 2), "cpu_s": round(time.process_time() - cpu, 2)}
    print(f"  {label:<34} wall {figures[label]['wall_s']:6.2f} s   cpu {figures[label]['cpu_s']:6.2f} s",
          file=sys.stderr, flush=True)
    return result


def copy_and_hash(source: Path, target: Path) -> tuple[float, float]:
    """The anchor: a plain file copy, then a sha256 of the copy; (wall, CPU) seconds."""
    wall, cpu = time.perf_counter(), time.process_time()
    shutil.copyfile(source, target)
    with open(target, "rb") as fh:
        hashlib.file_digest(fh, "sha256")
    return time.perf_counter() - wall, time.process_time() - cpu


def backup_verify_figures(vault: Vault, folder: Path, repeat: int = 3) -> dict[str, float]:
    """"Back up now" (`make_backup`: copy, verify, manifest) into `folder` beside the anchor on the
    vault's own file, alternated `repeat` times; medians of wall and CPU (all threads) and the ratios.
    Every file made is removed; the vault's backup settings are neither used nor changed."""
    folder.mkdir(mode=0o700, exist_ok=True)
    settings = backup.BackupSettings(folder=str(folder))
    original = backup.load_settings
    backup.load_settings = lambda _vault: settings  # type: ignore[assignment]
    runs: list[tuple[float, float, float, float]] = []
    try:
        for _ in range(repeat):
            anchor_wall, anchor_cpu = copy_and_hash(vault.path, folder / "anchor.db")
            (folder / "anchor.db").unlink()
            wall, cpu = time.perf_counter(), time.process_time()
            result = backup.make_backup(vault, prune=False)
            runs.append((time.perf_counter() - wall, time.process_time() - cpu, anchor_wall, anchor_cpu))
            result.path.unlink()
    finally:
        backup.load_settings = original
        (folder / backup.MANIFEST_NAME).unlink(missing_ok=True)
    wall, cpu, anchor_wall, anchor_cpu = (statistics.median(r[i] for r in runs) for i in range(4))
    return {"wall_s": wall, "cpu_s": cpu, "anchor_wall_s": anchor_wall, "anchor_cpu_s": anchor_cpu,
            "ratio_cpu": cpu / anchor_cpu, "ratio_wall": wall / anchor_wall}


def stages(vault: Vault, folder: Path, figures: dict[str, Any]) -> None:
    """The steps of `make_backup` one by one, so a slow one stands out."""
    temp = folder / f".stages{backup.TEMP_MARK}{secrets.token_hex(4)}"
    backup.create_private(temp)
    try:
        snap = timed("copy under write lock", figures, lambda: backup._snapshot_into(vault, temp))
        timed("fsync", figures, lambda: backup.fsync_file(temp))
        outcome, _digest = timed("verify fresh copy", figures,
                                 lambda: backup._verify_fresh(temp, vault.raw_key, snap))
        assert outcome.ok, outcome.problems
        timed("  of which: one read, sha256 + page HMACs (1 thread)", figures,
              lambda: backup.hash_and_check(temp, vault.raw_key, workers=1))
        timed("  (sha256 of the copy alone)", figures, lambda: backup.sha256_of(temp))
        timed("  (every page's HMAC alone, 1 thread)", figures, lambda: damaged_pages(temp, vault.raw_key))
        timed("  (on demand only: quick_check, 1 worker)", figures,
              lambda: backup.quick_check_file(temp, vault.raw_key, workers=1))
    finally:
        temp.unlink(missing_ok=True)


def vacuum_into(vault: Vault, folder: Path, figures: dict[str, Any]) -> None:
    """The former copy method, for comparison (same write lock, same counts)."""
    temp = folder / f".vacuum{backup.TEMP_MARK}{secrets.token_hex(4)}"
    backup.create_private(temp)
    conn = vault.raw_connection()
    conn.isolation_level = None
    try:
        timed("VACUUM INTO (former method)", figures, lambda: conn.execute("VACUUM INTO ?", (str(temp),)))
    finally:
        conn.close()
        temp.unlink(missing_ok=True)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--vault", help="an existing vault (its backup settings are not used)")
    parser.add_argument("--password-env", help="environment variable holding the vault's password")
    parser.add_argument("--clients", type=int, default=20_000, help="demo vault size when --vault is absent")
    parser.add_argument("--no-full", action="store_true", help="skip the on-demand full verification")
    parser.add_argument("--no-stages", action="store_true", help="skip the per-stage timings")
    parser.add_argument("--vacuum-into", action="store_true", help="also time the former VACUUM INTO copy")
    parser.add_argument("--repeat", type=int, default=3, help="backup/anchor pairs for the ratio (medians)")
    args = parser.parse_args()
    password = os.environ.get(args.password_env, "") if args.password_env else PASSWORD
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMP")) as tmp:
        folder = Path(tmp) / "backups"
        folder.mkdir(mode=0o700)
        if args.vault:
            vault = open_vault(Path(args.vault), password)
        else:
            from clientbook.core import demo

            vault = Vault.create(Path(tmp) / "bench.db", password)
            started = time.perf_counter()
            demo.fill_vault(vault, args.clients)
            print(f"demo vault: {args.clients} clients in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        figures: dict[str, Any] = {}
        try:
            size = vault.path.stat().st_size
            print(f"vault {vault.path.name}: {size / 1e6:.0f} MB", file=sys.stderr)
            ratio = backup_verify_figures(vault, Path(tmp) / "ratio", args.repeat)
            print(f"  backup + verify {ratio['wall_s']:.2f} s wall, {ratio['cpu_s']:.2f} s CPU; anchor (copy + sha256) "
                  f"{ratio['anchor_wall_s']:.2f} s wall, {ratio['anchor_cpu_s']:.2f} s CPU; ratio {ratio['ratio_cpu']:.2f}x "
                  f"CPU, {ratio['ratio_wall']:.2f}x wall (goal 1.3x; load average {os.getloadavg()[0]:.1f})",
                  file=sys.stderr, flush=True)
            figures["ratio"] = {k: round(v, 3) for k, v in ratio.items()}
            settings = backup.BackupSettings(folder=str(folder))
            original = backup.load_settings
            backup.load_settings = lambda _vault: settings  # type: ignore[assignment]
            try:
                result = timed("backup + verify (make_backup)", figures,
                               lambda: backup.make_backup(vault, prune=False))
            finally:
                backup.load_settings = original
            clients = result.record.clients
            if not args.no_stages:
                stages(vault, folder, figures)
            if not args.no_full:
                full = timed("full verify on demand", figures,
                             lambda: backup.verify_backup(result.path, vault.raw_key, update_manifest=False))
                assert full.ok, full.problems
            if args.vacuum_into:
                vacuum_into(vault, folder, figures)
        finally:
            vault.close()
    print(json.dumps({"clients": clients, "vault_mb": round(size / 1e6), "cpus": os.cpu_count(),
                      "verify_workers": backup.VERIFY_WORKERS, **figures}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
