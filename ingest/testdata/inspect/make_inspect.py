#!/usr/bin/python3
"""Writes the fixtures of coo inspect and coo init --from with openpyxl
(Debian python3-openpyxl), a program other than coo:

    /usr/bin/python3 ingest/testdata/inspect/make_inspect.py   # from the project root

Beside the workbooks it writes
  coo.yaml          the project mapping the inspect workbooks, one source each;
  inspect.want.json for each inspect workbook: the exit status of coo inspect,
                    the sheets (read, or why not), the header row and the role
                    of each of its cells, where the month is, the blocks, every
                    row that is not data and why, the totals, every value
                    (cell, measure, month, dims, value) and every cell set
                    aside (cell, reason), or the reason and cell of a refusal;
  draft.want.json   for each kind of sample under draft/: the source coo init
                    --from should guess (files glob, layout, where the month
                    is, sheet, dimension and measure headers) and every value
                    each sample holds (cell, measure header, month, dims by
                    header, value), which the drafted mapping must read back.
Every expected value is written here, next to the cell it is put in, never
taken from coo. TestInspect, TestDraft (ingest) and TestInspectCLI,
TestInitFrom (cmd/coo) compare.
"""
import datetime
import json
import os

import openpyxl
from openpyxl.utils import get_column_letter

here = os.path.dirname(os.path.abspath(__file__))
T0 = datetime.datetime(2026, 11, 1, 0, 0, 0)


def ref(row, col):
    return get_column_letter(col) + str(row)


def save(wb, name):
    wb.properties.created = T0
    wb.properties.modified = T0
    wb.save(os.path.join(here, name))


inspect, yaml = [], []

# --- ledger.xlsx: long, table from B4 under a title; a note row, a blank
# row, the header again, a bad cell, an empty value, a total; a hidden sheet
# and a sheet of notes.
F = "ledger.xlsx"
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Ledger"
ws["A1"] = "Cost ledger 2026"
ws["A2"] = "Prepared by: Finance"
head = ["Month", "Cost line", "Budget", "Actual"]
for k, h in enumerate(head):
    ws.cell(row=4, column=2 + k, value=h)
values, rejects, skipped = [], [], []
skipped += [{"row": 1, "to": 1, "why": "above the header", "label": "Cost ledger 2026"},
            {"row": 2, "to": 2, "why": "above the header", "label": "Prepared by: Finance"}]
rows = [(5, "Payroll", 1200, 1180.5), (6, "Rent", 300, 300), (7, "IT", 150, 162.25), (8, "Travel", 80, 95)]
for r, line, bud, act in rows:
    ws.cell(row=r, column=2, value="2026-10")
    ws.cell(row=r, column=3, value=line)
    ws.cell(row=r, column=4, value=bud)
    ws.cell(row=r, column=5, value=act)
    values.append({"cell": ref(r, 4), "measure": "budget", "period": "2026-10", "dims": "cost_line=" + line, "value": bud})
    values.append({"cell": ref(r, 5), "measure": "actual", "period": "2026-10", "dims": "cost_line=" + line, "value": act})
ws["B9"] = "Note: IT includes licences"
skipped.append({"row": 9, "to": 9, "why": "no values (a note, section or title row)", "label": "Note: IT includes licences"})
skipped.append({"row": 10, "to": 10, "why": "blank", "label": ""})  # row 10 left empty
for k, h in enumerate(head):
    ws.cell(row=11, column=2 + k, value=h)
