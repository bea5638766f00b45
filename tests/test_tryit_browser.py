"""The "Try it" panels in the built book: the page's answers are rnnlib's, for many awkward inputs.

Each panel's page is opened offline in headless Chromium (conftest.py's ``chromium``, shared with
test_browser.py, and its ``Watcher``).
The weights are read back from the page itself (``rnnlib.export.from_blob``), so rnnlib computes
with the very numbers the page computes with. One ``page.evaluate`` per panel types every input
(sets the field and fires its ``input`` event, as a keystroke does) and collects what the panel
computed and showed; the test compares, input by input, with ``rnnlib.widgets.tryit_core``:
tokens, skipped words, messages, labels and decoded digits exactly; states h(t), probabilities ŷ(t), greedy
probabilities, every beam score and (chapter 8) the attention weights α(t, j) of each greedy step to 1e-6;
the answer line and the tables' text exactly.
The largest differences go to ``test-artifacts/tryit-agreement.txt``.

Then the keyboard: the field is reached and typed into with real key presses, Enter answers,
and the step control steps with its buttons and the arrow keys.
"""

import json
import re
from html import unescape
from pathlib import Path

import numpy as np
import pytest
from test_browser import ARTIFACTS, Watcher, built_page, finish_load

from rnnlib import data
from rnnlib.export import from_blob
from rnnlib.widgets.tryit_core import answer, render

pytestmark = pytest.mark.browser

PANELS = {"book/01_parameter_sharing": "words", "book/03_rnn_patterns": "symbols", "book/06_seq2seq": "number",
          "book/08_attention": "number"}
TOL = 1e-6
HEADLINE = "We went to Peru in 2005 and to Nepal in 2009."
REPORT = ARTIFACTS / "tryit-agreement.txt"
# The parameter is "chapter", not "docname": conftest.py groups the tests with a "docname" by page
# (test_browser.py's pages), which would set up and tear down this module's pages once per group.


def _shout(rng, words):
    """Some words capitalised or upper-cased, punctuation sprinkled: how readers write."""
    out = []
    for w in words:
        r = rng.random()
        out.append(w.upper() if r < 0.1 else w.capitalize() if r < 0.35 else w)
    text = " ".join(out)
    return text + rng.choice(["", ".", "!", "?", " ...", ";"])


def sentence_inputs(spec):
    rng = np.random.default_rng(0)
    fixed = [HEADLINE, "I went to Nepal in 2009", "In 2009, I went to Nepal", "2009, I went to Nepal!",
             "We went to Peru in 2004!", "Back in 2009, we flew to Kenya with friends again.", "", "   ", "!?!",
             "and", "Nepal", "2003", "in 2003 and 2007", "We went to Peru in 2005, and to Nepal in 2009?",
             "WE WENT TO PERU IN 2005", "we went to new-zealand in 2001", "she’s going to Chile in 2002",
             "They (my parents) flew to Japan in 2008 -- again", "Café in 2004", "☃ in 2004", "in 1999",
             "nepal " * spec["max_tokens"], "nepal " * (spec["max_tokens"] + 1), "x" * (spec["max_chars"] + 1),
             "in,2003,,nepal", "\tIn 2006\n we\u00a0went to Egypt", "İstanbul in 2005", "ΣΑΣ in 2005"]
    s = data.year_sentences(15, seed=11, lengths=range(5, 22))
    t = data.two_trip_sentences(10, seed=12, fillers=True)
    generated = [_shout(rng, s.tokens[i]) for i in range(len(s))] + [_shout(rng, t.tokens[i]) for i in range(len(t))]
    return fixed + generated


def symbol_inputs(spec):
    rng = np.random.default_rng(1)
    fixed = ["", " , ", "A", "ab", "ABCDDCBA", "a b, c d", "abcx", "E", "AAAAAAAA", "dcbadcbadcba",
             "A" * spec["max_tokens"], "B" * (spec["max_tokens"] + 1), "abc\u00e9", "1234", "A-B-C"]
    generated = []
    for n in rng.integers(1, spec["max_tokens"] + 1, 40):
        letters = rng.choice(list("ABCDabcd"), n)
        generated.append(rng.choice(["", " ", ","]).join(letters))
    return fixed + generated


def number_inputs(spec):
    rng = np.random.default_rng(2)
    fixed = ["forty five thousand and seven", "Forty-five thousand, and seven.", "zero", "ninety nine thousand "
             "nine hundred and ninety nine", "", "hundred", "and and and", "fourty five", "45", "one " * 8,
             "one " * 9, "seventy seven thousand seven hundred and seventy seven", "Twelve!", "THREE HUNDRED",
             "thousand thousand", "one two three four five six seven eight", "twenty-one", "eleven o'clock"]
    values = rng.integers(0, 100_000, 40)
    generated = [_shout(rng, data.number_words(int(v))).replace("ty ", "ty-", 1) if i % 3 == 0
                 else _shout(rng, data.number_words(int(v))) for i, v in enumerate(values)]
    return fixed + generated


