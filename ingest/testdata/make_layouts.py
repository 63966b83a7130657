#!/usr/bin/python3
"""Writes the layout fixtures of package ingest with programs other than coo:
openpyxl 3.0.9 (Debian python3-openpyxl; no cached formula values, inline
strings) and LibreOffice headless (shared strings, cached values).

    /usr/bin/python3 ingest/testdata/make_layouts.py   # from the project root

Next to the workbooks it writes layouts.want.json: for each case, the file,
the source mapping (the fields of ingest.Source), and the truth the Go test
(TestLayouts in layouts_test.go) compares with exactly: every fact (metric,
period, dims in the mapping's order, value with percent and scale applied,
sheet, cell), every reject (sheet, cell, reason code), or the one error that
refuses the file (reason code, sheet, cell, texts the message must name).
Every expected value is written here, next to the cell it is put in, never
taken from coo.
"""
import datetime
import json
import os
import shutil
import subprocess
import tempfile
import zipfile

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import CALENDAR_MAC_1904
from openpyxl.workbook.protection import WorkbookProtection

here = os.path.dirname(os.path.abspath(__file__))
T0 = datetime.datetime(2026, 11, 1, 0, 0, 0)
cases = []


def save(wb, name):
    wb.properties.created = T0
    wb.properties.modified = T0
    wb.save(os.path.join(here, name))


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
    c = {"name": name, "file": file, "source": source}
    if as_name:
        c["as"] = as_name  # the name Read is given (the period may come from it)
    if truth:
        c["facts"], c["rejects"] = truth.facts, truth.rejects
    if error:
        c["error"] = error
    cases.append(c)


def long_text(path, placeholder, text):
    """openpyxl cuts text at 32,767 characters: put the long text in the
    sheet XML by hand, in place of a placeholder."""
    tmp = path + ".tmp"
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = data.replace(placeholder.encode(), text.encode())
            zout.writestr(item, data)
    os.replace(tmp, path)


# --- 1. title_colb.xlsx: title rows and a "Month:" label above the table, the
# table starting in column B with a blank column D, headers in odd spelling
# and in another order than the mapping, numbers as text, stray spaces,
# subtotal, total and note rows, a product whose name starts with "Total",
# figures in thousands (scale 1000) and percentages.
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Report"
ws["B1"] = "Lotus Home Appliances - monthly sales"
ws["B2"] = "Month:"
ws["C2"] = "Oct 2026"
hdr = {2: "product   line", 3: " Region ", 5: "Revenue (k CNY)", 6: "  Units ", 7: "MARGIN"}
for c, h in hdr.items():
    ws.cell(row=4, column=c, value=h)
src = {
    "name": "sales", "files": "*.xlsx", "period": {"label": "month"},
    "dimensions": [{"name": "region", "header": "Region", "aliases": ["地区"]},
                   {"name": "product", "header": "Product Line", "aliases": ["Product"]}],
    "measures": [{"name": "units", "header": "Units"},
                 {"name": "revenue", "header": "Revenue", "aliases": ["Revenue (k CNY)"], "unit": "CNY", "scale": 1000},
                 {"name": "margin", "header": "Margin %", "aliases": ["margin"], "unit": "ratio"}],
}
tr = Truth()
P = "2026-10"
# row: product, region, revenue cell, units cell, margin cell, and the true values
rows = [
    (5, " Fan ", "North", "1,234.50", 12, "85%", "region=North;product=Fan", 1234500, 12, 0.85),
    (6, "Air  Purifier", " North ", "(1,200)", " 3,294 ", 0.3, "region=North;product=Air Purifier", -1200000, 3294, 0.3),
    (8, "Heater", "North", 1.005, 5, "57%", "region=North;product=Heater", 1005, 5, 0.57),
    (9, "North subtotal", None, 35.505, 3311, None, None, None, None, None),  # totals add up: they are checked
    (10, "Total Care Kit", "South", 50, 2, "10%", "region=South;product=Total Care Kit", 50000, 2, 0.1),
    (11, "Total", None, 85.505, 3313, None, None, None, None, None),
]
for r, prod, reg, rev, units, margin, dims, trev, tunits, tmargin in rows:
    for c, v in ((2, prod), (3, reg), (5, rev), (6, units), (7, margin)):
        if v is not None:
            ws.cell(row=r, column=c, value=v)
    if dims:
        # facts come in the mapping's measure order: units, revenue, margin
        tr.fact("units", P, dims, tunits, "Report", r, 6)
        tr.fact("revenue", P, dims, trev, "Report", r, 5)
        tr.fact("margin", P, dims, tmargin, "Report", r, 7)
