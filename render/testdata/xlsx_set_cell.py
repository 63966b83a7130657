#!/usr/bin/env python3
"""Set one cell of a workbook to a number, as a person editing it would.

usage: xlsx_set_cell.py IN.xlsx OUT.xlsx SHEET CELL NUMBER   (Debian: python3-openpyxl)

render's assessment tests change a target with it, outside coo and excelize, and then
let LibreOffice recalculate the workbook. openpyxl keeps the formulas and drops their
cached results (and the charts), so the values that follow are LibreOffice's own.
"""
import sys

import openpyxl

src, dst, sheet, ref, value = sys.argv[1:6]
wb = openpyxl.load_workbook(src)
wb[sheet][ref] = float(value)
wb.save(dst)
