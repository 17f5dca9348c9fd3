"""The sandbox's player page: where the QR code and the shared link lead in sandbox mode.

It plays the stream: the sandbox cuts the SRT input into HLS (``live.m3u8`` next to the
page), the browser plays it natively where it can (Safari, Chromium, phones) and through
hls.js, served by the sandbox itself, where it cannot. A small inline script polls
``live.json`` (the live state and the freshness of the live edge): it shows "Offline"
before the stream starts and after it ends, and attaches the player again by itself when
the stream comes back. Self-contained: no external fonts, scripts or images.

``document.body.dataset.state`` (``offline``, ``connecting``, ``playing``) and
``dataset.engine`` (``native``, ``hls.js``) say what the page does, for tests and for
anyone reading the page's source; ``?engine=hls.js`` or ``?engine=native`` forces one.
"""

from __future__ import annotations

import html
import json
from typing import Any, Final

#: Sent with the page: its own inline style and script, hls.js from this server, media
#: from this server (hls.js feeds the video element through a blob: URL).
CONTENT_SECURITY_POLICY: Final = (
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'self' 'unsafe-inline'; "
    "connect-src 'self'; media-src 'self' blob:; worker-src 'self' blob:; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)

POLL_MILLISECONDS: Final = 2000
#: Where the page finds hls.js on the same server.
HLS_JS_PATH: Final = "/player/hls.light.min.js"

_STYLE: Final = """
:root { color-scheme: dark; --bg: #0f1420; --card: #171e2e; --text: #e8ecf4;
  --muted: #93a0b8; --live: #e5484d; --idle: #5b6b86; --accent: #4f8cff; }
* { box-sizing: border-box; }
body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: var(--bg);
  color: var(--text); font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { width: min(680px, calc(100vw - 24px)); background: var(--card); border-radius: 16px;
  padding: 20px; box-shadow: 0 12px 40px rgba(0, 0, 0, .35); }
.screen { position: relative; aspect-ratio: 16 / 9; border-radius: 12px; overflow: hidden;
  background: repeating-linear-gradient(135deg, #1c2436 0 14px, #1a2132 14px 28px);
  margin-bottom: 18px; }
video { position: absolute; inset: 0; width: 100%; height: 100%; background: #000;
  display: none; }
body[data-state="playing"] video, body[data-state="connecting"] video { display: block; }
.overlay { position: absolute; inset: 0; display: grid; place-items: center; text-align: center;
  padding: 16px; }
body[data-state="playing"] .overlay { inset: 10px 10px auto auto; display: block; padding: 0; }
body[data-state="playing"] .hint { display: none; }
.badge { display: inline-flex; align-items: center; gap: 8px; padding: 6px 14px;
  border-radius: 999px; font-weight: 700; letter-spacing: .06em; text-transform: uppercase;
  font-size: 14px; background: var(--idle); color: #fff; }
.badge::before { content: ""; width: 10px; height: 10px; border-radius: 50%;
  background: currentColor; opacity: .85; }
.badge.running { background: var(--live); }
h1 { font-size: 22px; margin: 0 0 4px; }
.id { color: var(--muted); font: 13px/1.4 ui-monospace, SFMono-Regular, Menlo, monospace;
  word-break: break-all; margin: 0 0 12px; }
p.note { color: var(--muted); margin: 10px 0 0; font-size: 14px; }
.hint { margin-top: 10px; color: var(--muted); font-size: 14px; }
footer { margin-top: 16px; font-size: 12px; color: var(--muted); }
"""

_SCRIPT: Final = """
(function () {
  var main = document.querySelector("main");
  var video = document.getElementById("video");
  var badge = document.getElementById("state");
  var hint = document.getElementById("hint");
  var delay = document.getElementById("delay");
  var base = main.getAttribute("data-base");
  var hlsUrl = main.getAttribute("data-hls-js");
  var src = base + "live.m3u8";
  var hls = null, attached = false, loading = null;
  var forced = new URLSearchParams(location.search).get("engine");
  var native = forced ? forced === "native"
                      : !!video.canPlayType("application/vnd.apple.mpegurl");
  function setState(state, label, text) {
    document.body.dataset.state = state;
    badge.textContent = label;
    badge.className = state === "offline" ? "badge" : "badge running";
    hint.textContent = text;
  }
  function loadHlsJs() {
    if (!loading) {
      loading = new Promise(function (ok, fail) {
        var s = document.createElement("script");
        s.src = hlsUrl; s.onload = ok; s.onerror = fail;
        document.head.appendChild(s);
      });
    }
    return loading;
  }
  function attach() {
    attached = true;
    setState("connecting", "Live", "Connecting to the stream…");
    if (native) {
      document.body.dataset.engine = "native";
      video.src = src;
      video.play().catch(function () {});
      return;
    }
    loadHlsJs().then(function () {
      if (!attached || !window.Hls || !window.Hls.isSupported()) { return; }
      document.body.dataset.engine = "hls.js";
      hls = new window.Hls({ enableWorker: false, liveSyncDurationCount: 2 });
      hls.on(window.Hls.Events.ERROR, function (e, data) { if (data.fatal) { detach(); } });
      hls.loadSource(src);
      hls.attachMedia(video);
      video.play().catch(function () {});
    }, function () { setState("offline", "Offline", "This browser cannot play the stream."); });
  }
  function detach() {
    attached = false;
    if (hls) { hls.destroy(); hls = null; }
    video.removeAttribute("src");
    video.load();
  }
  video.addEventListener("playing", function () {
    if (attached) { setState("playing", "Live", ""); }
  });
  video.addEventListener("error", function () { if (attached) { detach(); } });
  video.addEventListener("ended", function () { if (attached) { detach(); } });
  function show(d) {
    var running = String(d.status).toLowerCase() === "running";
    if (running && d.playable) {
      delay.textContent = d.delay_s == null ? "" : "The live edge is " +
        Math.round(d.delay_s) + " s old.";
      if (!attached) { attach(); }
      return;
    }
    delay.textContent = "";
    if (attached) { detach(); }
    setState("offline", "Offline", running ? "Signal received; the first seconds are on their way."
      : "The stream has not started, or it has ended. This page picks it up by itself.");
  }
  function poll() {
    fetch(base + "live.json", { cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : { status: "Deleted" }; })
      .then(show)
      .catch(function () { show({ status: "Sandbox offline" }); })
      .then(function () { setTimeout(poll, POLL_MS); });
  }
  poll();
})();
""".replace("POLL_MS", str(POLL_MILLISECONDS))


def render_player_page(*, stream_id: str, player_key: str, status: str) -> str:
    """The whole HTML page for one stream (every value escaped); it starts offline.

    ``status`` is the state when the page is made; the script shows the live one at once.
    """
    base = f"/play/{player_key}/"
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sandbox stream {html.escape(stream_id[:8])} · {html.escape(status)}</title>
<style>{_STYLE}</style>
</head>
<body data-state="offline">
<main data-base="{html.escape(base, quote=True)}" data-hls-js="{HLS_JS_PATH}">
  <div class="screen">
    <video id="video" muted autoplay playsinline controls></video>
    <div class="overlay">
      <div>
        <span id="state" class="badge">Offline</span>
        <div id="hint" class="hint">Looking for the stream…</div>
      </div>
    </div>
  </div>
  <h1>Sandbox stream</h1>
  <p class="id">{html.escape(stream_id)}</p>
  <p class="note" id="delay"></p>
  <p class="note">Played by the local sandbox, which stands in for Comprimato's
  playback.</p>
  <footer>Comprimato Companion · local sandbox</footer>
</main>
<script>{_SCRIPT}</script>
</body>
</html>
"""


def render_missing_page() -> str:
    """The page for an unknown or deleted player key (an old QR code, a typo)."""
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>No such stream · Sandbox</title>
<style>{_STYLE}</style>
</head>
<body>
<main>
  <h1>No such stream</h1>
  <p class="note">This sandbox has no stream with this player link. It may have been
  deleted, or the sandbox was restarted (sandbox streams live only while it runs).</p>
</main>
</body>
</html>
"""


def status_document(status: str) -> bytes:
    """The body of ``status.json``: the live state only, nothing secret."""
    return json.dumps({"status": status}).encode()


def live_document(status: str, freshness: dict[str, Any]) -> bytes:
    """The body of ``live.json``: the live state and how fresh the live edge is."""
    return json.dumps({"status": status, **freshness}).encode()