ws["B13"] = "Note: revenue in thousands of CNY; margin as a percentage"
save(wb, "title_colb.xlsx")
case("title rows, column B, aliases, numbers as text, totals", "title_colb.xlsx", src, tr)

# The same file with a mapping whose header exists nowhere: refused, naming
# the closest row and what it lacks.
src2 = json.loads(json.dumps(src))
src2["measures"][0]["header"] = "Quantity"
case("a header not found", "title_colb.xlsx", src2, error={
    "reason": "no_header", "sheet": "Report", "cell": "row 4", "contains": ['"Quantity"']})

# --- 2. twoheader.xlsx: a two-row header: Region and Product merged down
# over both rows, the groups Sales (Units, Revenue) and Cost (Units, Amount)
# merged across; "Units" alone is therefore ambiguous. The month is a real
# date in B1.
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Sheet1"
ws["A1"] = "Month"
ws["B1"] = datetime.datetime(2026, 9, 1)
ws["B1"].number_format = "mmm-yy"
ws["A3"] = "Region"
ws.merge_cells("A3:A4")
ws["B3"] = "Product"
ws.merge_cells("B3:B4")
ws["C3"] = "Sales"
ws.merge_cells("C3:D3")
ws["E3"] = "Cost"
ws.merge_cells("E3:F3")
for c, h in ((3, "Units"), (4, "Revenue"), (5, "Units"), (6, "Amount")):
    ws.cell(row=4, column=c, value=h)
tr = Truth()
data = [(5, "East", "Fan", 10, 1500.5, 10, 900), (6, "East", "Heater", 3, 600, 3, 420.25), (7, "West", "Fan", 7, 1050, 8, 640)]
for r, reg, prod, su, rv, cu, ca in data:
    for c, v in enumerate((reg, prod, su, rv, cu, ca), start=1):
        ws.cell(row=r, column=c, value=v)
    d = "region=%s;product=%s" % (reg, prod)
    tr.fact("sales_units", "2026-09", d, su, "Sheet1", r, 3)
    tr.fact("revenue", "2026-09", d, rv, "Sheet1", r, 4)
    tr.fact("cost_units", "2026-09", d, cu, "Sheet1", r, 5)
    tr.fact("cost", "2026-09", d, ca, "Sheet1", r, 6)
save(wb, "twoheader.xlsx")
src = {
    "name": "ops", "files": "*.xlsx", "period": {"cell": "B1"},
    "dimensions": [{"name": "region", "header": "Region"}, {"name": "product", "header": "Product"}],
    "measures": [{"name": "sales_units", "header": "Sales Units"}, {"name": "revenue", "header": "Revenue", "unit": "CNY"},
                 {"name": "cost_units", "header": "Cost Units"}, {"name": "cost", "header": "Cost Amount", "unit": "CNY"}],
}
case("two-row header with merged group and dimension cells, period from a date cell", "twoheader.xlsx", src, tr)
src2 = json.loads(json.dumps(src))
src2["measures"] = [{"name": "units", "header": "Units"}]
case("an ambiguous header under two groups", "twoheader.xlsx", src2, error={
    "reason": "duplicate_header", "sheet": "Sheet1", "cell": "E4", "contains": ["C4", "E4"]})

# --- 3. months.xlsx: one sheet per month named 2026年9月 and 2026年10月 (the
# month from the sheet's name), a quarter summary 季度汇总 with the same
# header (not data: the pattern leaves it out), a hidden and a very hidden
# month sheet (skipped unless named), Chinese headers, a protected sheet and
# a workbook with its structure locked.
wb = openpyxl.Workbook()
wb.security = WorkbookProtection(workbookPassword="lock", lockStructure=True)
tr = Truth()
hidden_tr = Truth()
sheets = [("2026年9月", "visible", "2026-09", tr), ("季度汇总", "visible", None, None),
          ("2026年10月", "visible", "2026-10", tr), ("2026年8月", "hidden", "2026-08", None),
          ("2026年7月", "veryHidden", "2026-07", hidden_tr)]
