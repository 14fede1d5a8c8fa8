#!/usr/bin/env python3
"""Writes samples/<kommun>/forvantat.json: the expected outcome of every
promise of a sample, for the whole period and for each year of it.

This is a second, independent implementation of the counting rules of
docs/counting-rules.md, written without lofte's code: it reads the promise
file with Python's tomllib and the logs with openpyxl (xlsx), the csv
module (Windows-1252) and zipfile + ElementTree (ods). tests/samples.rs
compares lofte's results JSON with these files field by field; every
difference between the two implementations was resolved by counting the
rows by hand (see each sample's README.md).

    pip install openpyxl
    python3 samples/forvantat.py            # all samples
    python3 samples/forvantat.py norsjo     # one
"""

import csv
import datetime as dt
import json
import re
import sys
import tomllib
import unicodedata
import zipfile
import xml.etree.ElementTree as ET
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent
SAMPLES = ["kalix", "overkalix", "haparanda", "jokkmokk", "norsjo"]
PART_MET = 0.5
# Beginnings of words naming the municipality; a word holding "polis" is the
# police whatever else it holds ("kommunpolisen"); these name both.
MUNICIPALITY = ["kommun", "socialtjänst", "ifo", "skol", "fritid", "samordnare", "strateg", "brå", "ungdom"]
BOTH = ["gemensam", "tillsammans", "båda"]


def header_index(rows):
    for i, r in enumerate(rows):
        if any(str(c).strip().lower() == "datum" for c in r if c is not None):
            return i
    raise SystemExit("no header")


def records(rows):
    """Dicts keyed by lower-case header from a list of row lists."""
    h = header_index(rows)
    names = [str(c).strip().lower() if c is not None else "" for c in rows[h]]
    out = []
    for r in rows[h + 1:]:
        if all(c in (None, "") for c in r):
            continue
        out.append({names[i]: r[i] for i in range(min(len(names), len(r)))})
    return out


def read_log(path):
    """The rows of a log, each knowing the log it came from (xlsx: its first
    sheet)."""
    return [dict(r, source=path.name) for r in read_rows(path)]


def read_rows(path):
    if path.suffix == ".xlsx":
        ws = openpyxl.load_workbook(path, data_only=True).worksheets[0]
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
    elif path.suffix == ".csv":
        with open(path, encoding="cp1252", newline="") as f:
            rows = [r for r in csv.reader(f, delimiter=";")]
    elif path.suffix == ".ods":
        ns = {
            "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
            "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
        }
        root = ET.fromstring(zipfile.ZipFile(path).read("content.xml"))
        rows = []
        for tr in root.iter("{%s}table-row" % ns["table"]):
            row = []
            for tc in tr.findall("table:table-cell", ns):
                kind = tc.get("{%s}value-type" % ns["office"])
                if kind == "date":
                    row.append(tc.get("{%s}date-value" % ns["office"]))
                elif kind == "float":
                    row.append(float(tc.get("{%s}value" % ns["office"])))
                elif kind == "string":
                    row.append("".join(tc.itertext()))
                else:
                    row.append(None)
            rows.append(row)
    else:
        raise SystemExit(f"unknown log {path}")
    out = []
    for r in records(rows):
        d = r["datum"]
        if isinstance(d, dt.datetime):
            d = d.date()
        elif isinstance(d, str):
            d = dt.date.fromisoformat(d.strip())
        antal = r.get("antal")
        antal = 1.0 if antal in (None, "") else float(antal)
        grams = r.get("beslag (g)")
        out.append({
            "date": d,
            "promise": str(r.get("löfte") or "").strip(),
            "count": antal,
            "activity": str(r.get("aktivitet") or ""),
            "place": str(r.get("plats") or ""),
            "who": str(r.get("ansvarig") or r.get("deltagare") or ""),
            "Beslag (g)": None if grams in (None, "") else float(grams),
        })
    return out


def words(text):
    return re.findall(r"[^\W_]+", text.lower())


def parties(who, local):
    """The parties a cell names, read word by word (docs/counting-rules.md)."""
    have = words(who)
    out = set()
    for w in have:
        if any(w.startswith(b) for b in BOTH):
            out |= {"polis", "kommun"}
        elif "polis" in w:
            out.add("polis")
        elif any(w.startswith(m) for m in MUNICIPALITY):
            out.add("kommun")
    for party, key in (("polis", "polisen"), ("kommun", "kommunen")):
        for phrase in local.get(key, []):
            p = words(phrase)
            if p and any(have[k:k + len(p)] == p for k in range(len(have) - len(p) + 1)):
                out.add(party)
    return out


def joint_events(mine, local):
    """Rows of a joint promise as events: rows of one day in different logs
    are one event, the k-th row of each log with the k-th of the others;
    an event counts once (largest Antal, first on a tie) when its rows
    together name both parties. Returns (counted, lacking) as (i, row)."""
    counted, lacking = [], []
    for day in sorted({r["date"] for _, r in mine}):
        by_log = {}
        for i, r in mine:
            if r["date"] == day:
                by_log.setdefault(r["source"], []).append((i, r))
        for k in range(max(len(v) for v in by_log.values())):
            event = [v[k] for v in by_log.values() if k < len(v)]
            who = set().union(*(parties(r["who"], local) for _, r in event))
            if len(who) < 2:
                lacking += event
                continue
            best = event[0]
            for e in event[1:]:
                if e[1]["count"] > best[1]["count"]:
                    best = e
            counted.append(best)
    return sorted(counted, key=lambda e: e[0]), lacking