def attention_inputs(spec):
    """Chapter 8: the number inputs, and numbers whose zeros and repeated words make the decoder look around."""
    rng = np.random.default_rng(3)
    fixed = ["seven thousand and one", "Seven thousand, and one!", "one hundred", "one hundred and one",
             "a hundred and one", "Ninety-Nine Thousand Nine-Hundred and Ninety-Nine", "sixty thousand and six",
             "twenty twenty", "ten thousand", "eleven thousand and eleven", "and", " \t ", "zero zero",
             "forty five thousand and seven", "nine"]
    generated = [_shout(rng, data.number_words(int(v))) for v in rng.integers(0, 100_000, 12)]
    return fixed + generated + number_inputs(spec)


INPUTS = {"words": sentence_inputs, "symbols": symbol_inputs, "number": number_inputs,
          "book/08_attention": attention_inputs}

# Type every input into the panel (one round trip): set the field, fire "input" (what a keystroke
# fires), read back what the panel computed and what it shows.
_TYPE_ALL = """([root, texts]) => texts.map(text => {
    const input = root.querySelector('input[type=text]');
    input.value = text;
    input.dispatchEvent(new Event('input', {bubbles: true}));
    return {result: root.rnnbookResult, ms: root.rnnbookMs,
            line: root.querySelector('.rnnlib-tryit-answer').textContent,
            detail: root.querySelector('.rnnlib-tryit-detail').textContent,
            steps_hidden: root.querySelector('.rnnlib-tryit-steps').hidden};
})"""


def text_of(html):
    return unescape(re.sub(r"<[^>]+>", "", html))


def compare(kind, spec, models, text, got):
    """Differences between the page's result and rnnlib's: (problems, largest numeric difference)."""
    want = answer(spec, models, text)
    res, problems, worst = got["result"], [], 0.0
    for key in ("tokens", "unknown", "read", "message", "ok"):
        if res[key] != want[key]:
            problems.append(f"{key}: page {res[key]!r}, rnnlib {want[key]!r}")
    if problems or not want["ok"]:
        return problems, worst
    if kind == "number":
        for part, keys in (("greedy", ("ids", "digits", "end")), ("beam", ("digits",))):
            problems += [f"{part}.{k}: page {res[part][k]!r}, rnnlib {want[part][k]!r}"
                         for k in keys if res[part][k] != want[part][k]]
        if problems:                                                     # other tokens: numbers not comparable
            return problems, worst
        worst = max(worst, float(np.abs(np.subtract(res["greedy"]["p"], want["greedy"]["p"])).max()),
                    abs(res["greedy"]["score"] - want["greedy"]["score"]),
                    abs(res["beam"]["score"] - want["beam"]["score"]))
        if ("alpha" in res["greedy"]) != ("alpha" in want["greedy"]):
            problems.append(f"attention weights: page {'alpha' in res['greedy']}, rnnlib {'alpha' in want['greedy']}")
        elif "alpha" in want["greedy"]:                                  # α(t, j): a row per emitted token
            a, b = np.array(res["greedy"]["alpha"]), np.array(want["greedy"]["alpha"])
            if a.shape != b.shape:
                problems.append(f"attention weights: page shape {a.shape}, rnnlib {b.shape}")
            else:
                worst = max(worst, float(np.abs(a - b).max()))
        if len(res["beam"]["steps"]) != len(want["beam"]["steps"]):
            problems.append(f"beam ran {len(res['beam']['steps'])} steps, rnnlib {len(want['beam']['steps'])}")
        for lvl, (a, b) in enumerate(zip(res["beam"]["steps"], want["beam"]["steps"])):
            for k, (c, d) in enumerate(zip(a, b)):
                if (c["digits"], c["end"], c["score"] is None) != (d["digits"], d["end"], d["score"] is None):
                    problems.append(f"beam step {lvl + 1} hypothesis {k + 1}: page {c}, rnnlib {d}")
                elif c["score"] is not None:
                    worst = max(worst, abs(c["score"] - d["score"]))
    else:
        for a, b in zip(res["models"], want["models"]):
            if a["answer"] != b["answer"]:
                problems.append(f"{b['name']}: page answers {a['answer']}, rnnlib {b['answer']}")
            worst = max(worst, float(np.abs(np.subtract(a["p"], b["p"])).max()),
                        float(np.abs(np.subtract(a["h"], b["h"])).max()))
    line, detail = render(spec, want)
    if got["line"] != line:
        problems.append(f"answer line: page {got['line']!r}, rnnlib {line!r}")
    if got["detail"] != text_of(detail):
        problems.append(f"detail: page {got['detail'][:200]!r}, rnnlib {text_of(detail)[:200]!r}")
    if worst > TOL:
        problems.append(f"numbers differ by {worst:.2e} > {TOL}")
    return problems, worst


