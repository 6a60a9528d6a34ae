#!/usr/bin/env python3
"""A second, independent generator of applicant rosters, written from
../shared/spec/roster-format.md alone (standard library only; no code shared with
`zcsh generate`).

It writes the SAME records in every format, the way office systems and Excel/WPS
exports really write them:

  DIR/roster.json          {"year", "notice", "applicants": [...]}
  DIR/roster-array.json    a bare array [ {...} ]
  DIR/roster.jsonl         one object per line
  DIR/roster-utf8.csv      UTF-8 with BOM, CRLF line ends
  DIR/roster-gb18030.csv   GB18030 (Excel/WPS on Chinese Windows), CRLF
  DIR/roster.xlsx          OOXML written by hand with zipfile: a merged title row,
                           shared and inline strings, numbers, logical cells, dates as
                           text in several forms and as date serials (three date styles)
  DIR/manifest.json        seed, count, the file names, and `ce_multi_ids`

What the files contain, on purpose (valid data only: everything must load):
  - "" for an empty cell in every column (JSON too), JSON null, absent keys, and
    blank-only text ("  ", "\\u3000") in non-text fields: all "not known";
  - keys and headers as canonical English keys or Chinese labels, mixed;
  - every date form of the spec: 2024-07-04, 2024/7/4, 2024/07/04, 2024.07.04,
    2024.7.4, 2024年7月4日, month precision 2024-07 / 2024.07 / 2024/07 / 2024年7月,
    surrounding blanks; in .xlsx also date serials in date-formatted cells;
  - booleans as true/false, TRUE, 是/否, Y/N, y/n, 1/0 (CSV, xlsx text), JSON true/false,
    xlsx logical cells;
  - routes in canonical form, with ASCII parentheses, and the short forms;
  - technical-school degrees (中级工班, 高级工班, 预备技师班, 技师班);
  - recommenders with the same expert twice (same id; same trimmed name, with spaces),
    blank names ("" and blanks), all-empty items; performance with >5 items and
    all-empty items; list count columns with 0 and with all-empty items;
  - unknown extra columns (备注, 序号, 导出批次), numbers written as 24.0 (pandas style);
  - several continuing-education records for one year (JSON forms only: a CSV row has
    one set of ce_YYYY_* columns per year, so the CSV/xlsx forms carry the one record
    of that year that passes; those applicants are listed in manifest `ce_multi_ids`,
    and their verdicts must still agree).

Usage: scripts/gen-office-roster.py --seed S --count N --out DIR
Deterministic: the same seed and count give byte-identical files.
"""
import argparse
import datetime
import io
import json
import os
import random
import sys
import zipfile
from xml.sax.saxutils import escape as xml_escape

NOTICE = "衢州水利〔2024〕72号"

# ---------------------------------------------------------------------------
# The fields of roster-format.md: key, Chinese label, kind.
# kinds: text, enum, bool, date, int, number, strlist, recs, ce, asmt, perf, photo
FIELDS = [
    ("id", "申报编号", "text"),
    ("name", "姓名", "text"),
    ("id_number", "身份证号", "text"),
    ("phone", "联系电话", "text"),
    ("unit", "工作单位", "text"),
    ("unit_kind", "单位性质", "enum"),
    ("unit_tier", "单位层级", "enum"),
    ("agency", "受理机构", "enum"),
    ("in_post", "在职在岗", "bool"),
    ("post_vacancy", "岗位空缺", "bool"),
    ("unit_suspended", "单位暂停申报", "bool"),
    ("level", "申报级别", "enum"),
    ("route", "申报方式", "enum"),
    ("category", "申报类别", "enum"),
    ("specialty", "评审专业", "text"),
    ("previous_application_year", "上次申报年度", "int"),
    ("degree", "学历", "enum"),
    ("graduated_on", "毕业时间", "date"),
    ("major_related", "专业对口", "bool"),
    ("major_converted", "专业转换", "bool"),
    ("diploma_uploaded", "学历证明已上传", "bool"),
    ("title", "现职称", "enum"),
    ("title_since", "现职称取得时间", "date"),
    ("title_in_water", "现职称为水利专业", "bool"),
    ("title_origin", "职称取得地", "enum"),
    ("title_recognized", "职称已认定", "bool"),
    ("certificates", "注册证书", "strlist"),
    ("work_started", "从事专业工作时间", "date"),
    ("skill_grade", "职业技能等级", "enum"),
    ("skill_since", "技能等级取得时间", "date"),
    ("honors", "荣誉", "strlist"),
    ("self_score", "自评分", "number"),
    ("recommenders", "推荐专家", "recs"),
    ("long_term_water_work", "长期从事水利工程", "bool"),
    ("left_agency_on", "调出机关时间", "date"),
    ("current_post_since", "现岗位工作时间", "date"),
    ("continuing_education", "继续教育", "ce"),
    ("assessments", "年度考核", "asmt"),
    ("social_insurance", "社保缴纳地", "enum"),
    ("social_insurance_proof", "省外社保凭据", "bool"),
    ("performance", "业绩", "perf"),
    ("fraud_year", "弄虚作假年度", "int"),
    ("under_discipline", "处分期内", "bool"),
    ("self_statement", "本人述职", "text"),
    ("photo", "证件照", "photo"),
    ("submitted_on", "个人提交时间", "date"),
    ("publicity_start", "公示开始", "date"),
    ("publicity_end", "公示结束", "date"),
    ("unit_reviewed_on", "单位审核时间", "date"),
    ("county_recommended_on", "初评委推荐时间", "date"),
    ("fee_paid", "已缴费", "bool"),
]
LABEL = {k: l for k, l, _ in FIELDS}
KIND = {k: t for k, _, t in FIELDS}

