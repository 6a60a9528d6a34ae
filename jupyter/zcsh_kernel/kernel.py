"""The zcsh wrapper kernel (ipykernel's ``Kernel`` base) over ``zcsh --serve``."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import threading
from typing import Any, Callable, Optional

from ipykernel.kernelbase import Kernel

from . import __version__


class ServerGone(Exception):
    """The zcsh process ended (``quit``, a crash, or it could not start)."""


class ZcshServer:
    """One ``zcsh --serve`` process and its JSON-lines conversation."""

    def __init__(self, binary: str, cwd: Optional[str] = None) -> None:
        self.binary = binary
        self.proc = subprocess.Popen(
            [binary, "--serve"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=cwd,
            # Its own SIGINT disposition: zcsh installs its handler at start.
            restore_signals=True,
        )
        self.stderr_lines: list[str] = []
        self._next_id = 0
        threading.Thread(target=self._drain_stderr, daemon=True).start()

    def _drain_stderr(self) -> None:
        assert self.proc.stderr is not None
        for raw in self.proc.stderr:
            self.stderr_lines.append(raw.decode("utf-8", "replace"))
            del self.stderr_lines[:-50]

    @property
    def alive(self) -> bool:
        return self.proc.poll() is None

    def send(self, op: str, **fields: Any) -> int:
        self._next_id += 1
        msg = dict(fields, id=self._next_id, op=op)
        assert self.proc.stdin is not None
        try:
            self.proc.stdin.write((json.dumps(msg, ensure_ascii=False) + "\n").encode("utf-8"))
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError) as e:
            raise ServerGone(str(e)) from e
        return self._next_id

    def read(self) -> dict:
        assert self.proc.stdout is not None
        raw = self.proc.stdout.readline()
        if not raw:
            raise ServerGone("".join(self.stderr_lines[-5:]).strip())
        return json.loads(raw.decode("utf-8"))

    def request(self, op: str, on_event: Optional[Callable[[dict], None]] = None,
                on_interrupt: Optional[Callable[[], None]] = None, **fields: Any) -> dict:
        """Sends one request; hands every event before its reply to ``on_event``.

        A KeyboardInterrupt while waiting (Jupyter's interrupt is SIGINT to the kernel's
        process group) is passed on to zcsh, which stops the running command; the reply
        still comes, so the conversation stays in step.
        """
        rid = self.send(op, **fields)
        while True:
            try:
                msg = self.read()
            except KeyboardInterrupt:
                self.interrupt()
                if on_interrupt:
                    on_interrupt()
                continue
            if msg.get("id") != rid:
                continue
            if msg.get("event") == "reply":
                return msg
            if on_event:
                on_event(msg)

    def interrupt(self) -> None:
        if self.alive:
            os.kill(self.proc.pid, signal.SIGINT)

    def close(self) -> None:
        if not self.alive:
            return
        try:
            self.send("shutdown")
            self.proc.stdin.close()  # type: ignore[union-attr]
            self.proc.wait(timeout=3)
        except (ServerGone, OSError, subprocess.TimeoutExpired):
            self.proc.kill()
            self.proc.wait()


def find_binary() -> str:
    b = os.environ.get("ZCSH_BINARY") or shutil.which("zcsh")
    if not b:
        raise RuntimeError("找不到 zcsh：请用 `zcsh jupyter install` 安装内核（它写入 ZCSH_BINARY）")
    return b


class ZcshKernel(Kernel):
    implementation = "zcsh_kernel"
    implementation_version = __version__
    language = "zcsh"
    language_version = "0.1"
    language_info = {
        "name": "zcsh",
        "mimetype": "text/x-zcsh",
        "file_extension": ".zcs",
        "pygments_lexer": "text",
        "codemirror_mode": "text/plain",
    }
    banner = "zcsh — 职称评审数据 shell（衢州水利〔2024〕72号规则包）"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._server: Optional[ZcshServer] = None
        self._start()

    def _start(self) -> ZcshServer:
        self._server = ZcshServer(find_binary(), cwd=os.getcwd())
        info = self._server.request("info")
        self.banner = info.get("banner", self.banner)
        lang = info.get("language") or {}
        if lang.get("version"):
            self.language_info = dict(self.language_info, version=lang["version"])
        return self._server

    def _server_or_restart(self) -> tuple[ZcshServer, bool]:
        if self._server is not None and self._server.alive:
            return self._server, False
        return self._start(), True

    # -- execute -------------------------------------------------------------

    def do_execute(self, code: str, silent: bool, store_history: bool = True,
                   user_expressions: Optional[dict] = None, allow_stdin: bool = False,
                   *, cell_meta: Any = None, cell_id: Any = None) -> dict:
        if not code.strip():
            return self._ok()
        try:
            server, restarted = self._server_or_restart()
        except (ServerGone, RuntimeError, OSError) as e:
            return self._error("zcsh error", f"无法启动 zcsh：{e}", [f"无法启动 zcsh：{e}"], silent)
        if restarted and not silent:
            self._stream("stderr", "zcsh 已重新启动：之前载入的数据和设置已清空。\n")

        def on_event(msg: dict) -> None:
            if silent:
                return
            if msg.get("stderr"):
                self._stream("stderr", msg["stderr"])
            data = msg.get("data") or {}
            if data:
                self.send_response(self.iopub_socket, "display_data",
                                   {"data": data, "metadata": {}, "transient": {}})

        try:
            reply = server.request("execute", code=code, count=self.execution_count,
                                   on_event=on_event)
        except ServerGone as e:
            text = f"zcsh 进程已退出{('：' + str(e)) if str(e) else ''}"
            return self._error("zcsh error", text, [text], silent)
        if reply.get("quit"):
            server.close()
        if reply.get("status") == "ok":
            return self._ok()
        err = reply.get("error") or {}
        text = err.get("text") or err.get("message", "")
        ename = "KeyboardInterrupt" if err.get("interrupted") else "zcsh error"
        return self._error(ename, err.get("message", ""), text.rstrip("\n").split("\n"), silent)

    def _ok(self) -> dict:
        return {"status": "ok", "execution_count": self.execution_count,
                "payload": [], "user_expressions": {}}

    def _stream(self, name: str, text: str) -> None:
        self.send_response(self.iopub_socket, "stream", {"name": name, "text": text})

    def _error(self, ename: str, evalue: str, traceback: list, silent: bool) -> dict:
        content = {"ename": ename, "evalue": evalue, "traceback": traceback}
        if not silent:
            self.send_response(self.iopub_socket, "error", content)
        return dict(content, status="error", execution_count=self.execution_count)

    # -- complete / inspect --------------------------------------------------

    def do_complete(self, code: str, cursor_pos: Optional[int]) -> dict:
        cursor = len(code) if cursor_pos is None else cursor_pos
        try:
            server, _ = self._server_or_restart()
            r = server.request("complete", code=code, cursor=cursor)
        except (ServerGone, RuntimeError, OSError):
            r = {}
        return {"status": "ok", "matches": r.get("matches", []),
                "cursor_start": r.get("cursor_start", cursor), "cursor_end": r.get("cursor_end", cursor),
                "metadata": {}}

    def do_inspect(self, code: str, cursor_pos: int, detail_level: int = 0,
                   omit_sections: Any = ()) -> dict:
        try:
            server, _ = self._server_or_restart()
            r = server.request("inspect", code=code, cursor=cursor_pos, detail=detail_level)
        except (ServerGone, RuntimeError, OSError):
            r = {}
        return {"status": "ok", "found": bool(r.get("found")), "data": r.get("data", {}), "metadata": {}}

    def do_is_complete(self, code: str) -> dict:
        try:
            server, _ = self._server_or_restart()
            r = server.request("is_complete", code=code)
        except (ServerGone, RuntimeError, OSError):
            return {"status": "unknown"}
        out = {"status": r.get("status", "unknown")}
        if out["status"] == "incomplete":
            out["indent"] = r.get("indent", "")
        return out

    # -- shutdown ------------------------------------------------------------

    def do_shutdown(self, restart: bool) -> dict:
        if self._server is not None:
            self._server.close()
            self._server = None
        return {"status": "ok", "restart": restart}
