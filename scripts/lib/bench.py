#!/usr/bin/env python3
"""The benchmark harness behind scripts/bench (issue 12): every workload of the issue's table,
zcsh side by side with DuckDB (Python), jq, openpyxl and sqlite3 on the same generated data,
timed with hyperfine, every answer checked.

    scripts/bench                  # N=100000, RUNS=5
    N=10000 RUNS=3 scripts/bench
    QUICK=1 scripts/bench          # N=2000, 2 runs: a smoke run
    BIG=1 scripts/bench            # also 1,000,000 applicants
    ONLY=filter,countby scripts/bench
    scripts/bench --self-test      # the answer comparison and the table, no timing, no build

The table goes to the terminal and to .bench/summary-N.md. An answer that differs between zcsh
and its reference prints both and ends the run with status 1. Standard library only here:
DuckDB and openpyxl are imported by the small scripts this writes, in their own processes.
"""
import csv
import hashlib
import io
import json
import os
import re
import shlex
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BENCH = os.path.join(ROOT, ".bench")

# ---------------------------------------------------------------------------------------------
# The workloads: names for ONLY=, in the order they run.
WORKLOADS = ["filter", "countby", "export", "csv", "xlsx", "memory", "check", "startup", "big"]

FILTER = 'filter level == "工程师" and degree == "本科"'
EXPORT_COLUMNS = ["id", "name", "unit", "agency", "level", "route", "degree", "graduated_on",
                  "title_since", "self_score"]
BIG_COUNT = 1_000_000


class Mismatch(Exception):
    """zcsh's answer and a reference's differ: the message shows both."""


class Failure(Exception):
    """A command failed or printed something the harness cannot read."""


# ---------------------------------------------------------------------------------------------
# Answers: reading them and comparing them.

def parse_count(text):
    """The number of a `count` (zcsh --format csv: `count` then the number; DuckDB/jq: the number)."""
    lines = [l.strip() for l in text.strip().splitlines() if l.strip()]
    if not lines or not re.fullmatch(r"\d+", lines[-1]):
        raise Failure(f"no count in output: {text[-300:]!r}")
    return int(lines[-1])


def parse_groups(text, keys):
    """`count by K1, K2` as zcsh --format csv prints it, as {(k1, k2): n}. Only the last table
    with this header is read (a script may print several)."""
    header = ",".join(keys) + ",count"
    lines = text.splitlines()
    starts = [i for i, l in enumerate(lines) if l.strip() == header]
    if not starts:
        raise Failure(f"no table with header {header!r} in output: {text[-300:]!r}")
    body = []
    for l in lines[starts[-1] + 1:]:
        if not l.strip() or "," not in l:
            break
        body.append(l)
    out = {}
    for row in csv.reader(body):
        if len(row) != len(keys) + 1 or not re.fullmatch(r"\d+", row[-1]):
            break  # the next table
        out[tuple(row[:-1])] = int(row[-1])
    return out


def groups_from_rows(rows):
    """[[k1, k2, n], …] (DuckDB JSON, jq TSV) as {(k1, k2): n}; null is the empty string."""
    return {tuple("" if v is None else str(v) for v in r[:-1]): int(r[-1]) for r in rows}


def canonical_cell(cell):
    """One CSV cell as every tool means it: numbers without a trailing .0, booleans lower-case."""
    c = cell.strip()
    if re.fullmatch(r"-?\d+(\.\d+)?([eE][-+]?\d+)?", c):
        f = float(c)
        return str(int(f)) if f == int(f) and abs(f) < 1e15 else repr(f)
    if c.lower() in ("true", "false"):
        return c.lower()
    return c


def csv_digest(text, header=True):
    """(header, data row count, SHA-256 of the canonical data rows) of a CSV text: quoting,
    line ends and number spelling (88 / 88.0) do not change the digest; any cell's value does."""
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    head = rows[0] if header and rows else None
    data = rows[1:] if header else rows
    h = hashlib.sha256()
    for r in data:
        h.update("\x1f".join(canonical_cell(c) for c in r).encode())
        h.update(b"\n")
    return head, len(data), h.hexdigest()


def show(value):
    if isinstance(value, dict):
        return "\n".join(f"    {' / '.join(k)}: {v}" for k, v in sorted(value.items()))
    return f"    {value!r}"


def compare(what, zcsh, ref_name, ref):
    """Raises Mismatch (both answers shown, the differing groups first) unless they agree."""
    if zcsh == ref:
        return
    lines = [f"答案不一致 (answers differ): {what}"]
    if isinstance(zcsh, dict) and isinstance(ref, dict):
        diff = sorted(set(zcsh) | set(ref))
        diff = [k for k in diff if zcsh.get(k) != ref.get(k)]
        lines.append("  differing groups (zcsh vs " + ref_name + "):")
        lines += [f"    {' / '.join(k)}: {zcsh.get(k)} vs {ref.get(k)}" for k in diff]
    lines += ["  zcsh:", show(zcsh), f"  {ref_name}:", show(ref)]
    raise Mismatch("\n".join(lines))


# ---------------------------------------------------------------------------------------------
# Rows of the table, their targets, and the table.

