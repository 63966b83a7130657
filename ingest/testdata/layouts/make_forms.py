#!/usr/bin/python3
"""Writes the wide-layout form fixtures of package ingest with openpyxl
(Debian python3-openpyxl 3.0.9), a program other than coo:

    /usr/bin/python3 ingest/testdata/layouts/make_forms.py   # from the project root

Beside the workbooks it writes
  coo.yaml      the project file mapping every workbook, one source each,
                as a newcomer would write it from the README (the README's
                examples are these sources);
  expected.csv  every value each workbook must load: file, sheet, cell,
                measure, period, dims (in the mapping's order), value (with
                the scale applied), written here next to the cell it is put
                in, never taken from coo;
  rejects.csv   every cell that must be set aside: file, sheet, cell, reason;
  refused.csv   every workbook that must be refused whole: file, reason,
                sheet, cell, and texts the message must contain (joined by |).
TestLayoutForms (layout_forms_test.go) parses coo.yaml with the project
package, reads each workbook with its source and compares.
"""
import csv
import datetime
import os

import openpyxl
from openpyxl.utils import get_column_letter

here = os.path.dirname(os.path.abspath(__file__))
T0 = datetime.datetime(2026, 11, 1, 0, 0, 0)
expected, rejects, refused, yaml = [], [], [], []


def ref(row, col):
    return get_column_letter(col) + str(row)


def save(wb, name):
    wb.properties.created = T0
    wb.properties.modified = T0
    wb.save(os.path.join(here, name))


def want(file, sheet, row, col, measure, period, dims, value):
    expected.append([file, sheet, ref(row, col), measure, period, dims, repr(float(value))])


def source(text):
    yaml.append(text.strip("\n"))


def block(ws, file, sheet, top, left, months, rows, measure, scale=1, dim="channel", total_cols=()):
    """Writes data rows from row top: each (label, values) with values per
    month column (None: blank). Rows whose label is a total are written but
    expected nowhere. total_cols: (column, [month indexes]) filled with the
    row's sum over those months. Returns the next free row."""
    r = top
    for label, vals in rows:
        ws.cell(row=r, column=left, value=label)
        for k, v in enumerate(vals):
            if v is None:
                continue
            ws.cell(row=r, column=left + 1 + k, value=v)
            if not is_total(label) and not (isinstance(v, str) and v.startswith("#")):
                want(file, sheet, r, left + 1 + k, measure, months[k], "%s=%s" % (dim, label.strip()), v * scale)
            if isinstance(v, str) and v.startswith("#"):
                rejects.append([file, sheet, ref(r, left + 1 + k), "error_value"])
        for col, idx in total_cols:
            ws.cell(row=r, column=col, value=round(sum(vals[i] for i in idx if isinstance(vals[i], (int, float))), 6))
        r += 1
    return r


def is_total(label):
    l = label.strip().lower()
    return l.startswith("total") or l.endswith("total") or l in ("totals", "合计", "小计") or l.endswith("小计")


# --- 1. title_above.xlsx: each block under a title row above its header.
# A caption mentions both measures (a block title matches a whole cell,
# never part of a caption); the first title carries a unit in brackets; the
# Leads block comes first; months as text; a Total row and an FY total
# column that add up (checked); a Notes column (not data); Social's Feb
# blank between Jan and Mar, which Search reports: a value forgotten, set
# aside as blank_value (the Total's Feb and Social's FY total unchecked).
F = "title_above.xlsx"
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Channels"
ws["A1"] = "Marketing: leads and spend by channel, 2026"
ws["A2"] = "Spend is invoiced spend; leads are first contacts"
months = ["2026-01", "2026-02", "2026-03"]
heads = ["Jan 2026", "Feb 2026", "Mar 2026"]


def header(ws, row, first, heads, extra=()):
    ws.cell(row=row, column=1, value=first)
    for k, h in enumerate(heads):
        ws.cell(row=row, column=2 + k, value=h)
    for k, h in enumerate(extra):
        ws.cell(row=row, column=2 + len(heads) + k, value=h)


