#!/usr/bin/env python3
"""Check an .xlsx workbook with openpyxl (an independent reader).

Usage: scripts/check-xlsx.py FILE.xlsx [--sheet NAME] [--rows N]
       [--expect-frozen A2] [--expect-date-columns 毕业时间,...] [--expect-text-columns 身份证号,...]

Prints the sheet names, the header, the frozen pane, column widths and the first rows with
the Python type of every cell (str, int, float, bool, datetime), so you can see that dates
are real dates and that 身份证号 stays text. With --expect-* options it exits 1 when the
workbook does not match (frozen pane, every non-empty cell of a date column a datetime,
every non-empty cell of a text column a str).
"""
import argparse
import datetime
import sys

try:
    import openpyxl
except ImportError:
    sys.exit("openpyxl is not installed: pip install openpyxl")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("path")
    ap.add_argument("--sheet")
    ap.add_argument("--rows", type=int, default=5)
    ap.add_argument("--expect-frozen")
    ap.add_argument("--expect-date-columns", default="")
    ap.add_argument("--expect-text-columns", default="")
    args = ap.parse_args()

    wb = openpyxl.load_workbook(args.path)
    ws = wb[args.sheet] if args.sheet else wb.worksheets[0]
    print(f"sheets: {wb.sheetnames}")
    print(f"sheet: {ws.title}  dimensions: {ws.dimensions}  max_row: {ws.max_row}  max_column: {ws.max_column}")
    header = [c.value for c in ws[1]]
    print(f"header: {header}")
    print(f"header bold: {[bool(c.font and c.font.b) for c in ws[1]]}")
    print(f"frozen pane: {ws.freeze_panes}")
    print(f"print titles: {ws.print_title_rows}")
    widths = {k: round(v.width, 1) for k, v in ws.column_dimensions.items() if v.width}
    print(f"column widths: {widths}")
    for r, row in enumerate(ws.iter_rows(min_row=2, max_row=1 + args.rows), start=2):
        cells = [f"{c.value!r}:{type(c.value).__name__}" + (f"[{c.number_format}]" if c.number_format != "General" else "")
                 for c in row]
        print(f"row {r}: " + ", ".join(cells))

    problems = []
    if args.expect_frozen and ws.freeze_panes != args.expect_frozen:
        problems.append(f"frozen pane is {ws.freeze_panes}, expected {args.expect_frozen}")

    def check(names, want, label):
        for name in filter(None, names.split(",")):
            if name not in header:
                problems.append(f"no column {name}")
                continue
            col = header.index(name) + 1
            for r in range(2, ws.max_row + 1):
                v = ws.cell(row=r, column=col).value
                if v is not None and not isinstance(v, want):
                    problems.append(f"{name} row {r}: {v!r} is {type(v).__name__}, expected {label}")

    check(args.expect_date_columns, datetime.datetime, "datetime")
    check(args.expect_text_columns, str, "str")
    for p in problems:
        print("PROBLEM:", p)
    print("OK" if not problems else f"{len(problems)} problem(s)")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
