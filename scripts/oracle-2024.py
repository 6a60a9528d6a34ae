#!/usr/bin/env python3
"""An independent reading of ../shared/spec/rules-2024.md (standard library only; no code or
reading taken from zcsh's TitleRules): the verdict for 工程师, 助理工程师 and 技术员, with each
eligibility rule's outcome, for the applicants of scripts/gen-office-roster.py.

It reads the generator's typed records (the truth the files were written from), never a file
that zcsh parses, so a loader bug and a rule bug cannot cancel out.

  scripts/oracle-2024.py --seed S --count N                    # JSON lines, one applicant each
  scripts/oracle-2024.py --seed S --count N --compare ZCSH     # runs the generator and zcsh, compares

Three-valued throughout: True (pass), False (fail), None (unknown, 待核实).
Where the spec leaves a choice, the choice is named in a comment starting "Reading:".
"""
import argparse
import csv
import datetime
import importlib.util
import io
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))

Y = 2024
C = datetime.date(2024, 12, 31)
LEVELS = ["工程师", "助理工程师", "技术员"]
LEVEL_RANK = {"无": 0, "技术员": 1, "助理工程师": 2, "工程师": 3}
DEGREE_RANK = {"中专": 1, "中级工班": 1, "大专": 2, "高级工班": 2, "本科": 3, "预备技师班": 3, "技师班": 3,
               "研究生": 4, "硕士": 4, "第二学士": 4, "博士": 5}
SKILL_RANK = {"高级工": 1, "技师": 2, "高级技师": 3}
GOOD = {"优秀", "良好", "合格", "称职"}
H_A = {"省级一类技能竞赛前五名", "省级二类技能竞赛前三名", "浙江青年工匠", "优秀技能人才"}
H_E = {"世界技能大赛优胜奖", "省技术能手", "省级技能大师工作室领办人", "浙江工匠", "拔尖技能人才"}
ROUTES = ["正常申报", "自评分（推荐）申报", "高技能人才申报", "机关调出人员申报", "转评申报"]
SENIOR = {"高级工程师", "正高级工程师"}
BLANKS = " \t\u3000\r\n"

# 二(一): (row, level, degree rank, requirement, years, title, CE years)
TABLE = [
    ("T1", "技术员", 1, "probation", 1, None, 1),
    ("A1", "助理工程师", 1, "title", 4, "技术员", 4),
    ("A2", "助理工程师", 2, "title", 2, "技术员", 2),
    ("A3", "助理工程师", 2, "work", 3, None, 3),
    ("A4", "助理工程师", 3, "probation", 1, None, 1),
    ("A5", "助理工程师", 4, "inwork", 0, None, 1),
    ("E1", "工程师", 2, "title", 4, "助理工程师", 4),
    ("E2", "工程师", 4, "title", 2, "助理工程师", 2),
    ("E3", "工程师", 5, "inwork", 0, None, 1),
]


# --- three-valued logic --------------------------------------------------------------

def AND(*xs):
    if any(x is False for x in xs):
        return False
    if any(x is None for x in xs):
        return None
    return True


def OR(*xs):
    if any(x is True for x in xs):
        return True
    if any(x is None for x in xs):
        return None
    return False


def NOT(x):
    return None if x is None else not x


def EQ(v, c):
    return None if v is None else v == c


def add_years(d, n):
    try:
        return d.replace(year=d.year + n)
    except ValueError:          # 29 Feb + N years lands on 28 Feb
        return d.replace(year=d.year + n, day=28)


def held(since, n):
    """since + n years <= C."""
    return None if since is None else add_years(since, n) <= C


# --- reading the generator's typed records -------------------------------------------