ws["A4"] = "Leads"
header(ws, 5, "Channel", heads, ["FY total", "Notes"])
nxt = block(ws, F, "Channels", 6, 1, months, [("Search", [30, 41, 28]), ("Events", [5, 0, 7]), ("Total", [35, 41, 35])],
            "leads", total_cols=[(5, [0, 1, 2])])
ws.cell(row=nxt + 1, column=1, value="Spend (CNY thousands)")
header(ws, nxt + 2, "Channel", heads, ["FY total", "Notes"])
block(ws, F, "Channels", nxt + 3, 1, months, [("Search", [1.5, 2, 2.25]), ("Social", [0.5, None, 1]), ("Total", [2, 2, 3.25])],
      "spend", scale=1000, total_cols=[(5, [0, 1, 2])])
rejects.append([F, "Channels", ref(nxt + 4, 3), "blank_value"])  # Social's Feb
save(wb, F)
source("""
  - name: title_above               # each block under a title row above its header
    files: title_above.xlsx
    layout: wide
    dimensions:
      - {name: channel, column: Channel}
    measures:
      - {name: spend, label: Spend, unit: CNY, scale: 1000}   # matches "Spend (CNY thousands)"
      - {name: leads, label: Leads}
""")

# --- 2. label_rows.xlsx: one month header (real dates) shared by two
# blocks, each named by a label row under it; "Total spend" and "Totals"
# rows are totals (checked), not channels.
F = "label_rows.xlsx"
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "2026"
ws["A1"] = "Channel report"
ws["A3"] = "Channel"
for k in range(3):
    c = ws.cell(row=3, column=2 + k, value=datetime.datetime(2026, 1 + k, 1))
    c.number_format = "mmm-yy"
ws["A4"] = "Spend"
nxt = block(ws, F, "2026", 5, 1, months, [("Search", [100, 120.5, 90]), ("Social", [40, 35, 50.25]), ("Total spend", [140, 155.5, 140.25])], "spend")
ws.cell(row=nxt, column=1, value="Leads")
block(ws, F, "2026", nxt + 1, 1, months, [("Search", [30, 41, 28]), ("Social", [12, 9, 15]), ("Totals", [42, 50, 43])], "leads")
save(wb, F)
source("""
  - name: label_rows                # one month header; a label row starts each block
    files: label_rows.xlsx
    layout: wide
    dimensions:
      - {name: channel, column: Channel}
    measures:
      - {name: spend, label: Spend, unit: CNY}
      - {name: leads, label: Leads}
""")

# --- 3. header_cell.xlsx: the measure's label in the header row's first
# cell, where the dimension's header would be; months as 2026-01 text, and
# quarter and half-year total columns (Q1 total adds Jan-Mar, Q2 total
# Apr-Jun, H1 total Jan-Jun).
F = "header_cell.xlsx"
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "H1"
m6 = ["2026-%02d" % m for m in range(1, 7)]
heads6 = m6[:3] + ["Q1 total"] + m6[3:] + ["Q2 total", "H1 total"]
monthcol = [2, 3, 4, 6, 7, 8]  # month k's column


def qblock(ws, file, top, label, rows, measure):
    ws.cell(row=top, column=1, value=label)
    for k, h in enumerate(heads6):
        ws.cell(row=top, column=2 + k, value=h)
    r = top + 1
    for name, vals in rows:
        ws.cell(row=r, column=1, value=name)
        for k, v in enumerate(vals):
            ws.cell(row=r, column=monthcol[k], value=v)
            want(file, "H1", r, monthcol[k], measure, m6[k], "channel=" + name, v)
        ws.cell(row=r, column=5, value=sum(vals[:3]))
        ws.cell(row=r, column=9, value=sum(vals[3:]))
        ws.cell(row=r, column=10, value=sum(vals))
        r += 1
    return r


nxt = qblock(ws, F, 1, "Spend", [("Search", [10, 11, 12, 13, 14, 15]), ("Social", [1, 2, 3, 4, 5, 6])], "spend")
qblock(ws, F, nxt + 1, "LEADS:", [("Search", [3, 4, 5, 6, 7, 8])], "leads")
save(wb, F)
source("""
  - name: header_cell               # the label in the header row's first cell
    files: header_cell.xlsx
    layout: wide
    dimensions:
      - {name: channel, column: Channel}   # its header's place holds the label
    measures:
      - {name: spend, label: Spend, unit: CNY}
      - {name: leads, label: Leads}
""")

