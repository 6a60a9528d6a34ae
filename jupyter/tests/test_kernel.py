"""The zcsh Jupyter kernel, for real: nbclient runs the example notebook against the
installed kernelspec, and jupyter_client's complete / inspect / interrupt / shutdown go
through ipykernel to ``zcsh --serve``.

Run by scripts/test-jupyter (which makes the virtual environment and installs the
kernelspec into it):  python jupyter/tests/test_kernel.py --zcsh .build/debug/zcsh
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import queue
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import start_new_kernel
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "examples" / "notebooks" / "tour.ipynb"
SETUP = "set as-of 2024-12-31\nload examples/roster-2024.json"

# (code, cursor) pairs; cursor None = end. Multi-line cells, Chinese text, values in strings.
COMPLETION_CASES = [
    ("cou", None), ("ex", None), ("filter deg", None), ("count by lev", None), ("filter 学", None),
    ("filter elig", None), ("filter eligible(", None), ("filter degree == \"本", None), ("set ", None),
    ("help fi", None), ("load examples/ro", None), ("explain QZ2024-001", None),
    ("count\nfilter level == \"工程师\" and\n  deg", None), ("filter 学历 == \"本科\" and 申报级", None),
    ("filter deg == 1", len("filter deg")), ("count by agency --c", None),
]

ZCSH = ""
results: list[tuple[str, bool, str]] = []


def check(cond: bool, what: str) -> None:
    if not cond:
        raise AssertionError(what)


def test(fn):
    def run():
        start = time.monotonic()
        try:
            fn()
            results.append((fn.__name__, True, ""))
            print(f"ok   {fn.__name__} ({time.monotonic() - start:.1f}s)", flush=True)
        except Exception:  # noqa: BLE001 - report every failure and go on
            results.append((fn.__name__, False, traceback.format_exc()))
            print(f"FAIL {fn.__name__}\n{traceback.format_exc()}", flush=True)
    return run


def serve(requests: list[dict], cwd: Path = ROOT) -> list[dict]:
    """Talks to ``zcsh --serve`` directly (no Jupyter): the ShellCompleter's own answers."""
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in requests)
    out = subprocess.run([ZCSH, "--serve"], input=text.encode(), capture_output=True, cwd=cwd, check=True).stdout
    return [json.loads(line) for line in out.decode().splitlines() if json.loads(line).get("event") == "reply"]


def outputs(nb) -> list:
    return [c.get("outputs", []) for c in nb.cells if c.cell_type == "code"]


def html_of(output) -> str:
    return output.get("data", {}).get("text/html", "")


@test
def kernelspec_is_installed():
    spec = KernelSpecManager().get_kernel_spec("zcsh")
    check(spec.display_name == "zcsh (职称评审)", spec.display_name)
    check(spec.language == "zcsh", spec.language)
    check(spec.argv[1:3] == ["-m", "zcsh_kernel"], str(spec.argv))
    check(Path(spec.env["ZCSH_BINARY"]).resolve() == Path(ZCSH).resolve(), spec.env["ZCSH_BINARY"])


