#!/usr/bin/env python3
"""Writes the loader corpus: Tests/Corpus/{good,bad}/ and Tests/Corpus/manifest.tsv.

Each bad file has ONE defect; each good file is something real office exports contain that must
load. The manifest says, per file, the expected outcome (`load` or `error`), the load options
(`-` or `lenient`), and the words the message must contain (tab-separated) — file, line or cell,
record id, field key and 中文 label, the value — so that a user searching either language finds
it. For a file that loads, the words are looked for in its warnings.

Run from the repository root:   python3 scripts/make-corpus.py
Tests/RosterDataTests/CorpusTests.swift loads every file listed and checks outcome and words.
The files are committed; rerunning the script gives the same bytes.
"""
import io
import json
import os
import shutil
import zipfile

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "Corpus")
cases = []   # (relative path, outcome, options, words)
for sub in ("good", "bad"):
    shutil.rmtree(os.path.join(ROOT, sub), ignore_errors=True)
    os.makedirs(os.path.join(ROOT, sub))

ID = "QZ2024-0001"


def base(**extra):
    """A small valid applicant; `extra` adds or replaces members (in that order, last)."""
    r = {"id": ID, "name": "张伟", "unit_kind": "事业单位", "level": "工程师", "route": "正常申报",
         "degree": "本科", "graduated_on": "2012-07-01", "in_post": True}
    r.update(extra)
    return r


def write(sub, name, data, outcome, words, options="-"):
    path = os.path.join(ROOT, sub, name)
    with open(path, "wb") as f:
        f.write(data)
    rel = f"Tests/Corpus/{sub}/{name}"
    cases.append((rel, outcome, options, [name] + list(words)))


def bad(name, data, words, options="-"):
    write("bad", name, data, "error", words, options)


def good(name, data, words=(), options="-"):
    write("good", name, data, "load", words, options)


def members(rec):
    return ", ".join(json.dumps(k, ensure_ascii=False) + ": " + json.dumps(v, ensure_ascii=False) for k, v in rec.items())


def json_doc(*records_text):
    """A roster with one record per line: record n is on line n + 1."""
    body = ",\n".join("{" + t + "}" for t in records_text)
    return ('{"year": 2024, "applicants": [\n' + body + "\n]}\n").encode("utf-8")


def jrec(**extra):
    return members(base(**extra))


def jsonl_doc(*records_text):
    return "".join("{" + t + "}\n" for t in records_text).encode("utf-8")


# ---------------------------------------------------------------- JSON: bad
bad("json-bool-as-string.json", json_doc(jrec(in_post="是")),
    [":2:", ID, "in_post", "在职在岗", "布尔值", "true/false", '"是"'])
bad("json-number-as-string.json", json_doc(jrec(self_score="78")),
    [":2:", ID, "self_score", "自评分", "应为数字", "不加引号", '"78"'])
bad("json-bool-as-number.json", json_doc(jrec(fee_paid=1)),
    [":2:", ID, "fee_paid", "已缴费", "布尔值", '"1"'])
bad("json-int-with-fraction.json", json_doc(jrec(previous_application_year=2023.5)),
    [":2:", ID, "previous_application_year", "上次申报年度", "应为整数", '"2023.5"'])
bad("json-text-as-number.json", json_doc(jrec(phone=13812345678)),
    [":2:", ID, "phone", "联系电话", "应为字符串", "数字"])
bad("json-list-as-string.json", json_doc(jrec(certificates="一级建造师（水利水电工程）")),
    [ID, "certificates", "注册证书", "字符串列表"])
bad("json-object-as-array.json", json_doc(jrec(photo=[])),
    [ID, "photo", "证件照", "应为对象", "数组"])
bad("json-date-as-number.json", json_doc(jrec(graduated_on=20120701)),
    [ID, "graduated_on", "毕业时间", "日期字符串", '"20120701"'])
bad("json-bad-date.json", json_doc(jrec(title_since="2024-13-01")),
    [":2:", ID, "title_since", "现职称取得时间", "无法识别的日期", "YYYY-MM-DD", '"2024-13-01"'])
bad("json-bad-date-feb29.json", json_doc(jrec(submitted_on="2023-02-29")),
    [ID, "submitted_on", "个人提交时间", "无法识别的日期", '"2023-02-29"'])
bad("json-long-bad-date.json", json_doc(jrec(title_since="2024-" + "9" * 200000)),
    [ID, "title_since", "无法识别的日期", "2024-999", "…（共 200005 个字符）"])
bad("json-enum-ascii-parens.json", json_doc(jrec(unit_tier="县(市、区)")),
    [":2:", ID, "unit_tier", "单位层级", "不在允许的取值中", "允许：市本级、县（市、区）", '"县(市、区)"'])
bad("json-enum-degree.json", json_doc(jrec(degree="大学")),
    [ID, "degree", "学历", "不在允许的取值中", "本科", '"大学"'])