ROUTES = ["正常申报", "自评分（推荐）申报", "高技能人才申报", "机关调出人员申报", "转评申报"]
ROUTE_SPELLINGS = {
    "正常申报": ["正常申报", "正常"],
    "自评分（推荐）申报": ["自评分（推荐）申报", "自评分(推荐)申报", "自评分"],
    "高技能人才申报": ["高技能人才申报", "高技能"],
    "机关调出人员申报": ["机关调出人员申报", "机关调出"],
    "转评申报": ["转评申报", "转评"],
}
AGENCIES = ["衢州市水利局", "柯城区水利局", "衢江区水利局", "龙游县林业水利局", "江山市水利局", "常山县林业水利局", "开化县水利局"]
CATEGORIES = ["规划设计", "技术开发", "建设管理", "施工管理", "运行管理", "行业管理"]
DEGREES = ["中专", "大专", "本科", "第二学士", "硕士", "研究生", "博士", "中级工班", "高级工班", "预备技师班", "技师班"]
RESULTS_GOOD = ["优秀", "良好", "合格", "称职"]
RESULTS_BAD = ["基本合格", "基本称职", "不合格", "不称职", "不定等次"]
H_A = ["省级一类技能竞赛前五名", "省级二类技能竞赛前三名", "浙江青年工匠", "优秀技能人才"]
H_E = ["世界技能大赛优胜奖", "省技术能手", "省级技能大师工作室领办人", "浙江工匠", "拔尖技能人才"]
OTHER_HONORS = ["衢州市优秀共产党员", "市级先进工作者", "防汛抗旱先进个人"]
CERTS = ["一级建造师（水利水电工程）", "二级建造师（水利水电工程）", "注册土木工程师（水利水电工程）", "监理工程师（水利工程）"]
SPECIALTIES = ["水利水电工程", "水文水资源", "农业水利工程", "水土保持", "河道管理", "水利工程管理"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严欧莫孔向常汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰文辉建国志红林宇浩然鑫晨瑶琳欣怡子轩梓涵一诺"
UNITS = ["衢州市乌溪江引水工程管理中心", "衢州市水利水电勘测设计院有限公司", "衢州市信安湖管理中心",
         "衢州市铜山源水库管理所", "衢州市水利局水政监察支队", "浙江衢通水利建设有限公司", "衢州市河湖管理中心"]
EXPERTS = [("王建国", "E001"), ("李振华", "E002"), ("周立群", "E003"), ("陈海波", "E004"), ("吴国强", "E005"),
           ("郑明远", "E006"), ("钱志刚", "E007"), ("孙海燕", "E008"), ("黄永康", "E009"), ("徐文斌", "E010"),
           ("朱晓东", "E011"), ("何丽萍", "E012"), ("欧阳春", "E013"), ("司马青", "E014")]
EXPERT_TITLES = ["高级工程师", "正高级工程师", "工程师", "高级工程师"]

CE_YEARS = list(range(2019, 2025))
ASMT_YEARS = list(range(2019, 2024))
MAX_RECS = 4
MAX_PERF = 6
EXTRAS = ["备注", "序号", "导出批次"]

Y = 2024


class NotKnown:
    """A field that is not known; how it is written is chosen per format."""
    def __repr__(self):
        return "NK"


NK = NotKnown()


def d(y, m, day):
    return datetime.date(y, m, day)


# ---------------------------------------------------------------------------
# Typed applicants

def person_name(rng):
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice([1, 2, 2])))


def id_number(rng, birth):
    body = "3308%02d%s%03d" % (rng.randint(0, 30), birth.strftime("%Y%m%d"), rng.randint(0, 999))
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    s = sum(int(c) * w for c, w in zip(body, weights)) % 11
    return body + "10X98765432"[s]


def rand_date(rng, lo, hi, month_only=0.0):
    span = (hi - lo).days
    x = lo + datetime.timedelta(days=rng.randint(0, max(span, 0)))
    if rng.random() < month_only:
        x = x.replace(day=1)
    return x


def maybe(rng, p, value):
    """value, or NK with probability p."""
    return NK if rng.random() < p else value