# --- 4. measure_column.xlsx: a column whose values name each row's
# measure; a Total row per measure (checked against that measure's rows); a
# row of a measure that is not mapped (set aside).
F = "measure_column.xlsx"
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Data"
for k, h in enumerate(["Channel", "Measure"] + heads):
    ws.cell(row=1, column=1 + k, value=h)
data = [("Search", "Spend", [1.5, 2, 2.25]), ("Search", "Leads", [30, 41, 28]), ("Social", "spend", [0.5, 1, 1]),
        ("Social", "Leads", [12, 9, 15]), ("Search", "Clicks", [900, 950, 990]),
        ("Total", "Spend", [2, 3, 3.25]), ("Total", "Leads", [42, 50, 43])]
for i, (ch, me, vals) in enumerate(data):
    r = 2 + i
    ws.cell(row=r, column=1, value=ch)
    ws.cell(row=r, column=2, value=me)
    for k, v in enumerate(vals):
        ws.cell(row=r, column=3 + k, value=v)
        if ch != "Total" and me != "Clicks":
            want(F, "Data", r, 3 + k, me.lower(), months[k], "channel=" + ch, v * (1000 if me.lower() == "spend" else 1))
    if me == "Clicks":
        rejects.append([F, "Data", ref(r, 2), "unknown_measure"])
save(wb, F)
source("""
  - name: measure_column            # a column whose values name the measure
    files: measure_column.xlsx
    layout: wide
    measure_column: Measure
    dimensions:
      - {name: channel, column: Channel}
    measures:
      - {name: spend, label: Spend, unit: CNY, scale: 1000}
      - {name: leads, label: Leads}
""")

# --- 5. year_row.xlsx: a row of years over a row of month names. Block 1
# (Units, English names): 2025 merged over Nov-Dec and its Total, 2026 over
# Jan-Feb and its Total; each Total adds its own year's months. Block 2
# (Returns, Chinese names 1月): the year in the first of its months only,
# not merged, as a number. Two dimensions; a product named "Total Care Kit"
# is a member (its region is not blank); 华东小计 and 合计 rows are checked.
F = "year_row.xlsx"
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Units"
ws["A1"] = "Units"
ws["C2"] = 2025
ws.merge_cells("C2:E2")
ws["F2"] = "2026"
ws.merge_cells("F2:H2")
for k, h in enumerate(["Region", "Product", "Nov", "Dec", "Total", "Jan", "February", "Total"]):
    ws.cell(row=3, column=1 + k, value=h)
per = ["2025-11", "2025-12", None, "2026-01", "2026-02", None]
rows = [("华东", "Fan", [5, 6, 7, 8]), ("华东", "Total Care Kit", [1, 1, 2, 2]), ("华东小计", None, [6, 7, 9, 10]),
        ("华北", "Fan", [3, 3, 4, 4]), ("合计", None, [9, 10, 13, 14])]
for i, (reg, prod, vals) in enumerate(rows):
    r = 4 + i
    ws.cell(row=r, column=1, value=reg)
    if prod:
        ws.cell(row=r, column=2, value=prod)
    cols = [3, 4, 6, 7]
    for k, v in enumerate(vals):
        ws.cell(row=r, column=cols[k], value=v)
        if prod:
            want(F, "Units", r, cols[k], "units", ["2025-11", "2025-12", "2026-01", "2026-02"][k], "region=%s;product=%s" % (reg, prod), v)
    ws.cell(row=r, column=5, value=vals[0] + vals[1])
    ws.cell(row=r, column=8, value=vals[2] + vals[3])
ws["A10"] = "Returns"
ws["C11"] = 2026
for k, h in enumerate(["Region", "Product", "1月", "2月", "3月"]):
    ws.cell(row=12, column=1 + k, value=h)