bad("json-enum-route.json", json_doc(jrec(route="推荐")),
    [ID, "route", "申报方式", "正常申报", '"推荐"'])
bad("json-enum-assessment-result.json", json_doc(jrec(assessments=[{"year": 2023, "result": "很好"}])),
    [ID, "assessments[1].result", "不在允许的取值中", "合格", '"很好"'])
bad("json-enum-long-value.json", json_doc(jrec(agency="某" * 5000)),
    [ID, "agency", "受理机构", "衢州市水利局", "…（共 5000 个字符）"])
bad("json-ce-item-without-year.json", json_doc(jrec(continuing_education=[{"year": 2022, "public": 20}, {"public": 24, "professional": 66}])),
    [":2:", ID, "continuing_education[2]", "继续教育", "第 2 项", "缺少年度 year"])
bad("json-ce-item-blank-year.json", json_doc(jrec(continuing_education=[{"year": "", "public": 24}])),
    [ID, "continuing_education[1]", "继续教育", "缺少年度 year"])
bad("json-assessment-without-year.json", json_doc(jrec(assessments=[{"result": "合格"}])),
    [ID, "assessments[1]", "年度考核", "第 1 项", "缺少年度 year"])
bad("json-assessment-empty-item.json", json_doc(jrec(assessments=[{}])),
    [ID, "assessments[1]", "年度考核", "缺少年度 year"])
bad("json-self-score-over-100.json", json_doc(jrec(self_score=101)),
    [ID, "self_score", "自评分", "0–100", '"101"'])
bad("json-self-score-negative.json", json_doc(jrec(self_score=-1)),
    [ID, "self_score", "自评分", "0–100", '"-1"'])
bad("json-negative-hours.json", json_doc(jrec(continuing_education=[{"year": 2023, "public": -2}])),
    [ID, "continuing_education[1].public", "不能为负数", '"-2"'])
bad("json-negative-bytes.json", json_doc(jrec(photo={"format": "JPG", "bytes": -5})),
    [ID, "photo.bytes", "不能为负数", '"-5"'])
bad("json-negative-pixels.json", json_doc(jrec(photo={"width": -295})),
    [ID, "photo.width", "不能为负数", '"-295"'])
bad("json-duplicate-key.json", json_doc(jrec() + ', "in_post": false'),
    [":2:", ID, "in_post", "在职在岗", "字段出现两次"])
bad("json-duplicate-key-and-label.json", json_doc(jrec() + ', "学历": "本科"'),
    [":2:", ID, "degree", "学历", "字段出现两次", "中文标签"])
bad("json-duplicate-sub-key-and-label.json", json_doc(jrec(continuing_education=[{"year": 2023, "年度": 2023}])),
    [ID, "continuing_education[1].year", "出现两次"])
bad("json-nan.json", json_doc(jrec() + ', "self_score": NaN'),
    [":2:", ID, "self_score", "自评分", "不是合法的 JSON 数字", "NaN", '"NaN"'])
bad("json-infinity.json", json_doc(jrec() + ', "self_score": Infinity'),
    [ID, "self_score", "自评分", "不是合法的 JSON 数字", '"Infinity"'])
bad("json-negative-infinity.json", json_doc(jrec() + ', "self_score": -Infinity'),
    [ID, "self_score", "不是合法的 JSON 数字", '"-Infinity"'])
bad("json-nan-in-item.json", json_doc(jrec() + ', "continuing_education": [{"year": 2023, "public": NaN}]'),
    [ID, "continuing_education[1].public", "不是合法的 JSON 数字", '"NaN"'])
bad("json-number-out-of-range.json", json_doc(jrec() + ', "self_score": 1e400'),
    [":2:", ID, "self_score", "自评分", "数字超出范围", "双精度", '"1e400"'])
bad("json-number-out-of-range-in-item.json", json_doc(jrec() + ', "continuing_education": [{"year": 2023, "professional": -1e999}]'),
    [ID, "continuing_education[1].professional", "数字超出范围", '"-1e999"'])
bad("json-nan-in-unknown-field.json", json_doc(jrec() + ', "备注分": NaN'),
    [":2:", ID, "不是合法的 JSON 数字", '"NaN"'])
bad("json-nul-in-string.json", json_doc(jrec(unit="衢州@水利")).replace(b"@", b"\x00"),
    [":2:", "NUL", "U+0000", "第 2 行"])
bad("json-nul-between-values.json", json_doc(jrec()).replace(b'"in_post"', b'\x00"in_post"'),
    [":2:", "NUL", "U+0000", "第 2 行"])
bad("json-utf16le-bom.json", b"\xff\xfe" + json_doc(jrec()).decode("utf-8").encode("utf-16-le"),
    ["UTF-16 LE", "BOM", "FF FE", "不是 UTF-8", "另存为 UTF-8"])