skipped.append({"row": 11, "to": 11, "why": "the header again", "label": "Month"})
ws["B12"], ws["C12"], ws["D12"], ws["E12"] = "2026-10", "Marketing", 50, "n/a"
rejects.append({"cell": "E12", "reason": "not_a_number"})
ws["B13"], ws["C13"], ws["D13"] = "2026-10", "Training", 20
values.append({"cell": "D13", "measure": "budget", "period": "2026-10", "dims": "cost_line=Training", "value": 20})
rejects.append({"cell": "E13", "reason": "blank_value"})
ws["C14"], ws["D14"], ws["E14"] = "Total", 1800, 1737.75
skipped.append({"row": 14, "to": 14, "why": "a total", "label": "Total"})
old = wb.create_sheet("Old")
old["A1"], old["B1"] = "Month", "Cost line"
old.sheet_state = "hidden"
notes = wb.create_sheet("Notes")
notes["A1"] = "Figures are in CNY."
save(wb, F)
inspect.append({"file": F, "exit": 3, "sheets": [
    {"name": "Ledger", "read": True}, {"name": "Old", "read": False, "why": "hidden"},
    {"name": "Notes", "read": False, "why": "not data"}],
    "sheet": "Ledger", "header": {"row": 4, "columns": [
        {"cell": "B4", "role": "month", "name": ""}, {"cell": "C4", "role": "dimension", "name": "cost_line"},
        {"cell": "D4", "role": "measure", "name": "budget"}, {"cell": "E4", "role": "measure", "name": "actual"}]},
    "period": None, "blocks": [], "skipped": skipped,
    "totals": [{"where": "row 14", "label": "Total", "cells": 2, "checked": 0, "ok": True}],  # a member of each set aside
    "values": values, "rejects": rejects, "refused": None})
yaml.append("""
  - name: ledger
    files: ledger.xlsx
    period: {column: Month}
    dimensions:
      - {name: cost_line, column: Cost line}
    measures:
      - {name: budget, column: Budget, unit: CNY}
      - {name: actual, column: Actual, unit: CNY}
""")

# --- channels.xlsx: wide, two blocks each under a label row, an FY total
# column and a Total row that add up.
F = "channels.xlsx"
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Channels"
months = ["2026-01", "2026-02", "2026-03"]
heads = ["Jan 2026", "Feb 2026", "Mar 2026"]
values, skipped, totals, blocks = [], [], [], []


def wide_block(ws, label, top, rows, measure):
    ws.cell(row=top, column=1, value=label)
    ws.cell(row=top + 1, column=1, value="Channel")
    for k, h in enumerate(heads):
        ws.cell(row=top + 1, column=2 + k, value=h)
    ws.cell(row=top + 1, column=5, value="FY total")
    blocks.append({"header": top + 1, "measure": measure, "label": ref(top, 1)})
    skipped.append({"row": top, "to": top, "why": "names the measure of the rows below", "label": label})
    r = top + 2
    sums = [0, 0, 0]
    for name, vals in rows:
        ws.cell(row=r, column=1, value=name)
        for k, v in enumerate(vals):
            ws.cell(row=r, column=2 + k, value=v)
            values.append({"cell": ref(r, 2 + k), "measure": measure, "period": months[k], "dims": "channel=" + name, "value": v})
            sums[k] += v
        ws.cell(row=r, column=5, value=sum(vals))
        r += 1
    ws.cell(row=r, column=1, value="Total")
    for k in range(3):
        ws.cell(row=r, column=2 + k, value=sums[k])
    ws.cell(row=r, column=5, value=sum(sums))
    skipped.append({"row": r, "to": r, "why": "a total", "label": "Total"})
    totals.append({"where": "row %d" % r, "label": "Total", "cells": 3, "checked": 3, "ok": True})
    return r + 1


nxt = wide_block(ws, "Leads", 1, [("Search", [30, 41, 28]), ("Events", [5, 0, 7])], "leads")
skipped.append({"row": nxt, "to": nxt, "why": "blank", "label": ""})
wide_block(ws, "Spend", nxt + 1, [("Search", [1.5, 2, 2.25]), ("Social", [0.5, 1, 1])], "spend")
# The FY total column: 3 rows per block (two members and the total), 6 cells.
totals.insert(0, {"where": "column E", "label": "FY total", "cells": 6, "checked": 6, "ok": True})
save(wb, F)
inspect.append({"file": F, "exit": 0, "sheets": [{"name": "Channels", "read": True}], "sheet": "Channels",
                "header": {"row": 2, "columns": [
                    {"cell": "A2", "role": "dimension", "name": "channel"}, {"cell": "B2", "role": "month column", "name": "2026-01"},
                    {"cell": "C2", "role": "month column", "name": "2026-02"}, {"cell": "D2", "role": "month column", "name": "2026-03"},
                    {"cell": "E2", "role": "total column", "name": ""}]},
                "period": None, "blocks": blocks, "skipped": skipped, "totals": totals,
                "values": values, "rejects": [], "refused": None})
yaml.append("""
  - name: channels
    files: channels.xlsx
    layout: wide
    dimensions:
      - {name: channel, column: Channel}
    measures:
      - {name: leads, label: Leads}
      - {name: spend, label: Spend, unit: CNY}
""")