class Stat:
    """A timing: median, min, max in seconds over `runs` runs (hyperfine's numbers)."""

    def __init__(self, median, lo, hi, runs=1):
        self.median, self.min, self.max, self.runs = median, lo, hi, runs

    @staticmethod
    def from_hyperfine(result):
        return Stat(result["median"], result["min"], result["max"], len(result["times"]))


def fmt_seconds(s):
    if s < 0.01:
        return f"{s * 1000:.1f} ms"
    if s < 1:
        return f"{s * 1000:.0f} ms"
    return f"{s:.2f} s"


def fmt_stat(st):
    if st is None:
        return "—"
    if isinstance(st, str):
        return st
    if st.runs > 1 and st.max > st.min:
        lo, hi = fmt_seconds(st.min), fmt_seconds(st.max)
        if lo.split()[1] == hi.split()[1]:  # one unit for both ends
            lo = lo.split()[0]
        return f"{fmt_seconds(st.median)} ({lo}–{hi})"
    return fmt_seconds(st.median)


def fmt_mb(b):
    return f"{b / 1e6:.0f} MB"


class Target:
    """What the issue asks of a row. kind: 'ratio_ge' (reference/zcsh at least value),
    'time_le' (zcsh at most value seconds), 'mem_le' (peak at most value × the file),
    'scale' (1M time at most value × the N time and under `limit` s), 'report' (no target)."""

    def __init__(self, kind, value=None, limit=None):
        self.kind, self.value, self.limit = kind, value, limit

    def text(self):
        v = self.value
        return {
            "ratio_ge": lambda: f"≥ {v:g}× faster",
            "time_le": lambda: f"≤ {fmt_seconds(v)}",
            "mem_le": lambda: f"≤ {v:g}× file",
            "scale": lambda: f"≤ {v:g}× and < {self.limit:g} s",
            "report": lambda: "reported",
        }[self.kind]()

    def verdict(self, ratio, zcsh_seconds):
        """PASS, MISS or — (nothing to meet). `ratio` is the row's ratio column as a number."""
        if self.kind == "report":
            return "—"
        if self.kind == "ratio_ge":
            ok = ratio >= self.value
        elif self.kind == "time_le":
            ok = zcsh_seconds <= self.value
        elif self.kind == "mem_le":
            ok = ratio <= self.value
        else:
            ok = ratio <= self.value and zcsh_seconds < self.limit
        return "PASS" if ok else "MISS"


class Row:
    def __init__(self, workload, zcsh, ref=None, jq=None, ratio=None, ratio_text=None,
                 target=None, zcsh_seconds=None):
        self.workload, self.zcsh, self.ref, self.jq = workload, zcsh, ref, jq
        self.ratio, self.target = ratio, target or Target("report")
        self.ratio_text = ratio_text if ratio_text is not None else (
            f"{ratio:.2f}×" if ratio is not None else "—")
        if zcsh_seconds is None and isinstance(zcsh, Stat):
            zcsh_seconds = zcsh.median
        self.zcsh_seconds = zcsh_seconds
        self.result = self.target.verdict(ratio, zcsh_seconds)


def timed_row(workload, zcsh, ref, target, ref_tool=None, jq=None):
    """A row comparing two timings: ratio = reference median / zcsh median."""
    ratio = ref.median / zcsh.median
    ref_cell = fmt_stat(ref) if ref_tool is None else f"{ref_tool} {fmt_stat(ref)}"
    return Row(workload, zcsh, ref_cell, jq, ratio, target=target)


HEADER = ["workload", "zcsh", "DuckDB / reference", "jq", "ratio", "target", "result"]


def table(rows):
    """The summary as a Markdown table."""
    def cells(r):
        return [r.workload, fmt_stat(r.zcsh), fmt_stat(r.ref), fmt_stat(r.jq), r.ratio_text,
                r.target.text(), r.result]
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "|".join(["---"] + ["---:"] * 4 + ["---", "---"]) + "|"]
    lines += ["| " + " | ".join(cells(r)) + " |" for r in rows]
    return "\n".join(lines)


def parse_phases(text):
    """zcsh-bench's phase table: {label: (wall s, cpu s)}."""
    out = {}
    for line in text.splitlines():
        m = re.match(r"^(.*?)\s+([\d.]+) s\s+cpu\s+([\d.]+) s\s*$", line)
        if m:
            out[m.group(1).strip()] = (float(m.group(2)), float(m.group(3)))
    return out


def median(xs):
    xs = sorted(xs)
    n = len(xs)
    return xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2


def select_workloads(only, big):
    """The workloads to run: ONLY (comma-separated names) or all; `big` only with BIG=1 or
    when ONLY names it."""
    if not only:
        return [w for w in WORKLOADS if w != "big" or big]
    names = [n.strip() for n in only.split(",") if n.strip()]
    unknown = [n for n in names if n not in WORKLOADS]
    if unknown:
        raise Failure(f"ONLY: unknown workload {', '.join(unknown)}; known: {', '.join(WORKLOADS)}")
    return [w for w in WORKLOADS if w in names]


# ---------------------------------------------------------------------------------------------
# Running things.