bad("json-utf16be-bom.json", b"\xfe\xff" + json_doc(jrec()).decode("utf-8").encode("utf-16-be"),
    ["UTF-16 BE", "BOM", "FE FF", "另存为 UTF-8"])
bad("json-utf32le-bom.json", b"\xff\xfe\x00\x00" + json_doc(jrec()).decode("utf-8").encode("utf-32-le"),
    ["UTF-32 LE", "BOM", "FF FE 00 00", "另存为 UTF-8"])
bad("json-utf16le-no-bom.json", json_doc(jrec()).decode("utf-8").encode("utf-16-le"),
    ["UTF-16 LE", "没有字节顺序标记", "另存为 UTF-8"])
bad("json-gb18030.json", json_doc(jrec()).decode("utf-8").encode("gb18030"),
    [":2:", "不是有效的 UTF-8", "JSON 文件须为 UTF-8"])
bad("json-missing-id.json", json_doc(members({"name": "张伟", "degree": "本科"})),
    [":2:", "记录 #1", "id", "申报编号", "缺少必填字段"])
bad("json-blank-id.json", json_doc(members({"id": " \u3000", "name": "张伟"})),
    [":2:", "记录 #1", "id", "申报编号", "不能为空"])
bad("json-missing-name.json", json_doc(members({"id": ID, "degree": "本科"})),
    [":2:", ID, "name", "姓名", "缺少必填字段"])
bad("json-duplicate-id.json", json_doc(jrec(), jrec(name="李娜")),
    [":3:", "记录 #2", ID, "申报编号重复", "记录 #1"])
bad("json-trailing-comma.json", b'{"applicants": [\n{' + jrec().encode() + b'},\n]}\n',
    [":3:1:", "记录 #2", "JSON 对象", "']'"])
bad("json-record-not-object.json", b'{"applicants": [\n{' + jrec().encode() + b'},\n42\n]}\n',
    [":3:", "记录 #2", "JSON 对象"])
bad("json-invalid-utf8.json", json_doc(jrec()).replace("张伟".encode(), b"\xd5\xc5\xce\xb0"),
    [":2:", "不是有效的 UTF-8"])
bad("json-empty.json", b"", ["文件为空"])
bad("json-blank-only.json", b" \n\t\n", ["文件为空"])

# ---------------------------------------------------------------- JSON: good
EMPTY_EVERYWHERE = {
    "unit_kind": "", "unit_tier": "", "agency": "", "in_post": "", "post_vacancy": "", "unit_suspended": "",
    "level": "", "route": "", "category": "", "specialty": "", "previous_application_year": "",
    "degree": "", "graduated_on": "", "major_related": "", "major_converted": "", "diploma_uploaded": "",
    "title": "", "title_since": "", "title_in_water": "", "title_origin": "", "title_recognized": "",
    "certificates": "", "work_started": "", "skill_grade": "", "skill_since": "", "honors": "",
    "self_score": "", "recommenders": "", "long_term_water_work": "", "left_agency_on": "",
    "current_post_since": "", "continuing_education": "", "assessments": "", "social_insurance": "",
    "social_insurance_proof": "", "performance": "", "fraud_year": "", "under_discipline": "",
    "self_statement": "", "photo": "", "submitted_on": "", "publicity_start": "", "publicity_end": "",
    "unit_reviewed_on": "", "county_recommended_on": "", "fee_paid": "",
}
good("json-empty-strings-everywhere.json",
     json_doc(members({"id": ID, "name": "张伟", **EMPTY_EVERYWHERE})))
good("json-blank-strings-everywhere.json",
     json_doc(members({"id": ID, "name": "张伟", **{k: [" ", "\u3000", "\u00a0", "\t", " \u3000 "][i % 5]
                                                  for i, k in enumerate(EMPTY_EVERYWHERE)}})))
good("json-empty-sub-fields.json", json_doc(members({
    "id": ID, "name": "张伟",
    "continuing_education": [{"year": 2023, "public": "", "professional": " ", "other": "\u3000"}],
    "assessments": [{"year": 2023, "result": ""}],
    "recommenders": [{"name": "王强", "title": "", "id": ""}],
    "performance": [{"title": "乌溪江灌区", "new": "", "collective": " ", "contributor_proof": ""}],
    "photo": {"format": "", "bytes": "", "width": " ", "height": "\u00a0"}})))
good("json-chinese-label-keys.json", json_doc(members({
    "申报编号": ID, "姓名": "张伟", "学历": "本科", "毕业时间": "2012/7/1", "在职在岗": True,
    "继续教育": [{"年度": 2023, "公需": 24, "专业": 66}]})))
good("json-date-forms.json", json_doc(members({
    "id": ID, "name": "张伟", "graduated_on": "2012年7月1日", "title_since": "2019.12.20",
    "work_started": "2012/8", "submitted_on": " 2024-07-15 ", "publicity_start": "\u30002024-07-22"})))
