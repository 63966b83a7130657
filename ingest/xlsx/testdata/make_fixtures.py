#!/usr/bin/python3
"""Writes the xlsx reader's fixture workbooks with programs other than the
reader: openpyxl 3.0.9 (Debian python3-openpyxl) and LibreOffice headless.

    cd ingest/xlsx/testdata && /usr/bin/python3 make_fixtures.py

For each workbook NAME.xlsx it writes NAME.want.json, the truth the tests
compare with: the sheets, the date system, the merged ranges and every cell
with something in it (row, col, kind, raw, formula, date), all taken from the
values this script puts in, never from the reader. Numbers are compared as
numbers; date serials are computed here with datetime arithmetic.

The legacy .xls is LibreOffice's conversion of libre.fods. The encrypted
workbook is made by gen/encrypt (excelize's Encrypt), see README.md.
"""
import datetime
import json
import os
import shutil
import subprocess
import tempfile

import openpyxl
from openpyxl.utils.datetime import CALENDAR_MAC_1904

here = os.path.dirname(os.path.abspath(__file__))
T0 = datetime.datetime(2026, 11, 1, 0, 0, 0)


def serial(d, epoch1904=False):
    """Excel serial of a date or datetime (after 1900-03-01)."""
    if isinstance(d, datetime.date) and not isinstance(d, datetime.datetime):
        d = datetime.datetime(d.year, d.month, d.day)
    base = datetime.datetime(1904, 1, 1) if epoch1904 else datetime.datetime(1899, 12, 30)
    delta = d - base
    return delta.days + delta.seconds / 86400


def cell(row, col, kind, raw=None, formula="", date=False):
    return {"row": row, "col": col, "kind": kind, "raw": raw, "formula": formula, "date": date}


def dump(name, sheets, date1904, merges, cells):
    with open(os.path.join(here, name + ".want.json"), "w", encoding="utf-8") as f:
        json.dump({"sheets": sheets, "date1904": date1904, "merges": merges, "cells": cells},
                  f, ensure_ascii=False, indent=1, sort_keys=True)


def save(wb, name):
    wb.properties.created = T0
    wb.properties.modified = T0
    wb.save(os.path.join(here, name + ".xlsx"))


# --- openpyxl.xlsx: inline strings, formulas without cached values, dates in
# several formats, merged cells, hidden and very hidden sheets.
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Data"
want = {"Data": [], "Hidden": [], "Secret": []}
W = want["Data"]


def put(ws, lst, row, col, value, kind, raw=None, formula="", date=False, fmt=None):
    c = ws.cell(row=row, column=col, value=value)
    if fmt:
        c.number_format = fmt
    lst.append(cell(row, col, kind, raw, formula, date))


put(ws, W, 1, 1, "Region", "text", "Region")
put(ws, W, 1, 2, "销售额", "text", "销售额")
put(ws, W, 1, 3, "  Units ", "text", "  Units ")
put(ws, W, 1, 4, 'a<b & "c" \'d\'', "text", 'a<b & "c" \'d\'')
put(ws, W, 1, 5, "line1\nline2", "text", "line1\nline2")
put(ws, W, 2, 1, "North", "text", "North")
put(ws, W, 2, 2, 1234.5, "number", 1234.5)
put(ws, W, 2, 3, -42, "number", -42)
put(ws, W, 2, 4, 1e-7, "number", 1e-7)
put(ws, W, 2, 5, 1.5e300, "number", 1.5e300)
put(ws, W, 3, 2, True, "bool", "1")
put(ws, W, 3, 3, False, "bool", "0")
put(ws, W, 3, 4, "#N/A", "error", "#N/A")
# Formulas: openpyxl writes no cached value.
put(ws, W, 4, 2, "=B2*2", "blank", None, "B2*2")
put(ws, W, 4, 3, "=SUM(B2:C2)", "blank", None, "SUM(B2:C2)")
put(ws, W, 4, 4, '=IF(B2>0,"yes","no")', "blank", None, 'IF(B2>0,"yes","no")')
# Dates in formats that show dates, and numbers in formats that do not.
d = datetime.datetime(2026, 10, 1)
put(ws, W, 5, 1, d, "number", serial(d), date=True, fmt="yyyy-mm-dd")
put(ws, W, 5, 2, d, "number", serial(d), date=True, fmt='yyyy"年"m"月"')
put(ws, W, 5, 3, d, "number", serial(d), date=True, fmt="mmm-yy")
put(ws, W, 5, 4, d, "number", serial(d), date=True, fmt="[$-409]mmmm yyyy")
dt = datetime.datetime(2026, 10, 1, 12, 30, 0)
put(ws, W, 5, 5, dt, "number", serial(dt), date=True, fmt="yyyy-mm-dd h:mm:ss")
put(ws, W, 6, 1, 0.85, "number", 0.85, fmt="0.0%")
put(ws, W, 6, 2, 1234567, "number", 1234567, fmt="#,##0")
put(ws, W, 6, 3, 12.5, "number", 12.5, fmt='#,##0.00 "days"')
put(ws, W, 6, 4, 0.5, "number", 0.5, date=True, fmt="[h]:mm")
# A gap, then a merged block: only its top-left cell holds a value.
put(ws, W, 20, 2, "Group", "text", "Group")
ws.merge_cells("B20:C21")
put(ws, W, 22, 1, "end", "text", "end")
hid = wb.create_sheet("Hidden")
hid.sheet_state = "hidden"
put(hid, want["Hidden"], 1, 1, "draft", "text", "draft")
sec = wb.create_sheet("Secret")
sec.sheet_state = "veryHidden"
put(sec, want["Secret"], 2, 3, 7, "number", 7)
save(wb, "openpyxl")
dump("openpyxl",
     [{"name": "Data", "state": "visible"}, {"name": "Hidden", "state": "hidden"},
      {"name": "Secret", "state": "veryHidden"}],
     False, {"Data": [[2, 20, 3, 21]], "Hidden": [], "Secret": []}, want)

