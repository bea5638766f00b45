"""The "Try it" panels as a reader types into them: keystroke to answer, in Chromium (prints, asserts nothing).

    python benchmarks/bench_tryit.py [HTML_DIR]

HTML_DIR is a built book (default ``_build/html``; e.g. ``/tmp/tryit/_build/html``, a build of
chapters 1, 3 and 6 only; a chapter not built is skipped). Each panel's page is opened offline in headless Chromium
(/usr/bin/chromium); the field is cleared and a sentence typed into it with real key presses
(Playwright's ``keyboard.type``, 15 ms apart, about a fast typist); every key press recomputes the
answer (tokens, the forward pass, and for chapters 6 and 8 greedy and beam decoding, chapter 8's with
attention over the words at every step and its heat-map table) and redraws the panel.

Figures, over the keystrokes after the first (median, 90th percentile, max), in ms:

* **compute**: ``answer`` and ``render`` in the panel's ``input`` handler (``performance.now()``);
* **key to shown**: from the key press (the ``keydown`` event's time stamp) to the first
  ``setTimeout`` after the next animation frame, i.e. after the answer was laid out and painted.

The weights are decoded from base64 once, when the page loads (the panel answers its example).
The budget is 50 ms from keystroke to answer (issue 22).
"""

import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PANELS = {"book/01_parameter_sharing": ("words", "We went to Peru in 2005 and to Nepal in 2009."),
          "book/03_rnn_patterns": ("symbols", "ABCDDCBAABCDDCBAABCDDCBAABCDDCBA"),
          "book/06_seq2seq": ("number", "ninety seven thousand three hundred and forty two"),
          "book/08_attention": ("number", "ninety seven thousand three hundred and forty two")}

_WATCH = """root => {
    window.__tryit = [];
    let t0 = null;
    root.addEventListener('keydown', e => { t0 = e.timeStamp; }, true);
    root.querySelector('input[type=text]').addEventListener('input', () => {
        const start = t0, ms = root.rnnbookMs;
        requestAnimationFrame(() => setTimeout(() => window.__tryit.push([ms, performance.now() - start]), 0));
    });
}"""


def main(html_dir):
    from playwright.sync_api import sync_playwright
    html_dir = Path(html_dir)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                    args=["--no-sandbox", "--disable-gpu"])
        for docname, (kind, text) in PANELS.items():
            path = html_dir / f"{docname}.html"
            if not path.is_file():
                print(f"{docname}: not built in {html_dir}")
                continue
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.route(lambda url: not url.startswith(("file:", "data:")), lambda route: route.abort())
            page.goto(path.as_uri())
            root = page.locator(f'.rnnlib-tryit[data-kind="{kind}"]').first
            page.wait_for_function("r => r.getAttribute('data-ready') === '1'", arg=root.element_handle())
            root.evaluate(_WATCH)
            field = root.locator("input[type=text]")
            field.fill("")
            field.focus()
            page.keyboard.type(text, delay=15)
            page.wait_for_function(f"() => window.__tryit.length >= {len(text)}")
            marks = page.evaluate("() => window.__tryit")[1:]
            compute = sorted(m[0] for m in marks)
            shown = sorted(m[1] for m in marks)

            def fig(v):
                return (f"median {statistics.median(v):5.1f}, p90 {v[int(0.9 * (len(v) - 1))]:5.1f}, "
                        f"max {v[-1]:5.1f}")

            print(f"{docname} ({kind}, {len(marks)} keystrokes of {text[:30]!r}...):")
            print(f"  compute       {fig(compute)} ms")
            print(f"  key to shown  {fig(shown)} ms   (budget 50 ms)")
            page.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ROOT / "_build" / "html")