# --- mismatch.xlsx: wide, one measure; its Total row is 1.5 off in C4.
F = "mismatch.xlsx"
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Spend"
for k, h in enumerate(["Channel"] + heads):
    ws.cell(row=1, column=1 + k, value=h)
for r, (name, vals) in enumerate([("Search", [1, 2.5, 3]), ("Social", [4, 5, 6]), ("Total", [5, 9, 9])], start=2):
    ws.cell(row=r, column=1, value=name)
    for k, v in enumerate(vals):
        ws.cell(row=r, column=2 + k, value=v)
save(wb, F)
inspect.append({"file": F, "exit": 2, "refused": {"reason": "total_mismatch", "cell": "C4"}})
yaml.append("""
  - name: mismatch
    files: mismatch.xlsx
    layout: wide
    dimensions:
      - {name: channel, column: Channel}
    measures:
      - {name: spend, unit: CNY}
""")

# --- stores.xlsx: long; the month right of "Month:" above the table.
F = "stores.xlsx"
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Stores"
ws["A1"] = "Store sales"
ws["A2"], ws["B2"] = "Month:", "Oct 2026"
ws["A4"], ws["B4"] = "Store", "Sales"
values = []
for r, (name, v) in enumerate([("Beijing", 120.5), ("Shanghai", 98)], start=5):
    ws.cell(row=r, column=1, value=name)
    ws.cell(row=r, column=2, value=v)
    values.append({"cell": ref(r, 2), "measure": "sales", "period": "2026-10", "dims": "store=" + name, "value": v})
save(wb, F)
inspect.append({"file": F, "exit": 0, "sheets": [{"name": "Stores", "read": True}], "sheet": "Stores",
                "header": {"row": 4, "columns": [{"cell": "A4", "role": "dimension", "name": "store"},
                                                 {"cell": "B4", "role": "measure", "name": "sales"}]},
                "period": {"cell": "B2", "period": "2026-10"}, "blocks": [],
                "skipped": [{"row": 1, "to": 1, "why": "above the header", "label": "Store sales"},
                            {"row": 2, "to": 2, "why": "above the header", "label": "Month:"}],
                "totals": [], "values": values, "rejects": [], "refused": None})
yaml.append("""
  - name: stores
    files: stores.xlsx
    period: {label: "Month:"}
    dimensions:
      - {name: store, column: Store}
    measures:
      - {name: sales, column: Sales, unit: CNY}
""")

with open(os.path.join(here, "coo.yaml"), "w") as f:
    f.write("# Written by make_inspect.py: the sources of the inspect fixtures.\nversion: 1\nsources:\n")
    f.write("".join(yaml))
with open(os.path.join(here, "inspect.want.json"), "w") as f:
    json.dump(inspect, f, indent=1, ensure_ascii=False)
    f.write("\n")

# --- draft/: samples for coo init --from.
drafts = []


def draft(name, files, layout, period, sheet, dims, measures):
    d = {"name": name, "files": files, "layout": layout, "period": period, "sheet": sheet,
         "dims": dims, "measures": measures, "samples": []}
    drafts.append(d)
    return d


def sample(d, file, facts):
    d["samples"].append({"file": file, "facts": facts})


def dsave(wb, name):
    save(wb, os.path.join("draft", name))


# sales-YYYY-MM.xlsx: long, a title, dates in a Month column (date format),
# two label columns, two number columns (one with its currency), a Total row.
d = draft("sales", "sales-*.xlsx", "long", {"column": "Month"}, "Sales",
          ["Region", "Product line"], ["Units", "Revenue (CNY)"])