# --- openpyxl1904.xlsx: the 1904 date system.
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Mac"
wb.epoch = CALENDAR_MAC_1904
W = []
d = datetime.datetime(2024, 1, 31)
put(ws, W, 1, 1, d, "number", serial(d, True), date=True, fmt="yyyy-mm-dd")
put(ws, W, 1, 2, 100, "number", 100)
save(wb, "openpyxl1904")
dump("openpyxl1904", [{"name": "Mac", "state": "visible"}], True, {"Mac": []}, {"Mac": W})

# --- openpyxl_iso.xlsx: dates written as cells of type d (ISO 8601).
wb = openpyxl.Workbook(iso_dates=True)
ws = wb.active
ws.title = "Iso"
W = []
d = datetime.datetime(2025, 2, 28, 6, 0, 0)
put(ws, W, 1, 1, d, "number", serial(d), date=True, fmt="yyyy-mm-dd h:mm")
save(wb, "openpyxl_iso")
dump("openpyxl_iso", [{"name": "Iso", "state": "visible"}], False, {"Iso": []}, {"Iso": W})

# --- libre.xlsx (and libre.xls): LibreOffice writes shared strings, cached
# formula values, rich text runs and merged cells.
rows = []
W = []
FODS_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"
 xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:automatic-styles>
 <number:date-style style:name="N1"><number:year number:style="long"/><number:text>-</number:text><number:month number:style="long"/><number:text>-</number:text><number:day number:style="long"/></number:date-style>
 <number:percentage-style style:name="N2"><number:number number:decimal-places="1" number:min-integer-digits="1"/><number:text>%</number:text></number:percentage-style>
 <style:style style:name="ce1" style:family="table-cell" style:parent-style-name="Default" style:data-style-name="N1"/>
 <style:style style:name="ce2" style:family="table-cell" style:parent-style-name="Default" style:data-style-name="N2"/>
 <style:style style:name="T1" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>
 <style:style style:name="ta1" style:family="table"><style:table-properties table:display="true"/></style:style>
 <style:style style:name="ta2" style:family="table"><style:table-properties table:display="false"/></style:style>
