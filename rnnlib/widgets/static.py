"""The static face of a stepper: a self-contained HTML fragment for the built book (no kernel).

Every frame is a PNG data URI; a few lines of inline JavaScript swap the
``src`` of one ``<img>``. No CDN, no external URL. The buttons are real
``<button>`` elements with the same text as the live face's and aria-labels
"Previous step", "Next step", "Play"/"Pause"; the slider an
``<input type="range">``; the caption an ``aria-live`` region; the arrow keys
step while the stepper has focus.
"""

import base64
import json
import uuid
from html import escape

from .raster import png_size, png_text

#: PNG tEXt keyword of a frame's smallest text, in the frame's pixels (rnnlib.plots.MIN_TEXT_KEY).
MIN_TEXT_KEY = "rnnlib:min-text-px"


def to_html(s):
    """The static face of stepper ``s`` (str); each call gets a fresh element id."""
    pngs = s.frames_png()
    uris = ["data:image/png;base64," + base64.b64encode(p).decode("ascii") for p in pngs]
    steps = list(s.steps)
    caps = [s.caption(t) for t in steps]
    alts = [s.alt(t) for t in steps]
    uid = "rnnlib-stepper-" + uuid.uuid4().hex[:12]
    data = {"id": uid, "frames": [""] + uris[1:], "caps": caps, "alts": alts, "interval": s.interval_ms}
    a = escape  # attribute and text escaping
    width, height = png_size(pngs[0])
    # Every caption, stacked in one grid cell and hidden: the caption box is as tall as the
    # tallest at any width, so the page does not jump when a caption wraps.
    sizers = "".join(f'<span aria-hidden="true">{a(c)}</span>' for c in dict.fromkeys(caps))
    return _HTML.format(
        id=uid, css=_CSS, n=len(steps), last=len(steps) - 1,
        group=a(f"Stepper over {s.label} = {steps[0]} to {steps[-1]}"),
        range_label=a(f"Time step {s.label}"), cap0=a(caps[0]), sizers=sizers,
        src0=uris[0], alt0=a(alts[0]), width=width, height=height, text=_min_text_attr(pngs),
        data=_js_literal(data), js=_JS)


def _min_text_attr(pngs):
    """`` data-min-text-px="…"``: the smallest text over the frames, from their PNG tEXt (or "")."""
    sizes = []
    for png in pngs:
        value = png_text(png, MIN_TEXT_KEY)
        if value is None:
            return ""
        sizes.append(float(value))
    return f' data-min-text-px="{min(sizes):.2f}"' if sizes else ""


def _js_literal(obj):
    """JSON that is safe inside a <script> element (no '</script>' etc.)."""
    return (json.dumps(obj).replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("&", "\\u0026"))


_CSS = """
.rnnlib-stepper{display:inline-block;max-width:100%;box-sizing:border-box;
 padding:.5em;margin:.25em 0;border:1px solid rgba(127,127,127,.45);
 border-radius:6px;color:inherit;background:transparent}
.rnnlib-stepper .rnnlib-stepper-controls{display:flex;flex-wrap:wrap;
 align-items:center;gap:.4em;margin-bottom:.3em}
.rnnlib-stepper button{min-height:32px;min-width:32px;padding:0 .75em;
 font:inherit;line-height:1.2;color:inherit;cursor:pointer;border-radius:4px;
 background:rgba(127,127,127,.14);border:1px solid rgba(127,127,127,.7);
 white-space:nowrap}
.rnnlib-stepper [data-act=play]{display:inline-flex;flex-direction:column;align-items:center;
 justify-content:center}
.rnnlib-stepper [data-act=play]::before{content:"\\25B6  Play" / "";height:0;overflow:hidden;visibility:hidden}
.rnnlib-stepper [data-act=play]::after{content:"\\275A\\275A  Pause" / "";height:0;overflow:hidden;
 visibility:hidden}
.rnnlib-stepper button:hover{background:rgba(127,127,127,.3)}
.rnnlib-stepper input[type=range]{flex:1 1 8em;min-width:6em;min-height:32px;
 margin:0}
.rnnlib-stepper:focus-visible,.rnnlib-stepper button:focus-visible,
.rnnlib-stepper input:focus-visible{outline:3px solid #3b82f6;outline-offset:2px}
.rnnlib-stepper .rnnlib-stepper-captions{display:grid;margin:.2em 0 .4em;font-size:.92em;
 font-variant-numeric:tabular-nums}
.rnnlib-stepper .rnnlib-stepper-captions>*{grid-area:1/1}
.rnnlib-stepper .rnnlib-stepper-captions>[aria-hidden]{visibility:hidden}
.rnnlib-stepper .rnnlib-stepper-frame{max-width:100%}
.rnnlib-stepper img{display:block;max-width:100%;height:auto;margin:0}
"""

