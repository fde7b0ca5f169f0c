"""`dedup`, `merge`, `merge-undo`, `not-duplicates`, `quality`, `normalize`, `normalize-undo` (SPEC §10, §14)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from clientbook.cli.common import add_vault_arguments, open_vault, progress_printer
from clientbook.core import dedup, quality
from clientbook.core import merge as merging
from clientbook.core.messages import current_language


def register(subparsers: argparse._SubParsersAction) -> None:
    scan = subparsers.add_parser("dedup", help="list likely duplicate clients (pairs with score and reasons)")
    add_vault_arguments(scan)
    scan.add_argument("--json", action="store_true")
    scan.add_argument("--min-score", type=int, default=dedup.DEFAULT_MIN_SCORE, metavar="S",
                      help=f"lowest score shown, 0-100 (default {dedup.DEFAULT_MIN_SCORE})")
    scan.add_argument("--groups", action="store_true", help="print groups of cards instead of pairs")
    scan.set_defaults(handler=cmd_dedup)

    join = subparsers.add_parser("merge", help="merge duplicate cards into one (undo with merge-undo)")
    add_vault_arguments(join)
    join.add_argument("ids", type=int, nargs="+", metavar="ID")
    join.add_argument("--keep", type=int, help="the card that stays (default: the oldest)")
    join.add_argument("--json", action="store_true")
    join.set_defaults(handler=cmd_merge)

    undo = subparsers.add_parser("merge-undo", help="undo a merge by its batch number")
    add_vault_arguments(undo)
    undo.add_argument("batch", type=int)
    undo.set_defaults(handler=cmd_merge_undo)

    differ = subparsers.add_parser("not-duplicates", help="remember that these cards are different clients")
    add_vault_arguments(differ)
    differ.add_argument("ids", type=int, nargs="+", metavar="ID")
    differ.set_defaults(handler=cmd_not_duplicates)

    check = subparsers.add_parser("quality", help="data quality: completeness, invalid phones/e-mails, stale cards")
    add_vault_arguments(check)
    check.add_argument("--json", action="store_true")
    check.add_argument("--stale-months", type=int, help="override the stale_card_months setting")
    check.set_defaults(handler=cmd_quality)

    norm = subparsers.add_parser("normalize", help="re-parse all phones and e-mails (undo with normalize-undo)")
    add_vault_arguments(norm)
    norm.add_argument("--json", action="store_true")
    norm.set_defaults(handler=cmd_normalize)

    norm_undo = subparsers.add_parser("normalize-undo", help="undo a normalization by its batch number")
    add_vault_arguments(norm_undo)
    norm_undo.add_argument("batch", type=int)
    norm_undo.set_defaults(handler=cmd_normalize_undo)


def _ru() -> bool:
    return current_language() == "ru"


def cmd_dedup(args: argparse.Namespace) -> int:
    lang = current_language()
    with open_vault(args, read_only=True) as vault, vault.session() as session:
        found = dedup.scan(session, min_score=args.min_score, progress=progress_printer("dedup"))
    if args.groups:
        groups = dedup.group_candidates(found)
        if args.json:
            print(json.dumps([{"client_ids": g.client_ids, "score": g.best_score} for g in groups]))
        else:
            for g in groups:
                print(f"{g.best_score}\t" + " ".join(str(i) for i in g.client_ids))
        return 0
    if args.json:
        print(json.dumps([_pair_json(c, lang) for c in found], ensure_ascii=False))
        return 0
    for c in found:
        print(f"{c.a}\t{c.b}\t{c.score}\t{c.name_a}\t{c.name_b}\t{'; '.join(c.reason_texts(lang))}")
    if not found:
        print("Дубликаты не найдены." if lang == "ru" else "No duplicates found.")
    return 0


def _pair_json(c: dedup.Candidate, lang: str) -> dict[str, Any]:
    return {"a": c.a, "b": c.b, "name_a": c.name_a, "name_b": c.name_b, "score": c.score,
            "reasons": c.reason_texts(lang), "reason_codes": [r.code for r in c.reasons]}


def cmd_merge(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        result = merging.merge_clients(vault, args.ids, keep=args.keep)
    if args.json:
        print(json.dumps({"batch": result.batch_id, "survivor": result.survivor_id, "removed": result.removed_ids,
                          "moved": result.moved, "deduplicated": result.deduplicated}))
    elif _ru():
        print(f"Объединено в карточку {result.survivor_id}; отмена: clientbook merge-undo {result.batch_id}")
    else:
        print(f"Merged into card {result.survivor_id}; to undo: clientbook merge-undo {result.batch_id}")
    return 0


def cmd_merge_undo(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        ids = merging.undo_merge(vault, args.batch)
    print(("Восстановлены карточки: " if _ru() else "Cards restored: ") + " ".join(str(i) for i in sorted(ids)))
    return 0


def cmd_not_duplicates(args: argparse.Namespace) -> int:
    with open_vault(args) as vault, vault.transaction() as session:
        added = dedup.mark_not_duplicates(session, args.ids)
    print(f"Запомнено пар: {added}" if _ru() else f"Pairs remembered: {added}")
    return 0


def cmd_quality(args: argparse.Namespace) -> int:
    lang = current_language()
    with open_vault(args, read_only=True) as vault, vault.session() as session:
        rep = quality.report(session, stale_months=args.stale_months)
    if args.json:
        print(json.dumps(rep.as_dict(lang), ensure_ascii=False))
        return 0
    ru = lang == "ru"
    print(f"{'Клиентов' if ru else 'Clients'}: {rep.total}")
    print("Заполненность:" if ru else "Completeness:")
    for c in rep.completeness:
        print(f"  {c.label.text(lang):<24} {c.percent:5.1f} %  ({c.filled}/{c.total})")
    print(f"{'Неверных телефонов' if ru else 'Invalid phones'}: {rep.invalid_phones}")
    print(f"{'Неверных e-mail' if ru else 'Invalid e-mails'}: {rep.invalid_emails}")
    months = rep.stale_months
    print(f"{'Не обновлялись' if ru else 'Not updated for'} {months} {'мес.' if ru else 'months'}: {rep.stale_cards}")
    print(f"{'Без согласия на рассылку' if ru else 'Without mailing consent'}: {rep.without_consent}")
    return 0


def cmd_normalize(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        result = quality.normalize_contacts(vault, progress=progress_printer("normalize"))
    if args.json:
        print(json.dumps(vars(result)))
    elif _ru():
        print(f"Исправлено телефонов: {result.phones_fixed}, e-mail: {result.emails_fixed}; "
              f"не распознано телефонов: {result.phones_invalid}, e-mail: {result.emails_invalid}")
        if result.batch_id:
            print(f"Отмена: clientbook normalize-undo {result.batch_id}")
    else:
        print(f"Fixed phones: {result.phones_fixed}, e-mails: {result.emails_fixed}; "
              f"still invalid phones: {result.phones_invalid}, e-mails: {result.emails_invalid}")
        if result.batch_id:
            print(f"To undo: clientbook normalize-undo {result.batch_id}")
    return 0


def cmd_normalize_undo(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        count = quality.undo_normalize(vault, args.batch)
    print(f"Восстановлено записей: {count}" if _ru() else f"Rows restored: {count}")
    return 0
