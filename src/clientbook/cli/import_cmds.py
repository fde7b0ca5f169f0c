"""`import` and `import-undo`: the import wizard's core, from a terminal or a script."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from clientbook.cli.common import EXIT_USAGE, CommandFailed, add_vault_arguments, open_vault, progress_printer
from clientbook.core.messages import Message, current_language, join_sentences

if TYPE_CHECKING:
    from clientbook.core.importing import Analysis, ColumnMapping

# The importer (calamine, phonenumbers, rapidfuzz) loads only when a command runs; the modes equal
# clientbook.core.importing.DUPLICATE_MODES (tests/unit/test_cli_startup.py).
DUPLICATE_MODES = ("create", "fill", "overwrite", "skip")
ENCODINGS = ("utf-8", "cp1251", "koi8_r", "cp866", "latin-1")  # core.importing.encodings.OFFERED_ENCODINGS
EXIT_REPORT_FAILED = 3  # the import was committed; only its report could not be written


def register(subparsers: argparse._SubParsersAction) -> None:
    imp = subparsers.add_parser("import", help="import clients, purchases or history (contacts, visits) from .xlsx/.xls/.ods/.csv")
    add_vault_arguments(imp)
    imp.add_argument("file")
    imp.add_argument("--sheet", help="sheet name (default: the one that looks like the list)")
    imp.add_argument("--header-row", default="auto", help="header row number from 1, 'none' or 'auto'")
    imp.add_argument("--mapping", help="JSON file: {\"column header\": \"field\"}; see --show-mapping")
    imp.add_argument("--on-duplicate", choices=DUPLICATE_MODES, default="fill")
    imp.add_argument("--kind", choices=("clients", "purchases", "history"), default="clients",
                     help="what a row is: a client, a purchase, or a history entry (call, visit, letter…)")
    imp.add_argument("--match-names", action="store_true", help="also treat same name + city as a duplicate")
    imp.add_argument("--no-create-clients", action="store_true",
                     help="purchases, history: reject rows of clients not in the base instead of creating them")
    imp.add_argument("--currency", default="RUB", help="purchases: currency of the amounts (default RUB)")
    imp.add_argument("--date-order", choices=("dmy", "mdy"), help="how to read ambiguous dates like 03/04/2020")
    imp.add_argument("--region", default="RU", help="default country of phone numbers (default RU)")
    imp.add_argument("--rows-as-purchases", action="store_true",
                     help="clients: an orders sheet; one card per client code, and each row a purchase of it")
    imp.add_argument("--report", help="write the report (.xlsx) to this file (its folder is checked first; if "
                                      "only the report fails after the import, the exit code is 3)")
    imp.add_argument("--encoding", help=f"text encoding of a .csv/.txt file or an old .xls ({', '.join(ENCODINGS)}, "
                                        "or any Python codec name); default: detected")
    imp.add_argument("--yes", action="store_true",
                     help="import even when some columns are doubtful (a weak name guess, names made of digits)")
    imp.add_argument("--show-mapping", action="store_true", help="print the suggested mapping and stop")
    imp.add_argument("--dry-run", action="store_true", help="count what would happen, write nothing")
    imp.add_argument("--json", action="store_true", help="print the totals as one JSON object")
    imp.set_defaults(handler=cmd_import)

    rep = subparsers.add_parser("import-report", help="write the report (.xlsx) of an earlier import")
    add_vault_arguments(rep)
    rep.add_argument("batch", type=int)
    rep.add_argument("path")
    rep.set_defaults(handler=cmd_import_report)

    undo = subparsers.add_parser("import-undo", help="undo an import by its batch number")
    add_vault_arguments(undo)
    undo.add_argument("batch", type=int)
    undo.add_argument("--json", action="store_true")
    undo.set_defaults(handler=cmd_import_undo)


def _header_row(value: str) -> int | None | str:
    if value.lower() in ("none", "no", "0"):
        return None
    if value.lower() == "auto":
        return "auto"
    if value.isdigit():
        return int(value) - 1
    raise CommandFailed(f"--header-row: {value!r}", exit_code=EXIT_USAGE)


def _mapping(path: str, headers: list[str]) -> ColumnMapping:
    from clientbook.core.importing import ColumnMapping

    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("expected an object")
        return ColumnMapping.from_json(data, headers)
    except (OSError, ValueError) as exc:
        raise CommandFailed(Message("import_mapping_invalid", {"name": Path(path).name, "detail": str(exc)})) from exc


def _row_number(analysis: Analysis) -> int | None:
    return None if analysis.layout.header_row is None else analysis.layout.header_row + 1


def cmd_import(args: argparse.Namespace) -> int:
    from clientbook.core.errors import KnownError
    from clientbook.core.importing import ImportOptions, analyze, run_import, write_report
    from clientbook.core.importing.commit import nothing_importable
    from clientbook.core.importing.report import check_report_path

    options = ImportOptions(kind=args.kind, sheet=args.sheet, header_row=_header_row(args.header_row),
                            on_duplicate=args.on_duplicate, match_names=args.match_names,
                            create_clients=not args.no_create_clients, currency=args.currency.upper(),
                            date_order=args.date_order, default_region=args.region.upper(),
                            encoding=args.encoding, rows_as_purchases=args.rows_as_purchases)
    if args.report:
        check_report_path(args.report)  # before anything is written
    with open_vault(args) as vault:
        with vault.session() as session:
            analysis = analyze(args.file, session=session, kind=options.kind, sheet=options.sheet,
                               header_row=options.header_row, date_order=options.date_order,
                               encoding=options.encoding)
        lang = current_language()
        try:
            suggested = analysis.mapping
            if args.mapping:
                analysis.mapping = _mapping(args.mapping, analysis.headers)
                analysis.decide_dates(options.date_order)
            if args.show_mapping:
                print(json.dumps(analysis.mapping.to_json(analysis.headers), ensure_ascii=False, indent=2))
                return 0
            # no column naming the client is no doubt but a stop: run_import says it once, in one line
            doubts = [d.message.text(lang) for d in analysis.doubts() if d.message.code != "import_doubt_no_client"]
            if not args.json:
                for line in doubts:
                    print(f"! {line}", file=sys.stderr)
            if doubts and not (args.dry_run or args.yes or args.mapping):
                raise CommandFailed(Message("import_doubts_confirm"), exit_code=EXIT_USAGE)
            if options.kind == "clients" and not options.rows_as_purchases:
                _orders_hint(analysis, lang)
            result = run_import(vault, args.file, options, analysis=analysis, dry_run=args.dry_run,
                                progress=progress_printer("import", Message("import_saving").text(lang)))
            columns = analysis.columns(problems=result.column_problems)
            if analysis.mapping is not suggested:  # the user's own mapping: sure by definition
                for column in columns:
                    column.update(confidence=1.0, level="high", why="user")
        finally:
            analysis.close()
    exit_code = 0
    hopeless = nothing_importable(result) if args.dry_run else None
    if hopeless is not None:  # a real run would write nothing: say it as the real run would
        print(f"clientbook: {hopeless.text(lang)}", file=sys.stderr)
        exit_code = 1
    if args.report:
        try:
            write_report(result, args.report)
        except (OSError, KnownError) as exc:  # the import is committed: say so, and only the report failed
            detail = exc.message.text(lang) if isinstance(exc, KnownError) else (exc.strerror or type(exc).__name__)
            print(Message("import_report_failed", {"batch": result.batch_id, "detail": detail}).text(lang),
                  file=sys.stderr)
            exit_code = EXIT_REPORT_FAILED
    if args.json:
        totals = {k: result.totals()[k] for k in ("created", "updated", "skipped", "rejected", "batch",
                                                  "purchases", "interactions", "problems", "dry_run")}
        print(json.dumps({**totals, "encoding": analysis.source.encoding_used, "header_row": _row_number(analysis),
                          "columns": columns, "doubts": doubts}, ensure_ascii=False))
        return exit_code
    ru = lang == "ru"
    linked = ("interactions", "Записей истории") if args.kind == "history" else ("purchases", "Покупок")
    labels = (("created", "Создано"), ("updated", "Обновлено"), ("skipped", "Пропущено"),
              ("rejected", "Отклонено"), linked, ("problems", "Строк с замечаниями"))
    if args.dry_run:
        print("Пробный прогон: ничего не записано." if ru else "Dry run: nothing was written.")
    for key, ru_label in labels:
        en_label = "History entries" if key == "interactions" else key.capitalize()
        print(f"{ru_label if ru else en_label}: {result.totals()[key]}")
    if result.batch_id is not None:
        print(f"Номер импорта: {result.batch_id} (отменить: clientbook import-undo {result.batch_id})" if ru else
               f"Import number: {result.batch_id} (undo: clientbook import-undo {result.batch_id})")
    summed = sorted(((n, h) for h, n in result.column_problems.items()), reverse=True)
    if summed:
        print(Message("import_column_problems").text(lang), file=sys.stderr)
        for n, header in summed[:30]:
            print(f"  {header}: {n}", file=sys.stderr)
    for outcome in result.outcomes[:20]:
        if outcome.status == "rejected":
            reasons = join_sentences(r.text(lang) for r in outcome.reasons)
            print(f"  {'строка' if ru else 'row'} {outcome.row_no}: {reasons}", file=sys.stderr)
    return exit_code


def _orders_hint(analysis: Analysis, lang: str) -> None:
    from clientbook.core.importing.orders import looks_like_orders

    hint = looks_like_orders(analysis.headers, [r for _, r in analysis.sample], analysis.mapping)
    if hint is not None:
        columns = ", ".join(analysis.headers[i] for i in sorted(hint.purchase_columns))
        print(Message("import_orders_hint", {"column": analysis.headers[hint.identity_column], "rows": hint.rows,
                                             "clients": hint.clients, "columns": columns}).text(lang),
              file=sys.stderr)


def cmd_import_report(args: argparse.Namespace) -> int:
    from clientbook.core.importing import result_from_batch, write_report
    from clientbook.core.importing.report import check_report_path

    target = check_report_path(args.path)
    with open_vault(args) as vault, vault.session() as session:
        result = result_from_batch(session, args.batch)
    write_report(result, target)
    return 0


def cmd_import_undo(args: argparse.Namespace) -> int:
    from clientbook.core.importing import undo_import

    with open_vault(args) as vault:
        counts = undo_import(vault, args.batch)
    if args.json:
        print(json.dumps(counts))
    elif current_language() == "ru":
        print(f"Импорт {args.batch} отменён: удалено карточек {counts['deleted']}, восстановлено {counts['restored']}.")
    else:
        print(f"Import {args.batch} undone: {counts['deleted']} cards deleted, {counts['restored']} restored.")
    return 0