def run_notebook():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(nb, kernel_name="zcsh", timeout=120,
                            resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()
    return nb


@test
def notebook_runs_top_to_bottom_with_the_checked_in_outputs():
    checked_in = nbformat.read(NOTEBOOK, as_version=4)
    first = run_notebook()
    second = run_notebook()
    check(outputs(first) == outputs(second), "two runs gave different outputs")
    for i, (got, want) in enumerate(zip(outputs(first), outputs(checked_in))):
        check(got == want, f"code cell {i + 1} differs from the checked-in notebook:\n{json.dumps(got, ensure_ascii=False)[:600]}")
    cells = outputs(first)
    flat = [o for cell in cells for o in cell]
    # Pinned as-of and the data's digest are shown.
    setup_text = "".join(o["data"]["text/plain"] for o in cells[0])
    check("截至日期 = 2024-12-31" in setup_text and "已载入 240 名申报人" in setup_text and "sha256 2d572db8" in setup_text, setup_text)
    # count by level: a table whose rows add up to the roster.
    level = cells[1][0]
    check('<table data-rows="' in html_of(level), html_of(level)[:200])
    rows = level["data"]["text/plain"].splitlines()
    counts = [int(line.split()[-1]) for line in rows[2:-1]]
    check(sum(counts) == 240 and rows[-1] == "合计 240 人，3 组", f"count by level: {rows}")
    check(f'data-rows="{len(counts)}"' in html_of(level), "the HTML table has the same rows")
    # A chart as SVG.
    svgs = [o["data"]["image/svg+xml"] for o in flat if "image/svg+xml" in o.get("data", {})]
    check(len(svgs) == 1 and svgs[0].startswith("<svg xmlns=\"http://www.w3.org/2000/svg\"") and "<rect" in svgs[0], "no SVG chart")
    # show 5: five rows, personal data masked as on screen.
    show = [o for o in cells[2] if "show" in o.get("data", {}).get("text/plain", "") or 'data-rows="5"' in html_of(o)]
    check(show and "********" in html_of(show[-1]), "show 5 with masked 身份证号")
    # explain as a trace.
    check(any('<div class="trace">' in html_of(o) for o in cells[3]), "explain trace")
    # The error cell: message, line:column and the caret.
    err = cells[-1][-1]
    check(err["output_type"] == "error" and err["ename"] == "zcsh error", str(err))
    check(err["evalue"] == "未知字段 `levle`", err["evalue"])
    check(err["traceback"][0].startswith("cell[6]:1:13: error: 未知字段 `levle`"), err["traceback"][0])
    check(err["traceback"][2] == " " * 12 + "^~~~~", repr(err["traceback"][2]))


def kernel(cwd: Path = ROOT):
    km, kc = start_new_kernel(kernel_name="zcsh", cwd=str(cwd), startup_timeout=60)
    return km, kc


def shell_reply(kc, msg_id: str, timeout: float = 60) -> dict:
    """The shell reply to ``msg_id`` (start_new_kernel may leave a spare kernel_info_reply)."""
    deadline = time.monotonic() + timeout
    while True:
        m = kc.get_shell_msg(timeout=max(0.1, deadline - time.monotonic()))
        if m["parent_header"].get("msg_id") == msg_id:
            return m


def execute(kc, code: str, timeout: float = 60):
    """Runs a cell; returns (reply content, iopub messages of it)."""
    msg_id = kc.execute(code)
    msgs = []
    deadline = time.monotonic() + timeout
    while True:
        m = kc.get_iopub_msg(timeout=max(0.1, deadline - time.monotonic()))
        if m["parent_header"].get("msg_id") != msg_id:
            continue
        msgs.append(m)
        if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
            break
    return shell_reply(kc, msg_id, timeout)["content"], msgs


@test
def completion_through_jupyter_is_the_repls_tab():
    expected = serve([{"id": 0, "op": "execute", "code": SETUP}] +
                     [{"id": i + 1, "op": "complete", "code": c, "cursor": len(c) if p is None else p}
                      for i, (c, p) in enumerate(COMPLETION_CASES)])[1:]
    km, kc = kernel()
    try:
        content, _ = execute(kc, SETUP)
        check(content["status"] == "ok", str(content))
        for (code, pos), want in zip(COMPLETION_CASES, expected):
            cursor = len(code) if pos is None else pos
            got = shell_reply(kc, kc.complete(code, cursor))["content"]
            check(got["matches"] == want["matches"], f"{code!r}: {got['matches']} != {want['matches']}")
            check(got["cursor_start"] == want["cursor_start"] and got["cursor_end"] == cursor, f"{code!r}: {got}")
            check(got["matches"], f"{code!r} completes nothing")
        # A few answers spelled out, so the comparison above is not vacuous.
        by_code = {c: w["matches"] for (c, _), w in zip(COMPLETION_CASES, expected)}
        check(by_code["cou"] == ["count "], str(by_code["cou"]))
        check(by_code["filter deg"] == ["degree "], str(by_code["filter deg"]))
        check("学历" in by_code["filter 学"], str(by_code["filter 学"]))
        check(by_code["filter elig"] == ["eligible("], str(by_code["filter elig"]))
        # A cell that would need a continuation line at the prompt is incomplete.
        for code, status in [('filter level == "工程师" and', "incomplete"), ("count by level", "complete")]:
            r = shell_reply(kc, kc.is_complete(code))["content"]
            check(r["status"] == status, f"{code!r}: {r}")
        check("本科\"" in by_code["filter degree == \"本"] or "本科" in by_code["filter degree == \"本"], str(by_code["filter degree == \"本"]))
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


@test
def inspect_through_jupyter_is_the_help_text():
    help_count = subprocess.run([ZCSH, "-c", "help count"], capture_output=True, cwd=ROOT, check=True,
                                env=dict(os.environ, NO_COLOR="1")).stdout.decode()
    help_degree = subprocess.run([ZCSH, "-c", "help degree"], capture_output=True, cwd=ROOT, check=True).stdout.decode()
    km, kc = kernel()
    try:
        r = shell_reply(kc, kc.inspect("count by level", 3, detail_level=1))["content"]
        # `help count` shows the command and then the function of that name; at a command's
        # position the kernel gives the command's part, word for word.
        text = r["data"].get("text/plain", "")
        check(r["found"] and help_count.startswith(text + "\n") and "函数 count" in help_count
              and "函数 count" not in text and text.startswith("count — "), text[:300])
        r = shell_reply(kc, kc.inspect("filter degree == \"本科\"", 9, detail_level=0))["content"]
        check(r["found"] and r["data"]["text/plain"] + "\n" == help_degree, str(r))
        r = shell_reply(kc, kc.inspect("filter eligible(", len("filter eligible("), detail_level=0))["content"]
        check(r["found"] and r["data"]["text/plain"].startswith("函数 eligible("), str(r))
        r = shell_reply(kc, kc.inspect("filter xyzzy", 9))["content"]
        check(not r["found"], str(r))
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


@test
def interrupt_stops_a_long_command_and_keeps_the_session():
    t0 = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([ZCSH, "generate", "--count", "20000", "-o", f"{tmp}/big.json"], check=True)
        km, kc = kernel(Path(tmp))
        try:
            content, _ = execute(kc, "set as-of 2024-12-31\nload big.json")
            check(content["status"] == "ok", str(content))
            print(f"  ready after {time.monotonic() - t0:.1f}s", flush=True)
            msg_id = kc.execute('export csv out.csv id, name, verdict(), eligible(level:"工程师"), eligible(level:"助理工程师")\ncount')
            time.sleep(0.8)
            km.interrupt_kernel()
            reply = shell_reply(kc, msg_id)
            c = reply["content"]
            check(c["status"] == "error" and c["ename"] == "KeyboardInterrupt", str(c))
            check("已中断" in c["evalue"], c["evalue"])
            check(sorted(os.listdir(tmp)) == ["big.json"], f"files left: {os.listdir(tmp)}")
            while True:  # drain the interrupted cell's iopub messages
                try:
                    kc.get_iopub_msg(timeout=0.5)
                except queue.Empty:
                    break
            content, msgs = execute(kc, "count")
            text = "".join(m["content"]["data"]["text/plain"] for m in msgs if m["msg_type"] == "display_data")
            check(content["status"] == "ok" and "20000" in text, f"{content} {text}")
            check(km.is_alive(), "kernel alive after the interrupt")
            print(f"  checked after {time.monotonic() - t0:.1f}s", flush=True)
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=True)


