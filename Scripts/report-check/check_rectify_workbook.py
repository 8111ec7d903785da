#!/usr/bin/env python3
"""Opens a `minescreen rectify` workbook with openpyxl (an independent reader) and checks its lists against
the JSON report of the same run: who is on which list, the 关闭取缔 / 引导退出 marks, scales as numbers, the
service life after an upgrade (reserves / planned scale, computed here), and the groups.

  check_rectify_workbook.py REPORT.xlsx REPORT.json

Exit 0 when everything matches, 1 on a mismatch (each is printed), 2 when openpyxl is missing.
"""
import sys

from workbook_check import open_workbook_and_report, sheet_rows


def rows(ws):
    return sheet_rows(ws)[1]


def main():
    opened = open_workbook_and_report(__doc__)
    if opened is None:
        return 2
    wb, report, _ = opened
    problems = []

    def expect(what, got, want):
        if got != want:
            problems.append(f"{what}: workbook {got!r} != expected {want!r}")

    expect("sheets", wb.sheetnames[:4], ["关闭退出名单", "升级改造名单", "整合重组名单", "reasons"])
    for ws in wb.worksheets:
        expect(f"sheet {ws.title} frozen header", ws.freeze_panes, "A2")
    mines = report["mines"]

    out = [m for m in mines if m["category"] in ("close", "exit")]
    listed = rows(wb["关闭退出名单"])
    expect("关闭退出名单 rows", len(listed), len(out))
    for k, (row, m) in enumerate(zip(listed, out)):
        expect(f"关闭退出名单 row {k + 1} 序号", row["序号"], k + 1)
        expect(f"关闭退出名单 row {k + 1} 矿山名称", row["矿山名称"], m["name"])
        expect(f"关闭退出名单 row {k + 1} 采矿许可证号", row["采矿许可证号"] or None, m["licence"])
        expect(f"关闭退出名单 row {k + 1} 生产规模", row["生产规模(万吨/年)"], float(m["scale"]))
        expect(f"关闭退出名单 row {k + 1} 关闭取缔", row["关闭退出方式:关闭取缔"], "√" if m["category"] == "close" else "")
        expect(f"关闭退出名单 row {k + 1} 引导退出", row["关闭退出方式:引导退出"], "√" if m["category"] == "exit" else "")

    up = [m for m in mines if m["category"] == "upgrade"]
    listed = rows(wb["升级改造名单"])
    expect("升级改造名单 rows", len(listed), len(up))
    for k, (row, m) in enumerate(zip(listed, up)):
        expect(f"升级改造名单 row {k + 1} 现有生产规模", row["现有生产规模(万吨/年)"], float(m["scale"]))
        expect(f"升级改造名单 row {k + 1} 提升改造后生产规模", row["提升改造后生产规模(万吨/年)"], float(m["planned_scale"]))
        expect(f"升级改造名单 row {k + 1} 剩余可采资源量", row["剩余可采资源量(万吨)"], float(m["reserves"]))
        life = row["改造后服务年限"]
        if not isinstance(life, float) or abs(life - m["reserves"] / m["planned_scale"]) > 1e-9:
            problems.append(f"升级改造名单 row {k + 1} 改造后服务年限 {life!r} != reserves / planned scale")

    by_id = {m["id"]: m for m in mines}
    want = sorted((g["id"], by_id[i]["licence"] or i) for g in report["groups"] for i in g["mines"])
    got = sorted((r["组号"], r["采矿许可证号"]) for r in rows(wb["整合重组名单"]))
    expect("整合重组名单 (group, licence)", got, want)

    expect("reasons rows", len(rows(wb["reasons"])), sum(len(m["reasons"]) for m in mines))
    expect("rejected rows", len(rows(wb["rejected"])), len(report["rejected"]))

    for p in problems:
        print(p)
    if not problems:
        print(f"ok: {len(mines)} mines, {len(report['groups'])} groups")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
