#!/usr/bin/env python3
"""Writes the libFuzzer dictionaries under Tests/Fuzz/dict/ from the sources (field keys and
labels from FieldCatalog.swift, function names and aliases, command names). Run from the
repository root after fields, functions or commands change: python3 scripts/lib/make-fuzz-dicts.py"""
import glob, re

cat = open('Sources/RosterData/Model/FieldCatalog.swift', encoding='utf-8').read()
specs = re.findall(r'FieldSpec\("([^"]+)", "([^"]+)"', cat) + re.findall(r'SubField\("([^"]+)", "([^"]+)"', cat)
enums = []
for m in re.findall(r'\[("[^\]]*")\]', cat):
    enums += re.findall(r'"([^"]+)"', m)
keys = [k for k, _ in specs]
labels = [l for _, l in specs]

def esc(s):
    out = []
    for b in s.encode('utf-8'):
        if b in (0x5C, 0x22): out.append('\\' + chr(b))
        elif 0x20 <= b < 0x7F: out.append(chr(b))
        else: out.append('\\x%02X' % b)
    return ''.join(out)

def write(name, items, header):
    seen = []
    for i in items:
        if i not in seen: seen.append(i)
    with open('Tests/Fuzz/dict/' + name, 'w', encoding='ascii') as f:
        f.write('# ' + header + '\n# Written by scripts/lib/make-fuzz-dicts.py; do not edit by hand.\n')
        for i in seen: f.write('"%s"\n' % esc(i))

json_tokens = ['{', '}', '[', ']', ':', ',', '"', 'true', 'false', 'null', '\\u', '\\u0000', '\\"', '\\\\', '1e400', '-0',
               '0.5', '"applicants"', '"year"', '"notice"', '2024', '"2024-12-31"', '"2024/1/5"', '"衢州水利〔2024〕72号"',
               '\n', '\r\n', '\ufeff']
json_tokens += ['"%s"' % k for k in keys] + ['"%s"' % l for l in labels] + ['"%s"' % v for v in enums]
write('json.dict', json_tokens, 'JSON / JSON Lines rosters: JSON tokens, field keys and labels, enum values')

csv_items = [',', ';', '\t', '"', '""', '\r\n', '\n', '\ufeff', 'true', 'false', '是', '否', '2024-12-31', '2024/1/5',
             '20241231', '_1', '_2', '_2023_', '继续教育_2023_公需', '_count', '_数量'] + keys + labels + enums
write('csv.dict', csv_items, 'CSV rosters: separators, quotes, header keys in English and Chinese, enum values')

xml_items = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>', '<worksheet', '</worksheet>', '<sheetData>',
             '</sheetData>', '<row r="1">', '</row>', '<c r="A1"', '</c>', ' t="s"', ' t="inlineStr"', ' t="str"', ' t="b"',
             ' t="e"', ' t="d"', ' s="1"', '<v>', '</v>', '<is>', '</is>', '<t>', '</t>', '<t xml:space="preserve">', '<f>',
             '</f>', '<sst', '</sst>', '<si>', '</si>', '<r>', '</r>', '<rPh>', '</rPh>', '<mergeCells>',
             '<mergeCell ref="A1:C1"/>', '<workbook', '<sheets>', '<sheet name="Sheet1" sheetId="1" r:id="rId1"/>',
             'state="hidden"', '<workbookPr date1904="1"/>', '<Relationships',
             '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>',
             'TargetMode="External"', '<styleSheet', '<numFmts>', '<numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>',
             '<cellXfs>', '<xf numFmtId="14"/>', 'uniqueCount="3"', '<![CDATA[', ']]>', '<!--', '-->', '<?', '?>',
             '<!DOCTYPE', '&amp;', '&lt;', '&gt;', '&quot;', '&apos;', '&#x4E2D;', '&#20013;', '&#0;', '_x000D_', '_x4E2D_',
             'x:', '/>', '="', 'XFD1048576', 'A1048577'] + keys + labels
write('xml.dict', xml_items, 'xlsx parts (worksheet, sharedStrings, styles, workbook, rels): tags, attributes, entities, header labels')

zip_items = ['PK\x03\x04', 'PK\x01\x02', 'PK\x05\x06', 'PK\x06\x06', 'PK\x06\x07', '[Content_Types].xml', '_rels/.rels',
             'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/worksheets/sheet1.xml', 'xl/sharedStrings.xml',
             'xl/styles.xml', 'word/document.xml', 'ppt/presentation.xml', '\x08\x00', '\x14\x00', '\xff\xff\xff\xff'] + xml_items[:45]
write('xlsx.dict', zip_items, 'xlsx zip containers: zip signatures, part names, and the xml tokens')

fn = []
for f in sorted(glob.glob('Sources/ShellLang/**/*.swift', recursive=True) + glob.glob('Sources/ShellCore/**/*.swift', recursive=True)):
    s = open(f, encoding='utf-8').read()
    for m in re.finditer(r'name: "([^"]+)", aliases: \[([^\]]*)\]', s):
        fn.append(m.group(1) + '(')
        fn += [a + '(' for a in re.findall(r'"([^"]+)"', m.group(2))]
    for m in re.finditer(r'name: "([a-z_]+)",\s*parameters', s):
        fn.append(m.group(1) + '(')
lang = ['and', 'or', 'not', 'in', '&&', '||', '==', '!=', '<=', '>=', '<', '>', '+', '-', '*', '/', '%', '(', ')', '[',
        ']', ',', '.', ':', '"', '\\"', 'true', 'false', 'null', 'it', '2024-12-31', '2024-02-29', '0001-01-01',
        '9999-12-31', '9223372036854775807', '1e308', '0.5', '[]', '[1, 2]'] + fn + keys + labels + enums[:40]
write('expr.dict', lang, 'zcsh expression language: operators, literals, functions (and Chinese aliases), fields')

cmds = []
for f in sorted(glob.glob('Sources/ShellCore/Commands/*.swift')):
    cmds += re.findall(r'static let name = "([^"]+)"', open(f, encoding='utf-8').read())
write('script.dict', [';', '\n', '#', ' # ', '\\\n', '"', '\\"', '(', ')', '[', ']', ',', 'and', 'or', '==', '-', '&&',
                      '||', '--keep-going', '--force', 'by', 'as', 'desc'] + cmds + lang[:60],
      'zcsh scripts: separators, comments, continuation operators, command names')
