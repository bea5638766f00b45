""""Try it" panels: the book's trained networks answer the reader's own input, with or without a kernel.

One object, two faces, like the time stepper (:mod:`rnnlib.widgets.core`):

* **static face** (the built HTML book, no kernel): a labelled ``<input>``, an
  "Answer" button, a step control and the answer in an ``aria-live`` region;
  the trained network is in the page as JSON (:mod:`rnnlib.export`, float64
  exactly) and ``book/_ext/static/rnnbook-tryit.js`` (loaded once per page by
  the book's extension) tokenises, runs the network and renders the result on
  every keystroke. The panel is pre-rendered for its example, so a page read
  without JavaScript still shows one answer.
* **live face** (a running kernel): ipywidgets (a ``Text``, an "Answer"
  button, Previous / Next and a slider over the steps, two ``HTML`` outputs)
  that compute in Python with rnnlib and show the same answer and table
  (:func:`rnnlib.widgets.tryit_core.render`, which the JavaScript mirrors).

Panels:

>>> p = sentence_panel({"RNN": rnn})                     # doctest: +SKIP  (chapter 1)
>>> p = symbols_panel({"hidden": h}, ("A", "B"), "–")    # doctest: +SKIP  (chapter 3)
>>> p = number_panel(seq2seq, width=4)                   # doctest: +SKIP  (chapter 6)
>>> p = number_panel(attention_model, width=4)           # doctest: +SKIP  (chapter 8: and where it looks)
>>> p.answer("We went to Peru in 2005 and to Nepal in 2009.")   # doctest: +SKIP
"""

import uuid
from html import escape

from .. import _checks
from .. import data as _data
from ..attention import AttentionSeq2Seq
from ..export import attention_blob, rnn_blob, seq2seq_blob, to_json
from ..rnn import RNN
from ..seq2seq import Seq2Seq
from . import kernel
from .tryit_core import MAX_CHARS, answer, n_steps, render

__all__ = ["TryIt", "sentence_panel", "symbols_panel", "number_panel", "MAX_MODELS"]

#: The most models one panel compares.
MAX_MODELS = 3


def _models(models, n_in, n_out, name="models"):
    if not isinstance(models, dict) or not 1 <= len(models) <= MAX_MODELS:
        raise _checks.ArgumentTypeError(f"{name}: got {_checks._got(models)}, wanted a dict of 1 to {MAX_MODELS} "
                                        "{name: trained rnnlib.RNN}")
    for key, m in models.items():
        _checks.text(key, f"{name} key")
        _checks.instance(m, f"{name}[{key!r}]", RNN, "a trained rnnlib.RNN")
        if (m.n_in, m.n_out) != (n_in, n_out):
            raise ValueError(f"{name}[{key!r}]: got (n_in, n_out) = {(m.n_in, m.n_out)}, wanted {(n_in, n_out)}")
    return models


def sentence_panel(models, *, example="We went to Peru in 2005 and to Nepal in 2009.", max_words=60):
    """Chapter 1: a sentence -> the year each RNN reads off after every word (softmax(c + V h(t))).

    models : dict {name: RNN}, n_in = len(rnnlib.data.vocabulary()), n_out = 10 (the years)
    Unknown words are skipped (the panel says which); at most ``max_words`` words.
    """
    vocab = list(_data.vocabulary())
    models = _models(models, len(vocab), len(_data.YEARS))
    max_words = _checks.integer(max_words, "max_words", 1, 500)
    spec = {"kind": "words", "vocab": vocab, "unknown": "skip", "max_tokens": max_words, "max_chars": MAX_CHARS,
            "unit": "word", "what": "a sentence", "label_name": "year", "example": _checks.text(example, "example"),
            "known_example": ["“i”, “we”, “went”, “to”, “in”, places such as “nepal” and “peru”",
                              "the comma and the years 2000 to 2009"],
            "input_label": "Your sentence (words of the chapter's sentences, a year 2000-2009)",
            "models": [{"name": k, "blob": rnn_blob(m, list(_data.YEARS))} for k, m in models.items()]}
    return TryIt(spec, list(models.values()))


