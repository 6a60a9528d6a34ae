"""Manual check of the kernel in a real JupyterLab (not part of scripts/test): drives a
headless Chromium through its DevTools protocol — runs every cell, types a Tab and a
Shift-Tab in a new cell — and saves screenshots.

  jupyter lab --no-browser --port 8899 --IdentityProvider.token=T --expose-app-in-browser &
  chromium --headless --no-sandbox --disable-gpu --remote-debugging-port=9222 \
           --window-size=1400,1000 'http://127.0.0.1:8899/lab/tree/notebooks/tour.ipynb?token=T' &
  python jupyter/tests/lab_screenshot.py --out /tmp/shots      (needs websocket-client)
"""

from __future__ import annotations

import argparse
import base64
import json
import time
import urllib.request

import websocket


class Page:
    def __init__(self, port: int) -> None:
        targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json"))
        page = next(t for t in targets if t["type"] == "page")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60)
        self.n = 0

    def call(self, method: str, **params):
        self.n += 1
        self.ws.send(json.dumps({"id": self.n, "method": method, "params": params}))
        while True:
            m = json.loads(self.ws.recv())
            if m.get("id") == self.n:
                if "error" in m:
                    raise RuntimeError(m["error"])
                return m.get("result", {})

    def js(self, expr: str):
        r = self.call("Runtime.evaluate", expression=expr, awaitPromise=True, returnByValue=True)
        return r.get("result", {}).get("value")

    def wait(self, expr: str, timeout: float = 60) -> None:
        end = time.time() + timeout
        while time.time() < end:
            if self.js(expr):
                return
            time.sleep(0.5)
        raise TimeoutError(expr)

    def key(self, key: str, code: str, keycode: int, modifiers: int = 0) -> None:
        for t in ("rawKeyDown", "keyUp"):
            self.call("Input.dispatchKeyEvent", type=t, key=key, code=code,
                      windowsVirtualKeyCode=keycode, nativeVirtualKeyCode=keycode, modifiers=modifiers)

    def shot(self, path: str) -> None:
        data = self.call("Page.captureScreenshot", format="png")["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))
        print("saved", path)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=9222)
    ap.add_argument("--out", default="/tmp/shots")
    a = ap.parse_args()
    p = Page(a.port)
    p.call("Page.enable")
    p.wait("!!(window.jupyterapp && document.querySelector('.jp-Notebook .jp-Cell'))", 120)
    # The kernel is up when the toolbar's status says idle.
    p.wait("!!document.querySelector('.jp-Notebook') && "
           "jupyterapp.shell.currentWidget && jupyterapp.shell.currentWidget.sessionContext.session && "
           "jupyterapp.shell.currentWidget.sessionContext.session.kernel.status === 'idle'", 120)
    # Dismiss JupyterLab's "news" question so it does not cover the outputs.
    p.js("[...document.querySelectorAll('button')].filter(b => b.textContent.trim() === 'No').forEach(b => b.click())")
    print("kernel:", p.js("jupyterapp.shell.currentWidget.sessionContext.kernelDisplayName"))
    p.js("jupyterapp.commands.execute('notebook:run-all-cells')")
    p.wait("(() => { const c = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')];"
           " return c.length > 0 && c.every(e => /\\[\\d+\\]/.test(e.textContent)); })()", 120)
    time.sleep(1)
    p.js("jupyterapp.commands.execute('docmanager:save')")
    p.shot(f"{a.out}/lab-top.png")
    # The chart and the tables further down.
    p.js("document.querySelector('.jp-OutputArea-output svg').scrollIntoView({block: 'start'})")
    time.sleep(0.5)
    p.shot(f"{a.out}/lab-chart.png")
    p.js("[...document.querySelectorAll('.jp-OutputArea-output')].pop().scrollIntoView({block: 'end'})")
    time.sleep(0.5)
    p.shot(f"{a.out}/lab-end.png")
    # A new cell at the end: type, Tab for completion.
    p.js("jupyterapp.commands.execute('notebook:insert-cell-below')")
    time.sleep(0.5)
    p.js("jupyterapp.commands.execute('notebook:enter-edit-mode')")
    time.sleep(0.5)
    p.call("Input.insertText", text="filter de")
    time.sleep(0.3)
    p.key("Tab", "Tab", 9)
    p.wait("!!document.querySelector('.jp-Completer')", 20)
    time.sleep(0.7)
    print("completer:", p.js("[...document.querySelectorAll('.jp-Completer-item')].map(e => e.textContent.trim())"))
    p.shot(f"{a.out}/lab-tab.png")
    p.key("Escape", "Escape", 27)
    time.sleep(0.3)
    # Shift-Tab on a field name for its help.
    p.call("Input.insertText", text="gree")
    time.sleep(0.3)
    p.key("Tab", "Tab", 9, modifiers=8)
    p.wait("!!document.querySelector('.jp-Tooltip')", 20)
    time.sleep(0.7)
    print("tooltip:", p.js("document.querySelector('.jp-Tooltip').textContent.slice(0, 200)"))
    p.shot(f"{a.out}/lab-shift-tab.png")


if __name__ == "__main__":
    main()
