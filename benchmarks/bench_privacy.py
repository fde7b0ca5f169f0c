"""Privacy benchmark: the 0003 audit-chain migration, the subject report and one erasure on a copy.

Copies the given vault into a temporary folder (the original is never opened for writing), opens it
(which migrates an older schema: the timed "open" then includes the restore point and the chain
conversion), verifies the audit chain, writes the subject report of the client with the longest
history, erases that client (restore point, delete, FTS optimize, redaction, VACUUM), verifies the
chain again, and prints wall and CPU time of each step. Everything made is removed.

    .venv/bin/python benchmarks/bench_privacy.py --vault /work/demo/demo100k.db --password-env BENCH_PW

The machine may be shared: wall time then runs 2-5x the CPU time, so both are printed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from sqlalchemy import text  # noqa: E402

from clientbook.core import audit  # noqa: E402
from clientbook.core.opening import open_vault  # noqa: E402
from clientbook.core.privacy import erase as erasing  # noqa: E402
from clientbook.core.privacy import report  # noqa: E402


def timed(label: str, fn: Callable[[], Any]) -> Any:
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    print(f"{label}: wall {time.perf_counter() - wall:.2f} s, cpu {time.process_time() - cpu:.2f} s", flush=True)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vault", required=True, type=Path)
    parser.add_argument("--password-env", default="CLIENTBOOK_PASSWORD")
    args = parser.parse_args()
    password = os.environ.get(args.password_env) or ""
    with tempfile.TemporaryDirectory(prefix="bench-privacy-") as folder:
        os.environ["CLIENTBOOK_DATA_DIR"] = folder
        copy = Path(folder) / "vault.db"
        shutil.copyfile(args.vault, copy)
        vault = timed("open (migrates an older schema)", lambda: open_vault(copy, password))
        try:
            with vault.session() as s:
                rows = s.execute(text("SELECT count(*) FROM audit")).scalar()
                clients = s.execute(text("SELECT count(*) FROM clients")).scalar()
                print(f"clients {clients}, audit entries {rows}")
                busiest = int(s.execute(text("SELECT client_id FROM interactions GROUP BY client_id "
                                             "ORDER BY count(*) DESC LIMIT 1")).scalar() or 0)
                timed("verify_audit_chain", lambda: audit.verify_audit_chain(s))
            timed("subject report (json)", lambda: report.export_report(vault, busiest, Path(folder) / "r.json",
                                                                         "json", lang="en"))
            vacuum = erasing._vacuum
            erasing._vacuum = lambda raw: timed("  of which VACUUM", lambda: vacuum(raw))  # type: ignore[assignment]
            result = timed("erase (restore point, delete, optimize, redact, vacuum)",
                           lambda: erasing.erase(vault, busiest, "request"))
            print(f"  rows deleted {sum(result.counts.values())}, audit entries redacted {result.redacted_entries}")
            with vault.session() as s:
                check = timed("verify_audit_chain after", lambda: audit.verify_audit_chain(s))
                print(f"  chain ok: {check.ok}")
        finally:
            vault.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