first = True
for i, (name, state, per, t) in enumerate(sheets):
    ws = wb.active if first else wb.create_sheet(name)
    ws.title, first = name, False
    ws.sheet_state = state
    if name == "2026年10月":
        ws.protection.sheet = True
        ws.protection.password = "secret"
    ws.append(["地区", "产品", "销量", "金额（元）"])
    for j, (reg, prod) in enumerate((("华东", "风扇"), ("华南", "取暖器"))):
        units, amount = 10 * (i + 1) + j, 1000.5 * (i + 1) + j
        ws.append([reg, prod, units, amount])
        if t is not None:
            d = "region=%s;product=%s" % (reg, prod)
            t.fact("units", per, d, units, name, j + 2, 3)
            t.fact("amount", per, d, amount, name, j + 2, 4)
    ws.append(["合计", None, 20 * (i + 1) + 1, 2001 * (i + 1) + 1])  # adds up: totals are checked
save(wb, "months.xlsx")
src = {
    "name": "cn", "files": "*.xlsx", "sheets": {"pattern": "*年*月"}, "period": {"sheet": True},
    "dimensions": [{"name": "region", "header": "Region", "aliases": ["地区"]}, {"name": "product", "header": "产品"}],
    "measures": [{"name": "units", "header": "Units", "aliases": ["销量"]},
                 {"name": "amount", "header": "Amount", "aliases": ["金额（元）", "金额"], "unit": "CNY"}],
}
case("a sheet per month, summary, hidden and very hidden sheets, protection", "months.xlsx", src, tr)
src2 = json.loads(json.dumps(src))
src2["sheets"] = {"names": [" 2026年7月"]}
case("a very hidden sheet named is read", "months.xlsx", src2, hidden_tr)

# --- 4. periods.xlsx: the month in a column as real dates, text dates of
# every kind, yyyymm as a number, and two that are not months.
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Data"
ws.append(["Month", "Team", "Hours"])
tr = Truth()
periods = [(datetime.datetime(2026, 3, 1), "2026-03"), ("Oct 2026", "2026-10"), ("Jan-2024", "2024-01"),
           ("2026-10", "2026-10"), ("2026年10月", "2026-10"), ("Nov25", "2025-11"), (" 2026/02 ", "2026-02"),
           ("October 2026", "2026-10"), (202611, "2026-11"), (datetime.datetime(2026, 12, 31), "2026-12"),
           ("Q1 2026", None), ("01/10/2026", None)]
for i, (p, want) in enumerate(periods):
    r = i + 2
    team = "T%02d" % r
    ws.append([p, team, r * 1.5])
    if want:
        tr.fact("hours", want, "team=" + team, r * 1.5, "Data", r, 3)
    else:
        tr.reject("Data", r, 1, "not_a_period")
save(wb, "periods.xlsx")
src = {"name": "hr", "files": "*.xlsx", "period": {"column": {"header": "Month"}},
       "dimensions": [{"name": "team", "header": "Team"}], "measures": [{"name": "hours", "header": "Hours", "unit": "hours"}]}
case("the month from a column: real and text dates", "periods.xlsx", src, tr)

# --- 5. wide.xlsx: months across the columns (text and real dates), an "FY
# total" and a Notes column, two stacked measure blocks each under its title,
# total rows, an error value and a blank between two months of a row whose
# month another row reports (a value forgotten: set aside as blank_value,
# and the Total row's Feb and the row's FY total are then not checked).
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Marketing"
tr = Truth()
months = [("Jan-2026", "2026-01"), ("Feb 2026", "2026-02"), (datetime.datetime(2026, 3, 1), "2026-03")]