good("json-route-ascii-parens.json", json_doc(jrec(route="自评分(推荐)申报")))
good("json-route-short-form.json", json_doc(jrec(route="自评分")))
good("json-bare-array.json", ("[\n{" + jrec() + "}\n]\n").encode())
good("json-utf8-bom.json", b"\xef\xbb\xbf" + json_doc(jrec()))
good("json-lenient-enum.json", json_doc(jrec(unit_tier="县(市、区)"), jrec(id="QZ2024-0002", unit_tier="县(市、区)")),
     ["unit_tier", "单位层级", "按未知处理", '"县(市、区)"', "共 2 处"], options="lenient")

# ---------------------------------------------------------------- JSON Lines
bad("jsonl-bool-as-string.jsonl", jsonl_doc(jrec(id="QZ2024-0001"), jrec(id="QZ2024-0002", under_discipline="否")),
    [":2:", "记录 #2", "QZ2024-0002", "under_discipline", "处分期内", "布尔值", '"否"'])
bad("jsonl-nul.jsonl", jsonl_doc(jrec(), jrec(id="QZ2024-0002", unit="a@b")).replace(b"@", b"\x00"),
    [":2:", "NUL", "U+0000", "第 2 行"])
bad("jsonl-nan.jsonl", jsonl_doc(jrec(), jrec(id="QZ2024-0002") + ', "self_score": NaN'),
    [":2:", "QZ2024-0002", "self_score", "自评分", "不是合法的 JSON 数字", '"NaN"'])
bad("jsonl-ce-without-year.jsonl", jsonl_doc(jrec(continuing_education=[{"public": 30}])),
    [":1:", ID, "continuing_education[1]", "继续教育", "缺少年度 year"])
bad("jsonl-two-objects-on-a-line.jsonl", ("{" + jrec() + "} {" + jrec(id="QZ2024-0002") + "}\n").encode(),
    [":1:", "一行只能有一个 JSON 对象"])
bad("jsonl-line-not-object.jsonl", jsonl_doc(jrec()) + b"[1, 2]\n",
    [":2:", "记录 #2", "JSON Lines 每行应为一个申报人员对象"])
bad("jsonl-bad-date.jsonl", jsonl_doc(jrec(), jrec(id="QZ2024-0002"), jrec(id="QZ2024-0003", fee_paid=True, publicity_end="2024-07-32")),
    [":3:", "记录 #3", "QZ2024-0003", "publicity_end", "公示结束", "无法识别的日期", '"2024-07-32"'])
bad("jsonl-utf16le-bom.jsonl", b"\xff\xfe" + jsonl_doc(jrec()).decode().encode("utf-16-le"),
    ["UTF-16 LE", "BOM", "另存为 UTF-8"])
bad("jsonl-enum-ascii-parens.jsonl", jsonl_doc(jrec(unit_tier="县(市、区)")),
    [":1:", ID, "unit_tier", "单位层级", "市本级、县（市、区）"])
good("jsonl-empty-strings.jsonl", jsonl_doc(members({"id": ID, "name": "张伟", **EMPTY_EVERYWHERE}),
                                            members({"id": "QZ2024-0002", "name": "李娜", "in_post": " ", "self_score": "\u3000"})))
good("jsonl-crlf.jsonl", jsonl_doc(jrec(), jrec(id="QZ2024-0002")).replace(b"\n", b"\r\n"))


# ---------------------------------------------------------------- CSV
def csv_text(header, *rows, crlf=False):
    def cell(v):
        v = str(v)
        if any(c in v for c in ',"\r\n'):
            return '"' + v.replace('"', '""') + '"'
        return v
    nl = "\r\n" if crlf else "\n"
    return nl.join(",".join(cell(c) for c in r) for r in (header,) + rows) + nl


def utf8(t, bom=False):
    return (b"\xef\xbb\xbf" if bom else b"") + t.encode("utf-8")


H = ["id", "name", "degree", "in_post"]
R = [ID, "张伟", "本科", "是"]


def row(**changes):
    """(header, row) of the base CSV with columns changed or added."""
    h, r = list(H), list(R)
    for k, v in changes.items():
        if k in h:
            r[h.index(k)] = v
        else:
            h.append(k); r.append(v)
    return h, r


def csv1(crlf=False, **changes):
    h, r = row(**changes)
    return csv_text(h, r, crlf=crlf)


bad("csv-bool-bad.csv", utf8(csv1(in_post="maybe")),
    [":2:4:", ID, "in_post", "在职在岗", "布尔值", "是/否", '"maybe"'])
bad("csv-int-bad.csv", utf8(csv1(previous_application_year="2023.5")),
    [":2:5:", ID, "previous_application_year", "上次申报年度", "应为整数", '"2023.5"'])
bad("csv-number-bad.csv", utf8(csv1(self_score="七十八")),
    [":2:5:", ID, "self_score", "自评分", "应为数字", '"七十八"'])
