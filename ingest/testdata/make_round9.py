#!/usr/bin/python3
"""Writes the fixtures of the outside testers' ninth round with programs
other than coo: openpyxl (Debian python3-openpyxl), and LibreOffice headless
(--convert-to xlsx) for the file whose formulas need saved results.

    /usr/bin/python3 ingest/testdata/make_round9.py   # from the project root

The workbooks go in round9/, and round9/want.json holds, for each case, the
file, the source mapping (the fields of ingest.Source) and the truth the Go
test (TestRound9 in round9_test.go) compares with exactly, in the format of
layouts.want.json: every fact, every reject (sheet, cell, reason code), or
the one error that refuses the file. Every expected value is written here,
next to the cell it is put in, never taken from coo.
"""
import datetime
import json
import os
import shutil
import subprocess
import tempfile

import openpyxl
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "round9")
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


def case(name, file, source, truth=None, error=None, as_name=None):
    c = {"name": name, "file": "round9/" + file, "source": source}
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
    """Re-saves round9/name with LibreOffice, which stores each formula's
    result, in place."""
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "in_" + name)
        shutil.copy(os.path.join(here, name), src)
        out = os.path.join(tmp, "out")
        subprocess.run(["soffice", "--headless", "-env:UserInstallation=file://" + tmp + "/profile",
                        "--convert-to", "xlsx", "--outdir", out, src],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.copy(os.path.join(out, "in_" + name), os.path.join(here, name))


def wide_src(dim="Cost line", unit="CNY"):
    return {"name": "w", "files": "*.xlsx", "layout": "wide",
            "dimensions": [{"name": "item", "header": dim}],
            "measures": [{"name": "cost", "title": "Cost", "unit": unit}]}


def long_src(unit="CNY", scale=0, measure="Revenue"):
    m = {"name": measure.lower(), "header": measure, "unit": unit}
    if scale:
        m["scale"] = scale
    return {"name": "t", "files": "*.xlsx", "period": {"column": {"header": "Month"}},
            "dimensions": [{"name": "region", "header": "Region"}], "measures": [m]}


MONTHS = ["Jan-26", "Feb-26", "Mar-26"]
PERIODS = ["2026-01", "2026-02", "2026-03"]


def wide(name, rows, months=MONTHS, dim="Cost line", indent=(), bold=()):
    """Writes a wide sheet "Costs": the header, then rows (label, values...)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Costs"
    ws.append([dim] + months)
    for r in rows:
        ws.append(list(r))
        if r[0] in indent:
            ws.cell(ws.max_row, 1).alignment = Alignment(indent=2)
        if r[0] in bold:
            ws.cell(ws.max_row, 1).font = Font(bold=True)
    save(wb, name)
    return wb, ws


def members(rows, skip=(), periods=PERIODS):
    """The truth of rows loaded as members: every value of every row whose
    label is not in skip, the sheet's row i+2."""
    tr = Truth()
    for i, r in enumerate(rows):
        if r[0] in skip:
            continue
        for j, v in enumerate(r[1:]):
            if v is not None:
                tr.fact("cost", periods[j], "item=" + r[0].strip(), v, "Costs", i + 2, j + 2)
    return tr


# --- 1. Group rows above the rows they add up (parentrows): Personnel =
# Salaries + Bonus and Facilities = Rent + Utilities in each month, the
# members indented, the groups bold. Both loaded, every month counted
# twice; refused, naming the group's row and the rows it adds up.
groups = [("Personnel", 110, 110, 150), ("Salaries", 100, 110, 120), ("Bonus", 10, 0, 30),
          ("Facilities", 57, 58, 59), ("Rent", 50, 50, 50), ("Utilities", 7, 8, 9)]
wide("group-above.xlsx", groups, indent=("Salaries", "Bonus", "Rent", "Utilities"), bold=("Personnel", "Facilities"))
case("a group row above its members", "group-above.xlsx", wide_src(),
     error={"reason": "group_row", "sheet": "Costs", "cell": "B2", "contains": ["row 2", "rows 3-4", "Personnel", "clear its values"]})

# The same with the groups as =SUM formulas of the rows below and Excel
# outline levels, saved by LibreOffice so that the formulas have results.
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Costs"
ws.append(["Cost line"] + MONTHS)
for g, kids in [("Personnel", [("Salaries", 100, 110, 120), ("Bonus", 10, 0, 30)]),
                ("Facilities", [("Rent", 50, 50, 50), ("Utilities", 7, 8, 9)])]:
    gr = ws.max_row + 1
    ws.append([g] + ["=SUM(%s%d:%s%d)" % (c, gr + 1, c, gr + len(kids)) for c in "BCD"])
    for k in kids:
        ws.append(list(k))
        ws.row_dimensions[ws.max_row].outlineLevel = 1
save(wb, "group-sum.xlsx")
libre("group-sum.xlsx")
case("a group row of =SUM formulas, outlined", "group-sum.xlsx", wide_src(),
     error={"reason": "group_row", "sheet": "Costs", "cell": "B2", "contains": ["rows 3-4"]})

# A subtotal under its rows with a label no total word marks: refused at it,
# saying to list it under totals:.
sub = [("Salaries", 100, 110, 120), ("Bonus", 10, 0, 30), ("Personnel costs", 110, 110, 150), ("Rent", 50, 50, 50)]
wide("group-below.xlsx", sub)
case("a subtotal with an unknown label", "group-below.xlsx", wide_src(),
     error={"reason": "group_row", "sheet": "Costs", "cell": "B4", "contains": ["row 4", "rows 2-3", "totals:"]})

# "Summary" last, the sum of every row above it: now a total word (it is
# skipped and checked); "Three regions" is not one, and is refused as the
# sum of rows 2-4.
summ = [("North", 10, 11, 12), ("South", 20, 21, 22), ("East", 5, 6, 7)]
wide("summary.xlsx", summ + [("Summary", 35, 38, 41)], dim="Region")
tr = Truth()
for i, r in enumerate(summ):
    for j, v in enumerate(r[1:]):
        tr.fact("cost", PERIODS[j], "item=" + r[0], v, "Costs", i + 2, j + 2)
case("a Summary row", "summary.xlsx", wide_src(dim="Region"), tr)
wide("summary-other.xlsx", summ + [("Three regions", 35, 38, 41)], dim="Region")
case("a last row adding up all above it", "summary-other.xlsx", wide_src(dim="Region"),
     error={"reason": "group_row", "sheet": "Costs", "cell": "B5", "contains": ["rows 2-4"]})

# 其中 (qizhong): only the first row of the breakdown carries the word; 折旧
# loaded beside 管理费用 and doubled it. Refused, naming the rows.
qz = [("管理费用", 100, 110), ("其中：工资", 60, 65), ("折旧", 40, 45), ("销售费用", 50, 55)]
wide("qizhong.xlsx", qz, months=["2026年9月", "2026年10月"], dim="项目", indent=("其中：工资", "折旧"))
case("其中 then more breakdown rows", "qizhong.xlsx", wide_src(dim="项目"),
     error={"reason": "group_row", "sheet": "Costs", "cell": "B2", "contains": ["rows 3-4", "其中"]})
# Every breakdown row marked 其中: they are skipped, the groups load.
qz2 = [("管理费用", 100, 110), ("其中：工资", 60, 65), ("其中：折旧", 40, 45), ("销售费用", 50, 55)]
wide("qizhong-marked.xlsx", qz2, months=["2026年9月", "2026年10月"], dim="项目")
case("every breakdown row marked 其中", "qizhong-marked.xlsx", wide_src(dim="项目"),
     members(qz2, skip=("其中：工资", "其中：折旧"), periods=["2026-09", "2026-10"]))

# Rows that must still load: a group's label with no values above its rows;
# one month of small whole numbers where 5 = 3 + 2 by chance; a row equal
# to its neighbour beside a row of zeros; a row that is the sum of the two
# below in one month but not the other.
ok_rows = [("Personnel", None, None, None), ("Salaries", 100, 110, 120), ("Bonus", 10, 0, 30), ("Rent", 50, 50, 50)]
wide("group-label.xlsx", ok_rows)
case("a group's label without values", "group-label.xlsx", wide_src(), members(ok_rows, skip=("Personnel",)))
one = [("Sales", 5), ("Support", 3), ("Admin", 2)]
wide("chance-one-month.xlsx", one, months=["Jan-26"])
case("5 = 3 + 2 in one month loads", "chance-one-month.xlsx", wide_src(), members(one))
zeros = [("Rent", 50, 50, 50), ("Insurance", 50, 50, 50), ("Deposit", 0, 0, 0)]
wide("neighbour-zero.xlsx", zeros)
case("a row equal to its neighbour beside zeros loads", "neighbour-zero.xlsx", wide_src(), members(zeros))
once = [("Travel", 30, 40, 50), ("Air", 20, 25, 30), ("Hotel", 10, 14, 21)]
wide("sum-once.xlsx", once)
case("a sum in some months only loads", "sum-once.xlsx", wide_src(), members(once))
# A quarter of sparse small counts: Team A = B + C in every month (1 = 1 + 0,
# 0 = 0 + 0, 2 = 1 + 1), by chance: two digits of evidence, not five.
sparse = [("Team A", 1, 0, 2), ("Team B", 1, 0, 1), ("Team C", 0, 0, 1)]
wide("chance-sparse-counts.xlsx", sparse)
case("sparse small counts that add up by chance load", "chance-sparse-counts.xlsx", wide_src(unit=""), members(sparse))
# One month, but figures no coincidence writes: 12,345.67 = 10,000.00 + 2,345.67.
big = [("Personnel", 12345.67), ("Salaries", 10000.00), ("Bonus", 2345.67)]
wide("one-month-big.xlsx", big, months=["Jan-26"])
case("one month of precise figures", "one-month-big.xlsx", wide_src(),
     error={"reason": "group_row", "sheet": "Costs", "cell": "B2", "contains": ["rows 3-4"]})

# --- 2. Total labels (totals, totals_one): each is skipped (and checked:
# 30 = 10 + 20), where it loaded as a member. Members that only look like
# one load.
labels = ["Tot.", "彙總", "Summary", "全公司", "总额", "Total¹", "TOTAL²"]
for i, label in enumerate(labels):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    for row in (["Month", "Region", "Revenue"], ["2026-10", "North", 10], ["2026-10", "South", 20], ["2026-10", label, 30]):
        ws.append(row)
    name = "total-%02d.xlsx" % i
    save(wb, name)
    tr = Truth()
    tr.fact("revenue", "2026-10", "region=North", 10, "Data", 2, 3)
    tr.fact("revenue", "2026-10", "region=South", 20, "Data", 3, 3)
    case("total label %r" % label, name, long_src(unit=""), tr)
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Data"
look = [("Summary Street", 10), ("工资总额", 20), ("Totem", 5), ("Tottenham", 7)]
ws.append(["Month", "Region", "Revenue"])
for r in look:
    ws.append(["2026-10", r[0], r[1]])
save(wb, "total-lookalikes.xlsx")
tr = Truth()
for i, r in enumerate(look):
    tr.fact("revenue", "2026-10", "region=" + r[0], r[1], "Data", i + 2, 3)
case("members that only look like totals", "total-lookalikes.xlsx", long_src(unit=""), tr)

# --- 3. Unit statements above the table (units2, currency2): each says
# thousands, millions or 万 over a mapping in units, or another currency
# than the measure's CNY; refused (wrong_scale) naming A1, where the
# figures loaded 1,000 or 10,000 times off, or dollars as yuan.
stmts = [("HK$'000", "CNY", ["HKD"]), ("US$ million", "", ["millions", "scale: 1000000", "unit: USD"]),
         ("Expressed in RMB thousands", "CNY", ["thousands", "scale: 1000"]),
         ("数据单位：万元", "CNY", ["scale: 10000"]),
         ("(Amounts in thousands, except per-share data)", "CNY", ["scale: 1000"]),
         ("Currency: USD", "CNY", ["USD", "CNY", "does not convert"]), ("单位：美元", "CNY", ["USD"]),
         ("Unit: USD thousands", "CNY", ["USD", "unit: USD and scale: 1000"])]
for i, (text, unit, contains) in enumerate(stmts):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    for row in ([text], [], ["Month", "Region", "Revenue"], ["2026-10", "North", 10], ["2026-10", "South", 20]):
        ws.append(row)
    name = "unit-%02d.xlsx" % i
    save(wb, name)
    case("unit statement %r" % text, name, long_src(unit=unit),
         error={"reason": "wrong_scale", "sheet": "Data", "cell": "A1", "contains": contains})
# Statements that agree with the mapping load.
for i, (text, unit, scale) in enumerate([("Expressed in RMB thousands", "CNY", 1000), ("Currency: CNY", "CNY", 0),
                                          ("单位：元", "CNY", 0), ("US$ million", "USD", 1e6)]):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    for row in ([text], ["Month", "Region", "Revenue"], ["2026-10", "North", 10], ["2026-10", "South", 20]):
        ws.append(row)
    name = "unit-ok-%02d.xlsx" % i
    save(wb, name)
    tr = Truth()
    tr.fact("revenue", "2026-10", "region=North", 10 * (scale or 1), "Data", 3, 3)
    tr.fact("revenue", "2026-10", "region=South", 20 * (scale or 1), "Data", 4, 3)
    case("unit statement %r agreeing" % text, name, long_src(unit=unit, scale=scale), tr)

with open(os.path.join(here, "want.json"), "w") as f:
    json.dump(cases, f, ensure_ascii=False, indent=1)
    f.write("\n")
print("wrote %d cases to %s" % (len(cases), here))
