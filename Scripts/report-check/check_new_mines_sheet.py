#!/usr/bin/env python3
"""Opens a `minescreen rectify --candidates` workbook with openpyxl (an independent reader) and checks its sheet
拟新设置名单 against attachment 4 of the Jincheng plan (晋市政办〔2024〕41号, column order as printed there) and
against the JSON report of the same run: one row per new mine, in order, with areas in km² as numbers.

  check_new_mines_sheet.py REPORT.xlsx REPORT.json

Exit 0 when everything matches, 1 on a mismatch (each is printed), 2 when openpyxl is missing.
"""
import sys

from workbook_check import open_workbook_and_report, sheet_rows

# Attachment 4 (非煤矿山拟新设置名单), in the plan's order; the report may add columns after them.
ATTACHMENT_4 = ["序号", "拟设矿业权名称(规划区块)", "开采矿种", "矿区面积(平方公里)", "预测资源量(万吨)", "地理位置", "拟出让年度"]


def main():
    opened = open_workbook_and_report(__doc__)
    if opened is None:
        return 2
    wb, report, _ = opened
    problems = []

    def expect(what, got, want):
        if got != want:
            problems.append(f"{what}: workbook {got!r} != expected {want!r}")

    if "拟新设置名单" not in wb.sheetnames:
        print(f"no sheet 拟新设置名单 in {wb.sheetnames}")
        return 1
    ws = wb["拟新设置名单"]
    header, rows = sheet_rows(ws)
    expect("attachment 4 columns", header[:len(ATTACHMENT_4)], ATTACHMENT_4)
    mines = report["newMines"]
    # The rows, then one footer row with the balance.
    expect("rows", len(rows), len(mines) + 1)
    for k, (row, m) in enumerate(zip(rows, mines)):
        where = f"row {k + 1}"
        expect(f"{where} 序号", row["序号"], k + 1)
        expect(f"{where} 名称", row["拟设矿业权名称(规划区块)"], m["name"])
        expect(f"{where} 开采矿种", row["开采矿种"], m["mineral"])
        area = row["矿区面积(平方公里)"]
        if not isinstance(area, (int, float)) or abs(area - m["area_km2"]) > 5e-5:
            problems.append(f"{where} 矿区面积 {area!r} is not {m['area_km2']} to 4 decimals")
        resources = m["resources"]
        expect(f"{where} 预测资源量", row["预测资源量(万吨)"], float(resources) if isinstance(resources, (int, float)) else resources)
        expect(f"{where} 地理位置", row["地理位置"], m["location"])
        expect(f"{where} 拟出让年度", row["拟出让年度"], m["year"])
        expect(f"{where} 区块编号", row["区块编号"], m["id"])
        expect(f"{where} 筛查结论", row["筛查结论"], m["verdict"])
        clean = row["净矿面积(平方公里)"]
        if m["verdict"] == "needs-cut":
            if not isinstance(clean, (int, float)) or abs(clean - m["clean_km2"]) > 5e-5:
                problems.append(f"{where} 净矿面积 {clean!r} is not {m['clean_km2']} to 4 decimals")
        else:
            expect(f"{where} 净矿面积", clean, None)
    balance = report["summary"]["balance"]
    footer = rows[-1] if rows else {}
    line = str(footer.get("拟设矿业权名称(规划区块)"))
    want = f"{balance['new']} new {'≤' if balance['ok'] else '>'} {balance['closed']} closed"
    if want not in line:
        problems.append(f"footer {line!r} does not say {want!r}")

    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