bad("csv-number-out-of-range.csv", utf8(csv1(self_score="1e400")),
    [":2:5:", ID, "self_score", "自评分", "数字超出范围", '"1e400"'])
bad("csv-nan.csv", utf8(csv1(self_score="NaN")),
    [":2:5:", ID, "self_score", "自评分", "应为数字", '"NaN"'])
bad("csv-self-score-over-100.csv", utf8(csv1(self_score="101")),
    [":2:5:", ID, "self_score", "自评分", "0–100", '"101"'])
bad("csv-negative-hours.csv", utf8(csv1(ce_2023_public="-2")),
    [":2:5:", ID, "continuing_education[2023].public", "不能为负数", '"-2"'])
bad("csv-negative-pixels.csv", utf8(csv1(photo_height="-413")),
    [":2:5:", ID, "photo.height", "不能为负数", '"-413"'])
bad("csv-negative-count.csv", utf8(csv1(recommenders_count="-1")),
    [":2:5:", ID, "recommenders_count", "数量不能为负数", '"-1"'])
bad("csv-count-item-beyond-n.csv", utf8(csv_text(H + ["recommenders_count", "recommender_1_name", "recommender_2_name"],
                                                 R + ["1", "王强", "李明"])),
    [":2:5:", ID, "recommenders", "推荐专家", "数量列与明细不符", "第 2 项有数据", '"1"'])
bad("csv-count-beyond-columns.csv", utf8(csv_text(H + ["performance_count", "performance_1_title"], R + ["3", "乌溪江灌区"])),
    [":2:5:", ID, "performance", "业绩", "数量列与明细不符", "表头只有第 1–1 项"])
bad("csv-count-disagrees-ce.csv", utf8(csv_text(H + ["continuing_education_count", "ce_2022_public", "ce_2023_public"],
                                               R + ["2", "24", ""])),
    [":2:5:", ID, "continuing_education", "继续教育", "数量列与明细不符", "数量为 2", "有 1 项"])
bad("csv-count-disagrees-certificates.csv", utf8(csv_text(H + ["certificates_count", "certificates"], R + ["2", "一级建造师（水利水电工程）"])),
    [":2:5:", ID, "certificates", "注册证书", "数量列与明细不符", "数量为 2"])
bad("csv-repeated-column.csv", utf8(csv_text(H + ["in_post"], R + ["否"])),
    [":1:5:", "列重复", "第 4 列", "in_post"])
bad("csv-repeated-column-label.csv", utf8(csv_text(H + ["在职在岗"], R + ["否"])),
    [":1:5:", "列重复", "在职在岗", "in_post"])
bad("csv-nul-in-cell.csv", utf8(csv1(unit="衢州\x00水利")),
    [":2:", "NUL", "U+0000", "第 2 行"])
bad("csv-nul-third-line.csv", utf8(csv_text(H, R, ["QZ2024-0002", "李\x00娜", "本科", "否"])),
    [":3:", "NUL", "U+0000", "第 3 行"])
bad("csv-utf16le-bom.csv", b"\xff\xfe" + csv1().replace(",", "\t").encode("utf-16-le"),
    ["UTF-16 LE", "BOM", "FF FE", "Unicode 文本", "不是 UTF-8 或 GB18030", "CSV UTF-8（逗号分隔）"])
bad("csv-utf16be-bom.csv", b"\xfe\xff" + csv1().encode("utf-16-be"),
    ["UTF-16 BE", "BOM", "FE FF", "CSV UTF-8（逗号分隔）"])
bad("csv-utf32le-bom.csv", b"\xff\xfe\x00\x00" + csv1().encode("utf-32-le"),
    ["UTF-32 LE", "BOM", "CSV UTF-8（逗号分隔）"])
bad("csv-utf32be-bom.csv", b"\x00\x00\xfe\xff" + csv1().encode("utf-32-be"),
    ["UTF-32 BE", "BOM", "00 00 FE FF", "CSV UTF-8（逗号分隔）"])
bad("csv-utf16le-no-bom.csv", csv1().encode("utf-16-le"),
    ["UTF-16 LE", "没有字节顺序标记", "CSV UTF-8（逗号分隔）"])
bad("csv-enum-ascii-parens.csv", utf8(csv1(unit_tier="县(市、区)")),
    [":2:5:", ID, "unit_tier", "单位层级", "不在允许的取值中", "市本级、县（市、区）", '"县(市、区)"'])
bad("csv-enum-degree.csv", utf8(csv1(degree="大学本科")),
    [":2:3:", ID, "degree", "学历", "不在允许的取值中", '"大学本科"'])
bad("csv-bad-date.csv", utf8(csv1(title_since="2019-12-32")),
    [":2:5:", ID, "title_since", "现职称取得时间", "无法识别的日期", '"2019-12-32"'])