@test
def shutdown_ends_the_kernel_and_zcsh():
    km, kc = kernel()
    content, _ = execute(kc, "count")  # no dataset: an error, and the kernel stays
    check(content["status"] == "error" and "尚未载入数据集" in content["evalue"], str(content))
    pid = km.provisioner.process.pid if km.provisioner else None
    children = [int(d.name) for d in Path("/proc").iterdir() if d.name.isdigit() and pid and
                _ppid(d) == pid]
    check(children, "the kernel runs zcsh --serve as its child")
    kc.stop_channels()
    km.shutdown_kernel(now=False)
    check(not km.is_alive(), "kernel still alive after shutdown")
    time.sleep(0.3)
    for child in children:
        check(not Path(f"/proc/{int(child)}").exists() or "zombie" in Path(f"/proc/{int(child)}/status").read_text().lower(),
              f"zcsh --serve (pid {int(child)}) outlived its kernel")


@test
def quit_ends_zcsh_and_the_next_cell_starts_a_fresh_one():
    km, kc = kernel()
    try:
        content, _ = execute(kc, SETUP + "\nquit")
        check(content["status"] == "ok", str(content))
        content, msgs = execute(kc, "count")
        notes = "".join(m["content"]["text"] for m in msgs if m["msg_type"] == "stream")
        check("zcsh 已重新启动" in notes, notes)
        check(content["status"] == "error" and "尚未载入数据集" in content["evalue"], str(content))
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def _ppid(proc: Path) -> int:
    try:
        return int(proc.joinpath("stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return -1


def main() -> int:
    global ZCSH
    ap = argparse.ArgumentParser()
    ap.add_argument("--zcsh", required=True)
    ZCSH = str(Path(ap.parse_args().zcsh).resolve())
    for t in [kernelspec_is_installed, notebook_runs_top_to_bottom_with_the_checked_in_outputs,
              completion_through_jupyter_is_the_repls_tab, inspect_through_jupyter_is_the_help_text,
              interrupt_stops_a_long_command_and_keeps_the_session, quit_ends_zcsh_and_the_next_cell_starts_a_fresh_one,
              shutdown_ends_the_kernel_and_zcsh]:
        t()
    failed = sum(1 for _, ok, _ in results if not ok)
    print(f"jupyter: {len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