for i, (reg, prod, vals) in enumerate([("华东", "Fan", [1, 0, 2]), ("华北", "Fan", [0, 1, 1])]):
    r = 13 + i
    ws.cell(row=r, column=1, value=reg)
    ws.cell(row=r, column=2, value=prod)
    for k, v in enumerate(vals):
        ws.cell(row=r, column=3 + k, value=v)
        want(F, "Units", r, 3 + k, "returns", "2026-%02d" % (k + 1), "region=%s;product=%s" % (reg, prod), v)
save(wb, F)
source("""
  - name: year_row                  # a row of years over month names
    files: year_row.xlsx
    layout: wide
    dimensions:
      - {name: region, column: Region}
      - {name: product, column: Product}
    measures:
      - {name: units, label: Units}
      - {name: returns, label: Returns}
""")

# --- 6. own_totals.xlsx: a label the source lists under totals:
# ("All channels") is a total row, and is checked.
F = "own_totals.xlsx"
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Leads"
header(ws, 1, "Channel", heads)
block(ws, F, "Leads", 2, 1, months, [("Search", [30, 41, 28]), ("Social", [12, 9, 15]), ("All channels", [42, 50, 43])], "leads")
expected[:] = [e for e in expected if not (e[0] == F and "All channels" in e[5])]
save(wb, F)
source("""
  - name: own_totals                # a total row the usual words do not name
    files: own_totals.xlsx
    layout: wide
    totals: [All channels]
    dimensions:
      - {name: channel, column: Channel}
    measures:
      - {name: leads}
""")


# --- Traps: each refuses the file, naming the cells.
def trap(file, reason, sheet, cell, contains, mapping):
    refused.append([file, reason, sheet, cell, "|".join(contains)])
    source(mapping)


two = """
    layout: wide
    dimensions:
      - {name: channel, column: Channel}
    measures:
      - {name: spend, label: Spend}
      - {name: leads, label: Leads}
"""

# A channel twice in one block: two values for spend, 2026-02, Search.
F = "trap_duplicate.xlsx"
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Spend"
ws["A1"] = "Spend"
header(ws, 2, "Channel", heads)
block(ws, F, "Spend", 3, 1, months, [("Search", [1, 2, 3]), ("Social", [4, 5, 6]), ("Search ", [1, 2, 3])], "spend")
save(wb, F)
trap(F, "duplicate_value", "Spend", "B5", ["B3", "B5", "spend for 2026-01"], "  - name: trap_duplicate\n    files: " + F + two)

# The same table on two sheets (a copy for printing): the second sheet's
# values are each given twice in the file.
F = "trap_copy_sheet.xlsx"
wb = openpyxl.Workbook()
for name in ("Spend", "Print"):
    ws = wb.active if name == "Spend" else wb.create_sheet(name)
    ws.title = name
    ws["A1"] = "Spend"
    header(ws, 2, "Channel", heads)
    block(ws, F, name, 3, 1, months, [("Search", [1, 2, 3])], "spend")
save(wb, F)
trap(F, "duplicate_value", "Print", "B3", ['sheet "Spend" cell B3', "B3"], "  - name: trap_copy_sheet\n    files: " + F + two)

# A total row that does not add up: Total spend for Feb says 9, the
# channels add up to 7.5 (a total of 8 would pass: written without
# decimals, it stands for anything from 7.5 to 8.5).
F = "trap_total_row.xlsx"
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Spend"
header(ws, 1, "Channel", heads)
ws["A2"] = "Spend"
block(ws, F, "Spend", 3, 1, months, [("Search", [1, 2.5, 3]), ("Social", [4, 5, 6]), ("Total spend", [5, 9, 9])], "spend")
save(wb, F)
trap(F, "total_mismatch", "Spend", "C5", ["C5", "is 9", "add up to 7.5", "difference of 1.5", "rows 3-4"], "  - name: trap_total_row\n    files: " + F + two)

