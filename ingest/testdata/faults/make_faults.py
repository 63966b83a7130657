#!/usr/bin/python3
"""Writes the fault fixtures of package ingest (issue 14, "faults found by an
outside red team") with openpyxl 3.0.9 (Debian python3-openpyxl), a program
other than coo:

    /usr/bin/python3 ingest/testdata/faults/make_faults.py   # from the project root

Next to the workbooks it writes faults.want.json: for each case the file, the
source mapping (fields of ingest.Source), and the truth TestFaults
(hostile_test.go) compares with exactly: every fact (metric, period, dims,
value, sheet, cell), or the error that refuses the file (reason code, texts
its message must hold). Every expected value is written here, from the
value put in the cell, never taken from coo.

  maxdouble.xlsx      the largest double, 1.7976931348623157e308, and its
                      negative: openpyxl writes them as 1.797693134862316e+308,
                      16 digits rounded up, which overflows a double.
  date1900.xlsx       a month column of real dates at the start of Excel's
                      1900 system: 1900-01-01 (serial 1), 1900-02-28 (59),
                      1900-03-01 (61).
  date1900_label.xlsx the month in a cell right of "Month:" above the table,
                      holding the date 1900-01-01 (serial 1).
  date1904.xlsx       the 1904 date system: 1904-01-01 (serial 0), 1904-02-01
                      (31), 2026-10-01.
  badentity.xlsx      a sheet whose XML, edited after openpyxl, holds an entity
                      reference made of bytes that are not UTF-8 (&\\xff\\xfe;) in
                      the value of C3: refused as damaged, the bytes escaped.
  badattr.xlsx        a sheet whose row 3 has an attribute named by the byte
                      0xFF, with no value: refused as damaged, the byte escaped.
"""
import datetime
import json
import os
import shutil
import tempfile
import zipfile

import openpyxl
from openpyxl.utils.datetime import CALENDAR_MAC_1904

here = os.path.dirname(os.path.abspath(__file__))
T0 = datetime.datetime(2026, 11, 1, 0, 0, 0)
MAX = 1.7976931348623157e308  # sys.float_info.max
assert MAX == __import__("sys").float_info.max
cases = []

LEDGER = {
    "Name": "finance", "Files": "*.xlsx",
    "Period": {"Column": {"Header": "Month"}},
    "Dimensions": [{"Name": "cost_line", "Header": "Cost line"}],
    "Measures": [{"Name": "budget", "Header": "Budget", "Unit": "CNY"},
                 {"Name": "actual", "Header": "Actual", "Unit": "CNY"}],
}
LABEL = dict(LEDGER, Period={"Label": "Month"})


def save(wb, name):
    wb.properties.created = T0
    wb.properties.modified = T0
    wb.save(os.path.join(here, name))


def ledger(name, rows, date1904=False, fmt="yyyy-mm-dd"):
    """A sheet Ledger: Month | Cost line | Budget | Actual from row 1; rows are
    (month value, period it means, cost line, budget, actual)."""
    wb = openpyxl.Workbook()
    if date1904:
        wb.epoch = CALENDAR_MAC_1904
    ws = wb.active
    ws.title = "Ledger"
    ws.append(["Month", "Cost line", "Budget", "Actual"])
    facts = []
    for i, (month, period, line, budget, actual) in enumerate(rows, start=2):
        ws.cell(i, 1, month)
        if isinstance(month, datetime.datetime):
            ws.cell(i, 1).number_format = fmt
        ws.cell(i, 2, line)
        ws.cell(i, 3, budget)
        ws.cell(i, 4, actual)
        facts.append(fact("budget", period, line, budget, "C%d" % i))
        facts.append(fact("actual", period, line, actual, "D%d" % i))
    save(wb, name)
    return facts


def fact(metric, period, line, value, cell):
    return {"metric": metric, "period": period, "dims": "cost_line=" + line,
            "value": value, "sheet": "Ledger", "cell": cell}


def d(y, m, day=1):
    return datetime.datetime(y, m, day)


