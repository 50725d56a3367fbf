#!/usr/bin/env python3
"""Writes the .xlsx fixtures of the workbook reader's tests, with two different writers.

openpyxl (3.1.5) writes every string as an inline string (t="inlineStr") and saves formulas without
a result; LibreOffice Calc (7.4, headless) writes shared strings (t="s"), custom number formats and
formula results (string results as t="str"). Between them the fixtures cover shared and inline
strings, rich-text runs, numbers, date-formatted cells, percentages, booleans, formula results, a
formula without a result, empty cells, merged cells and a second sheet chosen by `#Sheet`.

Usage (from the repository root; needs `pip install openpyxl==3.1.5` and Debian's libreoffice-calc):
    python3 Tests/Workbooks/make_workbooks.py

Writes into Tests/Workbooks/:
    openpyxl-cells.xlsx       sheets Data, Second, Merged, Percent, YearAsDate, Dates, Formula
    openpyxl-1904.xlsx        sheet Dates, in the 1904 date system of old Mac Excel
    libreoffice-cells.xlsx    sheets Data, Second (converted from a flat ODF spreadsheet)
    bad-cell.xlsx             sheet Sheet1 whose D7 holds the text 12,5 (openpyxl)
    sunan-cities.xlsx         notebooks-data/sunan-cities.csv opened and saved by LibreOffice, which
                              keeps 15 significant digits: 7330167.999999999 becomes 7330168
    sunan-cities-openpyxl.xlsx the same CSV written by openpyxl, every digit kept
"""
import csv
import datetime
import os
import shutil
import subprocess
import sys
import tempfile

import openpyxl
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.utils.datetime import CALENDAR_MAC_1904

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
FIXED_TIME = datetime.datetime(2020, 1, 1, 0, 0, 0)
# The read-back texts the tests expect are these moments in ISO form.
DATES = [datetime.datetime(1900, 1, 1), datetime.datetime(1900, 2, 28), datetime.datetime(1900, 3, 1),
         datetime.datetime(2017, 6, 30, 12, 0, 0), datetime.time(18, 0, 0), datetime.datetime(2099, 12, 31, 23, 59, 58)]
HEADER = ["region", "indicator", "year", "value", "unit", "note", "checked", "updated"]


def fixed_properties(workbook):
    workbook.properties.creator = "sunan tests"
    workbook.properties.created = FIXED_TIME
    workbook.properties.modified = FIXED_TIME


def openpyxl_cells():
    workbook = openpyxl.Workbook()
    fixed_properties(workbook)
    data = workbook.active
    data.title = "Data"
    data.append(HEADER)
    data.append(["Nanjing", "gdp", 2016, 10503.25, "100m_cny", "first release", True, datetime.datetime(2017, 6, 30)])
    revised = CellRichText([TextBlock(InlineFont(b=True), "re"), "vised"])
    data.append(["Nanjing", "gdp", 2017, 11503.25, "100m_cny", revised, False, datetime.datetime(2018, 6, 30)])
    data.append(["Suzhou", "gdp", 2017, 17319.5, "100m_cny", "苏州", True, None])
    for row in (2, 3):
        data.cell(row=row, column=8).number_format = "yyyy-mm-dd"

    second = workbook.create_sheet("Second")
    second.append(["region", "indicator", "year", "value"])
    second.append(["Wuxi", "gdp", 2017, 10511.75])
    second.append(["Wuxi", "gdp", 2018, 11438.5])

    merged = workbook.create_sheet("Merged")
    merged.append(["region", "indicator", "year", "value"])
    merged.append(["Nanjing", "patents", 2015, 100])
    merged.append([None, "patents", 2016, 110])
    merged.append([None, "patents", 2017, 121])
    merged.merge_cells("A2:A4")

    percent = workbook.create_sheet("Percent")
    percent.append(["region", "indicator", "year", "value", "unit"])
    percent.append(["Nanjing", "rd_intensity", 2017, 0.0312, "%"])
    percent.cell(row=2, column=4).number_format = "0.00%"

    year_as_date = workbook.create_sheet("YearAsDate")
    year_as_date.append(["region", "indicator", "year", "value"])
    year_as_date.append(["Nanjing", "gdp", datetime.datetime(2017, 1, 1), 11715.1])
    year_as_date.append(["Nanjing", "gdp", 2018, 12820.4])
    year_as_date.cell(row=2, column=3).number_format = "yyyy-mm-dd"
    year_as_date.cell(row=3, column=3).number_format = "yyyy-mm-dd"

    # Date serials written by openpyxl's own conversion (to_excel), an implementation independent of sunan's.
    dates = workbook.create_sheet("Dates")
    dates.append(["when"])
    for moment in DATES:
        dates.append([moment])
        dates.cell(row=dates.max_row, column=1).number_format = "yyyy-mm-dd hh:mm:ss"

    formula = workbook.create_sheet("Formula")
    formula.append(["region", "indicator", "year", "value"])
    formula.append(["Nanjing", "gdp", 2017, "=1+1"])
    workbook.save(os.path.join(HERE, "openpyxl-cells.xlsx"))


def openpyxl_1904():
    workbook = openpyxl.Workbook()
    fixed_properties(workbook)
    workbook.epoch = CALENDAR_MAC_1904
    sheet = workbook.active
    sheet.title = "Dates"
    sheet.append(["when"])
    for moment in DATES[3:]:
        sheet.append([moment])
        sheet.cell(row=sheet.max_row, column=1).number_format = "yyyy-mm-dd hh:mm:ss"
    workbook.save(os.path.join(HERE, "openpyxl-1904.xlsx"))


