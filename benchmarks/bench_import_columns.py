"""Column understanding benchmark: what reading headers and values costs before an import starts.

For each file: wall and CPU time of `analyze` (sheet choice, header row, header words, value
profiles, confidences, doubts), beside the anchor measured in the same run: opening the file and
reading its first 230 rows alone. Files are ../shared/data (when present) and a generated 60-column
sheet with headers in six languages. Also the country-name table (ISO names; all CLDR languages).

    .venv/bin/python benchmarks/bench_import_columns.py
"""

from __future__ import annotations

import itertools
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from clientbook.core.importing import analyze  # noqa: E402
from clientbook.core.importing.readers import open_source  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
HEADERS = ["Наименование", "ОбращатьсяК", "Должность", "ВИП клиент:", "CODIGOCLIENTE", "Nombre", "Apellido",
           "Empresa", "Teléfono", "FECHAPEDIDO", "Nom", "Prénom", "Société", "Vorname", "Nachname", "Firma",
           "Прізвище", "Ім'я", "contactTitle", "E-mail", "Страна", "Город", "Примечание", "Дата рождения"]


def timed(fn: Callable[[], object], repeat: int = 3) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(repeat):
        fn()
    return (time.perf_counter() - wall) / repeat * 1000, (time.process_time() - cpu) / repeat * 1000


def wide_file(folder: Path) -> Path:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Лист1")
    headers = (HEADERS * 3)[:60]
    ws.append(headers)
    for r in range(2000):
        ws.append([f"Иванов Иван {r}" if i % 7 == 1 else (r % 2 if i % 7 == 3 else f"CT{r:04d}" if i % 7 == 4
                                                          else f"+7 916 {r:03d}-{i:02d}-00" if i % 7 == 5 else
                                                          f"слово{r % 13}") for i in range(60)])
    path = folder / "wide.xlsx"
    wb.save(path)
    return path


def anchor(path: Path) -> None:
    source = open_source(path)
    try:
        list(itertools.islice(source.rows(source.sheets[0]), 230))
    finally:
        source.close()


def analysis(path: Path, kind: str) -> None:
    analyze(path, kind=kind).close()


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        files = [(p, "purchases" if "orders" in p.name else "clients") for p in sorted(SHARED.glob("*.*"))
                 if p.suffix in (".csv", ".xlsx", ".xls")]
        files.append((wide_file(Path(tmp)), "clients"))
        print(f"{'file':28s} {'analyze wall':>13s} {'cpu':>9s}   {'read-only anchor wall':>21s} {'cpu':>9s}")
        for path, kind in files:
            analysis(path, kind)  # warm: synonym table, vocabulary
            a_wall, a_cpu = timed(lambda p=path, k=kind: analysis(p, k))
            r_wall, r_cpu = timed(lambda p=path: anchor(p))
            print(f"{path.name:28s} {a_wall:10.1f} ms {a_cpu:6.1f} ms   {r_wall:18.1f} ms {r_cpu:6.1f} ms")
    from clientbook.core.importing import countries

    wall, cpu = time.perf_counter(), time.process_time()
    countries.country_code("Norway")
    print(f"country names, ISO only:     wall {(time.perf_counter() - wall) * 1000:.1f} ms, "
          f"cpu {(time.process_time() - cpu) * 1000:.1f} ms")
    wall, cpu = time.perf_counter(), time.process_time()
    countries.country_code("Narnia")  # unknown: every CLDR language is loaded once
    print(f"country names, all 13 CLDR:  wall {(time.perf_counter() - wall) * 1000:.1f} ms, "
          f"cpu {(time.process_time() - cpu) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