def load_generator(path):
    spec = importlib.util.spec_from_file_location("gen_office_roster", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


class View:
    """A record's fields as the rules read them: not known is None; defaults applied."""
    DEFAULTS = {"fraud_year": None, "under_discipline": False, "unit_suspended": False, "certificates": [],
                "honors": [], "title_origin": "省内", "title_in_water": True, "major_converted": False,
                "diploma_uploaded": False, "photo": None, "previous_application_year": None}

    def __init__(self, a, NK):
        self.a, self.NK = a, NK

    def __getitem__(self, key):
        v = self.a.get(key, self.NK)
        if v is self.NK or (isinstance(v, str) and v.strip(BLANKS) == "" and key not in ("name", "unit", "self_statement")):
            return self.DEFAULTS.get(key)
        return v


def is_blank(s):
    return s.strip(BLANKS) == ""


# --- the rules ------------------------------------------------------------------------

def expert_key(item):
    """Reading (R3.3's words, also used for R3.2): the expert is his `id` when given (non-blank),
    else his trimmed name; None when neither is known or the name is blank."""
    i = item.get("id")
    if isinstance(i, str) and not is_blank(i):
        return ("id", i.strip(BLANKS))
    n = item.get("name")
    if isinstance(n, str) and not is_blank(n):
        return ("name", n.strip(BLANKS))
    return None


# How the loaded file wrote an empty text cell. JSON writes `""` ("as written": a blank name is no
# name); CSV and xlsx cannot tell an empty cell from a missing one, and zcsh reads it as not known.
# The generator's all-empty items (`_cells`) are written as every column "" in JSON.
EMPTY_TEXT_UNKNOWN = False


def r3_2(recs, NK):
    """At least two distinct experts titled 高级工程师/正高级工程师, each with a name."""
    if recs is None:
        return None
    definite, possible, fresh = set(), set(), 0
    for item in recs:
        name, title = item.get("name", NK), item.get("title", NK)
        if item.get("_cells") and not EMPTY_TEXT_UNKNOWN:
            name, title = "", ""
        if EMPTY_TEXT_UNKNOWN:
            name = NK if name == "" else name
            title = NK if title == "" else title
        named = None if name is NK else (isinstance(name, str) and not is_blank(name))
        senior = None if title is NK else title in SENIOR
        counts = AND(named, senior)
        if counts is False:
            continue
        k = expert_key(item)
        if counts is True:
            definite.add(k)
            possible.add(k)
        elif k is None:
            fresh += 1        # a name not known and no id: maybe one more expert
        else:
            possible.add(k)
    if len(definite) >= 2:
        return True
    if len(possible) + fresh < 2:
        return False
    return None


def date_reps(d):
    """The date, or for a date not known one representative of each span the rules tell apart."""
    if d is not None:
        return [d]
    return [datetime.date(2025, 6, 1)] + [datetime.date(2024 - k, 6, 1) for k in range(0, 6)]


def table_worlds(v, level):
    """(R2.3 outcome, set of possible CE years) for the R2 table, by enumerating the values the
    unknown inputs may take (degree, title, title_since, graduated_on, work_started)."""
    rows = [r for r in TABLE if r[1] == level]
    deg = DEGREE_RANK.get(v["degree"]) if v["degree"] is not None else None
    # Reading (issue 9, item 3: "an unknown degree that may meet T1 or none"): a degree not known
    # may be below every row (rank 0, e.g. 高中), not only one of the listed degrees.
    degs = [deg] if deg is not None else [0, 1, 2, 3, 4, 5]
    titles = [v["title"]] if v["title"] is not None else ["无", "技术员", "助理工程师", "工程师"]
    tin = v["title_in_water"]
    tins = [tin] if tin is not None else [True, False]
    outcomes, ce_years = set(), set()
    for dg in degs:
        for t in titles:
            for ts in date_reps(v["title_since"]) if t != "无" else [None]:
                for g in date_reps(v["graduated_on"]):
                    for w in date_reps(v["work_started"]):
                        for ti in tins:
                            sat_rows, met_rows = [], []
                            for (rid, _, rank, req, n, title, ce) in rows:
                                met = dg >= rank
                                if req in ("probation", "work"):
                                    ok = add_years(max(g, w), n) <= C
                                elif req == "title":
                                    # R2.4: a row resting on a title needs that title in water
                                    ok = t == title and ts is not None and add_years(ts, n) <= C and ti
                                else:
                                    ok = w <= C
                                if met:
                                    met_rows.append(ce)
                                    if ok:
                                        sat_rows.append(ce)
                            outcomes.add(bool(sat_rows))
                            # Reading (R2): the satisfied row with the fewest CE years; else the fewest
                            # among rows whose degree is met; else 4.
                            ce_years.add(min(sat_rows) if sat_rows else min(met_rows) if met_rows else 4)
    r = True if outcomes == {True} else False if outcomes == {False} else None
    return r, ce_years


def ce_year_ok(items, y):
    recs = [i for i in items if i.get("year") == y]
    outs = []
    for i in recs:
        def num(k):
            x = i.get(k)
            return x if isinstance(x, (int, float)) and not isinstance(x, bool) else None
        p, q, o = num("public"), num("professional"), num("other")
        total = None
        if p is not None and q is not None:
            total = True if p + q + (o or 0) >= 90 else (None if o is None else False)
        outs.append(AND(None if p is None else p >= 18, None if q is None else q >= 60, total))
    return OR(*outs) if outs else False


def r7(ce, years_set):
    """For each possible N: every year Y-N+1..Y has a passing record."""
    if ce is None:
        return None
    res = set()
    for n in years_set:
        res.add(AND(*[ce_year_ok(ce, y) for y in range(Y - n + 1, Y + 1)]))
    return res.pop() if len(res) == 1 else None


def r8(v, years):
    asm = v["assessments"]
    if asm is None:
        return None
    ws = v["work_started"]
    outs = []
    for y in range(Y - years, Y):
        required = None if ws is None else ws.year <= y
        ok = any(i.get("year") == y and i.get("result") in GOOD for i in asm)
        outs.append(OR(NOT(required), ok))
    return AND(*outs)


def evaluate(v, level, route, expert_apps, NK):
    """{rule id: outcome} for one level and route."""
    r = {}
    r["R1.1"] = None if v["unit_kind"] is None else v["unit_kind"] in ("事业单位", "企业")
    r["R1.2"] = EQ(v["in_post"], True)
    if level in ("助理工程师", "技术员"):
        r["R1.3"] = EQ(v["unit_tier"], "市本级")
    ce_years = {4}
    title = v["title"]
    if route in ("正常申报", "机关调出人员申报"):
        certs = v["certificates"] or []
        r["R2.1"] = OR(v["major_related"], v["major_converted"], len(certs) > 0)
        # Reading: R2 "applies to route 正常申报, and to 机关调出人员申报 (R5)", so R2.2 (promotion
        # only) binds 机关调出 too, although R2.2's own sentence says "a 正常申报" (reported).
        if True:
            above = None if title is None else LEVEL_RANK[title] >= LEVEL_RANK[level]
            r["R2.2"] = NOT(AND(above, v["title_in_water"]))
        r23, ce_years = table_worlds(v, level)
        r["R2.3"] = r23
        if route == "机关调出人员申报":
            left = v["left_agency_on"]
            r["R5.1"] = None if left is None else AND(held(left, 1), C <= add_years(left, 3))
    elif route == "自评分（推荐）申报":
        if level == "工程师":
            s = v["self_score"]
            r["R3.1"] = None if s is None else s >= 70
        elif level == "助理工程师":
            r["R3.1"] = EQ(v["long_term_water_work"], True)
        else:
            r["R3.1"] = False
        recs = v["recommenders"]
        r["R3.2"] = r3_2(recs, NK)
        if recs is None:
            r["R3.3"] = None
        else:
            keys = {expert_key(i) for i in recs} - {None}
            r["R3.3"] = None if any(len(expert_apps[k]) > 1 for k in keys) else True
        ce_years = {4 if level == "工程师" else 2}
    elif route == "高技能人才申报":
        sg = v["skill_grade"]
        rank = None if sg is None else SKILL_RANK[sg]
        honors = set(v["honors"] or [])
        if level == "助理工程师":
            r["R4"] = OR(AND(None if rank is None else rank >= 1, held(v["skill_since"], 2)), bool(honors & (H_A | H_E)))
            ce_years = {2}
        elif level == "工程师":
            r["R4"] = OR(AND(None if rank is None else rank >= 2, held(v["skill_since"], 3)), bool(honors & H_E))
            ce_years = {3}
        else:
            r["R4"] = False
    elif route == "转评申报":
        r["R6.1"] = None if title is None else AND(title != "无", title == level)
        r["R6.2"] = held(v["current_post_since"], 1)
        ce_years = {1}
    r["R7"] = r7(v["continuing_education"], ce_years)
    r["R8"] = r8(v, 3 if route == "高技能人才申报" else 4)
    si = v["social_insurance"]
    r["R9"] = OR(NOT(EQ(si, "省外")), EQ(v["social_insurance_proof"], True))
    g = v["graduated_on"]
    r["R10"] = OR(None if g is None else g >= datetime.date(2001, 1, 1), EQ(v["diploma_uploaded"], True))
    outside = None if v["title_origin"] is None else v["title_origin"] in ("省外", "中央部属", "军队转业")
    r["R11"] = OR(NOT(AND(None if title is None else title != "无", outside)), EQ(v["title_recognized"], True))
    r["R12"] = OR(NOT(EQ(v["unit_kind"], "事业单位")), AND(EQ(v["post_vacancy"], True), NOT(EQ(v["unit_suspended"], True))))
    perf = v["performance"]
    r["R13.1"] = None if perf is None else len(perf) >= 1
    if v["previous_application_year"] is not None:
        r["R13.2"] = None if perf is None else OR(*[EQ(None if i.get("new", NK) is NK else i.get("new"), True) for i in perf])
    r["R14.1"] = NOT(EQ(v["under_discipline"], True))
    f = v["fraud_year"]
    r["R14.2"] = True if f is None else not (f + 1 <= Y <= f + 3)
    return r


def verdict_of(rules):
    outs = rules.values()
    if any(o is False for o in outs):
        return "不符合"
    if any(o is None for o in outs):
        return "待核实"
    return "符合"


def judge(v, level, expert_apps, NK):
    route = v["route"]
    if route is not None:
        rules = evaluate(v, level, route, expert_apps, NK)
        return verdict_of(rules), rules
    # Reading: a route not known is any of the five; the verdict is theirs when they all agree,
    # else 待核实 (never 不符合 or 符合 on a route the applicant may not have chosen).
    evals = [evaluate(v, level, r, expert_apps, NK) for r in ROUTES]
    per = [verdict_of(e) for e in evals]
    # the rules that fail whatever the route (R1, R8 of both spans, R9–R14), for the report
    common = sorted(set.intersection(*[{k for k, o in e.items() if o is False} for e in evals]))
    return (per[0] if len(set(per)) == 1 else "待核实"), {"route-not-known; fails on every route: " + (",".join(common) or "none"): None}


def oracle(gen, seed, count):
    import random
    rng = random.Random(seed)
    applicants = [gen.make_applicant(rng, i + 1, seed) for i in range(count)]
    NK = gen.NK
    views = [View(a, NK) for a in applicants]
    # R3.3: every expert of the whole dataset, by the applicants naming him
    expert_apps = defaultdict(set)
    for v in views:
        for item in v["recommenders"] or []:
            k = expert_key(item)
            if k is not None:
                expert_apps[k].add(v["id"])
    out = []
    for v in views:
        rec = {"id": v["id"]}
        for level in LEVELS:
            verdict, rules = judge(v, level, expert_apps, NK)
            rec[level] = {"verdict": verdict, "rules": {k: ("pass" if o else "fail" if o is False else "unknown") for k, o in rules.items()}}
        out.append(rec)
    return out


def zcsh_table(zcsh, path, rule_ids):
    """zcsh's verdict and rule() for each level, as a CSV export of expressions."""
    exprs = ["id"]
    for level in LEVELS:
        exprs.append('verdict(level:"%s")' % level)
        for rid in rule_ids:
            exprs.append('rule("%s", level:"%s")' % (rid, level))
    out = tempfile.mktemp(suffix=".csv")
    cmd = "load %s as roster\nexport csv %s %s" % (path, out, ", ".join(exprs))
    p = subprocess.run([zcsh, "-c", cmd], capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit("zcsh failed on %s:\n%s%s" % (path, p.stdout, p.stderr))
    with open(out, encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    os.unlink(out)
    table = {}
    for row in rows[1:]:
        rec, k = {}, 1
        for level in LEVELS:
            rec[level] = {"verdict": row[k], "rules": {}}
            k += 1
            for rid in rule_ids:
                rec[level]["rules"][rid] = {"true": "pass", "false": "fail"}.get(row[k], "unknown/n.a.")
                k += 1
        table[row[0]] = rec
    return table


RULE_IDS = ["R1.1", "R1.2", "R1.3", "R2.1", "R2.2", "R2.3", "R3.1", "R3.2", "R3.3", "R4", "R5.1", "R6.1", "R6.2",
            "R7", "R8", "R9", "R10", "R11", "R12", "R13.1", "R13.2", "R14.1", "R14.2"]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=2000)
    ap.add_argument("--generator", default=os.path.join(HERE, "gen-office-roster.py"))
    ap.add_argument("--compare", metavar="ZCSH", help="run the generator and this zcsh binary, and compare")
    ap.add_argument("--file", default="roster.json", help="which generated file zcsh loads (default roster.json)")
    ap.add_argument("--examples", type=int, default=3, help="examples printed per disagreement class")
    args = ap.parse_args()
    global EMPTY_TEXT_UNKNOWN
    EMPTY_TEXT_UNKNOWN = not args.file.endswith((".json", ".jsonl"))
    gen = load_generator(args.generator)
    mine = oracle(gen, args.seed, args.count)
    if not args.compare:
        for rec in mine:
            print(json.dumps(rec, ensure_ascii=False))
        return
    d = tempfile.mkdtemp(prefix="oracle-")
    subprocess.run([sys.executable, args.generator, "--seed", str(args.seed), "--count", str(args.count), "--out", d], check=True)
    theirs = zcsh_table(args.compare, os.path.join(d, args.file), RULE_IDS)
    agree = total = 0
    classes = defaultdict(list)
    for rec in mine:
        z = theirs[rec["id"]]
        for level in LEVELS:
            total += 1
            mv, zv = rec[level]["verdict"], z[level]["verdict"] or "null"
            if mv == zv:
                agree += 1
                continue
            rules = sorted(k for k, o in rec[level]["rules"].items()
                           if not (o == z[level]["rules"].get(k) or (o == "unknown" and z[level]["rules"].get(k) == "unknown/n.a.")))
            detail = ["%s oracle=%s zcsh=%s" % (k, rec[level]["rules"][k], z[level]["rules"].get(k)) for k in rules]
            classes[(level, mv, zv, tuple(rules))].append((rec["id"], detail))
    print("seed %d, %d applicants × 3 levels: verdicts agree %d / %d (%.2f%%)" % (args.seed, args.count, agree, total, 100.0 * agree / total))
    for key, items in sorted(classes.items(), key=lambda kv: -len(kv[1])):
        level, mv, zv, rules = key
        print("\n%d × %s: oracle %s, zcsh %s; rules differing: %s" % (len(items), level, mv, zv, ", ".join(rules) or "(none)"))
        for rid, detail in items[:args.examples]:
            print("   %s  %s" % (rid, "; ".join(detail)))


if __name__ == "__main__":
    main()