def make_applicant(rng, i, seed):
    a = {}
    a["id"] = "GX%d-%05d" % (seed, i)
    a["name"] = person_name(rng)
    birth = rand_date(rng, d(1965, 1, 1), d(2003, 12, 31))
    a["id_number"] = rng.choice([id_number(rng, birth)] * 8 + ["", "  "])
    a["phone"] = rng.choice(["1%d%09d" % (rng.choice([3, 5, 8, 9]), rng.randint(0, 999999999))] * 6 + ["", "0570-3051234"])
    a["unit"] = rng.choice(UNITS + [""])
    kind = rng.choices(["事业单位", "企业", "机关"], [6, 5, 1])[0]
    a["unit_kind"] = maybe(rng, 0.06, kind)
    a["unit_tier"] = maybe(rng, 0.06, rng.choices(["市本级", "县（市、区）"], [8, 1])[0])
    a["agency"] = maybe(rng, 0.05, rng.choice(AGENCIES))
    a["in_post"] = maybe(rng, 0.05, rng.random() < 0.97)
    a["post_vacancy"] = maybe(rng, 0.15, rng.random() < 0.85) if kind == "事业单位" else maybe(rng, 0.7, rng.random() < 0.5)
    a["unit_suspended"] = maybe(rng, 0.6, rng.random() < 0.05)
    level = rng.choices(["工程师", "助理工程师", "技术员"], [5, 4, 2])[0]
    a["level"] = maybe(rng, 0.04, level)
    route = rng.choices(ROUTES, [10, 3, 2, 1, 2])[0]
    a["route"] = maybe(rng, 0.03, route)
    a["category"] = maybe(rng, 0.05, rng.choice(CATEGORIES))
    a["specialty"] = rng.choice(SPECIALTIES + [""])
    a["previous_application_year"] = rng.choice([NK] * 8 + [2022, 2023])
    degree = rng.choices(DEGREES, [2, 4, 6, 1, 2, 1, 1, 1, 1, 1, 1])[0]
    a["degree"] = maybe(rng, 0.05, degree)
    grad = rand_date(rng, d(1994, 6, 1), d(2024, 7, 1), month_only=0.2)
    a["graduated_on"] = maybe(rng, 0.06, grad)
    a["major_related"] = maybe(rng, 0.1, rng.random() < 0.85)
    a["major_converted"] = maybe(rng, 0.6, rng.random() < 0.2)
    a["diploma_uploaded"] = maybe(rng, 0.3, rng.random() < 0.9)
    prev = {"工程师": "助理工程师", "助理工程师": "技术员", "技术员": "无"}[level]
    if route == "转评申报":
        prev = level
    title = rng.choices([prev, "无", "技术员", "助理工程师", "工程师"], [12, 1, 1, 1, 1])[0]
    a["title"] = maybe(rng, 0.05, title)
    a["title_since"] = maybe(rng, 0.08, rand_date(rng, d(2010, 1, 1), d(2024, 6, 30), month_only=0.15)) if title != "无" else rng.choice([NK, NK, ""])
    a["title_in_water"] = maybe(rng, 0.5, rng.random() < 0.9)
    a["title_origin"] = maybe(rng, 0.5, rng.choices(["省内", "省外", "中央部属", "军队转业"], [12, 2, 1, 1])[0])
    a["title_recognized"] = maybe(rng, 0.5, rng.random() < 0.7)
    a["certificates"] = rng.choice([NK, [], [], [rng.choice(CERTS)], [rng.choice(CERTS), rng.choice(CERTS[2:])]])
    if a["certificates"] is not NK and len(a["certificates"]) == 2 and a["certificates"][0] == a["certificates"][1]:
        a["certificates"] = a["certificates"][:1]
    ws = grad + datetime.timedelta(days=rng.randint(-400, 200))
    a["work_started"] = maybe(rng, 0.05, min(ws, d(2024, 12, 31)))
    if route == "高技能人才申报" or rng.random() < 0.1:
        a["skill_grade"] = maybe(rng, 0.1, rng.choice(["高级工", "技师", "高级技师"]))
        a["skill_since"] = maybe(rng, 0.1, rand_date(rng, d(2014, 1, 1), d(2023, 12, 31), month_only=0.2))
    else:
        a["skill_grade"], a["skill_since"] = NK, NK
    hon = rng.choice([NK, [], [], [], [rng.choice(OTHER_HONORS)], [rng.choice(H_A)], [rng.choice(H_E), rng.choice(OTHER_HONORS)]])
    a["honors"] = hon
    if route == "自评分（推荐）申报" or rng.random() < 0.05:
        a["self_score"] = maybe(rng, 0.08, rng.choice([rng.randint(55, 95), round(rng.uniform(60, 90), 1), 70, 69.5]))
        a["recommenders"] = make_recommenders(rng)
        a["long_term_water_work"] = maybe(rng, 0.1, rng.random() < 0.85)
    else:
        a["self_score"], a["recommenders"], a["long_term_water_work"] = NK, NK, NK
        if rng.random() < 0.05:
            a["recommenders"] = []
    if route == "机关调出人员申报":
        a["left_agency_on"] = maybe(rng, 0.05, rand_date(rng, d(2020, 6, 1), d(2024, 6, 30)))
    else:
        a["left_agency_on"] = NK
    if route == "转评申报":
        a["current_post_since"] = maybe(rng, 0.05, rand_date(rng, d(2021, 1, 1), d(2024, 6, 30), month_only=0.2))
    else:
        a["current_post_since"] = NK
    a["continuing_education"], a["_ce_extra"] = make_ce(rng)
    a["assessments"] = make_assessments(rng)
    si = rng.choices(["省内", "省外"], [9, 1])[0]
    a["social_insurance"] = maybe(rng, 0.05, si)
    a["social_insurance_proof"] = maybe(rng, 0.3, rng.random() < 0.7) if si == "省外" else maybe(rng, 0.8, False)
    a["performance"] = make_performance(rng)
    a["fraud_year"] = rng.choice([NK] * 60 + [2020, 2021, 2022, 2023])
    a["under_discipline"] = maybe(rng, 0.5, rng.random() < 0.03)
    a["self_statement"] = rng.choice(["", "本人自%d年起从事水利工程%s工作，\"精益求精\"，负责项目质量、进度。" % (ws.year, rng.choice(CATEGORIES)),
                                      "本人述职：\n一、主要业绩；\n二、技术总结", "  ", "述职" * rng.choice([10, 300, 520])])
    a["photo"] = rng.choice([NK, NK, NK, {"format": rng.choice(["JPG", "jpeg", "PNG"]), "bytes": rng.choice([154000, 20000, 2000000]),
                                          "width": rng.choice([295, 200, 358]), "height": rng.choice([413, 441, 300])},
                             {"format": "JPG", "bytes": 154000}])
    sub = rand_date(rng, d(2024, 6, 28), d(2024, 8, 8))
    a["submitted_on"] = maybe(rng, 0.1, sub)
    ps = sub + datetime.timedelta(days=rng.randint(1, 6))
    pe = ps + datetime.timedelta(days=rng.randint(3, 9))
    a["publicity_start"] = maybe(rng, 0.1, ps)
    a["publicity_end"] = maybe(rng, 0.1, pe)
    a["unit_reviewed_on"] = maybe(rng, 0.15, pe + datetime.timedelta(days=rng.randint(-1, 8)))
    a["county_recommended_on"] = maybe(rng, 0.3, rand_date(rng, d(2024, 8, 20), d(2024, 9, 15)))
    a["fee_paid"] = maybe(rng, 0.15, rng.random() < 0.8)
    # unknown extra columns (text; "" when empty)
    a["_extra"] = {"备注": rng.choice(["", "", "材料已补正", "待复核, 见附件"]),
                   "序号": str(i),
                   "导出批次": rng.choice(["", "2024-07-第1批", "2024-08-第2批"])}
    return a