def symbols_panel(models, symbols, blank, *, example="ABCDDCBA", max_symbols=40, feedback=None):
    """Chapter 3: a sequence of symbols -> what each RNN answers at every step (the symbol of two steps ago).

    models : dict {name: RNN}, n_in = len(symbols), n_out = len(symbols) + 1 (the last class is ``blank``);
    an output-recurrent model runs free, feeding back ``feedback[name]`` ("softmax" by default).
    """
    _checks.instance(symbols, "symbols", (list, tuple), "a list of one-letter symbols such as ('A', 'B')")
    if not symbols or not all(isinstance(s, str) and len(s) == 1 and s == s.upper() for s in symbols):
        raise ValueError(f"symbols: got {symbols!r}, wanted upper-case one-character symbols")
    _checks.text(blank, "blank")
    models = _models(models, len(symbols), len(symbols) + 1)
    feedback = feedback or {}
    max_symbols = _checks.integer(max_symbols, "max_symbols", 1, 500)
    labels = list(symbols) + [blank]
    entries = [{"name": k, "blob": rnn_blob(m, labels, feedback=feedback.get(k) if m.pattern == "output" else None)}
               for k, m in models.items()]
    spec = {"kind": "symbols", "vocab": list(symbols), "unknown": "refuse", "max_tokens": max_symbols,
            "max_chars": MAX_CHARS, "unit": "symbol", "what": "a sequence of symbols",
            "label_name": "answer", "example": _checks.text(example, "example"),
            "known_example": [", ".join(f"“{s}”" for s in symbols) + " (spaces and commas are ignored)"],
            "input_label": f"Your sequence of the symbols {', '.join(symbols)}",
            "models": entries}
    return TryIt(spec, list(models.values()))


def number_panel(model, *, width=4, example="forty five thousand and seven", max_words=8):
    """Chapter 6: a number in words -> its digits, greedy and by a beam of ``width`` (its hypotheses shown).

    model : Seq2Seq with the number task's vocabularies (rnnlib.data.NUMBER_SOURCE_VOCAB, NUMBER_TARGET_VOCAB),
        or (chapter 8) an AttentionSeq2Seq: the panel then also shows, for each greedy output step t,
        the attention weights α(t, j) over the reader's words (a heat-map table).
    Words are lower-cased, hyphens split words ("forty-five"), commas and other punctuation are dropped;
    an unknown word gets a message and no answer; at most ``max_words`` words (numbers up to 99,999 have 8).
    """
    from ..translate import MAX_LEN, check_model
    _checks.instance(model, "model", Seq2Seq, "a trained rnnlib.Seq2Seq on the number task")
    check_model(model)
    width = _checks.integer(width, "width", 1, 16)
    max_words = _checks.integer(max_words, "max_words", 1, 50)
    vocab, targets = list(_data.NUMBER_SOURCE_VOCAB), list(_data.NUMBER_TARGET_VOCAB)
    words = vocab[3:]
    specials = ["\u0000pad", "\u0000start", "\u0000end"]     # ids 0-2: never a word a reader types
    spec = {"kind": "number", "vocab": specials + words, "unknown": "refuse", "max_tokens": max_words,
            "max_chars": MAX_CHARS, "unit": "word", "what": "a number in words", "label_name": "digit",
            "example": _checks.text(example, "example"), "width": width,
            "known_example": ["the words of numbers, “zero” to “nineteen”, “twenty” to “ninety”, “hundred”, "
                              "“thousand” and “and”"],
            "input_label": "A number from 0 to 99,999 in words",
            "models": [{"name": "attention", "blob": attention_blob(model, targets, MAX_LEN)}
                       if isinstance(model, AttentionSeq2Seq) else
                       {"name": "encoder-decoder", "blob": seq2seq_blob(model, targets, MAX_LEN)}]}
    return TryIt(spec, [model])


class TryIt:
    """A "Try it" panel: a spec (what it reads, the exported models) and the rnnlib models it mirrors.

    ``answer(text)`` is the Python result (the reference the page's JavaScript must match);
    ``render(text, step)`` the answer line and the detail HTML both faces show.
    """

    def __init__(self, spec, models):
        self.spec, self.models = spec, models
        self._widget = None

    def answer(self, text):
        """The result dict for ``text`` (see :mod:`rnnlib.widgets.tryit_core`)."""
        return answer(self.spec, self.models, text)

    def render(self, text, step=None):
        """``(answer line, detail HTML)`` for ``text`` at ``step`` (default the last)."""
        return render(self.spec, self.answer(text), step)

    # -- the static face ---------------------------------------------------
    def to_html(self):
        """The static face (str): the panel, its data as JSON, pre-rendered for the example."""
        uid = "rnnlib-tryit-" + uuid.uuid4().hex[:12]
        spec = self.spec
        result = self.answer(spec["example"])
        line, detail = render(spec, result)
        n = n_steps(result)
        a = escape
        hidden = "" if n > 1 else " hidden"
        return _HTML.format(
            id=uid, kind=a(spec["kind"]), data=to_json(spec), label=a(spec["input_label"]), value=a(spec["example"]),
            n=n, last=max(n, 1), unit=a(spec["unit"]), hidden=hidden, answer=a(line), detail=detail,
            tokens=a(f"{spec['unit']}s"))

    # -- the live face -----------------------------------------------------
    def widget(self):
        """The live face: an ipywidgets box computing in Python (built once)."""
        if self._widget is None:
            self._widget = _live(self)
        return self._widget

    def _repr_mimebundle_(self, include=None, exclude=None):
        """The static face (``text/html``) and a ``text/plain`` line."""
        return {"text/html": self.to_html(), "text/plain": repr(self)}

    def _outputs(self):
        """What displaying the panel shows: the static face, or in a live kernel the widget and,
        after it, a fallback for the notebook saved and reopened without its kernel (as a stepper does)."""
        if kernel.face() != "live":
            return [self._repr_mimebundle_()]
        box = self.widget()
        uid = uuid.uuid4().hex[:12]
        box.add_class(f"rnnlib-live-{uid}")
        line = ("Try it panel: to use it, run all the cells above, then run this cell "
                "(or Kernel → Restart Kernel and Run All Cells).")
        bundle = dict(box._repr_mimebundle_() or {})
        bundle["text/plain"] = line
        html = _FALLBACK.format(uid=uid, line=escape(line), panel=self.to_html())
        return [bundle, {"text/html": html, "text/plain": line}]

    def _ipython_display_(self):
        from IPython.display import display
        for bundle in self._outputs():
            display(bundle, raw=True)

    def __repr__(self):
        names = ", ".join(m["name"] for m in self.spec["models"])
        return f"<TryIt {self.spec['kind']} panel: {names}>"


