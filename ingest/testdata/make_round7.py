#!/usr/bin/python3
"""Writes the fixtures of the outside testers' seventh round with programs
other than coo: openpyxl (Debian python3-openpyxl), and LibreOffice headless
(--convert-to xlsx) for the files it re-saves.

    /usr/bin/python3 ingest/testdata/make_round7.py   # from the project root

The workbooks go in round7/, and round7/want.json holds, for each case, the
file, the source mapping (the fields of ingest.Source) and the truth the Go
test (TestRound7 in round7_files_test.go) compares with exactly, in the format of
layouts.want.json: every fact, every reject (sheet, cell, reason code), or
the one error that refuses the file. Every expected value is written here,
next to the cell it is put in, never taken from coo. The test also checks
that no value loads as -0.
"""
import datetime
import json
import os
import shutil
import subprocess
import tempfile

import openpyxl
from openpyxl.utils import get_column_letter

here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "round7")
os.makedirs(here, exist_ok=True)
T0 = datetime.datetime(2026, 12, 1, 0, 0, 0)
cases = []


def ref(row, col):
    return get_column_letter(col) + str(row)


class Truth:
    """Collects the expected facts and rejects of one case."""

    def __init__(self):
        self.facts, self.rejects = [], []

    def fact(self, metric, period, dims, value, sheet, row, col):
        self.facts.append({"metric": metric, "period": period, "dims": dims,
                           "value": value, "sheet": sheet, "cell": ref(row, col)})

    def reject(self, sheet, row, col, reason):
        self.rejects.append({"sheet": sheet, "cell": ref(row, col), "reason": reason})


def case(name, file, source, truth=None, error=None, as_name=None):
    c = {"name": name, "file": "round7/" + file, "source": source}
    if as_name:
        c["as"] = as_name
    if truth:
        c["facts"], c["rejects"] = truth.facts, truth.rejects
    if error:
        c["error"] = error
    cases.append(c)


def save(wb, name):
    wb.properties.created = T0
    wb.properties.modified = T0
    wb.save(os.path.join(here, name))