# The largest double: read, not refused as damage, and set aside as
# out_of_range (no figure reaches 1e15), which drops its row.
maxdouble = {"name": "largest double", "file": "maxdouble.xlsx", "source": LEDGER,
             "facts": ledger("maxdouble.xlsx", [
                 (d(2026, 10), "2026-10", "Rent", MAX, -MAX),
                 (d(2026, 10), "2026-10", "IT", 1.5, 2.25)])}
maxdouble["facts"] = [f for f in maxdouble["facts"] if f["dims"] != "cost_line=Rent"]
maxdouble["rejects"] = [{"cell": "C2", "reason": "out_of_range"}, {"cell": "D2", "reason": "out_of_range"}]
cases.append(maxdouble)

# Excel's 1900 system from its first day.
cases.append({"name": "1900-01-01 in a month column", "file": "date1900.xlsx", "source": LEDGER,
              "facts": ledger("date1900.xlsx", [
                  (d(1900, 1, 1), "1900-01", "Rent", 1, 2),
                  (d(1900, 2, 28), "1900-02", "IT", 3, 4),
                  (d(1900, 3, 1), "1900-03", "Travel", 5, 6)])})

# The month right of a "Month:" label above the table.
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Ledger"
ws["A1"] = "Month:"
ws["B1"] = d(1900, 1, 1)
ws["B1"].number_format = "yyyy-mm-dd"
ws.append([])
ws["B3"], ws["C3"], ws["D3"] = "Cost line", "Budget", "Actual"
ws["B4"], ws["C4"], ws["D4"] = "Rent", 10, 20
save(wb, "date1900_label.xlsx")
cases.append({"name": "1900-01-01 right of Month:", "file": "date1900_label.xlsx",
              "source": dict(LABEL, Dimensions=LEDGER["Dimensions"]),
              "facts": [fact("budget", "1900-01", "Rent", 10, "C4"),
                        fact("actual", "1900-01", "Rent", 20, "D4")]})

# The 1904 system from its first day.
cases.append({"name": "1904-01-01 in the 1904 system", "file": "date1904.xlsx", "source": LEDGER,
              "facts": ledger("date1904.xlsx", [
                  (d(1904, 1, 1), "1904-01", "Rent", 1, 2),
                  (d(1904, 2, 1), "1904-02", "IT", 3, 4),
                  (d(2026, 10, 1), "2026-10", "Travel", 5, 6)], date1904=True)})


def edit_sheet(name, old, new):
    """Replaces old by new (bytes) in the sheet XML of workbook name."""
    path = os.path.join(here, name)
    fd, tmp = tempfile.mkstemp(suffix=".xlsx")
    os.close(fd)
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                assert data.count(old) == 1, (name, old)
                data = data.replace(old, new)
            zout.writestr(item, data)
    shutil.move(tmp, path)
    os.chmod(path, 0o644)


# Bytes that are not UTF-8 where the reader's message quotes the file.
rows = [(d(2026, 10), "2026-10", "Rent", 1, 2), (d(2026, 10), "2026-10", "IT", 3, 4)]
ledger("badentity.xlsx", rows)
edit_sheet("badentity.xlsx", b'<c r="C3" t="n"><v>3</v>', b'<c r="C3" t="n"><v>3&\xff\xfe;</v>')
cases.append({"name": "entity of bytes that are not UTF-8", "file": "badentity.xlsx", "source": LEDGER,
              "error": {"reason": "not_a_workbook", "contains": ["damaged", r"&\xff\xfe;"]}})
ledger("badattr.xlsx", rows)
edit_sheet("badattr.xlsx", b'<row r="3">', b'<row r="3" \xff>')
cases.append({"name": "attribute named by a byte that is not UTF-8", "file": "badattr.xlsx", "source": LEDGER,
              "error": {"reason": "not_a_workbook", "contains": ["damaged", r"attribute \xff of <row>"]}})

with open(os.path.join(here, "faults.want.json"), "w") as f:
    json.dump(cases, f, indent=1, ensure_ascii=False)
    f.write("\n")