_HTML = """<div class="rnnlib-stepper" id="{id}" tabindex="0" role="group" \
aria-label="{group}">
<style>{css}</style>
<div class="rnnlib-stepper-controls">
<button type="button" data-act="prev" aria-label="Previous step">&#8249; Previous</button>
<button type="button" data-act="play" aria-label="Play">&#9654; Play</button>
<button type="button" data-act="next" aria-label="Next step">Next &#8250;</button>
<input type="range" min="0" max="{last}" step="1" value="0" \
aria-label="{range_label}" aria-valuetext="{cap0}">
</div>
<div class="rnnlib-stepper-captions">{sizers}\
<div class="rnnlib-stepper-caption" aria-live="polite">{cap0}</div></div>
<div class="rnnlib-stepper-frame"><img src="{src0}" alt="{alt0}" width="{width}" height="{height}"{text}></div>
<script>{js}({data});</script>
</div>"""

# One function per fragment; it waits for its container (a classic notebook
# runs the script before the output is attached to the document).
_JS = """(function (d) {
  var tries = 0;
  function init() {
    var root = document.getElementById(d.id);
    if (!root) { if (++tries < 200) { setTimeout(init, 25); } return; }
    if (root.getAttribute("data-ready")) { return; }
    root.setAttribute("data-ready", "1");
    function q(s) { return root.querySelector(s); }
    var img = q("img"), range = q("input[type=range]"),
        cap = q(".rnnlib-stepper-caption"), play = q("[data-act=play]");
    var frames = d.frames, n = frames.length, i = 0, timer = null;
    frames[0] = img.getAttribute("src");
    function show(k) {
      i = Math.max(0, Math.min(n - 1, k));
      img.src = frames[i]; img.alt = d.alts[i];
      range.value = String(i);
      range.setAttribute("aria-valuetext", d.caps[i]);
      cap.textContent = d.caps[i];
    }
    function setPlay(on) {   // the button keeps its width (see the CSS)
      play.setAttribute("aria-label", on ? "Pause" : "Play");
      play.textContent = on ? "\\u275A\\u275A Pause" : "\\u25B6 Play";
    }
    function stop() { if (timer) { clearInterval(timer); timer = null; } setPlay(false); }
    function start() {
      if (i >= n - 1) { show(0); }
      setPlay(true);
      timer = setInterval(function () { show(i + 1); if (i >= n - 1) { stop(); } },
                          d.interval);
    }
    q("[data-act=prev]").addEventListener("click", function () { stop(); show(i - 1); });
    q("[data-act=next]").addEventListener("click", function () { stop(); show(i + 1); });
    play.addEventListener("click", function () { if (timer) { stop(); } else { start(); } });
    range.addEventListener("input", function () { stop(); show(parseInt(range.value, 10)); });
    root.addEventListener("keydown", function (e) {
      if (e.altKey || e.ctrlKey || e.metaKey || e.target === range) { return; }
      var k = {ArrowLeft: i - 1, ArrowRight: i + 1, Home: 0, End: n - 1}[e.key];
      if (k === undefined) { return; }
      e.preventDefault(); e.stopPropagation(); stop(); show(k);
    });
  }
  init();
})"""