# A total column that does not add up: FY total 10 for months 1+2+3.5.
F = "trap_total_column.xlsx"
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Leads"
ws["A1"] = "Leads"
header(ws, 2, "Channel", heads, ["FY total"])
ws["A3"], ws["B3"], ws["C3"], ws["D3"], ws["E3"] = "Search", 1, 2, 3.5, 10
save(wb, F)
trap(F, "total_mismatch", "Leads", "E3", ["E3", "FY total", "B3:D3", "6.5", "difference of 3.5"], "  - name: trap_total_column\n    files: " + F + two)

# A total written to one decimal place rounds: 3.3 for 1.11 + 2.22 = 3.33 is
# within half a unit of its last place and loads; 3.4 is not.
F = "trap_total_precision.xlsx"
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Leads"
ws["A1"] = "Leads"
header(ws, 2, "Channel", heads[:2], ["Total"])
ws["A3"], ws["B3"], ws["C3"], ws["D3"] = "Search", 1.11, 2.22, 3.3
ws["A4"], ws["B4"], ws["C4"], ws["D4"] = "Social", 1, 2, 3.4
save(wb, F)
trap(F, "total_mismatch", "Leads", "D4", ["D4", "is 3.4", "add up to 3", "difference of 0.4"], "  - name: trap_total_precision\n    files: " + F + two)

# Two title rows above one header naming different measures.
F = "trap_two_labels.xlsx"
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Sheet"
ws["A1"] = "Spend"
ws["A2"] = "Leads"
header(ws, 3, "Channel", heads)
ws["A4"], ws["B4"] = "Search", 1
save(wb, F)
trap(F, "ambiguous_label", "Sheet", "A2", ["A1", "A2", "spend", "leads"], "  - name: trap_two_labels\n    files: " + F + two)

# Only a caption that mentions both measures: no block is named.
F = "trap_caption_only.xlsx"
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Sheet"
ws["A1"] = "Spend and leads by channel"
header(ws, 2, "Channel", heads)
ws["A3"], ws["B3"] = "Search", 1
save(wb, F)
trap(F, "no_label", "Sheet", "B3", ["row 3", '"Spend"', '"Leads"'], "  - name: trap_caption_only\n    files: " + F + two)

# A year merged over months that cross a year's end (a fiscal year): which
# year Jan is in is not written, so the file is refused rather than Jan
# read as the year's over it (found from outside: it loaded as 2025-01 and
# replaced the true 2025-01 of an earlier file).
F = "trap_year_wrap.xlsx"
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Units"
ws["A1"] = "Units"
ws["B2"] = 2025
ws.merge_cells("B2:E2")
header(ws, 3, "Channel", ["Nov", "Dec", "Jan", "Feb"])
ws["A4"], ws["B4"], ws["C4"], ws["D4"], ws["E4"] = "Search", 1, 2, 3, 4
save(wb, F)
trap(F, "not_a_period", "Units", "D3", ["2025 in B2", '"Dec" in C3', '"Jan" in D3', "2026 over D2"], "  - name: trap_year_wrap\n    files: " + F + two)

# One month header shared by blocks named by label rows, one of which names
# a measure the source does not map: its rows are not the block's before
# (they loaded as spend).
F = "trap_unmapped_label.xlsx"
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Sheet"
header(ws, 1, "Channel", heads)
ws["A2"] = "Spend"
ws["A3"], ws["B3"] = "Search", 1
ws["A4"] = "Spend growth"
ws["A5"], ws["B5"] = "Social", 0.1
ws["A6"] = "Leads"
ws["A7"], ws["B7"] = "Search", 5
save(wb, F)
trap(F, "no_label", "Sheet", "B5", ["row 5", '"Spend growth" in A4', "trap_unmapped_label"], "  - name: trap_unmapped_label\n    files: " + F + two)

# A source of one measure, its block titled; a second block titled with a
# measure the source does not map, under the same header again: not
# leads (it loaded as leads).
one = """
    layout: wide
    dimensions:
      - {name: channel, column: Channel}
    measures:
      - {name: leads, label: Leads}
"""
F = "trap_unmapped_title.xlsx"
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Sheet"
ws["A1"] = "Leads"
header(ws, 2, "Channel", heads)
ws["A3"], ws["B3"] = "Search", 1
ws["A5"] = "Headcount"
header(ws, 6, "Channel", heads)
ws["A7"], ws["B7"] = "Sales", 12
save(wb, F)
trap(F, "no_label", "Sheet", "B7", ["row 7", '"Headcount" in A5'], "  - name: trap_unmapped_title\n    files: " + F + one)

