"""What the workbook checks share: the arguments `REPORT.xlsx REPORT.json [MORE…]`, the workbook opened with
openpyxl (a reader independent of MineScreen), the JSON report of the same run, and a sheet's rows."""
import json
import sys


def open_workbook_and_report(doc, more_arguments=0):
    """(workbook, report, the further arguments), or None after printing why (the caller exits 2)."""
    if len(sys.argv) != 3 + more_arguments:
        print(doc)
        return None
    try:
        import openpyxl
    except ImportError:
        print("openpyxl not found (pip install openpyxl)")
        return None
    with open(sys.argv[2], encoding="utf-8") as f:
        report = json.load(f)
    return openpyxl.load_workbook(sys.argv[1]), report, sys.argv[3:]


def sheet_rows(ws):
    """The header row and every further row as a dict keyed by it."""
    values = list(ws.iter_rows(values_only=True))
    header = list(values[0])
    return header, [dict(zip(header, r)) for r in values[1:]]
