"""Headless Chromium for tests: open a local file at a given viewport width and measure it.

The browser is Debian's ``chromium`` package (or ``$SURVEYKIT_CHROMIUM``); nothing is
downloaded. It is driven through the DevTools protocol over a pipe
(``--remote-debugging-pipe``: JSON messages ending in a NUL byte, read from file descriptor
4 and written to 3 from the browser's side), so the standard library is enough: no websocket
client, no playwright. Each viewport is emulated with ``Emulation.setDeviceMetricsOverride``
(a phone width as a mobile device, so the page's ``<meta name="viewport">`` counts), which
also gets below the minimum window width of headless Chromium.

Example:
    >>> with Browser() as browser:                                           # doctest: +SKIP
    ...     browser.evaluate(Path("reports/index.html"), 390, LAYOUT)["scroll_width"]
    390
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest

__all__ = ["DESKTOP", "LAYOUT", "PHONE", "Browser", "Tab", "assert_fits", "chromium", "measure"]

PHONE = 390      # iPhone 12-15 CSS width
DESKTOP = 1280

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-extensions", "--mute-audio",
         "--hide-scrollbars", "--remote-debugging-pipe"]

# What the layout tests look at. An element "overflows" when it reaches past the right edge
# of the viewport without sitting inside a box that scrolls or clips it horizontally.
LAYOUT = r"""
(() => {
  const doc = document.documentElement, vw = doc.clientWidth;
  const clipped = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === "auto" || o === "scroll" || o === "hidden") return true;
    }
    return false;
  };
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    (el.className && typeof el.className === "string" ? "." + el.className.split(" ").join(".") : "") +
    " " + JSON.stringify((el.textContent || el.getAttribute("alt") || "").trim().slice(0, 40));
  const overflowing = [];
  for (const el of document.body.querySelectorAll("*")) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && (r.right > vw + 0.5 || r.left < -0.5) && !clipped(el)) overflowing.push(describe(el));
  }
  const boxes = [...document.querySelectorAll("table")].map((t) => {
    const box = t.parentElement, style = getComputedStyle(box);
    return {caption: t.caption ? t.caption.textContent.slice(0, 60) : "", overflow_x: style.overflowX,
            box_width: box.getBoundingClientRect().width, table_width: t.getBoundingClientRect().width,
            scrolls: box.scrollWidth > box.clientWidth};
  });
  const images = [...document.images].map((i) => ({alt: i.alt, width: i.getBoundingClientRect().width,
            natural_width: i.naturalWidth, complete: i.complete}));
  return {viewport_width: vw, inner_width: window.innerWidth, scroll_width: doc.scrollWidth,
          body_scroll_width: document.body.scrollWidth, lang: doc.lang, overflowing, tables: boxes, images,
          font_size: parseFloat(getComputedStyle(document.body).fontSize)};
})()
"""


def chromium() -> str:
    """The Chromium executable. Missing: in CI (``CI`` set, where .ci/run installs it) the test
    fails; on a developer's machine with only Python it is skipped, saying how to install it."""
    for name in (os.environ.get("SURVEYKIT_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        found = name and shutil.which(name)
        if found:
            return found
    how = ("headless Chromium is needed for the page layout tests and was not found: install Debian's "
           "package (`apt-get install -y chromium`, as .ci/run does) or point SURVEYKIT_CHROMIUM at a "
           "Chrome/Chromium executable")
    if os.environ.get("CI", "").lower() not in ("", "0", "false", "no"):
        pytest.fail(how, pytrace=False)
    pytest.skip(how)


def _high(fd: int) -> int:
    """The same pipe end on a descriptor of 10 or more (the original is closed)."""
    high = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return high


class Browser:
    """One headless Chromium process, driven over the DevTools pipe; a context manager."""

    def __init__(self, executable: str | None = None, timeout: float = 60.0, env: dict[str, str] | None = None):
        self.executable = executable or chromium()
        self.timeout = timeout
        self.env = env or {}   # more of the browser's environment (FONTCONFIG_FILE: another default font)
        self._next = 0
        self._buffer = b""
        self._events: list[dict] = []

    def __enter__(self) -> Browser:
        self._profile = tempfile.TemporaryDirectory(prefix="surveykit-chromium-")
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()
        # the child's ends above 9, so that putting them on 3 and 4 cannot overwrite one another
        to_browser_r, from_browser_w = (_high(to_browser_r), _high(from_browser_w))
        # the browser reads commands on its fd 3 and writes replies on its fd 4
        self._log = open(Path(self._profile.name) / "stderr.log", "wb")

        def onto_3_and_4() -> None:  # in the child, before exec; dup2's copies stay open across it
            os.dup2(to_browser_r, 3)
            os.dup2(from_browser_w, 4)

        # HOME and the XDG folders in the temporary profile: Chromium's crash reports, dconf cache
        # and downloads stay out of the user's home (a download test filled ~/Downloads)
        home = Path(self._profile.name)
        env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
               "XDG_CACHE_HOME": str(home / ".cache"), "XDG_DOWNLOAD_DIR": str(home / "downloads"), **self.env}
        self._proc = subprocess.Popen(
            [self.executable, *FLAGS, f"--user-data-dir={self._profile.name}", "about:blank"],
            close_fds=False, preexec_fn=onto_3_and_4,  # every other descriptor of ours closes on exec
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=self._log, env=env)
        os.close(to_browser_r)
        os.close(from_browser_w)
        self.downloads = home / "downloads"
        self.downloads.mkdir()
        self.send("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(self.downloads)})
        return self

    def __exit__(self, *exc) -> None:
        try:
            if self._proc.poll() is None:
                with contextlib.suppress(OSError, RuntimeError, TimeoutError):
                    self.send("Browser.close")
                try:
                    self._proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self._proc.kill()
                    self._proc.wait()
        finally:
            for fd in (self._to_browser, self._from_browser):
                os.close(fd)
            self._log.close()
            self._profile.cleanup()

    # --- the protocol ------------------------------------------------------------------------

    def _read_message(self, deadline: float) -> dict:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no answer from Chromium within {self.timeout} s")
            ready, _, _ = select.select([self._from_browser], [], [], left)
            if ready:
                chunk = os.read(self._from_browser, 1 << 20)
                if not chunk:
                    raise RuntimeError(f"Chromium closed the pipe (exit code {self._proc.poll()}); "
                                       f"its log: {self._stderr()}")
                self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        return json.loads(message)

    def _stderr(self) -> str:
        self._log.flush()
        return (Path(self._profile.name) / "stderr.log").read_text(errors="replace", encoding="utf-8")[-2000:]

    def send(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        """Send one command and wait for its result (events meanwhile are kept for :meth:`wait_for`)."""
        self._next += 1
        message: dict[str, Any] = {"id": self._next, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + self.timeout
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self._next:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self._events.append(reply)

    def wait_for(self, event: str, session: str) -> dict:
        """The next event of this name in this session (also one that came in earlier)."""
        deadline = time.monotonic() + self.timeout
        while True:
            for i, message in enumerate(self._events):
                if message.get("method") == event and message.get("sessionId") == session:
                    return self._events.pop(i)
            self._events.append(self._read_message(deadline))

    # --- what tests use ------------------------------------------------------------------------

    @contextlib.contextmanager
    def tab(self, path: Path, width: int, height: int = 900, fragment: str = ""):
        """A tab with ``path`` (and ``fragment``, e.g. ``"#q=help"``) loaded at ``width`` × ``height``,
        kept open for several steps (:class:`Tab`); every network request it makes is recorded
        from before the load."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        try:
            self.send("Emulation.setDeviceMetricsOverride", {"width": width, "height": height,
                                                             "deviceScaleFactor": 1, "mobile": width < 600}, session)
            self.send("Page.enable", session=session)
            self.send("Network.enable", session=session)
            self.send("Runtime.enable", session=session)   # console calls and uncaught exceptions: Tab.errors
            self.send("Log.enable", session=session)       # what the browser itself reports (a CSP violation)
            self.send("Page.navigate", {"url": Path(path).resolve().as_uri() + fragment}, session)
            self.wait_for("Page.loadEventFired", session)
            yield Tab(self, session)
        finally:
            self.send("Target.closeTarget", {"targetId": target})

    def evaluate(self, path: Path, width: int, expression: str = LAYOUT, height: int = 900) -> Any:
        """Load ``path`` in a fresh tab at ``width`` × ``height`` CSS pixels, wait for the load
        event, and return the value of the JavaScript ``expression`` (JSON-able)."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        try:
            self.send("Emulation.setDeviceMetricsOverride", {"width": width, "height": height,
                                                             "deviceScaleFactor": 1, "mobile": width < 600},
                      session)
            self.send("Page.enable", session=session)
            self.send("Page.navigate", {"url": Path(path).resolve().as_uri()}, session)
            self.wait_for("Page.loadEventFired", session)
            result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                    "awaitPromise": True}, session)
            if "exceptionDetails" in result:
                raise RuntimeError(f"the script failed: {result['exceptionDetails']}")
            return result["result"].get("value")
        finally:
            self.send("Target.closeTarget", {"targetId": target})


class Tab:
    """One open tab of a :class:`Browser`: evaluate scripts, press keys, take screenshots."""

    def __init__(self, browser: Browser, session: str):
        self.browser, self.session = browser, session

    def eval(self, expression: str) -> Any:
        """The JSON-able value of ``expression`` (promises awaited)."""
        result = self.browser.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                        "awaitPromise": True}, self.session)
        if "exceptionDetails" in result:
            raise RuntimeError(f"the script failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def key(self, key: str, code: str | None = None, key_code: int = 0, text: str = "") -> None:
        """Press and release one key in the focused element (e.g. ``"Tab"``, ``"ArrowDown"``)."""
        common = {"key": key, "code": code or key, "windowsVirtualKeyCode": key_code,
                  "nativeVirtualKeyCode": key_code}
        self.browser.send("Input.dispatchKeyEvent", {"type": "keyDown", **common, **({"text": text} if text else {})},
                          self.session)
        self.browser.send("Input.dispatchKeyEvent", {"type": "keyUp", **common}, self.session)

    def screenshot(self, path: Path, full_page: bool = True) -> Path:
        """A PNG of the page (the whole page with ``full_page``) written to ``path``."""
        import base64

        params: dict[str, Any] = {"format": "png"}
        if full_page:
            params["captureBeyondViewport"] = True
            size = self.eval("[document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
            params["clip"] = {"x": 0, "y": 0, "width": size[0], "height": size[1], "scale": 1}
        data = self.browser.send("Page.captureScreenshot", params, self.session)["data"]
        Path(path).write_bytes(base64.b64decode(data))
        return Path(path)

    def errors(self) -> list[str]:
        """Every error this tab reported so far: uncaught exceptions, ``console.error`` calls and
        the browser's own error entries (a resource refused by the Content Security Policy)."""
        self.browser.send("Runtime.evaluate", {"expression": "1"}, self.session)   # events so far are read in
        out = []
        for m in self.browser._events:
            if m.get("sessionId") != self.session:
                continue
            params = m.get("params", {})
            if m.get("method") == "Runtime.exceptionThrown":
                details = params["exceptionDetails"]
                out.append("exception: " + str(details.get("exception", {}).get("description") or details.get("text")))
            elif m.get("method") == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                out.append("console: " + " ".join(str(a.get("value", a.get("description", ""))) for a in params["args"]))
            elif m.get("method") == "Log.entryAdded" and params["entry"].get("level") == "error":
                out.append("log: " + params["entry"].get("text", ""))
        return out

    def requests(self) -> list[str]:
        """The URLs this tab asked for so far (the page itself included)."""
        urls = [m["params"]["request"]["url"] for m in self.browser._events
                if m.get("sessionId") == self.session and m.get("method") == "Network.requestWillBeSent"]
        return urls


def measure(path: Path, widths: tuple[int, ...] = (PHONE, DESKTOP), expression: str = LAYOUT,
            env: dict[str, str] | None = None) -> dict[int, Any]:
    """``expression`` (default :data:`LAYOUT`) evaluated on ``path`` at each width: {width: value}
    (``env``: more of the browser's environment)."""
    with Browser(env=env) as browser:
        return {w: browser.evaluate(path, w, expression) for w in widths}


def assert_fits(result: dict, width: int) -> None:
    """Assert that a :data:`LAYOUT` measurement at ``width`` shows no sideways overflow: the
    page is no wider than the viewport, no element reaches past its edge outside a scroll box,
    images are loaded and scaled into the column, and every table scrolls in its own box."""
    assert result["viewport_width"] == width and result["inner_width"] == width, result
    assert result["scroll_width"] <= width, (width, result["scroll_width"], result["overflowing"])
    assert result["overflowing"] == [], (width, result["overflowing"])
    for image in result["images"]:
        assert image["complete"] and 0 < image["width"] <= width, image
    for box in result["tables"]:
        assert box["overflow_x"] == "auto" and box["box_width"] <= width, box