def place_key(name):
    """A place as targets compare it: case, accents and repeated spaces ignored."""
    name = unicodedata.normalize("NFD", name or "")
    name = "".join(c for c in name if not unicodedata.combining(c))
    return " ".join(name.lower().split())


def iso(d):
    return d.isoformat()


def calendar(per, a, b):
    """Calendar intervals of `per` touching [a, b]."""
    out = []
    if per == "vecka":
        s = a - dt.timedelta(days=a.weekday())
        while s <= b:
            out.append((s, s + dt.timedelta(days=6)))
            s += dt.timedelta(days=7)
    elif per in ("månad", "manad", "kvartal"):
        step = 1 if per in ("månad", "manad") else 3
        y, m = a.year, ((a.month - 1) // step) * step + 1
        while dt.date(y, m, 1) <= b:
            ny, nm = (y, m + step) if m + step <= 12 else (y + 1, m + step - 12)
            out.append((dt.date(y, m, 1), dt.date(ny, nm, 1) - dt.timedelta(days=1)))
            y, m = ny, nm
    elif per in ("år", "ar"):
        for y in range(a.year, b.year + 1):
            out.append((dt.date(y, 1, 1), dt.date(y, 12, 31)))
    return out


def verdict(achieved, required):
    if achieved >= required:
        return "met"
    if achieved >= PART_MET * required:
        return "partly_met"
    return "not_met"


def interval_verdict(ivs):
    judged = [i for i in ivs if i[3] is not None]
    if not judged:
        return None
    if all(i[3] for i in judged):
        return "met"
    if all((not i[3]) and i[2] < PART_MET * i[4] for i in judged):
        return "not_met"
    return "partly_met"


def sum_in(rows, key, a, b):
    return sum(r[key] for r in rows if a <= r["date"] <= b)


def judge(t, rows, history, a, b, key, first_year):
    """One target over span [a, b]; `history` is every matched row of any date."""
    kind = t["typ"]
    total = sum(r[key] for r in rows)
    res = {"total": round(total, 2), "missed_places": []}
    ivs = []
    if kind == "minst":
        n = t["antal"]
        for s, e in calendar(t["per"], a, b):
            cs, ce = max(s, a), min(e, b)
            whole = s >= a and e <= b
            # An interval is the whole calendar interval; only rows inside
            # the span count, and an interval not wholly inside is shown
            # but not judged.
            ivs.append((iso(s), iso(e), sum_in(rows, key, cs, ce), (sum_in(rows, key, cs, ce) >= n) if whole else None, n))
        judged = [i for i in ivs if i[3] is not None]
        res.update(kind="at_least_per", required=len(judged), achieved=sum(1 for i in judged if i[3]))
        res["status"] = interval_verdict(ivs)
    elif kind == "var":
        n, k = t.get("antal", 1), t["intervall"]
        first = a + dt.timedelta(days=(7 - a.weekday()) % 7)
        s = first
        # Blocks start at the first whole week; days before it are in no block.
        while s <= b:
            e = s + dt.timedelta(days=7 * k - 1)
            ce = min(e, b)
            got = sum_in(rows, key, s, ce)
            ivs.append((iso(s), iso(e), got, (got >= n) if e <= b else None, n))
            s = e + dt.timedelta(days=1)
        judged = [i for i in ivs if i[3] is not None]
        res.update(kind="every_n", required=len(judged), achieved=sum(1 for i in judged if i[3]))
        res["status"] = interval_verdict(ivs)
    elif kind == "snitt":
        days = (b - a).days + 1
        per = {"vecka": days / 7, "dag": days, "månad": days * 12 / 365.25}[t["per"]]
        avg = total / per
        res.update(kind="average", required=t["antal"], achieved=round(avg, 2), status=verdict(avg, t["antal"]))
    elif kind == "totalt":
        res.update(kind="total", required=t["antal"], achieved=total, status=verdict(total, t["antal"]))
    elif kind == "andel":
        days = (b - a).days + 1
        active = len({r["date"] for r in rows})
        share = active / days
        res.update(kind="share", required=t.get("andel", 1), achieved=round(share, 4), status=verdict(share, t.get("andel", 1)))
    elif kind == "trend":
        def year_total(y):
            rs = [r for r in history if r["date"].year == y]
            return sum(r[key] for r in rs) if rs else None
        last = (None, 0)
        for y in range(a.year, b.year + 1):
            value = year_total(y) or 0
            if y == first_year:
                prev = t["baslinje"]["varde"] if "baslinje" in t else year_total(y - 1)
            else:
                prev = year_total(y - 1) or 0
            ys, ye = max(dt.date(y, 1, 1), a), min(dt.date(y, 12, 31), b)
            whole = ys == dt.date(y, 1, 1) and ye == dt.date(y, 12, 31)
            up = t["riktning"] in ("öka", "oka")
            met = None if prev is None or not whole else (value > prev if up else value < prev)
            if prev is not None:
                last = (prev, value)
            ivs.append((iso(ys), iso(ye), value, met, prev if prev is not None else 0))
        res.update(kind="trend", required=last[0], achieved=round(last[1], 2))
        res["status"] = interval_verdict([(i[0], i[1], i[2], i[3], float("inf")) for i in ivs]) or "reported_in_text"
    elif kind == "per_plats":
        n = t.get("antal", 1)
        periods = [(s, e) for s, e in calendar(t["per"], a, b) if s >= a and e <= b] if "per" in t else [(a, b)]
        # Several intervals (a report over several years): each place in
        # each of them. One, or none yet: each place over the span.
        several = len(periods) > 1
        met_places = 0
        for place in t["platser"]:
            name = place if isinstance(place, str) else place["namn"]
            at = [r for r in rows if place_key(r["place"]) == place_key(name)]
            if several:
                sums = [(s, e, sum_in(at, key, s, e)) for s, e in periods]
                for s, e, got in sums:
                    ivs.append((iso(s), iso(e), got, got >= n, n))
                missed = any(got < n for _, _, got in sums)
            else:
                s, e = periods[0] if periods else (a, b)
                got = sum_in(at, key, s, e)
                ivs.append((iso(a), iso(b), got, (got >= n) if periods else None, n))
                missed = got < n
            if missed:
                res["missed_places"].append(name)
            else:
                met_places += 1
        res.update(kind="per_place", required=len(t["platser"]), achieved=met_places)
        res["status"] = interval_verdict(ivs) or "not_met"
    elif kind == "text":
        res.update(kind="text", required=None, achieved=total, status="reported_in_text")
    res["intervals"] = [[i[0], i[1], round(i[2], 2), i[3]] for i in ivs]
    return res


def evaluate(agreement, logs, wa, wb):
    promise_rows = {}
    counted_rows = set()
    missing_partner = set()
    out = []
    for p in agreement["lofte"]:
        pa = max(wa, p["fran"]) if "fran" in p else wa
        pb = min(wb, p["till"]) if "till" in p else wb
        mine = [(i, r) for i, r in enumerate(logs) if r["promise"].lower() == p["id"].lower()]
        if p.get("gemensamt"):
            mine, lacking = joint_events(mine, agreement.get("parter", {}))
            missing_partner |= {i for i, r in lacking if wa <= r["date"] <= wb}
        targets = []
        counted = set()
        if pa <= pb:
            for t in p["mal"]:
                wanted = [x.lower() for x in t.get("aktiviteter", [])]
                hist = [(i, r) for i, r in mine if not wanted or r["activity"].lower() in wanted]
                key = t.get("kolumn", "count")
                hist = [(i, r) for i, r in hist if r[key] is not None]
                rows = [(i, r) for i, r in hist if pa <= r["date"] <= pb]
                counted |= {i for i, _ in rows}
                targets.append(judge(t, [r for _, r in rows], [r for _, r in hist], pa, pb, key, agreement["period"]["fran"].year))
            measurable = [t["status"] for t in targets if t["kind"] != "text" and t["status"] != "reported_in_text"]
            has_measurable = any(t["kind"] != "text" for t in targets)
            if not has_measurable:
                status = "reported_in_text"
            elif not counted:
                status = "no_data"
            elif not measurable:
                status = "reported_in_text"
            elif all(s == "met" for s in measurable):
                status = "met"
            elif all(s == "not_met" for s in measurable):
                status = "not_met"
            else:
                status = "partly_met"
        else:
            status = "not_applicable"
        counted_rows |= counted
        out.append({"id": p["id"], "status": status, "rows_counted": len(counted), "targets": targets})
    summary = {}
    for p in out:
        summary[p["status"]] = summary.get(p["status"], 0) + 1
    return {
        "window": [iso(wa), iso(wb)],
        "summary": dict(sorted(summary.items())),
        "rows_read": len(logs),
        "rows_counted": len(counted_rows),
        "rows_outside_window": sum(1 for r in logs if not wa <= r["date"] <= wb),
        "missing_partner": len(missing_partner),
        "promises": out,
    }


def sample(name):
    folder = HERE / name
    agreement = tomllib.loads((folder / "loften.toml").read_text(encoding="utf-8"))
    logs = []
    for log in agreement["loggar"]:
        logs += read_log(folder / log)
    a, b = agreement["period"]["fran"], agreement["period"]["till"]
    windows = [(None, a, b)]
    if a.year != b.year:
        windows += [(str(y), dt.date(y, 1, 1), dt.date(y, 12, 31)) for y in range(a.year, b.year + 1)]
    result = {"sample": name, "windows": []}
    for arg, wa, wb in windows:
        w = evaluate(agreement, logs, wa, wb)
        w = {"arg": arg, **w}
        result["windows"].append(w)
    (folder / "forvantat.json").write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote samples/{name}/forvantat.json")


if __name__ == "__main__":
    for name in sys.argv[1:] or SAMPLES:
        sample(name)
