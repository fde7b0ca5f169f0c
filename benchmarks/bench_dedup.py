"""Duplicate-scan benchmark (SPEC §15): plant known duplicates into a base of N clients, scan, score.

The base comes from `clientbook.core.demo` (realistic Russian people and companies, common names
included). Then `--rate` of the clients get a planted duplicate with one realistic variation:

  phone_format    the same phone written another way, e-mail and address left out
  contacts_moved  a new phone number, the same e-mail typed in another case
  typo            one typo in the surname, first name or company name
  swapped         surname and first name swapped
  yo              ё written as е (or е as ё)
  translit        the name in Latin, in one of three common transliteration systems
  company_form    the legal form changed or dropped ("ООО «Ромашка»" → "Romashka LLC", "АО Ромашка")
  address_only    the same name and address written differently, no shared phone or e-mail

and the scan is timed on a fresh connection. Precision and recall count pairs. The truth is the
planted (original, duplicate) pairs plus the demo's own duplicates (about one person in 100 is
entered twice by core/demo.py, which keeps those pairs in its batch), joined transitively: a planted
copy of someone the demo had already entered twice is a duplicate of both cards. Any other pair
reported is a false positive. Recall is over the planted pairs.

    .venv/bin/python benchmarks/bench_dedup.py --clients 100000
    .venv/bin/python benchmarks/bench_dedup.py --clients 1000000 --keep /tmp/bench1m.db   # reuse with --reuse
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from clientbook.core import dedup, demo  # noqa: E402
from clientbook.core import models as m  # noqa: E402
from clientbook.core.clients import display_name  # noqa: E402
from clientbook.core.textnorm import fold  # noqa: E402
from clientbook.core.vault import Vault  # noqa: E402

PASSWORD = "bench-password"
VARIATIONS = ("phone_format", "contacts_moved", "typo", "swapped", "yo", "translit", "company_form", "address_only")
PERSON_ONLY = {"swapped", "yo", "translit", "address_only"}
COMPANY_ONLY = {"company_form"}

# Three transliteration systems people actually use (passport ICAO, "popular", GOST 7.79-B).
_COMMON = dict(zip("абвгдезиклмнопрстуфы", "abvgdeziklmnoprstufy", strict=True))
SYSTEMS = [
    {**_COMMON, "ё": "e", "ж": "zh", "й": "i", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
     "ъ": "ie", "ь": "", "э": "e", "ю": "iu", "я": "ia"},
    {**_COMMON, "ё": "yo", "ж": "zh", "й": "y", "х": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sch",
     "ъ": "", "ь": "", "э": "e", "ю": "yu", "я": "ya"},
    {**_COMMON, "ё": "yo", "ж": "zh", "й": "j", "х": "x", "ц": "cz", "ч": "ch", "ш": "sh", "щ": "shh",
     "ъ": "``", "ь": "`", "э": "e`", "ю": "yu", "я": "ya"},
]
NEIGHBOURS = "йцукенгшщзхъфывапролджэячсмитьбю"


def latin(name: str, system: dict[str, str]) -> str:
    out = "".join(system.get(ch, ch) for ch in name.lower())
    return out[:1].upper() + out[1:]


def typo(rng: random.Random, word: str) -> str:
    if len(word) < 4:
        return word + word[-1]
    i = rng.randrange(1, len(word) - 1)
    op = rng.randrange(4)
    if op == 0:
        return word[:i] + word[i + 1:]                       # a letter dropped
    if op == 1:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]  # two letters swapped
    if op == 2:
        return word[:i] + word[i] + word[i:]                 # a letter doubled
    pos = NEIGHBOURS.find(word[i].lower())
    repl = NEIGHBOURS[(pos + 1) % len(NEIGHBOURS)] if pos >= 0 else "а"
    return word[:i] + repl + word[i + 1:]                    # a neighbour key hit


def rewrite_phone(rng: random.Random, e164: str) -> str:
    code, number = e164[2:5], e164[5:]
    tail = f"{number[:3]}-{number[3:5]}-{number[5:]}"
    return rng.choice([f"8 ({code}) {tail}", f"+7{code}{number}", f"8{code}{number}", f"+7 {code} {number}",
                       f"8-{code}-{tail}", f"7 ({code}) {number}"])


def rewrite_address(rng: random.Random, address: str) -> str:
    """"Ленина ул., д. 5, кв. 12" written as "ул. Ленина 5-12" or similar."""
    digits = [g for g in __import__("re").findall(r"\d+", address)]
    words = address.split(",")[0]
    if len(digits) >= 2:
        return rng.choice([f"{words} {digits[0]}-{digits[1]}", f"{words}, дом {digits[0]}, {digits[1]}",
                           f"{words} д.{digits[0]} кв.{digits[1]}"])
    return address.upper()


def swap_yo(rng: random.Random, word: str) -> str:
    if "ё" in word:
        return word.replace("ё", "е")
    if "Ё" in word:
        return word.replace("Ё", "Е")
    idx = [i for i, ch in enumerate(word) if ch == "е"]
    if not idx:
        return word
    i = rng.choice(idx)
    return word[:i] + "ё" + word[i + 1:]


def build_base(path: Path, clients: int, seed: int) -> float:
    started = time.perf_counter()
    with Vault.create(path, PASSWORD) as vault:
        demo.fill_vault(vault, clients, seed=seed, mix=demo.DemoMix(contacts=0.5, interactions=0, purchases=0),
                        progress=lambda d, t: print(f"\r  base {d}/{t}", end="", file=sys.stderr))
    print(file=sys.stderr)
    return time.perf_counter() - started


def plant(vault: Vault, rate: float, seed: int) -> tuple[set[tuple[int, int]], dict[tuple[int, int], str]]:
    """Insert one duplicate for `rate` of the active clients; returns the true pairs and their variation."""
    rng = random.Random(seed)
    truth: dict[tuple[int, int], str] = {}
    with vault.transaction() as session:
        conn = session.connection()
        active = [r[0] for r in conn.execute(text("SELECT id FROM clients WHERE archived = 0"))]
        chosen = rng.sample(active, int(len(active) * rate))
        next_id = int(conn.execute(text("SELECT max(id) FROM clients")).scalar() or 0) + 1
        next_phone = int(conn.execute(text("SELECT coalesce(max(id), 0) FROM phones")).scalar() or 0) + 1
        next_email = int(conn.execute(text("SELECT coalesce(max(id), 0) FROM emails")).scalar() or 0) + 1
        clients_rows: list[dict[str, Any]] = []
        phone_rows: list[dict[str, Any]] = []
        email_rows: list[dict[str, Any]] = []
        for start in range(0, len(chosen), 500):
            chunk = chosen[start:start + 500]
            marks = ",".join(str(c) for c in chunk)
            originals = {r["id"]: dict(r) for r in conn.execute(
                select(m.Client.__table__).where(m.Client.id.in_(chunk))).mappings()}
            phones: dict[int, list[str]] = {}
            for cid, e164 in conn.execute(text(
                    f"SELECT client_id, e164 FROM phones WHERE contact_id IS NULL AND e164 IS NOT NULL "
                    f"AND client_id IN ({marks}) ORDER BY id")):
                phones.setdefault(cid, []).append(e164)
            emails: dict[int, list[str]] = {}
            for cid, address in conn.execute(text(
                    f"SELECT client_id, address FROM emails WHERE contact_id IS NULL AND client_id IN ({marks}) "
                    f"ORDER BY id")):
                emails.setdefault(cid, []).append(address)
            for cid in chunk:
                row = originals[cid]
                is_company = row["kind"] == "company"
                options = [v for v in VARIATIONS
                           if not (is_company and v in PERSON_ONLY) and not (not is_company and v in COMPANY_ONLY)]
                if not row["address"]:
                    options = [v for v in options if v != "address_only"]
                if not emails.get(cid):
                    options = [v for v in options if v != "contacts_moved"]
                if not phones.get(cid) and not emails.get(cid):
                    options = [v for v in options if v == "address_only"] or []
                if not options:
                    continue
                variation = rng.choice(options)
                dup = dict(row)
                dup.update(id=next_id, notes=None, version=1, archived=False)
                own_phones: list[tuple[str | None, str]] = []
                own_emails: list[str] = []
                keep_phone = phones.get(cid, [])[:1]
                keep_email = emails.get(cid, [])[:1]
                if variation == "phone_format" and keep_phone:
                    own_phones = [(keep_phone[0], rewrite_phone(rng, keep_phone[0]))]
                    dup["address"] = None
                elif variation == "contacts_moved":
                    own_emails = [keep_email[0].upper() if rng.random() < 0.5 else keep_email[0]]
                    new = f"+79{rng.randrange(10**9):09d}"
                    own_phones = [(new, new)]
                elif variation == "address_only":
                    dup["address"] = rewrite_address(rng, row["address"])
                    new = f"+79{rng.randrange(10**9):09d}"
                    own_phones = [(new, new)]
                    if rng.random() < 0.5 and dup["last_name"]:
                        dup["last_name"] = swap_yo(rng, dup["last_name"])
                else:
                    if keep_phone and (not keep_email or rng.random() < 0.6):
                        own_phones = [(keep_phone[0], rewrite_phone(rng, keep_phone[0]))]
                    else:
                        own_emails = keep_email
                    if variation == "typo":
                        if is_company:
                            dup["company_name"] = typo(rng, row["company_name"])
                        elif rng.random() < 0.6:
                            dup["last_name"] = typo(rng, row["last_name"])
                        else:
                            dup["first_name"] = typo(rng, row["first_name"])
                    elif variation == "swapped":
                        dup["last_name"], dup["first_name"] = row["first_name"], row["last_name"]
                    elif variation == "yo":
                        dup["last_name"] = swap_yo(rng, row["last_name"])
                        dup["first_name"] = swap_yo(rng, row["first_name"])
                    elif variation == "translit":
                        system = rng.choice(SYSTEMS)
                        for part in ("last_name", "first_name", "middle_name"):
                            if row[part]:
                                dup[part] = latin(row[part], system)
                        if rng.random() < 0.5:
                            dup["middle_name"] = None
                    elif variation == "company_form":
                        core = row["company_name"].split("«", 1)[-1].rstrip("»")
                        if rng.random() < 0.5 and row["inn"]:
                            own_phones, own_emails = [], []
                        else:
                            dup["inn"] = None
                        dup["company_name"] = rng.choice([
                            f"{latin(core, SYSTEMS[1])} LLC", f"{core}, ООО", f"АО {core}", f"ООО {core}",
                            f'ПАО "{core}"', core])
                if variation != "company_form" and not is_company:
                    dup["inn"] = None
                shown = display_name(dup["kind"], dup["last_name"], dup["first_name"], dup["middle_name"],
                                     dup["company_name"])
                dup["display_name"], dup["sort_key"] = shown, fold(shown)
                clients_rows.append(dup)
                for pos, (e164, raw) in enumerate(own_phones):
                    phone_rows.append({"id": next_phone, "client_id": next_id, "contact_id": None, "e164": e164,
                                       "raw": raw, "extension": None, "kind": "mobile", "is_primary": pos == 0,
                                       "position": pos})
                    next_phone += 1
                for pos, address in enumerate(own_emails):
                    email_rows.append({"id": next_email, "client_id": next_id, "contact_id": None,
                                       "address": address.lower(), "raw": address, "valid": True,
                                       "is_primary": pos == 0, "position": pos})
                    next_email += 1
                truth[(cid, next_id)] = variation
                next_id += 1
        for table, rows in ((m.Client.__table__, clients_rows), (m.Phone.__table__, phone_rows),
                            (m.Email.__table__, email_rows)):
            for start in range(0, len(rows), 5000):
                conn.execute(insert(table), rows[start:start + 5000])  # type: ignore[arg-type]
    return set(truth), truth


@dataclass
class Score:
    planted: int
    reported: int
    true_positives: int
    precision: float
    recall: float
    base_pairs: int | None  # the demo's own duplicate pairs; None: not recorded (an older base)
    hits: set[tuple[int, int]]
    false: set[tuple[int, int]]


def score(reported: set[tuple[int, int]], planted: set[tuple[int, int]],
          base_pairs: set[tuple[int, int]] | None) -> Score:
    """Precision and recall of a scan against the planted pairs and the base's own duplicates.

    Pairs in one connected group of true pairs are all true (A = B and B = C: A = C). When the base's
    own duplicates are unknown, pairs between two cards of the base say nothing about the planting
    and are left out of the precision (only pairs with a planted copy are judged)."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in planted | (base_pairs or set()):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    judged = reported
    if base_pairs is None:
        copies = {b for _, b in planted}
        judged = {p for p in reported if p[0] in copies or p[1] in copies}
    hits = {p for p in judged if p[0] in parent and p[1] in parent and find(p[0]) == find(p[1])}
    return Score(planted=len(planted), reported=len(judged), true_positives=len(hits),
                 precision=len(hits) / len(judged) if judged else 1.0,
                 recall=len(reported & planted) / len(planted) if planted else 1.0,
                 base_pairs=None if base_pairs is None else len(base_pairs), hits=hits, false=judged - hits)