def bad_cell():
    workbook = openpyxl.Workbook()
    fixed_properties(workbook)
    sheet = workbook.active
    sheet.title = "Sheet1"
    sheet.append(["region", "indicator", "year", "value", "unit"])
    for year, value in zip(range(2012, 2017), [7201.57, 8011.78, 8820.75, 9720.77, 10503.02]):
        sheet.append(["Nanjing", "gdp", year, value, "100m_cny"])
    sheet.append(["Nanjing", "gdp", 2017, "12,5", "100m_cny"])
    workbook.save(os.path.join(HERE, "bad-cell.xlsx"))


def sunan_cities_openpyxl():
    """The shipped city CSV as openpyxl writes it: year and value as numbers (Python's repr, which
    keeps every digit of a double), every other field as text."""
    workbook = openpyxl.Workbook()
    fixed_properties(workbook)
    sheet = workbook.active
    sheet.title = "sunan-cities"
    with open(os.path.join(ROOT, "notebooks-data", "sunan-cities.csv"), newline="", encoding="utf-8") as file:
        rows = list(csv.reader(file))
    header = rows[0]
    numeric = {header.index("year"): int, header.index("value"): float}
    sheet.append(header)
    for row in rows[1:]:
        sheet.append([numeric[i](field) if i in numeric and field else (field or None) for i, field in enumerate(row)])
    workbook.save(os.path.join(HERE, "sunan-cities-openpyxl.xlsx"))


def cell(value_type, text, **attributes):
    extra = "".join(f' {name.replace("__", "-").replace("_", ":", 1)}="{value}"' for name, value in attributes.items())
    return f'<table:table-cell office:value-type="{value_type}"{extra}><text:p>{text}</text:p></table:table-cell>'


def string(text):
    return cell("string", text)


def number(value):
    return cell("float", value, office_value=value)


def boolean(value):
    return cell("boolean", "TRUE" if value else "FALSE", office_boolean__value="true" if value else "false")


def date(iso):
    return cell("date", iso, table_style__name="ce1", office_date__value=iso)


def row(*cells):
    return "<table:table-row>" + "".join(cells) + "</table:table-row>"


FODS = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"
 xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:automatic-styles>
<number:date-style style:name="N1"><number:year number:style="long"/><number:text>-</number:text><number:month number:style="long"/><number:text>-</number:text><number:day number:style="long"/></number:date-style>
<style:style style:name="ce1" style:family="table-cell" style:parent-style-name="Default" style:data-style-name="N1"/>
</office:automatic-styles>
<office:body><office:spreadsheet>
<table:table table:name="Data">
{data}
</table:table>
<table:table table:name="Second">
{second}
</table:table>
</office:spreadsheet></office:body></office:document>
"""


def libreoffice(arguments, folder):
    profile = tempfile.mkdtemp(prefix="lo-profile-")
    try:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", *arguments],
                       cwd=folder, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def libreoffice_cells(folder):
    data = "\n".join([
        row(*map(string, HEADER)),
        row(string("Nanjing"), string("gdp"), number(2016), number(10503.25), string("100m_cny"),
            string("first release"), boolean(True), date("2017-06-30")),
        row(string("Nanjing"), string("gdp"), number(2017),
            cell("float", "11503.25", table_formula="of:=[.D2]+1000", office_value="11503.25"),
            string("100m_cny"),
            cell("string", "Nanjing revised", table_formula="of:=[.A3]&amp;&quot; revised&quot;",
                 office_string__value="Nanjing revised"),
            boolean(False), date("2018-06-30")),
        row(string("Suzhou"), string("gdp"), number(2017), number(17319.5), string("100m_cny"), string("苏州"),
            boolean(True), "<table:table-cell/>"),
    ])
    second = "\n".join([
        row(*map(string, ["region", "indicator", "year", "value"])),
        row(string("Wuxi"), string("gdp"), number(2017), number(10511.75)),
        row(string("Wuxi"), string("gdp"), number(2018), number(11438.5)),
    ])
    source = os.path.join(folder, "libreoffice-cells.fods")
    with open(source, "w", encoding="utf-8") as file:
        file.write(FODS.format(data=data, second=second))
    libreoffice(["--convert-to", "xlsx", "libreoffice-cells.fods"], folder)
    shutil.copy(os.path.join(folder, "libreoffice-cells.xlsx"), HERE)


def sunan_cities(folder):
    shutil.copy(os.path.join(ROOT, "notebooks-data", "sunan-cities.csv"), folder)
    # CSV import: comma, double quote, UTF-8 (76), from line 1; plain numbers become numbers, no other detection.
    libreoffice(["--infilter=CSV:44,34,76,1", "--convert-to", "xlsx", "sunan-cities.csv"], folder)
    shutil.copy(os.path.join(folder, "sunan-cities.xlsx"), HERE)


def main():
    openpyxl_cells()
    openpyxl_1904()
    sunan_cities_openpyxl()
    bad_cell()
    folder = tempfile.mkdtemp(prefix="sunan-workbooks-")
    try:
        libreoffice_cells(folder)
        sunan_cities(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print("wrote", ", ".join(sorted(name for name in os.listdir(HERE) if name.endswith(".xlsx"))))


if __name__ == "__main__":
    sys.exit(main())
