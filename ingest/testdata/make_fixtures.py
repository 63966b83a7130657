#!/usr/bin/python3
"""Writes the ingest test workbooks with openpyxl, a program independent of
excelize, so that the reader is tested on files it did not write.

    /usr/bin/python3 ingest/testdata/make_fixtures.py   # from the project root
    (Debian 12: apt-get install python3-openpyxl; openpyxl 3.0.9)

The expected values are written out by hand in ingest/read_test.go.
"""
import datetime
import os

import openpyxl
from openpyxl.utils.datetime import CALENDAR_MAC_1904

here = os.path.dirname(os.path.abspath(__file__))


def save(wb, name):
    # Pin the document times so that the files do not change on every run.
    t = datetime.datetime(2026, 11, 1, 0, 0, 0)
    wb.properties.created = t
    wb.properties.modified = t
    wb.save(os.path.join(here, name))


# tidy.xlsx: a hidden draft sheet first, then the ledger with headers in odd
# spelling, periods as dates and as text, numbers as text, an error value, a
# blank value, a blank dimension, blank rows, and an unmapped column.
wb = openpyxl.Workbook()
draft = wb.active
draft.title = "Draft"
draft["A1"] = "not data"
draft.sheet_state = "hidden"
ws = wb.create_sheet("Ledger")
ws.append(["  MONTH ", "cost   line", "Notes", "Budget", "Actual"])
ws.append([datetime.datetime(2026, 9, 1), "Rent", "", 100, 101.5])    # row 2
ws.append(["2026-10", " IT ", "x", 200, "1,234.50"])                 # row 3
ws.append([])                                                         # row 4 blank
ws.append(["2026/10", "Travel", None, "(1,200)", "85%"])              # row 5
ws.append(["2026-10", "Payroll", None, 300, "#N/A"])                  # row 6: error value
ws.append(["2026-10", "Logistics", None, 400, None])                  # row 7: blank value
ws.append(["2026-10", None, None, 500, 501])                          # row 8: blank dimension
ws.append(["Oct", "Rent", None, 600, 601])                            # row 9: not a period
ws.append(["2026-10", "Marketing", None, "12abc", 5])                 # row 10: not a number
ws["B2"].value = "Rent"
save(wb, "tidy.xlsx")

# date1904.xlsx: the 1904 date system; both periods are real dates.
wb = openpyxl.Workbook()
wb.epoch = CALENDAR_MAC_1904
ws = wb.active
ws.title = "Ledger"
ws.append(["Month", "Cost line", "Budget", "Actual"])
ws.append([datetime.datetime(2025, 1, 1), "Rent", 1, 2])
ws.append([datetime.datetime(2026, 12, 31), "Rent", 3, 4])
save(wb, "date1904.xlsx")

# dupheader.xlsx: "Actual" twice, in D1 and F1.
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Ledger"
ws.append(["Month", "Cost line", "Budget", "Actual", "Comment", "actual "])
ws.append(["2026-10", "Rent", 1, 2, "", 3])
save(wb, "dupheader.xlsx")

# missing.xlsx: no Budget column.
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Ledger"
ws.append(["Month", "Cost line", "Actual"])
ws.append(["2026-10", "Rent", 2])
save(wb, "missing.xlsx")