def make_recommenders(rng):
    r = rng.random()
    if r < 0.08:
        return NK
    if r < 0.12:
        return []
    n = rng.choice([1, 2, 2, 2, 3, 3, 4])
    items = []
    for _ in range(n):
        name, eid = rng.choice(EXPERTS)
        item = {"name": name, "title": rng.choice(EXPERT_TITLES)}
        if rng.random() < 0.6:
            item["id"] = eid
        items.append(item)
    t = rng.random()
    if t < 0.15 and items:
        # the same expert twice, same id
        name, eid = rng.choice(EXPERTS)
        items[:1] = [{"name": name, "title": "高级工程师", "id": eid}, {"name": name, "title": "高级工程师", "id": eid}]
    elif t < 0.3 and items:
        # the same trimmed name, without id, once with spaces
        name, _ = rng.choice(EXPERTS)
        items[:1] = [{"name": name, "title": "高级工程师"}, {"name": " " + name + "  ", "title": "高级工程师"}]
    elif t < 0.4:
        # a blank name ("" or blanks)
        items.append({"name": rng.choice(["", "  ", "\u3000"]), "title": "高级工程师"})
    elif t < 0.47:
        # an all-empty item
        items.insert(rng.randint(0, len(items)), {"_cells": rng.random() < 0.5})
    elif t < 0.52:
        # a title not known
        items.append({"name": rng.choice(EXPERTS)[0]})
    for item in items:
        if item and "id" not in item:
            item["_blank_id"] = rng.random() < 0.3   # the JSON export writes "id": "" (no id)
    return items[:MAX_RECS]


def ce_item(rng, year, good):
    if good:
        pub, pro = rng.choice([18, 20, 24, 30, 32]), rng.choice([60, 66, 70, 72, 80])
        oth = rng.choice([0, 0, 4, 10, 12.5])
        if pub + pro + oth < 90:
            oth = 90 - pub - pro
    else:
        pub, pro, oth = rng.choice([(12, 70, 10), (24, 50, 20), (18, 60, 6), (10, 40, 0)])
    item = {"year": year, "public": pub, "professional": pro, "other": oth}
    if rng.random() < 0.05:
        item["other"] = NK   # one hours value not known
    return item