def _live(panel):
    """ipywidgets: the same answer line and detail as the static face, computed in Python."""
    import ipywidgets as w
    spec = panel.spec
    text = w.Text(value=spec["example"], description="", continuous_update=True,
                  layout=w.Layout(flex="1 1 16em"))
    label = w.Label(spec["input_label"])
    go = w.Button(description="Answer", tooltip="Answer")
    prev = w.Button(description="‹ Previous", tooltip="Previous step", layout=w.Layout(width="auto"))
    nxt = w.Button(description="Next ›", tooltip="Next step", layout=w.Layout(width="auto"))
    slider = w.IntSlider(value=1, min=1, max=1, readout=False, layout=w.Layout(flex="1 1 8em"))
    line, detail = w.HTML(), w.HTML()
    steps = w.HBox([prev, nxt, slider])
    state = {"result": None}

    def show(step=None):
        text_line, html = render(spec, state["result"], step)
        line.value, detail.value = escape(text_line), html

    def compute(_=None):
        state["result"] = result = panel.answer(text.value)
        n = n_steps(result)
        steps.layout.display = "flex" if n > 1 else "none"
        slider.max, slider.value = max(n, 1), max(n, 1)
        show(slider.value if n else None)

    slider.observe(lambda c: show(c["new"]) if state["result"] and n_steps(state["result"]) else None, "value")
    prev.on_click(lambda _: setattr(slider, "value", max(slider.min, slider.value - 1)))
    nxt.on_click(lambda _: setattr(slider, "value", min(slider.max, slider.value + 1)))
    go.on_click(compute)
    text.observe(compute, "value")
    compute()
    box = w.VBox([label, w.HBox([text, go]), steps, line, detail])
    box.add_class("rnnlib-tryit-live")
    return box


_HTML = """<div class="rnnlib-tryit" id="{id}" data-kind="{kind}">
<script type="application/json" class="rnnlib-tryit-data">{data}</script>
<form class="rnnlib-tryit-form" onsubmit="return false">
<label for="{id}-input">{label}</label>
<span class="rnnlib-tryit-row"><input id="{id}-input" type="text" value="{value}" autocomplete="off" \
spellcheck="false" autocapitalize="off">
<button type="submit">Answer</button></span>
</form>
<div class="rnnlib-tryit-steps" role="group" aria-label="Step through the {tokens}"{hidden}>
<button type="button" data-act="prev" aria-label="Previous step">&#8249; Previous</button>
<button type="button" data-act="next" aria-label="Next step">Next &#8250;</button>
<input type="range" min="1" max="{last}" step="1" value="{last}" aria-label="Step: after {unit} t">
</div>
<p class="rnnlib-tryit-answer" aria-live="polite">{answer}</p>
<div class="rnnlib-tryit-detail">{detail}</div>
</div>"""

# A saved live panel: this HTML follows the widget's output and hides itself beside a working
# widget; in JupyterLab / Notebook 7 it hides the widget's output when that shows only an error
# (the same CSS as a stepper's fallback, rnnlib.widgets.live).
_FALLBACK = """<div class="rnnlib-tryit-fallback rnnlib-fallback-{uid}">
<style>
:has(.rnnlib-live-{uid}) ~ :has(.rnnlib-fallback-{uid}) .rnnlib-fallback-{uid}{{display:none}}
.jp-OutputArea-child:has(> .jp-OutputArea-output.jupyter-widgets):has(
 + .jp-OutputArea-child .rnnlib-fallback-{uid}){{display:none}}
</style>
<p>{line}</p>
{panel}
</div>"""