bad("csv-long-bad-date.csv", utf8(csv1(title_since="x" * 100000)),
    [":2:5:", ID, "title_since", "无法识别的日期", "…（共 100000 个字符）"])
bad("csv-ragged-row.csv", utf8(csv_text(H, R + ["多余"])),
    [":2:", "记录 #1", "列数不符", "此行有 5 列", "表头有 4 列"])
bad("csv-unclosed-quote.csv", utf8("id,name,unit\n" + ID + ',张伟,"衢州市水利局\n'),
    [":2:", "引号没有闭合"])
bad("csv-list-field-in-one-column.csv", utf8(csv1(continuing_education="2023:24")),
    [":1:5:", "continuing_education", "继续教育", "须展开为多列", "ce_"])
bad("csv-data-under-empty-header.csv", utf8(csv_text(H + [""], R + ["多余的数据"])),
    [":2:5:", "表头为空的列中有数据"])
bad("csv-missing-id-column.csv", utf8(csv_text(["name", "degree"], ["张伟", "本科"])),
    [":2:", "记录 #1", "id", "申报编号", "缺少必填列"])
bad("csv-blank-id.csv", utf8(csv_text(H, ["\u3000", "张伟", "本科", "是"])),
    [":2:1:", "记录 #1", "id", "申报编号", "不能为空"])
bad("csv-duplicate-id.csv", utf8(csv_text(H, R, [ID, "李娜", "大专", "否"])),
    [":3:1:", "记录 #2", ID, "申报编号重复", "记录 #1"])
bad("csv-mixed-encodings.csv", "id,name,unit\n".encode() + (ID + ",张伟,衢州市水利局\n").encode("utf-8")
    + ("QZ2024-0002,李娜,衢州市水利局\n").encode("gb18030"),
    ["文件编码混杂", "第 2 行是 UTF-8", "第 3 行"])
bad("csv-bom-inside.csv", utf8(csv_text(H, R)) + utf8(csv_text(H, ["QZ2024-0002", "李娜", "本科", "否"]), bom=True),
    [":3:1:", "BOM", "U+FEFF", "拼接"])
bad("csv-bom-crlf-bad-bool.csv", utf8(csv1(crlf=True, fee_paid="已交"), bom=True),
    [":2:5:", ID, "fee_paid", "已缴费", "布尔值", '"已交"'])
bad("csv-crlf-count-item-beyond-n.csv", utf8(csv_text(H + ["performance_count", "performance_1_title", "performance_2_title"],
                                                     R + ["1", "乌溪江灌区", "铜山源水库"], crlf=True)),
    [":2:5:", ID, "performance", "业绩", "第 2 项有数据"])
bad("csv-bom-crlf-enum-ascii-parens.csv", utf8(csv1(crlf=True, unit_tier="县(市、区)"), bom=True),
    [":2:5:", ID, "unit_tier", "单位层级", '"县(市、区)"'])
ZH = ["申报编号", "姓名", "学历", "在职在岗"]
bad("csv-gb18030-enum.csv", csv_text(ZH + ["单位层级"], R + ["县(市、区)"], crlf=True).encode("gb18030"),
    [":2:5:", ID, "unit_tier", "单位层级", "市本级、县（市、区）", '"县(市、区)"'])
bad("csv-gb18030-bad-date.csv", csv_text(ZH + ["毕业时间"], R + ["2012年13月1日"], crlf=True).encode("gb18030"),
    [":2:5:", ID, "graduated_on", "毕业时间", "无法识别的日期", '"2012年13月1日"'])
bad("csv-gb18030-bad-bool.csv", csv_text(ZH + ["专业对口"], R + ["对口"], crlf=True).encode("gb18030"),
    [":2:5:", ID, "major_related", "专业对口", "布尔值", '"对口"'])
bad("csv-gb18030-nul.csv", csv_text(ZH, [ID, "张\x00伟", "本科", "是"], crlf=True).encode("gb18030"),
    [":2:", "NUL", "U+0000", "第 2 行"])
bad("csv-gb18030-count-beyond.csv", csv_text(ZH + ["推荐专家_数量", "推荐专家_1_姓名", "推荐专家_2_姓名"],
                                             R + ["1", "王强", "李明"], crlf=True).encode("gb18030"),
    [":2:5:", ID, "recommenders", "推荐专家", "第 2 项有数据"])
bad("csv-gb18030-repeated-column.csv", csv_text(ZH + ["学历"], R + ["大专"], crlf=True).encode("gb18030"),
    [":1:5:", "列重复", "学历"])
bad("csv-gb18030-self-score.csv", csv_text(ZH + ["自评分"], R + ["120"], crlf=True).encode("gb18030"),
    [":2:5:", ID, "self_score", "自评分", "0–100", '"120"'])
bad("csv-gb18030-ce-negative.csv", csv_text(ZH + ["继续教育_2023_专业"], R + ["-66"], crlf=True).encode("gb18030"),
    [":2:5:", ID, "continuing_education[2023].professional", "不能为负数", '"-66"'])