def block(top, title, metric, scale, rows):
    ws.cell(row=top, column=1, value=title)
    ws.cell(row=top + 1, column=1, value="Channel")
    for k, (m, _) in enumerate(months):
        ws.cell(row=top + 1, column=2 + k, value=m)
    ws.cell(row=top + 1, column=5, value="FY total")
    ws.cell(row=top + 1, column=6, value="Notes")
    r = top + 2
    for ch, vals in rows:
        ws.cell(row=r, column=1, value=ch)
        for k, v in enumerate(vals):
            if v is None:
                continue
            ws.cell(row=r, column=2 + k, value=v)
            if ch.strip().lower() == "total":
                continue
            if isinstance(v, str) and v.startswith("#"):
                tr.reject("Marketing", r, 2 + k, "error_value")
            else:
                tr.fact(metric, months[k][1], "channel=" + ch.strip(), v * scale, "Marketing", r, 2 + k)
        # the FY total adds up the row's months (coo checks it)
        ws.cell(row=r, column=5, value=sum(v for v in vals if isinstance(v, (int, float))))
        ws.cell(row=r, column=6, value="see note")
        r += 1
    return r


nxt = block(1, "Spend (CNY thousands)", "spend", 1000, [("Search", [1.5, 2, 2.25]), ("Social ", [0.5, None, 1]), ("Total", [2, 2, 3.25])])
tr.reject("Marketing", 4, 3, "blank_value")  # Social's Feb: blank between Jan and Mar, and Search has Feb
block(nxt + 1, "Leads", "leads", 1, [("Search", [30, 41, "#DIV/0!"]), ("Events", [5, 0, 7])])
save(wb, "wide.xlsx")
src = {"name": "marketing", "files": "*.xlsx", "layout": "wide",
       "dimensions": [{"name": "channel", "header": "Channel"}],
       "measures": [{"name": "spend", "title": "Spend", "unit": "CNY", "scale": 1000},
                    {"name": "leads", "title": "Leads", "unit": "count"}]}
case("wide: months across, FY total, two blocks with titles", "wide.xlsx", src, tr)

# --- 6. wide1904.xlsx: the 1904 date system, months as real dates across.
wb = openpyxl.Workbook()
wb.epoch = CALENDAR_MAC_1904
ws = wb.active
ws.title = "Plan"
ws.append(["Line"] + [datetime.datetime(2027, m, 1) for m in (1, 2, 12)])
ws.append(["Fans", 1, 2, 3])
tr = Truth()
for k, p in enumerate(("2027-01", "2027-02", "2027-12")):
    tr.fact("units", p, "line=Fans", k + 1, "Plan", 2, 2 + k)
save(wb, "wide1904.xlsx")
src = {"name": "plan", "files": "*.xlsx", "layout": "wide", "dimensions": [{"name": "line", "header": "Line"}],
       "measures": [{"name": "units"}]}
case("wide in the 1904 date system", "wide1904.xlsx", src, tr)

# --- 7. formulas.xlsx (openpyxl stores no cached values): plain arithmetic and
# SUM over loaded cells are computed; anything else is set aside naming its
# cell. Error values, and text over 32,767 characters, set their row aside.
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Costs"
ws.append(["Line", "Q1", "Q2", "Total"])
wb.create_sheet("Other")["A1"] = 5  # no header: not data
tr = Truth()
P = "2026-06"
# Rows from 2: line, Q1, Q2, Total (a formula or a value), the true Total,
# and the rejects as (column, reason).
frows = [
    ("Rent", 100, 200.5, "=B2+C2", 300.5, []),
    ("IT", 10, 20, "=SUM(B3:C3)", 30, []),
    ("Travel", 8, 2, "=(B4-C4)*1.5/2", 4.5, []),
    ("Power", 3, 4, "=SUM(B2:C4)+B5^2", 340.5 + 9, []),
    ("Lookup", 1, 2, "=VLOOKUP(A6,A2:D5,2,FALSE)", None, [(4, "formula_without_value")]),
    ("Cross", 1, 2, "=Other!A1*2", None, [(4, "formula_without_value")]),
    ("Text", "n/a", 2, "=B8+C8", None, [(2, "not_a_number"), (4, "formula_without_value")]),
    ("Zero", 1, 0, "=B9/C9", None, [(4, "formula_without_value")]),
    ("Err", "#REF!", 4, 4, None, [(2, "error_value")]),
    ("Err2", "#N/A", "#DIV/0!", 4, None, [(2, "error_value"), (3, "error_value")]),
    ("LONGTEXT", 1, 2, 3, None, [(1, "text_too_long")]),
    # 12,000 characters (36,000 bytes of UTF-8): within Excel's limit, so
    # simply not a number.
    ("Wide", "华" * 12000, 2, 3, None, [(2, "not_a_number")]),
    # Excel's SUM skips a number stored as text in a range: its result is
    # not 1,005, so coo must not compute it.
    ("TextSum", "1,000", 5, "=SUM(B14:C14)", None, [(4, "formula_without_value")]),
    ("Total", "=SUM(B2:B14)", "=SUM(C2:C14)", "=SUM(D2:D14)", None, []),  # a total row: not loaded
]
for i, (line, q1, q2, tot, want, rej) in enumerate(frows):
    r = i + 2
    ws.append([line, q1, q2, tot])
    if line == "Total":
        continue
    for col, why in rej:
        tr.reject("Costs", r, col, why)
    if not rej:
        d = "line=" + line
        tr.fact("q1", P, d, q1, "Costs", r, 2)
        tr.fact("q2", P, d, q2, "Costs", r, 3)
        tr.fact("total", P, d, want, "Costs", r, 4)
