# Writes merged_labels.xlsx with openpyxl: a long table whose subtotal rows
# carry their label in one cell merged across Region and Product. Run from
# the project root: /usr/bin/python3 ingest/testdata/merged_labels/make.py
# The truth (by hand, in TestMergedLabelRow): the four product rows load;
# the subtotals 3 = 1 + 2 and 9 = 4 + 5 are checked, not loaded.
import openpyxl

wb = openpyxl.Workbook()
ws = wb.active
ws.title = "D"
ws.append(["Month", "Region", "Product", "Units"])
ws.append(["2026-10", "North", "A", 1])
ws.append(["2026-10", "North", "B", 2])
ws.append(["2026-10", "North", None, 3])
ws.merge_cells("B4:C4")
ws.append(["2026-10", "South", "A", 4])
ws.append(["2026-10", "South", "B", 5])
ws.append(["2026-10", "South", None, 9])
ws.merge_cells("B7:C7")
wb.save("ingest/testdata/merged_labels/merged_labels.xlsx")