def run(cmd, what, env=None):
    """Runs a shell command once; its stdout. A failure shows its stderr and stops the run."""
    p = subprocess.run(cmd, shell=True, capture_output=True, text=True, env=env)
    if p.returncode != 0:
        raise Failure(f"{what} failed (exit {p.returncode}): {cmd}\n{p.stderr[-2000:]}")
    return p.stdout


def peak_rss(cmd, what):
    """(stdout, peak resident set in bytes) of one run of a command (wait4 on the child)."""
    out_path, err_path = os.path.join(BENCH, "rss.out"), os.path.join(BENCH, "rss.err")
    with open(out_path, "w") as o, open(err_path, "w") as e:
        p = subprocess.Popen(cmd, shell=True, stdout=o, stderr=e)
        _, status, usage = os.wait4(p.pid, 0)
        p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        raise Failure(f"{what} failed (exit {p.returncode}): {cmd}\n{open(err_path).read()[-2000:]}")
    # `sh -c CMD` execs a single command, so the child measured is the command itself.
    return open(out_path).read(), usage.ru_maxrss * 1024


class Bench:
    def __init__(self, bin_dir, env):
        self.quick = env.get("QUICK") == "1"
        self.n = int(env.get("N") or (2000 if self.quick else 100000))
        self.runs = int(env.get("RUNS") or (2 if self.quick else 5))
        self.warmup = 0 if self.quick else 1
        self.workloads = select_workloads(env.get("ONLY", ""), env.get("BIG") == "1")
        self.big = int(env.get("BIG_N") or BIG_COUNT)  # another size only to try the harness
        self.zcsh = os.path.join(bin_dir, "zcsh")
        self.zcsh_bench = os.path.join(bin_dir, "zcsh-bench")
        self.rows, self.answers, self.notes = [], [], []
        self.phases = {}
        self.cpu = []  # (hyperfine run, {command: mean user + system seconds})
        os.makedirs(BENCH, exist_ok=True)

    # -- data ---------------------------------------------------------------------------------
    def path(self, n, ext):
        return os.path.join(BENCH, f"roster-{n}.{ext}")

    def generator_stamp(self):
        """What the generated data depends on: the generator's and the built-in pack's sources."""
        h = hashlib.sha256()
        for sub in ("Sources/RosterData/Generate", "Sources/TitleRules/Packs"):
            for dirpath, _, files in sorted(os.walk(os.path.join(ROOT, sub))):
                for f in sorted(files):
                    with open(os.path.join(dirpath, f), "rb") as fh:
                        h.update(f.encode() + b"\0" + fh.read())
        return h.hexdigest()

    def generate(self, n, formats):
        """The roster of n applicants (seed 1) in each format, reused while the generator is the same."""
        stamp_path = os.path.join(BENCH, f"roster-{n}.stamp")
        stamp = self.generator_stamp()
        fresh = os.path.exists(stamp_path) and open(stamp_path).read() == stamp
        if not fresh:
            for ext in ("json", "jsonl", "csv", "xlsx"):
                if os.path.exists(self.path(n, ext)):
                    os.remove(self.path(n, ext))
            # Files are written whole (zcsh writes through a rename), so the stamp can go first.
            with open(stamp_path, "w") as f:
                f.write(stamp)
        for ext in formats:
            p = self.path(n, ext)
            if os.path.exists(p):
                continue
            t0 = time.time()
            if ext == "xlsx":
                # zcsh generate writes json/jsonl/csv; the workbook is the same records exported.
                self.generate(n, ["json"])
                script = f"load {self.path(n, 'json')}; export xlsx {p} --force"
                run(f"{shlex.quote(self.zcsh)} -c {shlex.quote(script)}", "export xlsx")
            else:
                run(f"{shlex.quote(self.zcsh)} generate --count {n} --seed 1 --format {ext} -o {shlex.quote(p)}",
                    f"generate {ext}")
            print(f"  generated {os.path.basename(p)}: {fmt_mb(os.path.getsize(p))} in {time.time() - t0:.1f} s",
                  file=sys.stderr)

    def write(self, name, text):
        p = os.path.join(BENCH, name)
        with open(p, "w") as f:
            f.write(text)
        return p

    def zcsh_script(self, name, commands):
        """A .zcs script and the command that runs it with CSV output (results on stdout)."""
        p = self.write(f"{name}.zcs", "\n".join(commands) + "\n")
        return f"{self.zcsh} --format csv {p}"

    def duckdb_script(self, name, sql, fetch="json"):
        """A Python script that runs one DuckDB query and prints its rows as JSON."""
        body = "import duckdb, json\n"
        body += f"rows = duckdb.sql({sql!r}).fetchall()\n" if fetch == "json" else f"duckdb.sql({sql!r})\nrows = []\n"
        body += "print(json.dumps(rows, ensure_ascii=False, default=str))\n"
        p = self.write(f"duckdb-{name}.py", body)  # never a module name Python's own imports could find
        return f"python3 {p}"

    # -- timing -------------------------------------------------------------------------------
    def hyperfine(self, name, commands, runs=None, warmup=None, shell=True):
        """Times [(label, command)] side by side in one hyperfine run; {label: Stat}."""
        out = os.path.join(BENCH, f"hf-{name}.json")
        args = ["hyperfine", "--warmup", str(self.warmup if warmup is None else warmup),
                "--runs", str(runs or self.runs), "--export-json", out, "--style", "basic"]
        if not shell:
            args.append("-N")
        for label, cmd in commands:
            args += ["-n", label, cmd]
        p = subprocess.run(args, stdout=sys.stderr)
        if p.returncode != 0:
            raise Failure(f"hyperfine failed for {name}")
        results = json.load(open(out))["results"]
        self.cpu.append((name, {r["command"]: r["user"] + r["system"] for r in results}))
        return {r["command"]: Stat.from_hyperfine(r) for r in results}

    def answer(self, text):
        self.answers.append(text)
        print(f"  checked: {text}", file=sys.stderr)

    # -- workloads ----------------------------------------------------------------------------
    def w_filter(self):
        j, jl = self.path(self.n, "json"), self.path(self.n, "jsonl")
        z = self.zcsh_script("filter", [f"load {j}", FILTER, "count"])
        d = self.duckdb_script("filter", f"select count(*) from read_json_auto('{jl}', format='newline_delimited') "
                                         f"where level = '工程师' and degree = '本科'")
        q = "jq '[.applicants[] | select(.level == \"工程师\" and .degree == \"本科\")] | length' " + j
        zc = parse_count(run(z, "zcsh filter"))
        dc = json.loads(run(d, "duckdb filter"))[0][0]
        qc = parse_count(run(q, "jq filter"))
        compare("load + filter + count", zc, "DuckDB", dc)
        compare("load + filter + count", zc, "jq", qc)
        self.answer(f"load + filter + count = {zc} (zcsh = DuckDB = jq)")
        imp = self.write("import-duckdb.py", "import duckdb\n")
        t = self.hyperfine("filter", [("zcsh", z), ("duckdb", d), ("jq", q), ("python3 import duckdb", f"python3 {imp}")])
        self.notes.append(f"DuckDB times include starting Python and `import duckdb`: {fmt_stat(t['python3 import duckdb'])}.")
        self.rows.append(timed_row(f"load JSON + `{FILTER}` + `count`", t["zcsh"], t["duckdb"],
                                   Target("ratio_ge", 2), jq=t["jq"]))

    def w_countby(self):
        j, jl = self.path(self.n, "json"), self.path(self.n, "jsonl")
        z = self.zcsh_script("countby", [f"load {j}", "count by agency, level"])
        d = self.duckdb_script("countby", f"select agency, level, count(*) from read_json_auto('{jl}', "
                                          f"format='newline_delimited') group by all order by all")
        q = ("jq -r '.applicants | group_by([.agency, .level]) | .[] | [.[0].agency, .[0].level, length] | @tsv' " + j)
        zg = parse_groups(run(z, "zcsh count by"), ["agency", "level"])
        dg = groups_from_rows(json.loads(run(d, "duckdb count by")))
        qg = groups_from_rows([l.split("\t") for l in run(q, "jq count by").splitlines() if l])
        compare("load + count by agency, level", zg, "DuckDB", dg)
        compare("load + count by agency, level", zg, "jq", qg)
        self.answer(f"count by agency, level: {len(zg)} groups, {sum(zg.values())} applicants (zcsh = DuckDB = jq)")
        t = self.hyperfine("countby", [("zcsh", z), ("duckdb", d), ("jq", q)])
        self.rows.append(timed_row("load + `count by agency, level`", t["zcsh"], t["duckdb"],
                                   Target("ratio_ge", 2), jq=t["jq"]))

    def w_export(self):
        j, jl = self.path(self.n, "json"), self.path(self.n, "jsonl")
        cols = ", ".join(EXPORT_COLUMNS)
        outs = {k: os.path.join(BENCH, f"export-{k}.csv") for k in ("zcsh", "duckdb", "jq")}
        z = self.zcsh_script("export", [f"load {j}", f"export csv {outs['zcsh']} {cols} --force"])
        d = self.duckdb_script("export", f"copy (select {cols} from read_json_auto('{jl}', format='newline_delimited')) "
                                         f"to '{outs['duckdb']}' (header)", fetch="none")
        q = ("jq -r '.applicants[] | [" + ", ".join("." + c for c in EXPORT_COLUMNS) + "] | @csv' "
             + j + " > " + outs["jq"])
        run(z, "zcsh export"), run(d, "duckdb export"), run(q, "jq export")
        zh, zn, zd = csv_digest(open(outs["zcsh"], encoding="utf-8").read())
        dh, dn, dd = csv_digest(open(outs["duckdb"], encoding="utf-8").read())
        _, qn, qd = csv_digest(open(outs["jq"], encoding="utf-8").read(), header=False)
        compare("export csv: header", zh, "DuckDB", dh)
        compare("export csv: data rows", zn, "DuckDB", dn)
        compare("export csv: data rows", zn, "jq", qn)
        compare("export csv: content (SHA-256 of canonical rows)", zd, "DuckDB", dd)
        compare("export csv: content (SHA-256 of canonical rows)", zd, "jq", qd)
        self.answer(f"export csv of {len(EXPORT_COLUMNS)} columns: {zn} rows, content sha256 {zd[:12]}… (zcsh = DuckDB = jq)")
        t = self.hyperfine("export", [("zcsh", z), ("duckdb", d), ("jq", q)])
        self.rows.append(timed_row(f"load + `export csv` of {len(EXPORT_COLUMNS)} columns", t["zcsh"], t["duckdb"],
                                   Target("ratio_ge", 2), jq=t["jq"]))

    def w_csv(self):
        c = self.path(self.n, "csv")
        z = self.zcsh_script("csv", [f"load {c}", "count"])
        d = self.duckdb_script("csv", f"select count(*) from read_csv('{c}')")
        zc, dc = parse_count(run(z, "zcsh csv")), json.loads(run(d, "duckdb csv"))[0][0]
        compare("load CSV + count", zc, "DuckDB", dc)
        compare("load CSV + count", zc, "N", self.n)
        self.answer(f"load CSV + count = {zc} (zcsh = DuckDB read_csv = N)")
        t = self.hyperfine("csv", [("zcsh", z), ("duckdb", d)])
        self.rows.append(timed_row(f"load CSV ({fmt_mb(os.path.getsize(c))}) + `count`", t["zcsh"], t["duckdb"],
                                   Target("ratio_ge", 1.5)))

    def w_xlsx(self):
        x = self.path(self.n, "xlsx")
        z = self.zcsh_script("xlsx", [f"load {x}", "count"])
        o = self.write("xlsx-openpyxl.py",
                       "import openpyxl, sys\n"
                       f"wb = openpyxl.load_workbook({x!r}, read_only=True)\n"
                       "n = sum(1 for _ in wb.active.iter_rows(values_only=True))\n"
                       "print(n - 1)  # the header row\n")
        o = f"python3 {o}"
        zc, oc = parse_count(run(z, "zcsh xlsx")), parse_count(run(o, "openpyxl"))
        compare("load xlsx + count", zc, "openpyxl (rows - header)", oc)
        compare("load xlsx + count", zc, "N", self.n)
        self.answer(f"load xlsx + count = {zc} (zcsh = openpyxl rows - 1 = N)")
        runs = max(1, min(self.runs, 3))
        t = self.hyperfine("xlsx", [("zcsh", z), ("openpyxl", o)], runs=runs, warmup=0)
        self.rows.append(timed_row(f"load xlsx ({fmt_mb(os.path.getsize(x))}) + `count`, vs openpyxl read-only",
                                   t["zcsh"], t["openpyxl"], Target("report"), ref_tool="openpyxl"))

    def w_memory(self):
        j, c, jl = self.path(self.n, "json"), self.path(self.n, "csv"), self.path(self.n, "jsonl")
        js, cs = os.path.getsize(j), os.path.getsize(c)
        verdicts = {}
        for kind, f in (("JSON", j), ("CSV", c)):
            z = self.zcsh_script(f"memory-{kind.lower()}", [f"load {f}", "count by verdict()"])
            out, rss = peak_rss(z, f"zcsh memory {kind}")
            verdicts[kind] = parse_groups(out, ["verdict()"])
            size = js if kind == "JSON" else cs
            ratio_text = f"{rss / size:.1f}× {kind} file" + (f" ({rss / js:.1f}× JSON)" if kind == "CSV" else "")
            self.rows.append(Row(f"peak memory, load {kind} ({fmt_mb(size)}) + `count by verdict()`", fmt_mb(rss),
                                 ratio=rss / size, ratio_text=ratio_text, target=Target("mem_le", 2)))
        compare("count by verdict(): JSON load vs CSV load", verdicts["JSON"], "the CSV load", verdicts["CSV"])
        compare("count by verdict(): applicants", sum(verdicts["JSON"].values()), "N", self.n)
        self.answer("count by verdict() = " + ", ".join(f"{k[0]} {v}" for k, v in sorted(verdicts["JSON"].items()))
                    + " (JSON load = CSV load, sum = N)")
        d = self.duckdb_script("memory", f"select agency, level, count(*) from read_json_auto('{jl}', "
                                                f"format='newline_delimited') group by all")
        _, drss = peak_rss(d, "duckdb memory")
        self.notes.append(f"For scale: DuckDB's peak for `count by agency, level` over the JSONL: {fmt_mb(drss)}.")

    def bench_phases(self, n, runs):
        """zcsh-bench's phase table on the n roster: {label: median wall s} over `runs` runs."""
        walls = {}
        for _ in range(runs):
            p = subprocess.run([self.zcsh_bench, self.path(n, "json")], capture_output=True, text=True)
            if p.returncode != 0 or p.stderr.strip():  # zcsh-bench prints a command's errors on stderr
                raise Failure(f"zcsh-bench on {n} applicants (exit {p.returncode}):\n{p.stderr[-2000:]}")
            for label, (wall, _cpu) in parse_phases(p.stdout).items():
                walls.setdefault(label, []).append(wall)
        if not walls:
            raise Failure("zcsh-bench printed no phases")
        self.phases[n] = {k: median(v) for k, v in walls.items()}
        return self.phases[n]

    def w_check(self):
        ph = self.bench_phases(self.n, max(1, min(self.runs, 3)))
        s = ph["check --summary"]
        self.rows.append(Row("`check --summary` (in process, zcsh-bench)", Stat(s, s, s), target=Target("time_le", 1.0)))

    def w_startup(self):
        z = f"{self.zcsh} -c quit"
        s = "sqlite3 :memory: .quit"
        compare("start-up output", run(z, "zcsh -c quit"), "sqlite3", run(s, "sqlite3"))
        t = self.hyperfine("startup", [("zcsh", z), ("sqlite3", s)], runs=max(10, self.runs * 6), warmup=3, shell=False)
        self.rows.append(timed_row("start-up `zcsh -c quit` (release, static runtime) vs sqlite3", t["zcsh"], t["sqlite3"],
                                   Target("time_le", 0.005), ref_tool="sqlite3"))

    def w_big(self):
        b = self.big
        self.generate(b, ["json", "jsonl"])
        cmds = ["count by verdict()", "count by agency, level"]
        zn = self.zcsh_script("big-n", [f"load {self.path(self.n, 'json')}"] + cmds)
        zb = self.zcsh_script("big-1m", [f"load {self.path(b, 'json')}"] + cmds)
        out = run(zb, "zcsh 1M")
        bg = parse_groups(out, ["agency", "level"])
        d = self.duckdb_script("big", f"select agency, level, count(*) from read_json_auto('{self.path(b, 'jsonl')}', "
                                             f"format='newline_delimited') group by all")
        compare(f"{b}: count by agency, level", bg, "DuckDB", groups_from_rows(json.loads(run(d, "duckdb 1M"))))
        compare(f"{b}: count by verdict(): applicants", sum(parse_groups(out, ["verdict()"]).values()), "count", b)
        self.answer(f"{b:,}: count by agency, level = DuckDB's ({len(bg)} groups); count by verdict() sums to {b}")
        runs = max(1, min(self.runs, 3))
        tn = self.hyperfine("big-n", [("zcsh N", zn)], runs=runs)["zcsh N"]
        tb = self.hyperfine("big-1m", [("zcsh 1M", zb)], runs=runs, warmup=0)["zcsh 1M"]
        scale = 1.1 * b / self.n  # 11× for 10× the data: linear with 10% to spare
        self.rows.append(Row(f"{b:,} applicants: load + `count by verdict()` + `count by agency, level`, vs N={self.n}",
                             tb, f"N: {fmt_stat(tn)}", ratio=tb.median / tn.median,
                             ratio_text=f"{tb.median / tn.median:.1f}× the N time", target=Target("scale", scale, 5)))
        ph = self.bench_phases(b, 1)
        for label, key in (("filter", "filter (level, degree)"), ("count by agency, level", "count by agency, level"),
                           ("sort by title_since", "sort by title_since")):
            s = ph[key]
            self.rows.append(Row(f"{b:,} at the prompt: `{label}` (zcsh-bench)", Stat(s, s, s), target=Target("time_le", 0.3)))

    # -- the run ------------------------------------------------------------------------------
    def run_all(self):
        load_before = os.getloadavg()
        started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        print(f"bench: N={self.n} RUNS={self.runs} workloads: {', '.join(self.workloads)}", file=sys.stderr)
        self.generate(self.n, ["json", "jsonl", "csv"] + (["xlsx"] if "xlsx" in self.workloads else []))
        for w in self.workloads:
            print(f"== {w}", file=sys.stderr)
            getattr(self, "w_" + w)()
            self.summary(started, load_before, os.getloadavg())  # so far: a later failure keeps these rows
        return self.summary(started, load_before, os.getloadavg())

    def versions(self):
        def v(cmd):
            p = subprocess.run(cmd, shell=True, capture_output=True, text=True)
            if p.returncode != 0:
                return "?"
            first = (p.stdout.strip() or p.stderr.strip()).splitlines()[0]
            return re.sub(r"^(jq-|hyperfine )", "", first)
        return {
            "zcsh": v(f"git -C {ROOT} describe --always --dirty") + " (" + v(f"{self.zcsh} --version") + ")",
            "DuckDB": v("python3 -c 'import duckdb; print(duckdb.__version__)'") + " (Python)",
            "jq": v("jq --version"),
            "openpyxl": v("python3 -c 'import openpyxl; print(openpyxl.__version__)'"),
            "sqlite3": v("sqlite3 --version").split()[0],
            "hyperfine": v("hyperfine --version"),
        }

    def summary(self, started, load_before, load_after):
        sizes = ", ".join(f"{ext} {fmt_mb(os.path.getsize(self.path(self.n, ext)))}"
                          for ext in ("json", "jsonl", "csv", "xlsx") if os.path.exists(self.path(self.n, ext)))
        env = " ".join(f"{k}={os.environ[k]}" for k in ("N", "RUNS", "QUICK", "BIG", "BIG_N", "ONLY") if os.environ.get(k))
        lines = [f"# scripts/bench: N={self.n}, {self.runs} runs", "",
                 f"Run {started}: `{(env + ' ') if env else ''}scripts/bench`; "
                 f"{os.cpu_count()} cores, load average {load_before[0]:.1f} before, {load_after[0]:.1f} after "
                 f"(1-minute; the machine may be shared).",
                 "Tools: " + "; ".join(f"{k} {v}" for k, v in self.versions().items()) + ".",
                 f"Data (`zcsh generate --count {self.n} --seed 1`; xlsx by `export xlsx` of the JSON): {sizes}.",
                 "",
                 table(self.rows), "",
                 "Times are hyperfine medians (min–max) of each command as a whole (process start, load, query, "
                 "output). DuckDB reads the JSON Lines file, jq the JSON file. ratio = DuckDB (or reference) time / "
                 "zcsh time: above 1 means zcsh is faster; memory rows give the peak resident set over the file size.",
                 ""]
        lines += ["Answers checked (zcsh against the reference):"] + [f"- {a}" for a in self.answers]
        if self.notes:
            lines += [""] + [f"- {n}" for n in self.notes]
        if self.cpu:
            lines += ["", "CPU seconds (user + system, mean of the runs; less moved by other work on the machine "
                          "than wall time):"]
            lines += [f"- {name}: " + ", ".join(f"{k} {fmt_seconds(v)}" for k, v in cpu.items()) for name, cpu in self.cpu]
        for n, ph in sorted(self.phases.items()):
            lines += ["", f"Phases in process (zcsh-bench, {n} applicants, median wall):", "",
                      "| phase | time |", "|---|---:|"]
            lines += [f"| {k} | {fmt_seconds(v)} |" for k, v in ph.items()]
        text = "\n".join(lines) + "\n"
        path = os.path.join(BENCH, f"summary-{self.n}.md")
        with open(path, "w") as f:
            f.write(text)
        return text, path