save(wb, "formulas.xlsx")
long_text(os.path.join(here, "formulas.xlsx"), "LONGTEXT", "L" * 40000)
src = {"name": "costs", "files": "*.xlsx", "period": {"filename": True}, "dimensions": [{"name": "line", "header": "Line"}],
       "measures": [{"name": "q1", "header": "Q1"}, {"name": "q2", "header": "Q2"}, {"name": "total", "header": "Total"}]}
case("formulas without cached values, error values, long text", "formulas.xlsx", src, tr, as_name="costs/costs_2026-06.xlsx")

# --- 8. libre_budget.xlsx: LibreOffice headless saves libre_budget.fods as
# .xlsx (shared strings, cached formula values). A title row, the month in a
# column as real dates, numbers as text, formulas whose cached results load
# as they are (a VLOOKUP too: coo would never compute it, but Excel's result
# is there), and a cached error value set aside.
NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
      'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" '
      'xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2" '
      'office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet"')


def s(t):
    return '<table:table-cell office:value-type="string"><text:p>%s</text:p></table:table-cell>' % t


def f(v, formula=None):
    fa = ' table:formula="of:=%s"' % formula if formula else ""
    return '<table:table-cell%s office:value-type="float" office:value="%s"/>' % (fa, v)


def d(iso):
    return '<table:table-cell table:style-name="ce1" office:value-type="date" office:date-value="%s"/>' % iso


def e():
    return '<table:table-cell/>'


tr = Truth()
rows = [
    [s("Department budget (CNY)")],
    [],
    [s("Month"), s("Cost centre"), s("Budget"), s("Actual"), s("Variance")],
]
lines = [  # month cell, centre, budget cell, actual cell, variance cell; truth
    (d("2026-10-01"), "Rent", f(1000), s("1,234.50"), f(-234.5, "[.C4]-1234.5"), ("2026-10", 1000, 1234.5, -234.5)),
    (d("2026-10-15"), "IT", f(500), f(450), f(50, "[.C5]-[.D5]"), ("2026-10", 500, 450, 50)),
    (s("2026-11"), "Rent", f(1000), f(990.25), f(1000, "VLOOKUP([.B6];[.B4:.C5];2;0)"), ("2026-11", 1000, 990.25, 1000)),
]
for i, (mc, centre, b, a, v, (per, tb, ta, tv)) in enumerate(lines):
    r = 4 + i
    rows.append([mc, s(centre), b, a, v])
    dims = "cost_centre=" + centre
    tr.fact("budget", per, dims, tb, "Budget", r, 3)
    tr.fact("actual", per, dims, ta, "Budget", r, 4)
    tr.fact("variance", per, dims, tv, "Budget", r, 5)
# row 7: a cached #DIV/0! (LibreOffice writes t="e")
rows.append([s("2026-11"), s("IT"), f(0), f(10), '<table:table-cell table:formula="of:=[.D7]/[.C7]" office:value-type="float" office:value="0"/>'])
tr.reject("Budget", 7, 5, "error_value")
rows.append([s("Total"), e(), f(2500, "SUM([.C4:.C7])"), f(2684.75, "SUM([.D4:.D7])")])
body = ('<?xml version="1.0" encoding="UTF-8"?>\n<office:document %s>\n<office:automatic-styles>'
        '<number:date-style style:name="N1"><number:year number:style="long"/><number:text>-</number:text>'
        '<number:month number:style="long"/><number:text>-</number:text><number:day number:style="long"/></number:date-style>'
        '<style:style style:name="ce1" style:family="table-cell" style:parent-style-name="Default" style:data-style-name="N1"/>'
        '</office:automatic-styles>\n<office:body><office:spreadsheet><table:table table:name="Budget">\n' % NS)