for month, scale in [((2026, 9), 1), ((2026, 10), 2)]:
    F = "sales-%04d-%02d.xlsx" % month
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sales"
    ws["A1"] = "Monthly sales"
    for k, h in enumerate(["Month", "Region", "Product line", "Units", "Revenue (CNY)"]):
        ws.cell(row=3, column=1 + k, value=h)
    facts = []
    r = 4
    tot_u = tot_r = 0
    for region in ["North", "South"]:
        for product in ["Fridges", "Washers"]:
            u = scale * (10 + len(region) + len(product))
            rev = u * 199.5
            ws.cell(row=r, column=1, value=datetime.datetime(month[0], month[1], 1)).number_format = "yyyy-mm-dd"
            ws.cell(row=r, column=2, value=region)
            ws.cell(row=r, column=3, value=product)
            ws.cell(row=r, column=4, value=u)
            ws.cell(row=r, column=5, value=rev)
            p = "%04d-%02d" % month
            dims = {"Region": region, "Product line": product}
            facts.append({"cell": ref(r, 4), "measure": "Units", "period": p, "dims": dims, "value": u})
            facts.append({"cell": ref(r, 5), "measure": "Revenue (CNY)", "period": p, "dims": dims, "value": rev})
            tot_u += u
            tot_r += rev
            r += 1
    ws.cell(row=r, column=2, value="Total")
    ws.cell(row=r, column=4, value=tot_u)
    ws.cell(row=r, column=5, value=tot_r)
    dsave(wb, F)
    sample(d, F, facts)

# hr_2026_10.xlsx: long, no month in the sheet: the file's name says it.
d = draft("hr", "hr_*.xlsx", "long", {"file_name": True}, "Staff", ["Department"], ["Headcount", "Hires", "Leavers"])
F = "hr_2026_10.xlsx"
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Staff"
for k, h in enumerate(["Department", "Headcount", "Hires", "Leavers"]):
    ws.cell(row=1, column=1 + k, value=h)
facts = []
for r, (dep, hc, hi, le) in enumerate([("Sales", 40, 3, 1), ("Finance", 12, 0, 1), ("R&D", 55, 4, 2)], start=2):
    for k, v in enumerate([dep, hc, hi, le]):
        ws.cell(row=r, column=1 + k, value=v)
    for k, (m, v) in enumerate([("Headcount", hc), ("Hires", hi), ("Leavers", le)]):
        facts.append({"cell": ref(r, 2 + k), "measure": m, "period": "2026-10", "dims": {"Department": dep}, "value": v})
dsave(wb, F)
sample(d, F, facts)

# budget 2026.xlsx: wide, months across as text, an FY total column, a
# label row above the header naming the one measure; no month in the name.
d = draft("budget_2026", "budget 2026.xlsx", "wide", None, "Plan", ["Cost centre"], ["budget"])
F = "budget 2026.xlsx"
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Plan"
ws["A1"] = "Budget"
for k, h in enumerate(["Cost centre", "Jan 2026", "Feb 2026", "Mar 2026", "FY total"]):
    ws.cell(row=2, column=1 + k, value=h)
facts = []
for r, (cc, vals) in enumerate([("Admin", [10, 11, 12]), ("Plant", [100, 90.5, 95])], start=3):
    ws.cell(row=r, column=1, value=cc)
    for k, v in enumerate(vals):
        ws.cell(row=r, column=2 + k, value=v)
        facts.append({"cell": ref(r, 2 + k), "measure": "budget", "period": "2026-%02d" % (k + 1), "dims": {"Cost centre": cc}, "value": v})
    ws.cell(row=r, column=5, value=sum(vals))
dsave(wb, F)
sample(d, F, facts)

# ops.xlsx: long, the month is the sheet's name; a notes sheet beside it.
d = draft("ops", "ops.xlsx", "long", {"sheet_name": True}, None, ["Site"], ["Orders", "Returns"])
F = "ops.xlsx"
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "2026年10月"
for k, h in enumerate(["Site", "Orders", "Returns"]):
    ws.cell(row=1, column=1 + k, value=h)
facts = []
for r, (site, o, ret) in enumerate([("Wuxi", 1200, 14), ("Suzhou", 860, 9)], start=2):
    for k, v in enumerate([site, o, ret]):
        ws.cell(row=r, column=1 + k, value=v)
    facts.append({"cell": ref(r, 2), "measure": "Orders", "period": "2026-10", "dims": {"Site": site}, "value": o})
    facts.append({"cell": ref(r, 3), "measure": "Returns", "period": "2026-10", "dims": {"Site": site}, "value": ret})
n = wb.create_sheet("Read me")
n["A1"] = "One sheet a month."
dsave(wb, F)
sample(d, F, facts)

with open(os.path.join(here, "draft.want.json"), "w") as f:
    json.dump(drafts, f, indent=1, ensure_ascii=False)
    f.write("\n")
