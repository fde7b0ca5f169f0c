"""Import benchmark (SPEC §15): generate an N-row, 15-column .xlsx, import it into a fresh vault.

Prints wall time and CPU time of reading the file alone with calamine and of the full import
(restore point, analysis, normalization, inserts, audit and search index), and the peak RSS of the
process. The machine may be shared: wall time then runs 2-3x the CPU time, so both are printed.

    .venv/bin/python benchmarks/bench_import.py --rows 100000
    .venv/bin/python benchmarks/bench_import.py --rows 1000000 --keep /tmp/bench1m.xlsx   # reuse with --reuse
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from clientbook.core.importing import ImportOptions, run_import  # noqa: E402
from clientbook.core.vault import Vault  # noqa: E402

HEADERS = ["Фамилия", "Имя", "Отчество", "Телефон", "Email", "Город", "Дата рождения", "Пол", "Компания",
           "Должность", "Адрес", "Источник", "Сумма покупок", "Примечание", "ИНН"]
LAST = ["Иванов", "Петров", "Сидоров", "Кузнецов", "Смирнов", "Попов", "Васильев", "Соколов", "Морозов"]
FIRST = ["Иван", "Пётр", "Сергей", "Алексей", "Дмитрий", "Андрей", "Олег", "Михаил"]
CITIES = ["Москва", "Казань", "Тверь", "Самара", "Пермь", "Омск"]


def generate(path: Path, rows: int, seed: int = 1) -> None:
    from openpyxl import Workbook

    rnd = random.Random(seed)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Клиенты")
    ws.append(HEADERS)
    for i in range(rows):
        ws.append([rnd.choice(LAST), rnd.choice(FIRST), "Иванович", f"+7 9{rnd.randrange(10**9):09d}",
                   f"user{i}@example.com", rnd.choice(CITIES),
                   dt.date(1950 + rnd.randrange(50), 1 + rnd.randrange(12), 1 + rnd.randrange(28)),
                   rnd.choice(["м", "ж"]), f"ООО Ромашка {i % 1000}", "менеджер", f"ул. Ленина, {i % 200}",
                   "сайт", rnd.randrange(100000) / 100, "постоянный клиент", ""])
    wb.save(path)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--keep", help="keep the generated .xlsx here")
    parser.add_argument("--reuse", help="import this existing .xlsx instead of generating one")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(args.reuse or args.keep or Path(tmp) / "bench.xlsx")
        if not args.reuse:
            started = time.perf_counter()
            generate(source, args.rows)
            print(f"generated {source.name}: {source.stat().st_size / 1e6:.1f} MB in "
                  f"{time.perf_counter() - started:.1f} s", file=sys.stderr)
        import python_calamine

        wall, cpu = time.perf_counter(), time.process_time()
        sheet = python_calamine.CalamineWorkbook.from_path(str(source)).get_sheet_by_index(0)
        count = sum(1 for _ in sheet.iter_rows())
        del sheet
        read = {"wall_s": round(time.perf_counter() - wall, 2), "cpu_s": round(time.process_time() - cpu, 2)}
        vault = Vault.create(Path(tmp) / "vault" / "bench.db", "bench-password")
        try:
            wall, cpu = time.perf_counter(), time.process_time()
            result = run_import(vault, source, ImportOptions(on_duplicate="create"))
            total = {"wall_s": round(time.perf_counter() - wall, 2), "cpu_s": round(time.process_time() - cpu, 2)}
        finally:
            vault.close()
    print(json.dumps({"rows": count - 1, "columns": len(HEADERS), "calamine_read_only": read,
                      "import_total": total, "created": result.created, "problems": result.problems,
                      "peak_rss_mb": round(peak_rss_mb(), 1)}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