def make_ce(rng):
    r = rng.random()
    if r < 0.07:
        return NK, []
    if r < 0.09:
        return [], []
    years = [y for y in CE_YEARS if rng.random() < (0.975 if y >= 2021 else 0.5)]
    items = [ce_item(rng, y, rng.random() < 0.97) for y in years]
    multi = []
    # several records for one year (JSON only): a failing one first, then the one the CSV keeps
    if items and rng.random() < 0.08:
        k = rng.randrange(len(items))
        y = items[k]["year"]
        multi = [(k, {"year": y, "public": 6, "professional": 20, "other": 0})]
    return items, multi


def make_assessments(rng):
    r = rng.random()
    if r < 0.06:
        return NK
    if r < 0.08:
        return []
    out = []
    for y in ASMT_YEARS:
        if rng.random() < (0.985 if y >= 2020 else 0.4):
            # (never a year with its result not known: a CSV row cannot say "this year, result not known")
            out.append({"year": y, "result": rng.choice(RESULTS_GOOD * 40 + RESULTS_BAD)})
    return out


def make_performance(rng):
    r = rng.random()
    if r < 0.06:
        return NK
    if r < 0.09:
        return []
    n = rng.choice([1, 1, 2, 3, 3, 4, 6])
    out = []
    for k in range(n):
        item = {"title": "%s工程%s第%d项" % (rng.choice(["乌溪江", "铜山源", "衢江", "常山港", "江山港"]), rng.choice(CATEGORIES), k + 1),
                "new": maybe(rng, 0.1, rng.random() < 0.6),
                "collective": maybe(rng, 0.2, rng.random() < 0.25)}
        if item["collective"] is True or rng.random() < 0.2:
            item["contributor_proof"] = maybe(rng, 0.2, rng.random() < 0.7)
        out.append(item)
    if rng.random() < 0.06:
        out.insert(rng.randint(0, len(out)), {"_cells": rng.random() < 0.5})   # an all-empty item
    return out[:MAX_PERF]


# ---------------------------------------------------------------------------
# Writing values: JSON

OMIT = object()


def blank(rng):
    return rng.choice(["", "", "", " ", "  ", "\u3000", " \t "])


def date_text(rng, v, allow_blanks=True):
    forms = ["%Y-%m-%d", "{y}/{m}/{d}", "%Y/%m/%d", "%Y.%m.%d", "{y}.{m}.{d}", "{y}年{m}月{d}日"]
    if v.day == 1:
        forms += ["%Y-%m", "%Y.%m", "%Y/%m", "{y}年{m}月"]
    f = rng.choice(forms + ["%Y-%m-%d"] * 3)
    s = v.strftime(f) if "%" in f else f.format(y=v.year, m=v.month, d=v.day)
    if allow_blanks and rng.random() < 0.05:
        s = " " + s + " "
    return s


def json_not_known(rng, kind):
    """How an office JSON says "not known" for a field of this kind."""
    if kind == "text":
        return rng.choice([OMIT, None, ""])
    return rng.choice([OMIT, None, "", "", "", " ", "  ", "\u3000"])


def json_number(rng, v):
    if isinstance(v, int) and not isinstance(v, bool) and rng.random() < 0.1:
        return float(v)   # pandas writes 24.0 for an integer column that has gaps
    return v


def json_value(rng, kind, v, key=None):
    if v is NK:
        return json_not_known(rng, kind)
    if kind == "text":
        return v
    if kind == "enum":
        if key == "route":
            return rng.choice(ROUTE_SPELLINGS[v])
        return v
    if kind == "bool":
        return v
    if kind == "date":
        if v == "":
            return ""
        return date_text(rng, v)
    if kind in ("int", "number"):
        return json_number(rng, v)
    if kind == "strlist":
        return list(v)
    if kind in ("recs", "ce", "asmt", "perf"):
        out = []
        for item in v:
            o = {}
            if item.get("_cells"):
                # an all-empty item as an export writes it: every column ""
                sub = {"recs": ["name", "title", "id"], "perf": ["title", "new", "collective", "contributor_proof"]}.get(kind, [])
                out.append({k: "" for k in sub})
                continue
            for k, x in item.items():
                if k.startswith("_"):
                    continue
                if x is NK:
                    w = rng.choice([OMIT, None, "", "  "])
                    if w is not OMIT:
                        o[k] = w
                elif isinstance(x, (int, float)) and not isinstance(x, bool):
                    o[k] = json_number(rng, x) if k != "year" else x
                else:
                    o[k] = x
            if item.get("_blank_id"):
                o["id"] = ""   # an empty id cell: no id
            out.append(o)
        return out
    if kind == "photo":
        return dict(v)
    raise ValueError(kind)


def json_record(rng, a, multi_ce):
    o = {}
    for key, label, kind in FIELDS:
        v = a[key]
        k = key if rng.random() < 0.6 else label
        if key in ("id", "name"):
            o[k] = v
            continue
        x = json_value(rng, kind, v, key)
        if key == "continuing_education" and multi_ce and isinstance(x, list):
            for pos, item in sorted(multi_ce, reverse=True):
                x.insert(pos, dict(item))
        if x is not OMIT:
            o[k] = x
    for k, v in a["_extra"].items():
        o[k] = v
    return o


# ---------------------------------------------------------------------------
# Writing values: CSV cells and xlsx cells share the flattened columns

