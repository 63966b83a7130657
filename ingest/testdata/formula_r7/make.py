#!/usr/bin/python3
"""Writes formulas.xlsx (openpyxl: formulas without saved results) and
want.json: what LibreOffice computes for each formula, read back from the
workbook LibreOffice recalculated and saved (cached values).

Run: /usr/bin/python3 make.py   (needs openpyxl and soffice on PATH)

Sheet "Data": row 1 is the header Month | Item | Amount | Ref. Column D
(Ref) holds the values formulas refer to (D2..D26), column C (Amount) one
formula per row, column B its case id. Sheet "Other" holds A1=7, A2=8 for
references to another sheet.
"""
import datetime, json, os, shutil, subprocess, tempfile
import openpyxl

here = os.path.dirname(os.path.abspath(__file__))

REFS = {  # row -> value in column D
    2: 3, 3: "5", 4: True, 5: None, 6: 0.1, 7: "1,000", 8: "n/a", 9: "#N/A",
    10: "2.5", 11: " 5 ", 12: "(5)", 13: "5%", 14: "1e3", 15: "\u00a05",
    16: 0.2, 17: 0.3, 18: 0.5, 19: 0.4, 20: -0.0, 21: "-5", 22: "+5",
    23: "5.", 24: ".5", 25: "1,00", 26: datetime.date(2026, 10, 1),
}

FORMULAS = [
    # power: left to right, unary minus binds tighter than ^
    "2^3^2", "2^-2^2", "4^0.5^2", "10^-2^2", "2^2^-1", "-2^2", "2^-2", "-2^-2",
    "0-2^2", "-3^2+1", "--2^2", "-(2)^2", "2*3^2", "(2^3)^2", "2^(3^2)",
    "100*1.1^2^1", "2^0.5", "-D2^2", "D2^2^2",
    # percent
    "2^3%", "(50)%", "50%", "200%%", "5%*200", "1-2%", "-2%^2", "50 %", "D2%",
    # 15 significant digits, cancellation
    "0.1+0.2", "0.1*3", "1.1*1.1", "1/3", "2/3", "1/3*3", "0.5-0.4-0.1",
    "1*(0.5-0.4-0.1)", "(0.5-0.4-0.1)", "0.3-0.1-0.2", "D16+D6-D17", "D18-D19-D6",
    "-(0.5-0.4-0.1)", "0.5-0.4-0.1+1", "1+1E-16-1", "1E14+0.3", "123456789012345678",
    "0.1234567890123456789", "1E-200*1E-200", "1E-300/1E10", "1E308*10", "2^1023*2",
    # errors and odd powers
    "1/0", "0/0", "0^0", "0^-1", "(-8)^(1/3)", "(-2)^0.5", "-8^(1/3)", "D5/D5",
    # literals, signs, white space
    "1E3", "1e3", "1.5E-3", ".5", "5.", " 1 + 1", "1 +  2 * 3", "+5", "--5",
    "---5", "+-5", "3-2-1", "8/4/2", "2*-3", "1+2*3-4/2", "(1+2)*3", "3*(1+2",
    # not arithmetic
    "1<2", "1=1", "1<>2", '"a"&"b"', "1&2", '"5"+1', "TRUE+1", "MAX(1,2)", "ROUND(1.5,0)",
    # references
    "D2+1", "$D$2+1", "D$2+1", "$D2*2", "d2+1", "D2+D16", "D20", "-D20", "D20*1",
    "D3+1", "D3*2", "D2+D3", "-D3", "D4+1", "D5+1", "D5", "D2*D5", "-D5",
    "D7+0", "D8+0", "D9+0", "D10+0", "D11+0", "D12+0", "D13+0", "D14+0",
    "D15+0", "D21+0", "D22+0", "D23+0", "D24+0", "D25+0", "D26+1",
    "C2+1", "D999+1", "A1", "E2", "E2+1", "D2:D3", "D2 D2", "D$$2",
    # SUM
    "SUM(D2,D3)", "SUM(D2:D3)", "SUM(D3)", "SUM(D2,D4)", "SUM(D2:D4)",
    "SUM(D5,D2)", "SUM(D5)", "SUM(D5:D5)", "SUM(E2:E5)", "SUM(D2,D9)", "SUM(D2:D9)",
    "SUM(-D3)", "SUM(D2:D3,5)", 'SUM(D2,"5")', 'SUM(1,"2")', "SUM(1,TRUE)",
    "SUM()", "SUM(1,)", "SUM(D2 ,D16)", "SUM( D16:D17 )", "SUM(D16:D17)",
    "SUM(0.5,-0.4,-0.1)", "SUM(D18,-D19,-D6)", "SUM(D18:D19)-0.9", "SUM(D2:D2)",
    "SUM(D2)*2", "sum(D2)", "SUM (D2)", "SUM(D2:D3", "SUM(D6,D16)", "SUM(D6:D6,D16:D16)",
    "SUM(D16:D17,D18)", "SUM(D2+D3)", "SUM(D2,D5,D6)", "SUM($D$2:$D$2)", "SUM(D20)",
    # other sheets
    "Other!A1", "'Other'!A1", "Other!A1+D2", "SUM(Other!A1:A2)",
]


def build(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(["Month", "Item", "Amount", "Ref"])
    n = max(len(FORMULAS) + 1, max(REFS))
    for r in range(2, n + 1):
        i = r - 2
        f = FORMULAS[i] if i < len(FORMULAS) else None
        ws.append(["2026-10", "f%03d" % (i + 1) if f else "pad", "=" + f if f else None, REFS.get(r)])
    ws["D26"].number_format = "yyyy-mm-dd"
    o = wb.create_sheet("Other")
    o["A1"], o["A2"] = 7, 8
    wb.save(path)


def main():
    book = os.path.join(here, "formulas.xlsx")
    build(book)
    with tempfile.TemporaryDirectory() as tmp:
        profile = "-env:UserInstallation=file://" + os.path.join(tmp, "profile")
        out = os.path.join(tmp, "out")
        subprocess.run(["soffice", profile, "--headless", "--convert-to", "xlsx", "--outdir", out, book],
                       check=True, stdout=subprocess.DEVNULL)
        version = subprocess.run(["soffice", profile, "--version"], check=True, capture_output=True,
                                 text=True).stdout.strip()
        lo = openpyxl.load_workbook(os.path.join(out, "formulas.xlsx"), data_only=True)["Data"]
        cases = []
        for i, f in enumerate(FORMULAS):
            r = i + 2
            v = lo.cell(r, 3).value
            c = {"id": "f%03d" % (i + 1), "cell": "C%d" % r, "formula": "=" + f}
            if isinstance(v, bool) or not isinstance(v, (int, float)):
                c["libreoffice"] = None
                c["libreoffice_text"] = None if v is None else str(v)
            else:
                c["libreoffice"] = float(v)
            cases.append(c)
    with open(os.path.join(here, "want.json"), "w", encoding="utf-8") as fh:
        json.dump({"libreoffice_version": version,
                   "refs": {"D%d" % r: (None if v is None else str(v) if not isinstance(v, (bool, float, int)) else v)
                            for r, v in REFS.items()},
                   "cases": cases}, fh, indent=1, ensure_ascii=False)
        fh.write("\n")


main()