for r in rows:
    body += "<table:table-row>" + ("".join(r) or e()) + "</table:table-row>\n"
body += "</table:table></office:spreadsheet></office:body></office:document>\n"
with tempfile.TemporaryDirectory() as tmp:
    fods = os.path.join(tmp, "libre_budget.fods")
    with open(fods, "w", encoding="utf-8") as fh:
        fh.write(body)
    shutil.copy(fods, os.path.join(here, "libre_budget.fods"))
    profile = "-env:UserInstallation=file://" + os.path.join(tmp, "profile")
    subprocess.run(["libreoffice", profile, "--headless", "--convert-to", "xlsx", "--outdir", tmp, fods],
                   check=True, stdout=subprocess.DEVNULL)
    shutil.copy(os.path.join(tmp, "libre_budget.xlsx"), os.path.join(here, "libre_budget.xlsx"))
src = {"name": "budget", "files": "*.xlsx", "period": {"column": {"header": "Month"}},
       "dimensions": [{"name": "cost_centre", "header": "Cost centre"}],
       "measures": [{"name": "budget", "header": "Budget", "unit": "CNY"}, {"name": "actual", "header": "Actual", "unit": "CNY"},
                    {"name": "variance", "header": "Variance", "unit": "CNY"}]}
case("LibreOffice: shared strings, cached formula values", "libre_budget.xlsx", src, tr)

# --- 11. notes.xlsx: a number in a note row under a wide block, after a blank
# row ("Exchange rate used | 7.1": a note, not a region), a group of members
# after another blank row (members: they fill the months; East leaves March
# blank, which North and South report: set aside as blank_value), and the
# same note in a long table.
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Sales"
ws.append(["Region", "Jan 2026", "Feb 2026", "Mar 2026"])
ws.append(["North", 100, 110, 120])
ws.append(["South", 200, 210, 220])
ws.append([])
ws.append(["East", 300, 310, None])
ws.append([])
ws.append(["Exchange rate used", 7.1])
tr = Truth()
for r, region, vals in ((2, "North", (100, 110, 120)), (3, "South", (200, 210, 220)), (5, "East", (300, 310))):
    for k, v in enumerate(vals):
        tr.fact("revenue", ("2026-01", "2026-02", "2026-03")[k], "region=" + region, v, "Sales", r, 2 + k)
tr.reject("Sales", 5, 4, "blank_value")  # East's March
noted = Truth()
noted.facts, noted.rejects = list(tr.facts), list(tr.rejects)
tr.reject("Sales", 7, 2, "note_row")
ws2 = wb.create_sheet("Long")
ws2.append(["Month", "Region", "Units"])
ws2.append(["2026-01", "North", 5])
ws2.append([])
ws2.append(["Exchange rate used", None, 7.1])
save(wb, "notes.xlsx")
src = {"name": "sales", "files": "*.xlsx", "layout": "wide", "sheets": {"names": ["Sales"]},
       "dimensions": [{"name": "region", "header": "Region"}], "measures": [{"name": "revenue", "unit": "CNY"}]}
case("wide: a number in a note row after a blank row is set aside as a note", "notes.xlsx", src, tr)
case("wide: a note row named in notes: is skipped", "notes.xlsx", dict(src, notes=["Exchange rate used"]), noted)
long_tr = Truth()
long_tr.fact("units", "2026-01", "region=North", 5, "Long", 2, 3)
src = {"name": "sales", "files": "*.xlsx", "sheets": {"names": ["Long"]}, "period": {"column": {"header": "Month"}},
       "dimensions": [{"name": "region", "header": "Region"}], "measures": [{"name": "units", "header": "Units"}],
       "notes": ["exchange rate used:"]}
case("long: a note row named in notes: is skipped", "notes.xlsx", src, long_tr)

with open(os.path.join(here, "layouts.want.json"), "w", encoding="utf-8") as fh:
    json.dump(cases, fh, ensure_ascii=False, indent=1)
    fh.write("\n")