ALL_COLUMNS = ["id", "name", "unit_kind", "unit_tier", "agency", "in_post", "post_vacancy", "unit_suspended", "level",
               "route", "category", "previous_application_year", "degree", "graduated_on", "major_related",
               "title", "title_since", "title_origin", "certificates", "honors", "self_score", "fee_paid",
               "ce_2023_public", "ce_2023_professional", "assessment_2023", "recommender_1_name", "recommender_1_title",
               "performance_1_title", "performance_1_new", "photo_bytes", "photo_width", "submitted_on"]
good("csv-empty-cells.csv", utf8(csv_text(ALL_COLUMNS, [ID, "张伟"] + [""] * (len(ALL_COLUMNS) - 2),
                                          ["QZ2024-0002", "李娜"] + [[" ", "\u3000", "\u00a0", "\t"][i % 4] for i in range(len(ALL_COLUMNS) - 2)],
                                          crlf=True), bom=True))
good("csv-gb18030-empty-cells.csv", csv_text(["申报编号", "姓名", "在职在岗", "自评分", "毕业时间", "学历", "继续教育_2023_公需", "证件照_字节"],
                                             [ID, "张伟", "", "", "", "", "", ""],
                                             ["QZ2024-0002", "李娜", "\u3000", " ", "\u3000", "  ", "\u3000", " "], crlf=True).encode("gb18030"))
good("csv-count-with-empty-item.csv", utf8(csv_text(H + ["recommenders_count", "recommender_1_name", "recommender_1_title",
                                                         "recommender_2_name", "recommender_2_title"],
                                                    R + ["2", "王强", "高级工程师", "", ""])))
good("csv-route-ascii-parens.csv", utf8(csv1(route="自评分(推荐)申报")))
good("csv-lenient-enum.csv", utf8(csv1(unit_tier="县(市、区)")),
     [":2:5:", ID, "unit_tier", "单位层级", "按未知处理", '"县(市、区)"'], options="lenient")
good("csv-semicolon.csv", utf8(csv1().replace(",", ";")))


# ---------------------------------------------------------------- xlsx (hand-built with zipfile)
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def col_ref(c):
    s = ""
    c += 1
    while c:
        c, r = divmod(c - 1, 26)
        s = chr(65 + r) + s
    return s


def xml_escape(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def xlsx(rows, merges=(), date_style=False):
    """rows: lists of cells; a str is an inline string, an int/float a number, a bool a logical cell,
    ('date', serial) a number in a date-formatted cell, ('raw', xml) a cell's inner XML written as is."""
    data = []
    for r, cells in enumerate(rows):
        out = []
        for c, v in enumerate(cells):
            ref = f"{col_ref(c)}{r + 1}"
            if v is None or v == "":
                continue
            if isinstance(v, bool):
                out.append(f'<c r="{ref}" t="b"><v>{1 if v else 0}</v></c>')
            elif isinstance(v, (int, float)):
                out.append(f'<c r="{ref}"><v>{v}</v></c>')
            elif isinstance(v, tuple) and v[0] == "date":
                out.append(f'<c r="{ref}" s="1"><v>{v[1]}</v></c>')
            elif isinstance(v, tuple) and v[0] == "raw":
                out.append(f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{v[1]}</t></is></c>')
            else:
                out.append(f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{xml_escape(v)}</t></is></c>')
        data.append(f'<row r="{r + 1}">' + "".join(out) + "</row>")
    merge_xml = ""
    if merges:
        merge_xml = f'<mergeCells count="{len(merges)}">' + "".join(f'<mergeCell ref="{m}"/>' for m in merges) + "</mergeCells>"
    sheet = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}" xmlns:r="{RELNS}">'
             f'<sheetData>{"".join(data)}</sheetData>{merge_xml}</worksheet>')
    styles = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="{MAIN}">'
              '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>'
              '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>')
    parts = [
        ("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
         '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
         '<Default Extension="xml" ContentType="application/xml"/>'
         '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
         '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
         '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
         '</Types>'),
        ("_rels/.rels", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{PKG}">'
         f'<Relationship Id="rId1" Type="{RELNS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
        ("xl/workbook.xml", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{MAIN}" xmlns:r="{RELNS}">'
         '<sheets><sheet name="花名册" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        ("xl/_rels/workbook.xml.rels", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{PKG}">'
         f'<Relationship Id="rId1" Type="{RELNS}/worksheet" Target="worksheets/sheet1.xml"/>'
         f'<Relationship Id="rId2" Type="{RELNS}/styles" Target="styles.xml"/></Relationships>'),
        ("xl/worksheets/sheet1.xml", sheet),
        ("xl/styles.xml", styles),
    ]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts:
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text.encode("utf-8"))
    return buf.getvalue()


XH = ["申报编号", "姓名", "学历", "在职在岗"]
XR = [ID, "张伟", "本科", "是"]


