#!/usr/bin/env python3
"""Hostile XLSX files for the memory figures in BENCHMARKS.md (issue #4):
a valid workbook whose shared strings table is one short string repeated.
Usage: python3 scripts/xlsx-bom.py DIR   (writes besar.xlsx, pas.xlsx, dusta.xlsx)
Then: /usr/bin/time -f "%e s %M KB" padan --workspace ws import --kind dpt DIR/besar.xlsx ..."""
import os
import sys
import zipfile
def make(path, n_strings, s, unique=None, sheet_rows=3):
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
        z.writestr('_rels/.rels', '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr('xl/workbook.xml', '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr('xl/_rels/workbook.xml.rels', '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
        rows = ''.join(f'<row r="{i+1}"><c r="A{i+1}" t="s"><v>{i}</v></c></row>' for i in range(sheet_rows))
        z.writestr('xl/worksheets/sheet1.xml', f'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>')
        with z.open('xl/sharedStrings.xml', 'w') as f:
            f.write(f'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="{unique or n_strings}">'.encode())
            chunk = (f'<si><t>{s}</t></si>'.encode()) * 10000
            for _ in range(n_strings // 10000):
                f.write(chunk)
            f.write(b'</sst>')
os.chdir(sys.argv[1] if len(sys.argv) > 1 else '.')
make('besar.xlsx', 30_000_000, 'A')      # ~510 MB of shared strings: refused by size
make('pas.xlsx', 7_000_000, 'A')         # ~119 MB: under every limit, opened
make('dusta.xlsx', 1000, 'A', unique=10**15)   # a lying uniqueCount