def libre(name):
    """Re-saves round7/name with LibreOffice (shared strings, its own merge
    and style records), in place."""
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "in_" + name)
        shutil.copy(os.path.join(here, name), src)
        out = os.path.join(tmp, "out")
        subprocess.run(["soffice", "--headless", "-env:UserInstallation=file://" + tmp + "/profile",
                        "--convert-to", "xlsx", "--outdir", out, src],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.copy(os.path.join(out, "in_" + name), os.path.join(here, name))


def long_src(dims=("Item",), measure="Amount", period={"column": {"header": "Month"}}):
    return {"name": "t", "files": "*.xlsx", "period": period,
            "dimensions": [{"name": d.lower(), "header": d} for d in dims],
            "measures": [{"name": measure.lower(), "header": measure}]}


def wide_src(dim="Region", measure="revenue"):
    return {"name": "w", "files": "*.xlsx", "layout": "wide",
            "dimensions": [{"name": dim.lower(), "header": dim}],
            "measures": [{"name": measure, "title": measure.capitalize()}]}


# --- 1. Usual total labels (case03): a row whose label is a total in one of
# these forms is skipped (and checked: 300 = 100 + 200), where it loaded as a
# member and doubled the month. The month is in the file's name.
labels = ["TTL", "All", "Σ", "∑", "Whole company", "Totaal", "Gesamt", "Итого", "Итого:", "Total company",
          "All regions", "Company total", "Gesamtsumme", "Summe", "Total général", "小計", "Insgesamt", "Всего"]
src = {"name": "t", "files": "*.xlsx", "period": {"filename": True},
       "dimensions": [{"name": "region", "header": "Region"}], "measures": [{"name": "revenue", "header": "Revenue"}]}
for i, label in enumerate(labels):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sales"
    for row in (["Region", "Revenue"], ["North", 100], ["South", 200], [label, 300]):
        ws.append(row)
    name = "total-%02d.xlsx" % i
    save(wb, name)
    tr = Truth()
    tr.fact("revenue", "2026-10", "region=North", 100, "Sales", 2, 2)
    tr.fact("revenue", "2026-10", "region=South", 200, "Sales", 3, 2)
    case("total label %r" % label, name, src, tr, as_name="sales-2026-10-%02d.xlsx" % i)

# The same labels are checked as totals: "Totaal" 310 over 100 + 200 refuses.
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Sales"
for row in (["Region", "Revenue"], ["North", 100], ["South", 200], ["Totaal", 310]):
    ws.append(row)
save(wb, "totaal-wrong.xlsx")
case("Totaal is checked", "totaal-wrong.xlsx", src, as_name="sales-2026-10.xlsx",
     error={"reason": "total_mismatch", "sheet": "Sales", "cell": "B4", "contains": ["310", "300"]})

# Members whose names start with "All" or contain a total word are members:
# only the whole label "All" is a total. The real total adds all three.
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Sales"
for row in (["Region", "Revenue"], ["Allentown", 100], ["Alliance", 200], ["All Star", 50], ["Free for all", 7],
            ["Summerville", 3], ["Total", 360]):
    ws.append(row)
save(wb, "all-members.xlsx")
tr = Truth()
for r, (reg, v) in enumerate((("Allentown", 100), ("Alliance", 200), ("All Star", 50), ("Free for all", 7),
                              ("Summerville", 3)), start=2):
    tr.fact("revenue", "2026-10", "region=" + reg, v, "Sales", r, 2)
case("members named All...", "all-members.xlsx", src, tr, as_name="sales-2026-10.xlsx")

# Wide: a "Gesamt" column and an "Итого:" row are totals (checked), not a
# member; a "Gesamt" that does not add up refuses the file.
for name, total in (("wide-gesamt.xlsx", 230), ("wide-gesamt-wrong.xlsx", 231)):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sales"
    for row in (["Region", "Oct-26", "Nov-26", "Gesamt"], ["North", 100, 10, 110], ["South", 80, 40, 120],
                ["Итого:", 180, 50, total]):
        ws.append(row)
    save(wb, name)
tr = Truth()
for r, reg, a, b in ((2, "North", 100, 10), (3, "South", 80, 40)):
    tr.fact("revenue", "2026-10", "region=" + reg, a, "Sales", r, 2)
    tr.fact("revenue", "2026-11", "region=" + reg, b, "Sales", r, 3)
case("wide Gesamt column and Итого row", "wide-gesamt.xlsx", wide_src(), tr)
case("wide Gesamt row total checked", "wide-gesamt-wrong.xlsx", wide_src(),
     error={"reason": "total_mismatch", "sheet": "Sales", "cell": "D4", "contains": ["231", "230"]})

# --- 2. Text numbers beside decimal commas (case24). "0,5", "1,25", "7,1"
# are set aside as not_a_number (as before); "1,234" and "12,345" after
# them read two ways: set aside, where they loaded as 1234 and 12345.
def long_texts(name, values, sheet="Data"):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(["Month", "Item", "Amount"])
    for i, v in enumerate(values, start=1):
        ws.append(["2026-10", "d%d" % i, v])
    save(wb, name)


long_texts("comma-after.xlsx", ["0,5", "1,25", "1,234", "12,345", "7,1"])
tr = Truth()
for r, reason in ((2, "not_a_number"), (3, "not_a_number"), (4, "ambiguous_number"), (5, "ambiguous_number"), (6, "not_a_number")):
    tr.reject("Data", r, 3, reason)
case("decimal commas, then 1,234 and 12,345", "comma-after.xlsx", long_src(), tr)

# "2.500" and "1.234" beside "1.234,50": ambiguous; a number cell 2500, text
# "2500" and "3.25" (no three digits after the point) load as written.
long_texts("comma-dot.xlsx", ["1.234,50", "2.500", 2500, "2500", "3.25", "(1.234)"])
tr = Truth()
tr.reject("Data", 2, 3, "not_a_number")
tr.reject("Data", 3, 3, "ambiguous_number")
tr.fact("amount", "2026-10", "item=d3", 2500, "Data", 4, 3)
tr.fact("amount", "2026-10", "item=d4", 2500, "Data", 5, 3)
tr.fact("amount", "2026-10", "item=d5", 3.25, "Data", 6, 3)
tr.reject("Data", 7, 3, "ambiguous_number")
case("2.500 beside 1.234,50", "comma-dot.xlsx", long_src(), tr)

# "1,234" before the first decimal comma: it loaded as 1234 before the sheet
# showed decimal commas, so the file is refused naming it.
long_texts("comma-before.xlsx", ["1,234", "5", "0,5"])
case("1,234 before a decimal comma", "comma-before.xlsx", long_src(),
     error={"reason": "ambiguous_number", "sheet": "Data", "cell": "C2", "contains": ["C4", "0,5", "number cell"]})

# Without a decimal comma in the column, thousands separators read as
# before; "0,500" (no thousands group starts with 0) is not a number.
long_texts("comma-none.xlsx", ["1,234", "12,345", "2.500", "1,234.5", "0,500"])
tr = Truth()
tr.fact("amount", "2026-10", "item=d1", 1234, "Data", 2, 3)
tr.fact("amount", "2026-10", "item=d2", 12345, "Data", 3, 3)
tr.fact("amount", "2026-10", "item=d3", 2.5, "Data", 4, 3)
tr.fact("amount", "2026-10", "item=d4", 1234.5, "Data", 5, 3)
tr.reject("Data", 6, 3, "not_a_number")
case("thousands separators, no decimal comma", "comma-none.xlsx", long_src(), tr)

# Wide: a block whose text numbers show a decimal comma.
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Sales"
# (a first row of text only would read as sub-column headers)
for row in (["Region", "Oct-26", "Nov-26"], ["South", 7, 8], ["North", "0,5", "1,234"], ["East", 9, "2.500"]):
    ws.append(row)
save(wb, "comma-wide.xlsx")
tr = Truth()
tr.fact("revenue", "2026-10", "region=South", 7, "Sales", 2, 2)
tr.fact("revenue", "2026-11", "region=South", 8, "Sales", 2, 3)
tr.reject("Sales", 3, 2, "not_a_number")
tr.reject("Sales", 3, 3, "ambiguous_number")
tr.fact("revenue", "2026-10", "region=East", 9, "Sales", 4, 2)
tr.reject("Sales", 4, 3, "ambiguous_number")
case("wide decimal comma then 1,234", "comma-wide.xlsx", wide_src(), tr)

# --- 3. Year-to-date and comparative columns (case18): not totals of the
# months beside them; not read, not checked. A genuine Total stays checked.
def wide(name, rows, resave=False):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sales"
    for row in rows:
        ws.append(row)
    save(wb, name)
    if resave:
        libre(name)


def wide_truth(rows, months, cols):
    tr = Truth()
    for r, row in enumerate(rows[1:], start=2):
        for m, c in zip(months, cols):
            tr.fact("revenue", m, "region=" + row[0], row[c - 1], "Sales", r, c)
    return tr


rows = [["Region", "Aug-26", "Sep-26", "Oct-26", "YTD"], ["North", 100, 110, 120, 1000], ["South", 200, 210, 220, 2000]]
wide("ytd.xlsx", rows, resave=True)
case("YTD beside three months", "ytd.xlsx", wide_src(), wide_truth(rows, ["2026-08", "2026-09", "2026-10"], [2, 3, 4]))

rows = [["Region", "Oct-26", "YTD Oct-26", "Oct-25", "YTD Oct-25"], ["North", 120, 1000, 100, 900], ["South", 220, 2000, 200, 1900]]
wide("ytd-compare.xlsx", rows)
case("YTD and last year's columns", "ytd-compare.xlsx", wide_src(), wide_truth(rows, ["2026-10"], [2]))

rows = [["Region", "Oct-26", "Nov-26", "Oct-25", "Nov-25"], ["North", 120, 130, 100, 110], ["South", 220, 230, 200, 210]]
wide("compare-two.xlsx", rows)
case("two months against last year's", "compare-two.xlsx", wide_src(), wide_truth(rows, ["2026-10", "2026-11"], [2, 3]))

rows = [["Region", "Oct-26", "本年累计", "上年同期"], ["North", 120, 1000, 100], ["South", 220, 2000, 200]]
wide("ytd-zh.xlsx", rows)
case("本年累计 and 上年同期", "ytd-zh.xlsx", wide_src(), wide_truth(rows, ["2026-10"], [2]))

rows = [["Region", "Aug-26", "Sep-26", "YTD", "Year to date", "Cumulative", "累计", "FY total"],
        ["North", 100, 110, 1000, 1000, 1000, 1000, 210], ["South", 200, 210, 2000, 2000, 2000, 2000, 410]]
wide("ytd-total.xlsx", rows)
case("YTD columns beside a genuine total", "ytd-total.xlsx", wide_src(), wide_truth(rows, ["2026-08", "2026-09"], [2, 3]))
rows[2][7] = 420
wide("ytd-total-wrong.xlsx", rows)
case("a genuine total beside YTD is checked", "ytd-total-wrong.xlsx", wide_src(),
     error={"reason": "total_mismatch", "sheet": "Sales", "cell": "H3", "contains": ["420", "410", "B3:C3"]})

# Months latest first, fourteen of them, are all read (no comparison).
months = [(2027, 2), (2027, 1)] + [(2026, m) for m in range(12, 0, -1)]
names = [datetime.date(y, m, 1).strftime("%b-%y") for y, m in months]
rows = [["Region"] + names, ["North"] + list(range(1, 15))]
wide("latest-first.xlsx", rows)
case("months latest first", "latest-first.xlsx", wide_src(),
     wide_truth(rows, ["%04d-%02d" % ym for ym in months], list(range(2, 16))))

# --- 4. A month merged down its rows in a long table (case10), as text and
# as a date, re-saved by LibreOffice; a team merged down too.
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Cost"
for row in (["Month", "Team", "Site", "Cost"], ["2026-09", "A", "X", 1], [None, "B", "X", 2], [None, "C", None, 3],
            [datetime.datetime(2026, 10, 1), "A", "Y", 4], [None, "B", "Y", 5]):
    ws.append(row)
ws["A5"].number_format = "yyyy-mm"
ws.merge_cells("A2:A4")
ws.merge_cells("A5:A6")
ws.merge_cells("C3:C4")  # Site X merged over rows 3-4
save(wb, "merged-month.xlsx")
libre("merged-month.xlsx")
tr = Truth()
for r, per, team, site, v in ((2, "2026-09", "A", "X", 1), (3, "2026-09", "B", "X", 2), (4, "2026-09", "C", "X", 3),
                              (5, "2026-10", "A", "Y", 4), (6, "2026-10", "B", "Y", 5)):
    tr.fact("cost", per, "team=%s;site=%s" % (team, site), v, "Cost", r, 4)
case("month merged down its rows", "merged-month.xlsx", long_src(dims=("Team", "Site"), measure="Cost"), tr)

# --- 5. A value merged over several months (wide) or rows (long): refused.
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Cost"
for row in (["Team", "Jul-26", "Aug-26", "Sep-26", "Oct-26"], ["A", 900, None, None, 40], ["B", 10, 20, 30, 40]):
    ws.append(row)
ws.merge_cells("B2:D2")
save(wb, "merged-wide.xlsx")
case("a value merged over three months", "merged-wide.xlsx", wide_src(dim="Team", measure="cost"),
     error={"reason": "merged_value", "sheet": "Cost", "cell": "B2", "contains": ["B2:D2", "2026-07", "2026-09", "900"]})

wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Cost"
for row in (["Month", "Team", "Cost"], ["2026-10", "A", 300], ["2026-10", "B", None], ["2026-10", "C", 50]):
    ws.append(row)
ws.merge_cells("C2:C3")
save(wb, "merged-long.xlsx")
case("a value merged over two rows", "merged-long.xlsx", long_src(dims=("Team",), measure="Cost"),
     error={"reason": "merged_value", "sheet": "Cost", "cell": "C2", "contains": ["C2:C3", "rows 2 to 3"]})

# A value merged into a column that is not mapped (formatting) is one figure.
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Cost"
for row in (["Month", "Team", "Cost"], ["2026-10", "A", 300], ["2026-10", "B", 40]):
    ws.append(row)
ws.merge_cells("C2:D2")
save(wb, "merged-harmless.xlsx")
tr = Truth()
tr.fact("cost", "2026-10", "team=A", 300, "Cost", 2, 3)
tr.fact("cost", "2026-10", "team=B", 40, "Cost", 3, 3)
case("a value merged into an unmapped column", "merged-harmless.xlsx", long_src(dims=("Team",), measure="Cost"), tr)

# --- 6. Negative zero (case01 a28, case17): loads as 0 (the test checks the
# sign too: JSON's 0 and -0 compare equal).
long_texts("negzero.xlsx", [-0.0, "-0", "(0)", "-0.00", "0"])
tr = Truth()
for r in range(2, 7):
    tr.fact("amount", "2026-10", "item=d%d" % (r - 1), 0, "Data", r, 3)
case("negative zero", "negzero.xlsx", long_src(), tr)

with open(os.path.join(here, "want.json"), "w") as f:
    json.dump(cases, f, ensure_ascii=False, indent=1)
    f.write("\n")
print("wrote %d cases to %s" % (len(cases), here))