def _selected(request):
    """The chapters of PANELS this session's selected tests of this module use (all of them, run whole)."""
    here = Path(__file__).resolve()
    params = [i.callspec.params.get("chapter") for i in request.session.items
              if Path(str(i.path)).resolve() == here and hasattr(i, "callspec")]
    return [c for c in PANELS if c in params]


@pytest.fixture(scope="module")
def panel_pages(chromium, built_book, request):
    """The panels' pages, loading side by side (one browser context each), each waited for when first used."""
    opened, loaded = {}, set()
    for docname in _selected(request):
        opened[docname] = w = Watcher(chromium)
        w.page.goto(built_page(built_book, docname).as_uri(), wait_until="commit")

    def get(docname):
        if docname not in loaded:
            finish_load(opened[docname])
            loaded.add(docname)
        return opened[docname]

    yield get
    for w in opened.values():
        w.close()


def _panel(w, kind):
    root = w.page.locator(f'.rnnlib-tryit[data-kind="{kind}"]')
    assert root.count() == 1, f"wanted one {kind} panel, found {root.count()}"
    root.first.wait_for(state="attached")
    w.page.wait_for_function("r => r.getAttribute('data-ready') === '1'", arg=root.first.element_handle())
    return root.first


@pytest.mark.parametrize("chapter", list(PANELS))
def test_panel_agrees_with_rnnlib(chapter, panel_pages):
    kind, w = PANELS[chapter], panel_pages(chapter)
    root = _panel(w, kind)
    spec = json.loads(root.locator("script.rnnlib-tryit-data").text_content())
    models = [from_blob(m["blob"]) for m in spec["models"]]
    texts = INPUTS.get(chapter, INPUTS[kind])(spec)
    assert len(texts) >= 50
    got = w.page.evaluate(_TYPE_ALL, [root.element_handle(), texts])
    problems, worst = [], 0.0
    for text, g in zip(texts, got):
        p, d = compare(kind, spec, models, text, g)
        worst = max(worst, d)
        problems += [f"{text[:60]!r}: {x}" for x in p]
    n_ok = sum(g["result"]["ok"] for g in got)
    ARTIFACTS.mkdir(exist_ok=True)
    with REPORT.open("a") as f:
        f.write(f"{chapter} ({kind}): {len(texts)} inputs, {n_ok} answered, largest |page - rnnlib| = {worst:.3e}, "
                f"slowest answer {max(g['ms'] for g in got):.1f} ms\n")
    assert not problems, f"{len(problems)} disagreement(s):\n" + "\n".join(problems[:20])
    assert not w.problems(), w.problems()


@pytest.mark.parametrize("chapter", list(PANELS))
def test_panel_works_from_the_keyboard(chapter, panel_pages):
    kind, w = PANELS[chapter], panel_pages(chapter)
    root, page = _panel(w, kind), w.page
    field = root.locator("input[type=text]")
    label = root.locator(f'label[for="{field.get_attribute("id")}"]')
    assert label.count() == 1 and label.text_content().strip(), "the field has no label"
    assert root.locator("[aria-live]").count() == 1
    example = {"words": "In 2009, I went to Nepal", "symbols": "abca", "number": "twelve"}[kind]
    field.fill("")
    field.focus()
    page.keyboard.type(example)
    line = root.locator(".rnnlib-tryit-answer")
    spec = json.loads(root.locator("script.rnnlib-tryit-data").text_content())
    want = render(spec, answer(spec, [from_blob(m["blob"]) for m in spec["models"]], example))[0]
    assert line.text_content() == want
    page.keyboard.press("Enter")
    assert line.text_content() == want
    if kind == "number":
        return
    steps = root.locator(".rnnlib-tryit-steps")
    assert steps.is_visible()
    n = len(root.evaluate("r => r.rnnbookResult.read"))
    steps.locator('button[aria-label="Previous step"]').click()
    assert line.text_content().startswith(f"After {spec['unit']} {n - 1} of {n}")
    steps.locator('button[aria-label="Previous step"]').focus()
    page.keyboard.press("Home")
    assert line.text_content().startswith(f"After {spec['unit']} 1 of {n}")
    page.keyboard.press("ArrowRight")
    assert line.text_content().startswith(f"After {spec['unit']} 2 of {n}")
    steps.locator('button[aria-label="Next step"]').click()
    assert line.text_content().startswith(f"After {spec['unit']} 3 of {n}")
    assert not w.problems(), w.problems()