</office:automatic-styles>
<office:body><office:spreadsheet>
"""


def s(v):
    return '<table:table-cell office:value-type="string"><text:p>%s</text:p></table:table-cell>' % v


def f(v, style=""):
    st = ' table:style-name="%s"' % style if style else ""
    return '<table:table-cell%s office:value-type="float" office:value="%r"/>' % (st, v)


def fx(formula, v):
    return ('<table:table-cell table:formula="of:=%s" office:value-type="float" office:value="%r"/>'
            % (formula, v))


E = '<table:table-cell/>'
sales = [
    [s("Region"), s("Month"), s("Revenue"), s("Double"), s("Share")],
    [s("North"), '<table:table-cell table:style-name="ce1" office:value-type="date" office:date-value="2026-10-01"/>',
     f(1200.5), fx("[.C2]*2", 2401.0), f(0.25, "ce2")],
    [s("South"), '<table:table-cell table:style-name="ce1" office:value-type="date" office:date-value="2026-11-01"/>',
     f(800), fx("[.C3]*2", 1600.0), f(0.75, "ce2")],
    [s("North"), E, f(-3.5), fx("[.C4]*2", -7.0), E],
    [s("Total"), E, fx("SUM([.C2:.C4])", 1997.0), E, E],
    ['<table:table-cell office:value-type="string"><text:p>Plain <text:span text:style-name="T1">bold</text:span> end</text:p></table:table-cell>',
     '<table:table-cell office:value-type="boolean" office:boolean-value="true"/>',
     '<table:table-cell table:formula="of:=1/0" office:value-type="string" office:string-value=""/>',
     s("a&amp;b &lt;c&gt;"), E],
    ['<table:table-cell office:value-type="string" table:number-columns-spanned="2" table:number-rows-spanned="2"><text:p>Merged</text:p></table:table-cell>',
     '<table:covered-table-cell/>', E, E, E],
    ['<table:covered-table-cell/>', '<table:covered-table-cell/>', E, E, s("东区")],
]
d1 = serial(datetime.date(2026, 10, 1))
d2 = serial(datetime.date(2026, 11, 1))
W = [
    cell(1, 1, "text", "Region"), cell(1, 2, "text", "Month"), cell(1, 3, "text", "Revenue"),
    cell(1, 4, "text", "Double"), cell(1, 5, "text", "Share"),
    cell(2, 1, "text", "North"), cell(2, 2, "number", d1, date=True), cell(2, 3, "number", 1200.5),
    cell(2, 4, "number", 2401.0, "C2*2"), cell(2, 5, "number", 0.25),
    cell(3, 1, "text", "South"), cell(3, 2, "number", d2, date=True), cell(3, 3, "number", 800),
    cell(3, 4, "number", 1600.0, "C3*2"), cell(3, 5, "number", 0.75),
    cell(4, 1, "text", "North"), cell(4, 3, "number", -3.5), cell(4, 4, "number", -7.0, "C4*2"),
    cell(5, 1, "text", "Total"), cell(5, 3, "number", 1997.0, "SUM(C2:C4)"),
    # LibreOffice 7 writes a boolean as the number 1 (t="n"), so that is what the file holds.
    cell(6, 1, "text", "Plain bold end"), cell(6, 2, "number", 1), cell(6, 3, "error", "#DIV/0!", "1/0"),
    cell(6, 4, "text", "a&b <c>"),
    cell(7, 1, "text", "Merged"),
    cell(8, 5, "text", "东区"),
]
hidden_rows = [[s("secret"), f(1)]]
WH = [cell(1, 1, "text", "secret"), cell(1, 2, "number", 1)]
body = FODS_HEAD + '<table:table table:name="Sales" table:style-name="ta1">'
for r in sales:
    body += "<table:table-row>" + "".join(r) + "</table:table-row>\n"
body += '</table:table><table:table table:name="Notes" table:style-name="ta2">'
for r in hidden_rows:
    body += "<table:table-row>" + "".join(r) + "</table:table-row>\n"
body += "</table:table></office:spreadsheet></office:body></office:document>\n"
with tempfile.TemporaryDirectory() as tmp:
    src = os.path.join(tmp, "libre.fods")
    with open(src, "w", encoding="utf-8") as fh:
        fh.write(body)
    shutil.copy(src, os.path.join(here, "libre.fods"))
    profile = "-env:UserInstallation=file://" + os.path.join(tmp, "profile")
    for fmt in ("xlsx", "xls"):
        subprocess.run(["libreoffice", profile, "--headless", "--convert-to", fmt, "--outdir", tmp, src],
                       check=True, stdout=subprocess.DEVNULL)
        shutil.copy(os.path.join(tmp, "libre." + fmt), os.path.join(here, "libre." + fmt))
dump("libre", [{"name": "Sales", "state": "visible"}, {"name": "Notes", "state": "hidden"}],
     False, {"Sales": [[1, 7, 2, 8]], "Notes": []}, {"Sales": W, "Notes": WH})