def base_duplicates(vault: Vault) -> set[tuple[int, int]] | None:
    with vault.engine.connect() as conn:
        return demo.demo_duplicate_pairs(conn)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--rate", type=float, default=0.02, help="share of clients that get a planted duplicate")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", help="keep the generated vault at this path (and its truth file beside it)")
    parser.add_argument("--reuse", help="scan an existing vault made with --keep instead of building one")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    tmp = tempfile.TemporaryDirectory(prefix="bench-dedup-")
    build_seconds = 0.0
    if args.reuse:
        path = Path(args.reuse)
        truth_map = {tuple(map(int, k.split(","))): v for k, v in
                     json.loads(path.with_suffix(".truth.json").read_text()).items()}
    else:
        path = Path(args.keep) if args.keep else Path(tmp.name) / "bench.db"
        build_seconds = build_base(path, args.clients, args.seed)
        with Vault.open(path, PASSWORD) as vault:
            _, truth_map = plant(vault, args.rate, args.seed)
        if args.keep:
            path.with_suffix(".truth.json").write_text(json.dumps({f"{a},{b}": v for (a, b), v in truth_map.items()}))
    truth = set(truth_map)

    with Vault.open(path, PASSWORD) as vault:
        total = vault.engine.connect().exec_driver_sql("SELECT count(*) FROM clients").scalar()
        started = time.perf_counter()
        with vault.session() as session:
            found = dedup.scan(session)
        seconds = time.perf_counter() - started
        base_pairs = base_duplicates(vault)
    reported = {(c.a, c.b) for c in found}
    scored = score(reported, truth, base_pairs)
    by_variation = Counter(truth_map.values())
    found_by_variation = Counter(truth_map[p] for p in reported & truth)
    result = {
        "clients": total, "planted_pairs": len(truth), "base_duplicate_pairs": scored.base_pairs,
        "reported_pairs": len(reported), "true_positives": scored.true_positives,
        "scan_seconds": round(seconds, 2), "precision": round(scored.precision, 4), "recall": round(scored.recall, 4),
        "recall_by_variation": {v: round(found_by_variation[v] / n, 4) for v, n in sorted(by_variation.items())},
        "base_build_seconds": round(build_seconds, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key}: {value}")
        missed = sorted(truth - reported)[:5]
        if missed:
            print("examples missed (ids):", missed)
        extra = sorted(scored.false)[:5]
        if extra:
            print("examples of false positives (ids):", extra)
    tmp.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