def columns(rng_header):
    """The flattened columns: (header text, getter(a) -> (kind, value))."""
    cols = []

    def pick(key, label):
        return key if rng_header.random() < 0.5 else label

    for key, label, kind in FIELDS:
        if kind in ("text", "enum", "bool", "date", "int", "number"):
            cols.append((pick(key, label), ("field", key)))
        elif kind == "strlist":
            cols.append((pick(key, label), ("field", key)))
            cols.append((pick(key + "_count", label + "_数量"), ("count", key)))
        elif kind == "recs":
            cols.append((pick("recommenders_count", "推荐专家_数量"), ("count", key)))
            for n in range(1, MAX_RECS + 1):
                for sk, sl in (("name", "姓名"), ("title", "职称"), ("id", "编号")):
                    cols.append((pick("recommender_%d_%s" % (n, sk), "推荐专家_%d_%s" % (n, sl)), ("rec", n, sk)))
        elif kind == "ce":
            cols.append((pick("continuing_education_count", "继续教育_数量"), ("count", key)))
            for y in CE_YEARS:
                for sk, sl in (("public", "公需"), ("professional", "专业"), ("other", "其他")):
                    # keys and labels mixed inside one header too: ce_2023_公需
                    h = rng_header.choice(["ce_%d_%s" % (y, sk), "继续教育_%d_%s" % (y, sl), "ce_%d_%s" % (y, sl)])
                    cols.append((h, ("ce", y, sk)))
        elif kind == "asmt":
            cols.append((pick("assessments_count", "年度考核_数量"), ("count", key)))
            for y in ASMT_YEARS:
                cols.append((pick("assessment_%d" % y, "年度考核_%d" % y), ("asmt", y)))
        elif kind == "perf":
            cols.append((pick("performance_count", "业绩_数量"), ("count", key)))
            for n in range(1, MAX_PERF + 1):
                for sk, sl in (("title", "名称"), ("new", "新增"), ("collective", "集体"), ("contributor_proof", "贡献证明")):
                    cols.append((pick("performance_%d_%s" % (n, sk), "业绩_%d_%s" % (n, sl)), ("perf", n, sk)))
        elif kind == "photo":
            for sk, sl in (("format", "格式"), ("bytes", "字节"), ("width", "宽"), ("height", "高")):
                cols.append((pick("photo_" + sk, "证件照_" + sl), ("photo", sk)))
    for e in EXTRAS:
        cols.append((e, ("extra", e)))
    return cols


SUBKIND = {
    "rec": {"name": "text", "title": "text", "id": "text"},
    "perf": {"title": "text", "new": "bool", "collective": "bool", "contributor_proof": "bool"},
    "photo": {"format": "text", "bytes": "int", "width": "int", "height": "int"},
    "ce": {"public": "number", "professional": "number", "other": "number"},
}


def cell_of(a, spec):
    """(kind, value) of one flattened cell; value NK when the cell is empty."""
    what = spec[0]
    if what == "field":
        key = spec[1]
        v = a[key]
        if KIND[key] == "strlist":
            return ("strlist", v)
        return (KIND[key], v)
    if what == "count":
        v = a[spec[1]]
        return ("int", NK if v is NK else len(v))
    if what in ("rec", "perf"):
        lst = a["recommenders" if what == "rec" else "performance"]
        n, sk = spec[1], spec[2]
        if lst is NK or n > len(lst):
            return (SUBKIND[what][sk], NK)
        return (SUBKIND[what][sk], lst[n - 1].get(sk, NK))
    if what == "ce":
        lst = a["continuing_education"]
        y, sk = spec[1], spec[2]
        if lst is NK:
            return ("number", NK)
        for item in lst:
            if item["year"] == y:
                return ("number", item.get(sk, NK))
        return ("number", NK)
    if what == "asmt":
        lst = a["assessments"]
        if lst is NK:
            return ("enum", NK)
        for item in lst:
            if item["year"] == spec[1]:
                return ("enum", item.get("result", NK))
        return ("enum", NK)
    if what == "photo":
        p = a["photo"]
        if p is NK:
            return (SUBKIND["photo"][spec[1]], NK)
        return (SUBKIND["photo"][spec[1]], p.get(spec[1], NK))
    if what == "extra":
        return ("text", a["_extra"][spec[1]])
    raise ValueError(spec)


def number_text(v):
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return repr(v) if isinstance(v, float) else str(v)


def bool_text(rng, v):
    return rng.choice([["true", "false"], ["TRUE", "FALSE"], ["是", "否"], ["Y", "N"], ["y", "n"], ["1", "0"], ["True", "False"]])[0 if v else 1]


def csv_text(rng, kind, v, spec):
    """The text of one CSV cell."""
    if v is NK:
        if kind == "text":
            return ""
        return blank(rng)
    if kind == "text":
        return v
    if kind == "enum":
        if spec == ("field", "route"):
            return rng.choice(ROUTE_SPELLINGS[v])
        return v
    if kind == "bool":
        return bool_text(rng, v)
    if kind == "date":
        return "" if v == "" else date_text(rng, v)
    if kind in ("int", "number"):
        s = number_text(v)
        if rng.random() < 0.03:
            s = " " + s + " "
        return s
    if kind == "strlist":
        return rng.choice([";", "；", "; "]).join(v)
    raise ValueError(kind)