def x1(header_extra, row_extra):
    return xlsx([XH + header_extra, XR + row_extra])


bad("xlsx-bool-bad.xlsx", x1(["已缴费"], ["交了"]),
    ["工作表 花名册 单元格 E2", ID, "fee_paid", "已缴费", "布尔值", '"交了"'])
bad("xlsx-enum-ascii-parens.xlsx", x1(["单位层级"], ["县(市、区)"]),
    ["工作表 花名册 单元格 E2", ID, "unit_tier", "单位层级", "市本级、县（市、区）", '"县(市、区)"'])
bad("xlsx-nul-in-cell.xlsx", x1(["工作单位"], [("raw", "衢州_x0000_水利")]),
    ["工作表 花名册 单元格 E2", ID, "NUL", "U+0000", "_x0000_"])
bad("xlsx-number-in-date.xlsx", x1(["毕业时间"], [41091]),
    ["工作表 花名册 单元格 E2", ID, "graduated_on", "毕业时间", "不是日期", '"41091"'])
bad("xlsx-id-number-as-number.xlsx", x1(["身份证号"], [330802199001011234]),
    ["工作表 花名册 单元格 E2", ID, "id_number", "身份证号", "15 位有效数字"])
bad("xlsx-count-item-beyond-n.xlsx", x1(["推荐专家_数量", "推荐专家_1_姓名", "推荐专家_2_姓名"], [1, "王强", "李明"]),
    ["工作表 花名册 单元格 E2", ID, "recommenders", "推荐专家", "第 2 项有数据"])
bad("xlsx-self-score-over-100.xlsx", x1(["自评分"], [101]),
    ["工作表 花名册 单元格 E2", ID, "self_score", "自评分", "0–100", '"101"'])
bad("xlsx-merged-data.xlsx", xlsx([XH + ["工作单位"], XR + ["衢州市水利局"], ["QZ2024-0002", "李娜", "本科", "否", ""]], merges=["E2:E3"]),
    ["工作表 花名册 单元格 E2:E3", "合并单元格"])
bad("xlsx-repeated-column.xlsx", x1(["学历"], ["大专"]),
    ["工作表 花名册 单元格 E1", "列重复", "学历"])
bad("xlsx-bad-date.xlsx", x1(["现职称取得时间"], ["2019年13月"]),
    ["工作表 花名册 单元格 E2", ID, "title_since", "现职称取得时间", "无法识别的日期", '"2019年13月"'])
bad("xlsx-ce-negative.xlsx", x1(["继续教育_2023_公需"], [-24]),
    ["工作表 花名册 单元格 E2", ID, "continuing_education[2023].public", "不能为负数", '"-24"'])
bad("xlsx-duplicate-id.xlsx", xlsx([XH, XR, [ID, "李娜", "大专", "否"]]),
    ["工作表 花名册 单元格 A3", "记录 #2", ID, "申报编号重复"])
bad("xlsx-long-bad-value.xlsx", x1(["申报级别"], ["高级" * 3000]),
    ["工作表 花名册 单元格 E2", ID, "level", "申报级别", "…（共 6000 个字符）"])
bad("xlsx-not-a-zip.xlsx", utf8(csv1()), ["不是", "xlsx"])
good("xlsx-blank-cells.xlsx", xlsx([XH + ["自评分", "毕业时间", "单位层级", "继续教育_2023_公需", "证件照_宽", "注册证书", "已缴费"],
                                   [ID, "张伟", " ", "\u3000", "\u00a0", " ", "\t", "\u3000", " ", "  ", " "],
                                   ["QZ2024-0002", "李娜", "", "", "", "", "", "", "", "", "\u3000"]]))
good("xlsx-count-with-empty-item.xlsx", x1(["推荐专家_数量", "推荐专家_1_姓名", "推荐专家_2_姓名"], [2, "王强", ""]))
good("xlsx-date-cells.xlsx", x1(["毕业时间", "现职称取得时间"], [("date", 41091), "2019/12/20"]))
good("xlsx-lenient-enum.xlsx", x1(["单位层级"], ["县(市、区)"]),
     ["工作表 花名册 单元格 E2", ID, "unit_tier", "按未知处理"], options="lenient")


# ---------------------------------------------------------------- manifest
with open(os.path.join(ROOT, "manifest.tsv"), "w", encoding="utf-8", newline="\n") as f:
    f.write("# file\toutcome (load|error)\toptions (-|lenient)\twords the message (or, for load, the warnings) must contain…\n")
    for rel, outcome, options, words in cases:
        for w in words:
            assert "\t" not in w and "\n" not in w, (rel, w)
        f.write("\t".join([rel, outcome, options] + words) + "\n")
print(f"{len(cases)} files: {sum(1 for c in cases if c[1] == 'error')} refused, {sum(1 for c in cases if c[1] == 'load')} loaded")
