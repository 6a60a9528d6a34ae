#!/usr/bin/env python3
"""Runs zcsh's `load` on every file of Tests/Corpus/manifest.tsv and writes what it prints into
docs/files.md, between the `corpus-messages` markers: the exact message of each refusal, and the
warnings of each lenient load. CorpusTests checks that the page and the loader still agree.

    swift build && python3 scripts/corpus-messages.py [path/to/zcsh]
"""
import os
import subprocess
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
ZCSH = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build", "debug", "zcsh")
START, END = "<!-- corpus-messages:start -->", "<!-- corpus-messages:end -->"

entries = []
with open(os.path.join(ROOT, "Tests", "Corpus", "manifest.tsv"), encoding="utf-8") as f:
    for line in f:
        if line.startswith("#") or not line.strip():
            continue
        cols = line.rstrip("\n").split("\t")
        entries.append((cols[0], cols[1], cols[2]))


def run(path, lenient):
    cmd = f"load {path}" + (" --lenient" if lenient else "") + "\n"
    p = subprocess.run([ZCSH], input=cmd.encode(), cwd=ROOT, capture_output=True, timeout=60)
    out = (p.stdout + p.stderr).decode("utf-8", "replace").splitlines()
    errors = [l.split(": error: ", 1)[1] for l in out if ": error: " in l]
    warnings = [l.split("warning: ", 1)[1] for l in out if l.startswith("warning: ") or ": warning: " in l]
    return errors, warnings


def code(s):
    fence = "``" if "`" in s else "`"
    pad = " " if s.startswith("`") or s.endswith("`") else ""
    return f"{fence}{pad}{s}{pad}{fence}"


lines = []
for group, title in (("error", "Refused (one defect per file; the message `load` prints)"),
                     ("load", "Loaded (warnings of `load --lenient` shown)")):
    lines.append(f"#### {title}\n")
    for path, outcome, options in entries:
        if outcome != group:
            continue
        errors, warnings = run(path, options == "lenient")
        name = path.split("/", 2)[2]
        if group == "error":
            if len(errors) != 1:
                sys.exit(f"{path}: expected one error, got {errors!r}")
            lines.append(f"- {code(name)}: {code(errors[0])}")
        else:
            if errors:
                sys.exit(f"{path}: expected to load, got {errors!r}")
            shown = "; ".join(code(w) for w in warnings) if warnings else "loads"
            lines.append(f"- {code(name)}{' (`--lenient`)' if options == 'lenient' else ''}: {shown}")
    lines.append("")

doc_path = os.path.join(ROOT, "docs", "files.md")
doc = open(doc_path, encoding="utf-8").read()
a, b = doc.index(START) + len(START), doc.index(END)
doc = doc[:a] + "\n" + "\n".join(lines) + doc[b:]
open(doc_path, "w", encoding="utf-8").write(doc)
print(f"{len(entries)} corpus files written into docs/files.md")
