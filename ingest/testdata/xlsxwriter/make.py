# Writes recalc.xlsx with XlsxWriter (python3-xlsxwriter), which saves every
# formula with a result of 0 and asks Excel to recalculate on opening
# (calcPr fullCalcOnLoad="1"). Run from the project root:
#   /usr/bin/python3 ingest/testdata/xlsxwriter/make.py
# The truth is in the comments: Revenue = Units * Price, 25 and 12; the
# VLOOKUP's price cannot be computed without Excel and is set aside.
import xlsxwriter

wb = xlsxwriter.Workbook("ingest/testdata/xlsxwriter/recalc.xlsx")
ws = wb.add_worksheet("Sales")
ws.write_row(0, 0, ["Month", "Region", "Units", "Price", "Revenue"])
ws.write_row(1, 0, ["2026-10", "North", 10, 2.5])
ws.write_formula(1, 4, "=C2*D2")
ws.write_row(2, 0, ["2026-10", "South", 4, 3.0])
ws.write_formula(2, 4, "=C3*D3")
ws.write_row(3, 0, ["2026-10", "West", 2])
ws.write_formula(3, 3, "=VLOOKUP(B4,Prices!A1:B3,2,FALSE)")
ws.write_formula(3, 4, "=C4*D4")
ws.write_row(4, 0, ["2026-10", "Total"])
ws.write_formula(4, 2, "=SUM(C2:C4)")
ws.write_formula(4, 4, "=SUM(E2:E4)")
p = wb.add_worksheet("Prices")
p.write_row(0, 0, ["West", 3.5])
wb.close()