# ---------------------------------------------------------------------------------------------
# --self-test: the comparison and the table, without timing anything.

def self_test():
    checks = 0

    def ok(cond, what):
        nonlocal checks
        if not cond:
            raise AssertionError(what)
        checks += 1

    def raises(exc, fn, what):
        try:
            fn()
        except exc as e:
            ok(True, what)
            return str(e)
        raise AssertionError(f"{what}: no {exc.__name__}")

    # Counts as zcsh --format csv, DuckDB and jq print them.
    ok(parse_count("count\n135\n") == 135, "zcsh count")
    ok(parse_count("42606") == 42606, "bare count")
    raises(Failure, lambda: parse_count("已载入 300 名申报人\n"), "no count")

    # Groups: zcsh's last table; DuckDB rows; jq TSV; null as empty.
    out = ("verdict(),count\n不符合,193\n符合,94\n待核实,13\n"
           "agency,level,count\n常山县林业水利局,工程师,33\n江山市水利局,技术员,1\n")
    z = parse_groups(out, ["agency", "level"])
    ok(z == {("常山县林业水利局", "工程师"): 33, ("江山市水利局", "技术员"): 1}, "zcsh count by (second table)")
    ok(parse_groups(out, ["verdict()"]) == {("不符合",): 193, ("符合",): 94, ("待核实",): 13}, "zcsh count by verdict()")
    d = groups_from_rows([["江山市水利局", "技术员", 1], ["常山县林业水利局", "工程师", 33]])
    ok(d == z, "DuckDB rows as groups")
    ok(groups_from_rows([[None, "工程师", "2"]]) == {("", "工程师"): 2}, "null key, text count")
    raises(Failure, lambda: parse_groups("count\n3\n", ["agency", "level"]), "no count-by table")

    # Agreement passes; any difference raises, showing both answers and the differing group.
    compare("same", z, "DuckDB", dict(d))
    compare("same count", 135, "jq", 135)
    msg = raises(Mismatch, lambda: compare("count", 135, "DuckDB", 136), "differing count")
    ok("zcsh:" in msg and "135" in msg and "DuckDB:" in msg and "136" in msg, "both counts shown")
    d2 = dict(d)
    d2[("江山市水利局", "技术员")] = 2
    msg = raises(Mismatch, lambda: compare("count by", z, "DuckDB", d2), "differing group")
    ok("江山市水利局 / 技术员: 1 vs 2" in msg, "the differing group named with both counts")
    d3 = dict(d)
    del d3[("江山市水利局", "技术员")]
    msg = raises(Mismatch, lambda: compare("count by", z, "jq", d3), "missing group")
    ok("江山市水利局 / 技术员: 1 vs None" in msg, "a group one side lacks")

    # CSV content: zcsh's, DuckDB's (88.0) and jq's (@csv quotes, no header) spellings agree.
    zc = "id,name,self_score,in_post\nQZ-1,叶明,88,true\nQZ-2,\"黄,伟\",,false\n"
    dc = "id,name,self_score,in_post\r\nQZ-1,叶明,88.0,TRUE\r\nQZ-2,\"黄,伟\",,false\r\n"
    qc = '"QZ-1","叶明",88,true\n"QZ-2","黄,伟",,false\n'
    zd, dd, qd = csv_digest(zc), csv_digest(dc), csv_digest(qc, header=False)
    ok(zd == dd, "zcsh and DuckDB CSV digests")
    ok(zd[1:] == qd[1:] and qd[0] is None and zd[1] == 2, "jq CSV digest, row count")
    ok(csv_digest("\ufeff" + zc) == zd, "a BOM does not change the digest")
    ok(csv_digest(zc.replace("88", "89"))[2] != zd[2], "a changed number changes the digest")
    ok(csv_digest(zc.replace("叶明", "叶名"))[2] != zd[2], "a changed name changes the digest")
    ok(csv_digest(zc + "QZ-3,x,,true\n")[1] == 3, "an extra row is counted")
    ok(canonical_cell("1.5") == "1.5" and canonical_cell("2024-07-30") == "2024-07-30", "cells kept as written")

    # Targets and the verdict column, at the boundaries.
    ok(Target("ratio_ge", 2).verdict(2.0, 1.0) == "PASS", "ratio at target")
    ok(Target("ratio_ge", 2).verdict(1.99, 1.0) == "MISS", "ratio below target")
    ok(Target("time_le", 0.005).verdict(None, 0.005) == "PASS", "time at target")
    ok(Target("time_le", 0.005).verdict(None, 0.0051) == "MISS", "time over target")
    ok(Target("mem_le", 2).verdict(4.2, None) == "MISS" and Target("mem_le", 2).verdict(1.9, None) == "PASS", "memory")
    ok(Target("scale", 11, 5).verdict(10.5, 4.9) == "PASS", "1M linear and fast")
    ok(Target("scale", 11, 5).verdict(10.5, 5.0) == "MISS", "1M not under 5 s")
    ok(Target("scale", 11, 5).verdict(14, 4.0) == "MISS", "1M worse than linear")
    ok(Target("report").verdict(0.5, 1.0) == "—", "report only")

    # The table: exact lines.
    rows = [
        timed_row("load + `count by agency, level`", Stat(1.6, 1.55, 1.9, 5), Stat(1.0, 0.98, 1.1, 5),
                  Target("ratio_ge", 2), jq=Stat(7.8, 7.7, 7.9, 5)),
        Row("peak memory, load JSON (160 MB) + `count by verdict()`", fmt_mb(640e6), ratio=4.0,
            ratio_text="4.0× JSON file", target=Target("mem_le", 2)),
        timed_row("start-up", Stat(0.0092, 0.0088, 0.0101, 30), Stat(0.0015, 0.0014, 0.0017, 30),
                  Target("time_le", 0.005), ref_tool="sqlite3"),
        Row("`check --summary`", Stat(0.9, 0.9, 0.9), target=Target("time_le", 1.0)),
    ]
    expected = "\n".join([
        "| workload | zcsh | DuckDB / reference | jq | ratio | target | result |",
        "|---|---:|---:|---:|---:|---|---|",
        "| load + `count by agency, level` | 1.60 s (1.55–1.90 s) | 1.00 s (980 ms–1.10 s) | 7.80 s (7.70–7.90 s) "
        "| 0.62× | ≥ 2× faster | MISS |",
        "| peak memory, load JSON (160 MB) + `count by verdict()` | 640 MB | — | — | 4.0× JSON file | ≤ 2× file | MISS |",
        "| start-up | 9.2 ms (8.8–10 ms) | sqlite3 1.5 ms (1.4–1.7 ms) | — | 0.16× | ≤ 5.0 ms | MISS |",
        "| `check --summary` | 900 ms | — | — | — | ≤ 1.00 s | PASS |",
    ])
    got = table(rows)
    if got != expected:
        print("expected:\n" + expected + "\ngot:\n" + got, file=sys.stderr)
    ok(got == expected, "table lines")

    # hyperfine's JSON and zcsh-bench's phase table.
    st = Stat.from_hyperfine({"median": 1.5, "min": 1.4, "max": 2.0, "times": [1.4, 1.5, 2.0]})
    ok((st.median, st.min, st.max, st.runs) == (1.5, 1.4, 2.0, 3), "hyperfine result")
    ph = parse_phases("load                                   1.630 s   cpu   2.100 s\n"
                      "filter eligible(route:\"任意\")             0.640 s   cpu   0.700 s\n"
                      "check --summary                         1.500 s   cpu   2.900 s\n")
    ok(ph == {"load": (1.63, 2.1), "filter eligible(route:\"任意\")": (0.64, 0.7), "check --summary": (1.5, 2.9)},
       "zcsh-bench phases")
    ok(median([3, 1, 2]) == 2 and median([4, 1, 2, 3]) == 2.5, "median")

    # ONLY= and BIG=.
    ok(select_workloads("", False) == [w for w in WORKLOADS if w != "big"], "all but big")
    ok(select_workloads("", True) == WORKLOADS, "all with BIG=1")
    ok(select_workloads("startup, filter", False) == ["filter", "startup"], "ONLY in run order")
    ok(select_workloads("big", False) == ["big"], "ONLY=big without BIG=1")
    raises(Failure, lambda: select_workloads("filtre", False), "unknown workload")

    print(f"bench self-test: {checks} checks passed")


def main(argv):
    if argv[1:2] == ["--self-test"]:
        self_test()
        return 0
    if len(argv) != 3 or argv[1] != "--bin":
        print("usage: bench.py --bin RELEASE_BIN_DIR | --self-test", file=sys.stderr)
        return 2
    try:
        text, path = Bench(argv[2], os.environ).run_all()
    except Mismatch as e:
        print(str(e), file=sys.stderr)
        return 1
    except Failure as e:
        print(f"bench: {e}", file=sys.stderr)
        return 1
    print(text)
    print(f"(written to {os.path.relpath(path, ROOT)})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