# The same with the second block's name where the header's "Channel" was.
F = "trap_unmapped_header_label.xlsx"
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Sheet"
header(ws, 1, "Leads", heads)
ws["A2"], ws["B2"] = "Search", 1
header(ws, 3, "Headcount", heads)
ws["A4"], ws["B4"] = "Sales", 12
save(wb, F)
trap(F, "no_label", "Sheet", "B4", ["row 4", '"Headcount" in A3'], "  - name: trap_unmapped_header_label\n    files: " + F + """
    layout: wide
    dimensions:
      - {name: channel, column: Channel}
    measures:
      - {name: leads, label: Leads}
""")

# A row named by the measure's label that carries values (the block's
# totals, above its members): not a channel called "Leads" (it loaded as
# one, doubling the total).
F = "trap_label_with_values.xlsx"
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Sheet"
header(ws, 1, "Channel", heads[:2])
ws["A2"], ws["B2"], ws["C2"] = "Leads", 3, 5
ws["A3"], ws["B3"], ws["C3"] = "Search", 1, 2
ws["A4"], ws["B4"], ws["C4"] = "Social", 2, 3
save(wb, F)
trap(F, "ambiguous_label", "Sheet", "A2", ['"Leads" in A2', "row 2 has values"], "  - name: trap_label_with_values\n    files: " + F + one)

# A source of one measure whose first block has no label, then a block
# titled "Forecast" with later months: forecasts, not leads (they loaded
# as leads).
F = "trap_forecast_block.xlsx"
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Sheet"
header(ws, 1, "Channel", heads[:2])
ws["A2"], ws["B2"], ws["C2"] = "Search", 10, 11
ws["A4"] = "Forecast"
header(ws, 5, "Channel", ["Apr 2026", "May 2026"])
ws["A6"], ws["B6"], ws["C6"] = "Search", 99, 98
save(wb, F)
trap(F, "no_label", "Sheet", "B6", ["row 6", '"Forecast" in A4'], "  - name: trap_forecast_block\n    files: " + F + one)

# The measure's label with a note that names another quantity: the budget
# of leads, not leads (the note in brackets was read as a unit's).
F = "trap_budget_note.xlsx"
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Sheet"
ws["A1"] = "Leads (budget)"
header(ws, 2, "Channel", heads[:2])
ws["A3"], ws["B3"], ws["C3"] = "Search", 50, 60
save(wb, F)
trap(F, "no_label", "Sheet", "B3", ["row 3", '"Leads (budget)" in A1'], "  - name: trap_budget_note\n    files: " + F + one)

# A second block whose header lacks the dimension's header: its rows were
# read under the first header's months (2026-01 for a March value).
F = "trap_header_without_dims.xlsx"
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Sheet"
header(ws, 1, "Channel", heads[:2])
ws["A2"], ws["B2"], ws["C2"] = "Search", 10, 11
header(ws, 4, None, ["Mar 2026", "Apr 2026"])
ws["A5"], ws["B5"], ws["C5"] = "Social", 99, 98
save(wb, F)
trap(F, "no_header", "Sheet", "B4", ["row 4", "Channel"], "  - name: trap_header_without_dims\n    files: " + F + one)

gone = {r[0] for r in refused}
expected = [e for e in expected if e[0] not in gone]
with open(os.path.join(here, "coo.yaml"), "w", encoding="utf-8") as fh:
    fh.write("# Written by make_forms.py: one source per workbook of this folder.\nversion: 1\nsources:\n")
    fh.write("\n\n".join(yaml) + "\n")
for name, head, rows in (("expected.csv", ["file", "sheet", "cell", "measure", "period", "dims", "value"], expected),
                         ("rejects.csv", ["file", "sheet", "cell", "reason"], rejects),
                         ("refused.csv", ["file", "reason", "sheet", "cell", "contains"], refused)):
    with open(os.path.join(here, name), "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(head)
        w.writerows(rows)
