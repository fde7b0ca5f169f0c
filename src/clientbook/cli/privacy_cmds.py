"""`privacy`: the subject report, erasure with its act, and the erase tasks due (SPEC §13, 152-ФЗ)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from clientbook.cli.common import add_vault_arguments, open_vault, progress_printer
from clientbook.core.messages import Message, current_language

# The privacy services (SQLAlchemy, openpyxl) load only when a command runs; the choices equal
# clientbook.core.privacy.report.FORMATS and erase.GROUNDS (tests/e2e/test_cli_startup.py).
REPORT_FORMATS = ("xlsx", "json")
GROUNDS = ("withdrawal", "request", "end_of_purpose")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("privacy", help="subject report, erasure and its act (152-ФЗ, GDPR)")
    commands = parser.add_subparsers(dest="privacy_command", metavar="ACTION", required=True)

    rep = commands.add_parser("report", help="everything stored about one person, as xlsx or json")
    add_vault_arguments(rep)
    rep.add_argument("client_id", type=int, metavar="CLIENT_ID")
    rep.add_argument("--format", choices=REPORT_FORMATS, help="default: from the file name, else xlsx")
    rep.add_argument("-o", "--output", required=True, help="the file to write")
    rep.add_argument("--no-sensitive", action="store_true", help="leave sensitive custom fields out")
    rep.set_defaults(handler=cmd_report)

    era = commands.add_parser("erase", help="erase one person and everything linked (a restore point first)")
    add_vault_arguments(era)
    era.add_argument("client_id", type=int, metavar="CLIENT_ID")
    era.add_argument("--ground", choices=GROUNDS, default="request",
                     help="withdrawal of consent, the person's request, or end of the purpose")
    era.add_argument("--act", metavar="FILE", help="write the act of destruction (.xlsx and a printable .html)")
    era.add_argument("--rewrite-backups", action="store_true",
                     help="also rewrite the backups that hold the person without them (each re-verified)")
    era.add_argument("--json", action="store_true")
    era.set_defaults(handler=cmd_erase)

    due = commands.add_parser("due", help="people to erase after a withdrawn consent, with deadlines")
    add_vault_arguments(due)
    due.add_argument("--json", action="store_true")
    due.set_defaults(handler=cmd_due)


def cmd_report(args: argparse.Namespace) -> int:
    from clientbook.core.privacy import report

    output = Path(args.output)
    fmt = args.format or ("json" if output.suffix.lower() == ".json" else "xlsx")
    lang = current_language()
    with open_vault(args) as vault:
        items = report.export_report(vault, args.client_id, output, fmt, lang=lang,
                                     include_sensitive=not args.no_sensitive)
    print(Message("privacy_report_written", {"path": str(output), "items": items}).text(lang))
    return 0


def cmd_erase(args: argparse.Namespace) -> int:
    from clientbook.core.privacy import act
    from clientbook.core.privacy import erase as erasing

    lang = current_language()
    ru = lang == "ru"
    with open_vault(args) as vault:
        result = erasing.erase(vault, args.client_id, args.ground, progress=progress_printer("erase"))
        acts = act.write_act(result, Path(args.act), vault_name=vault.path.name, lang=lang) if args.act else []
        rewritten = None
        if args.rewrite_backups and result.holding:
            erasure = {"id": result.erasure_id, "at": result.at.isoformat() + "+00:00"}
            rewritten = erasing.rewrite_backups(vault, erasure, result.client_id, result.holding)
            result.holding = [b for b in result.holding if b["file"] not in rewritten.rewritten]
    if args.json:
        print(json.dumps({"client_id": result.client_id, "ground": result.ground, "batch": result.batch_id,
                          "deleted": result.counts, "anonymised_purchases": result.anonymised_purchases,
                          "redacted_entries": result.redacted_entries, "restore_point": result.restore_point,
                          "backups_holding": result.holding, "act": [str(p) for p in acts],
                          "rewritten": rewritten.rewritten if rewritten else [],
                          "problems": [p.text(lang) for p in rewritten.problems] if rewritten else []},
                         ensure_ascii=False))
        return 0
    print(result.message().text(lang))
    for path in acts:
        print(f"{'Акт' if ru else 'Act'}: {path}")
    if rewritten is not None:
        for name in rewritten.rewritten:
            print(f"{'Переписана без субъекта' if ru else 'Rewritten without the person'}: {name}")
        for problem in rewritten.problems:
            print(problem.text(lang))
    if result.holding:
        print("Резервные копии, ещё содержащие данные:" if ru else "Backups still holding the data:")
        for item in result.holding:
            leaves = item.get("leaves_by") or "?"
            print(f"  {item['file']} ({item['folder']}) — {'удаляется не позднее' if ru else 'deleted by'} {leaves}")
    return 0


def cmd_due(args: argparse.Namespace) -> int:
    from clientbook.core.privacy import deadlines

    lang = current_language()
    with open_vault(args) as vault, vault.session() as session:
        tasks = deadlines.open_tasks(session)
    if args.json:
        print(json.dumps([{"client_id": t.client_id, "deadline": t.deadline.isoformat(), "overdue": t.overdue}
                          for t in tasks]))
        return 0
    for task in tasks:
        late = (" — просрочено" if lang == "ru" else " — overdue") if task.overdue else ""
        print(f"{task.client_id}\t{task.deadline.isoformat()}{late}")
    return 0
