"""The sandbox's player page: where the QR code and the shared link lead in sandbox mode.

The sandbox receives SRT but has no transcoder, so the page does not pretend to play
video: it shows the stream, its live state (refreshed by a tiny inline script polling
``/play/{player_key}/status.json``) and says honestly what Comprimato would show instead.
Self-contained: no external fonts, scripts or images, so it works offline.
"""

from __future__ import annotations

import html
import json
from typing import Final

#: Sent with the page: only its own inline style and script, and fetches to itself.
CONTENT_SECURITY_POLICY: Final = (
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
    "connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'"
)

POLL_MILLISECONDS: Final = 2000

_STYLE: Final = """
:root { color-scheme: dark; --bg: #0f1420; --card: #171e2e; --text: #e8ecf4;
  --muted: #93a0b8; --live: #e5484d; --idle: #5b6b86; --accent: #4f8cff; }
* { box-sizing: border-box; }
body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: var(--bg);
  color: var(--text); font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { width: min(680px, calc(100vw - 32px)); background: var(--card); border-radius: 16px;
  padding: 28px; box-shadow: 0 12px 40px rgba(0, 0, 0, .35); }
.screen { aspect-ratio: 16 / 9; border-radius: 12px; display: grid; place-items: center;
  background: repeating-linear-gradient(135deg, #1c2436 0 14px, #1a2132 14px 28px);
  margin-bottom: 22px; text-align: center; padding: 16px; }
.badge { display: inline-flex; align-items: center; gap: 8px; padding: 6px 14px;
  border-radius: 999px; font-weight: 700; letter-spacing: .06em; text-transform: uppercase;
  font-size: 14px; background: var(--idle); color: #fff; }
.badge::before { content: ""; width: 10px; height: 10px; border-radius: 50%;
  background: currentColor; opacity: .85; }
.badge.running { background: var(--live); animation: pulse 1.6s ease-in-out infinite; }
@keyframes pulse { 50% { box-shadow: 0 0 0 8px rgba(229, 72, 77, .18); } }
h1 { font-size: 22px; margin: 0 0 4px; }
.id { color: var(--muted); font: 13px/1.4 ui-monospace, SFMono-Regular, Menlo, monospace;
  word-break: break-all; margin: 0 0 16px; }
p.note { color: var(--muted); margin: 12px 0 0; font-size: 14px; }
.hint { margin-top: 10px; color: var(--muted); font-size: 14px; }
footer { margin-top: 20px; font-size: 12px; color: var(--muted); }
"""

_SCRIPT: Final = """
(function () {
  var main = document.querySelector("main");
  var badge = document.getElementById("state");
  var hint = document.getElementById("hint");
  var url = main.getAttribute("data-status-url");
  function show(status) {
    var running = String(status).toLowerCase() === "running";
    badge.textContent = status;
    badge.className = running ? "badge running" : "badge";
    hint.textContent = running ? "Signal received: the stream is live."
                               : "Waiting for a signal from the encoder.";
  }
  function poll() {
    fetch(url, { cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : { status: "Deleted" }; })
      .then(function (d) { show(d.status); })
      .catch(function () { show("Sandbox offline"); })
      .then(function () { setTimeout(poll, POLL_MS); });
  }
  setTimeout(poll, POLL_MS);
})();
""".replace("POLL_MS", str(POLL_MILLISECONDS))


def render_player_page(*, stream_id: str, player_key: str, status: str) -> str:
    """The whole HTML page for one stream (every value escaped)."""
    running = status.strip().lower() == "running"
    status_url = f"/play/{player_key}/status.json"
    hint = "Signal received: the stream is live." if running else (
        "Waiting for a signal from the encoder."
    )
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(status)} · Sandbox stream {html.escape(stream_id[:8])}</title>
<style>{_STYLE}</style>
</head>
<body>
<main data-status-url="{html.escape(status_url, quote=True)}">
  <div class="screen">
    <div>
      <span id="state" class="badge{' running' if running else ''}">{html.escape(status)}</span>
      <div id="hint" class="hint">{html.escape(hint)}</div>
    </div>
  </div>
  <h1>Sandbox stream</h1>
  <p class="id">{html.escape(stream_id)}</p>
  <p class="note">The sandbox receives your stream but does not transcode it; on Comprimato
  this link plays it.</p>
  <footer>Comprimato Companion · local sandbox · the state refreshes by itself</footer>
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