def csv_quote(rng, s):
    if any(c in s for c in ',"\r\n') or (s and rng.random() < 0.05):
        return '"' + s.replace('"', '""') + '"'
    return s


def write_csv(path, applicants, rng, encoding, bom, header_rng):
    cols = columns(header_rng)
    lines = [",".join(csv_quote(rng, h) for h, _ in cols)]
    for a in applicants:
        cells = []
        for _, spec in cols:
            kind, v = cell_of(a, spec)
            cells.append(csv_quote(rng, csv_text(rng, kind, v, spec)))
        lines.append(",".join(cells))
    text = "\r\n".join(lines) + "\r\n"
    data = text.encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    with open(path, "wb") as f:
        f.write(data)


# ---------------------------------------------------------------------------
# xlsx, written by hand

def col_name(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def excel_serial(v):
    return (v - datetime.date(1899, 12, 30)).days


class SharedStrings:
    def __init__(self):
        self.index = {}
        self.items = []
        self.uses = 0

    def add(self, s):
        self.uses += 1
        if s not in self.index:
            self.index[s] = len(self.items)
            self.items.append(s)
        return self.index[s]


def xml_text(s):
    # XML 1.0 forbids most control characters; the roster has none but tab and newline.
    return xml_escape(s)


def xlsx_cell(rng, ref, kind, v, spec, sst):
    """The <c> element for one cell, or "" for an absent cell."""
    def string_cell(s):
        if rng.random() < 0.7:
            return '<c r="%s" t="s"><v>%d</v></c>' % (ref, sst.add(s))
        return '<c r="%s" t="inlineStr"><is><t xml:space="preserve">%s</t></is></c>' % (ref, xml_text(s))

    if v is NK or (kind in ("text", "date") and v == ""):
        r = rng.random()
        if r < 0.6:
            return ""                       # no cell at all
        if r < 0.8:
            return string_cell("")          # an empty string cell, as some exporters write
        if kind == "text":
            return ""
        return string_cell(blank(rng))      # blank-only text
    if kind == "text":
        if spec == ("extra", "序号") and rng.random() < 0.7:
            return '<c r="%s"><v>%s</v></c>' % (ref, v)   # a serial number column typed as numbers
        if spec == ("field", "phone") and v.isdigit() and rng.random() < 0.5:
            return '<c r="%s"><v>%s</v></c>' % (ref, v)   # a phone number typed as a number
        return string_cell(v)
    if kind == "enum":
        if spec == ("field", "route"):
            return string_cell(rng.choice(ROUTE_SPELLINGS[v]))
        return string_cell(v)
    if kind == "bool":
        if rng.random() < 0.6:
            return '<c r="%s" t="b"><v>%d</v></c>' % (ref, 1 if v else 0)
        return string_cell(bool_text(rng, v))
    if kind == "date":
        if rng.random() < 0.55:
            return '<c r="%s" s="%d"><v>%d</v></c>' % (ref, rng.choice([1, 2, 3]), excel_serial(v))
        return string_cell(date_text(rng, v))
    if kind in ("int", "number"):
        if rng.random() < 0.85:
            return '<c r="%s"><v>%s</v></c>' % (ref, number_text(v))
        return string_cell(number_text(v))  # a number stored as text (Excel's green triangle)
    if kind == "strlist":
        return string_cell(rng.choice(["；", ";"]).join(v)) if v else string_cell("") if rng.random() < 0.3 else ""
    raise ValueError(kind)


STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/><numFmt numFmtId="165" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts>
<fonts count="2"><font><sz val="11"/><name val="宋体"/></font><font><b/><sz val="11"/><name val="宋体"/></font></fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="5">
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>
</cellXfs>
<cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>
"""

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>
</Types>
"""

ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>
</Relationships>
"""

APP = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>gen-office-roster.py</Application></Properties>
"""

WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<workbookPr/>
<bookViews><workbookView activeTab="0"/></bookViews>
<sheets><sheet name="花名册" sheetId="1" r:id="rId1"/><sheet name="说明" sheetId="2" r:id="rId2"/></sheets>
</workbook>
"""

WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>
<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>
"""

SHEET_HEAD = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<dimension ref="A1:%s"/>
<sheetViews><sheetView workbookViewId="0"><pane ySplit="2" topLeftCell="A3" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>
<sheetFormatPr defaultRowHeight="13.5"/>
<sheetData>
"""


def write_xlsx(path, applicants, rng, header_rng):
    cols = columns(header_rng)
    sst = SharedStrings()
    rows = []
    last = col_name(len(cols) - 1)
    # a title row merged across the columns, as the notice's 花名册 starts
    rows.append('<row r="1"><c r="A1" t="s"><v>%d</v></c></row>' % sst.add("2024年度水利工程专业中、初级专业技术职务任职资格申报人员花名册"))
    hdr = []
    for j, (h, _) in enumerate(cols):
        hdr.append('<c r="%s2" t="s" s="4"><v>%d</v></c>' % (col_name(j), sst.add(h)))
    rows.append('<row r="2">%s</row>' % "".join(hdr))
    for i, a in enumerate(applicants):
        r = i + 3
        cells = []
        for j, (_, spec) in enumerate(cols):
            kind, v = cell_of(a, spec)
            cells.append(xlsx_cell(rng, "%s%d" % (col_name(j), r), kind, v, spec, sst))
        rows.append('<row r="%d">%s</row>' % (r, "".join(cells)))
    sheet = (SHEET_HEAD % ("%s%d" % (last, len(applicants) + 2)) + "\n".join(rows) + "\n</sheetData>\n"
             + '<mergeCells count="1"><mergeCell ref="A1:%s1"/></mergeCells>\n' % last + "</worksheet>\n")
    sheet2 = (SHEET_HEAD % "A1").replace('<pane ySplit="2" topLeftCell="A3" activePane="bottomLeft" state="frozen"/>', "") \
        + '<row r="1"><c r="A1" t="inlineStr"><is><t>由 gen-office-roster.py 生成</t></is></c></row>\n</sheetData>\n</worksheet>\n'
    ss = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n',
          '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">' % (sst.uses, len(sst.items))]
    for s in sst.items:
        if rng.random() < 0.02 and s and not s.isspace():
            # rich text runs, as Excel writes a cell with mixed formatting
            half = len(s) // 2
            ss.append('<si><r><t xml:space="preserve">%s</t></r><r><rPr><b/></rPr><t xml:space="preserve">%s</t></r></si>'
                      % (xml_text(s[:half]), xml_text(s[half:])))
        else:
            ss.append('<si><t xml:space="preserve">%s</t></si>' % xml_text(s))
    ss.append("</sst>\n")
    fixed = (1980, 1, 1, 0, 0, 0)   # fixed timestamps: the same seed gives the same bytes
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in (("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", ROOT_RELS), ("docProps/app.xml", APP),
                           ("xl/workbook.xml", WORKBOOK), ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
                           ("xl/styles.xml", STYLES), ("xl/sharedStrings.xml", "".join(ss)),
                           ("xl/worksheets/sheet1.xml", sheet), ("xl/worksheets/sheet2.xml", sheet2)):
            info = zipfile.ZipInfo(name, fixed)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data.encode("utf-8"))


# ---------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=200)
    ap.add_argument("--out", required=True, help="folder to write into (created)")
    args = ap.parse_args()
    if args.count < 1 or args.count > 1_000_000:
        sys.exit("--count must be between 1 and 1000000")
    os.makedirs(args.out, exist_ok=True)
    rng = random.Random(args.seed)
    applicants = [make_applicant(rng, i + 1, args.seed) for i in range(args.count)]
    multi_ids = [a["id"] for a in applicants if a["_ce_extra"]]

    def sub(tag):
        return random.Random("%d-%s" % (args.seed, tag))

    files = {}
    r = sub("json")
    recs = [json_record(r, a, a["_ce_extra"]) for a in applicants]
    p = os.path.join(args.out, "roster.json")
    with open(p, "w", encoding="utf-8") as f:
        f.write('{"year": 2024, "notice": %s, "applicants": [\n' % json.dumps(NOTICE, ensure_ascii=False))
        f.write(",\n".join(json.dumps(o, ensure_ascii=False) for o in recs))
        f.write("\n]}\n")
    files["json"] = "roster.json"

    r = sub("array")
    recs = [json_record(r, a, a["_ce_extra"]) for a in applicants]
    p = os.path.join(args.out, "roster-array.json")
    with open(p, "w", encoding="utf-8") as f:
        json.dump(recs, f, ensure_ascii=False, indent=1)
        f.write("\n")
    files["json-array"] = "roster-array.json"

    r = sub("jsonl")
    p = os.path.join(args.out, "roster.jsonl")
    with open(p, "w", encoding="utf-8") as f:
        for a in applicants:
            f.write(json.dumps(json_record(r, a, a["_ce_extra"]), ensure_ascii=False) + "\n")
    files["jsonl"] = "roster.jsonl"

    write_csv(os.path.join(args.out, "roster-utf8.csv"), applicants, sub("csv"), "utf-8", True, sub("csv-header"))
    files["csv-utf8"] = "roster-utf8.csv"
    write_csv(os.path.join(args.out, "roster-gb18030.csv"), applicants, sub("gb"), "gb18030", False, sub("gb-header"))
    files["csv-gb18030"] = "roster-gb18030.csv"
    write_xlsx(os.path.join(args.out, "roster.xlsx"), applicants, sub("xlsx"), sub("xlsx-header"))
    files["xlsx"] = "roster.xlsx"

    with open(os.path.join(args.out, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump({"seed": args.seed, "count": args.count, "files": files, "ce_multi_ids": multi_ids},
                  f, ensure_ascii=False, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
