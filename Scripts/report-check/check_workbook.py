#!/usr/bin/env python3
"""Opens a MineScreen workbook with openpyxl (an independent reader) and checks it against the JSON
report of the same run: numeric cells are numbers, and every area equals the JSON's value.

  check_workbook.py REPORT.xlsx REPORT.json {overlap|screen|area}

Exit 0 when everything matches, 1 on a mismatch (each is printed), 2 when openpyxl is missing.
"""
import sys

from workbook_check import open_workbook_and_report, sheet_rows


def main():
    opened = open_workbook_and_report(__doc__, more_arguments=1)
    if opened is None:
        return 2
    wb, report, (command,) = opened
    problems = []
    checked = 0

    def same(what, cell, value):
        nonlocal checked
        checked += 1
        if not isinstance(cell, (int, float)) or isinstance(cell, bool):
            problems.append(f"{what}: cell is {type(cell).__name__} {cell!r}, not a number")
        elif cell != value:
            problems.append(f"{what}: workbook {cell!r} != JSON {value!r}")

    for ws in wb.worksheets:
        if ws.freeze_panes != "A2":
            problems.append(f"sheet {ws.title}: header row not frozen ({ws.freeze_panes})")
    names = wb.sheetnames
    if "about" not in names:
        problems.append("no 'about' sheet")
    else:
        _, about = sheet_rows(wb["about"])
        items = {r["item"]: r["value"] for r in about}
        for key in ("CRS", "Area method", "Units"):
            if not items.get(key):
                problems.append(f"about: no {key}")

    if command in ("overlap", "screen"):
        _, rows = sheet_rows(wb["blocks"])
        by_id = {r["id"]: r for r in rows if r["id"] is not None}
        for b in report["blocks"]:
            r = by_id.get(b["id"])
            if r is None:
                problems.append(f"block {b['id']} missing")
                continue
            for key, column in (("area_m2", "area (m²)"), ("conflict_m2", "conflict (m²)"), ("clean_m2", "clean (m²)")):
                same(f"{b['id']} {column}", r[column], b[key])
            same(f"{b['id']} area (km²)", r["area (km²)"], b["area_m2"] / 1e6)
            if command == "overlap":
                for layer, o in b["overlaps"].items():
                    same(f"{b['id']} {layer} (m²)", r[f"{layer} (m²)"], o["area_m2"])
                    same(f"{b['id']} {layer} count", r[f"{layer} count"], o["count"])
            else:
                if r["verdict"] != b["verdict"]:
                    problems.append(f"{b['id']}: verdict {r['verdict']} != {b['verdict']}")
                _, reasons = sheet_rows(wb["reasons"])
                for reason in b["reasons"]:
                    match = [x for x in reasons if x["block"] == b["id"] and x["layer"] == reason["layer"] and x["kind"] == "reason"]
                    if len(match) != 1:
                        problems.append(f"{b['id']} {reason['layer']}: {len(match)} reason rows")
                        continue
                    same(f"{b['id']} {reason['layer']} overlap (m²)", match[0]["overlap (m²)"], reason["area_m2"])
        if len(by_id) != len(report["blocks"]):
            problems.append(f"{len(by_id)} block rows, JSON has {len(report['blocks'])}")
    elif command == "area":
        header, rows = sheet_rows(wb["areas"])
        method = report["areaMethod"]
        by_id = {r["id"]: r for r in rows[:-1]}
        for f in report["features"]:
            r = by_id.get(f["id"])
            if r is None:
                problems.append(f"feature {f['id']} missing")
                continue
            same(f"{f['id']} {method} (m²)", r[f"{method} (m²)"], f["area_m2"])
            if "declared_m2" in f:
                same(f"{f['id']} declared (m²)", r["declared (m²)"], f["declared_m2"])
                same(f"{f['id']} diff (m²)", r["diff (m²)"], f["diff_m2"])
        total = rows[-1]
        same("TOTAL", total[f"{method} (m²)"], report["total_m2"])
        for grouping in report.get("groupings", []):
            _, groups = sheet_rows(wb[f"totals by {grouping['field']}"[:31]])
            got = {g[grouping["field"]]: g for g in groups}
            for g in grouping["groups"]:
                same(f"{grouping['field']} {g['key']}", got.get(g["key"], {}).get(f"{method} (m²)"), g["area_m2"])
    else:
        print("command must be overlap, screen or area")
        return 2

    _, rejected = sheet_rows(wb["rejected"])
    rejected = [r for r in rejected if r["id"] is not None]
    if len(rejected) != len(report["rejected"]):
        problems.append(f"{len(rejected)} rejected rows, JSON has {len(report['rejected'])}")
    for p in problems:
        print("FAIL:", p)
    print(f"{checked} numbers compared, {len(problems)} problems; sheets {names}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
