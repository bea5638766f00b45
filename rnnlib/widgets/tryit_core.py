"""What a "Try it" panel computes and shows, in Python: the reference the page's JavaScript must match.

``book/_ext/static/rnnbook-tryit.js`` does the same, line for line, in the
static book: :func:`tokens` as ``tokens``, :func:`answer` as ``answer``,
:func:`render` as ``render``. The browser tests type inputs into the page and
compare its results with these (probabilities and beam scores to 1e-6,
tokens, decoded digits, messages and the rendered HTML exactly).

A panel's *spec* (a dict, JSON in the page) says what it reads:

``kind``        "words" (a sentence, :func:`rnnlib.data.tokenize`), "symbols" (one letter a symbol)
                or "number" (a number in words, :func:`number_tokens`)
``vocab``       the input tokens, in the order of the model's inputs (ids)
``unknown``     "skip" (read the known tokens, say which were skipped) or "refuse" (no answer)
``max_tokens``  the longest input read; ``max_chars`` the longest text
``models``      [{"name", "blob"}] (kind words/symbols: rnnlib.export.rnn_blob), or for kind
                "number" one Seq2Seq blob and a beam ``width``
``unit``        what a token is called in messages ("word", "symbol")
``example``     the text shown first

The result of :func:`answer` (a dict, the same keys in JavaScript): ``tokens`` (every token of the
text), ``unknown`` (distinct tokens outside the vocabulary), ``read`` (what the network read),
``message`` ("" or why the answer is missing or partial), ``ok`` (there is an answer), and

- kinds words/symbols: ``models``: [{"name", "h": τ states h(t), "p": τ lists of n_out probabilities ŷ(t),
  "answer": τ labels}]
- kind number: ``greedy`` {"ids", "digits", "p" (ŷ of each emitted token, END included), "score"} and
  ``beam`` {"digits", "score", "steps": per step the kept hypotheses {"digits", "score", "end"}}
  (score None for a hypothesis that does not exist yet, −inf in rnnlib). With an attention model
  (blob kind "attention", chapter 8) ``greedy`` also has ``alpha``: per emitted token (END included)
  the weights α(t, j) over the words read, ``AttentionSeq2Seq.attention`` teacher-forced on the greedy
  output (the states of free-running decoding); the detail then shows them as a heat-map table.
"""

import math
from html import escape

import numpy as np

from .. import _checks
from ..data import tokenize
from ..functional import softmax
from ..seq2seq import END

__all__ = ["number_tokens", "symbol_tokens", "tokens", "answer", "render", "MAX_CHARS"]

#: The longest text a panel reads (characters).
MAX_CHARS = 1200


def number_tokens(text):
    """The words of a number written by a reader: :func:`rnnlib.data.tokenize` with hyphens as spaces, commas dropped.

    >>> number_tokens("Forty-five thousand, and seven.")
    ['forty', 'five', 'thousand', 'and', 'seven']
    """
    _checks.text(text, "text")
    return [w for w in tokenize(text.replace("-", " ")) if w != ","]


def symbol_tokens(text):
    """One token a character, upper case; spaces and commas separate nothing and are dropped: "a b,CD" -> A B C D."""
    _checks.text(text, "text")
    return [c for c in text.upper() if not (c.isspace() or c == ",")]


def tokens(spec, text):
    """The tokens of ``text`` by the panel's rules (see the module docstring)."""
    kind = spec["kind"]
    if kind == "words":
        return tokenize(text)
    if kind == "number":
        return number_tokens(text)
    return symbol_tokens(text)


def _quoted(words):
    return ", ".join(f"“{w}”" for w in words)


def answer(spec, models, text):
    """The panel's result for ``text`` (dict, see the module docstring); ``models`` are the rnnlib models of
    ``spec["models"]`` in order (RNNs), or ``[seq2seq]``."""
    _checks.text(text, "text")
    out = {"tokens": [], "unknown": [], "read": [], "message": "", "ok": False}
    unit = spec["unit"]
    if len(text) > spec["max_chars"]:
        out["message"] = f"Too long: {len(text)} characters; the panel reads at most {spec['max_chars']}."
        return out
    toks = tokens(spec, text)
    out["tokens"] = toks
    if not toks:
        out["message"] = f"Type {spec['what']} first, for example “{spec['example']}”."
        return out
    if len(toks) > spec["max_tokens"]:
        out["message"] = f"Too long: {len(toks)} {unit}s; the network reads at most {spec['max_tokens']}."
        return out
    known = set(spec["vocab"])
    unknown = list(dict.fromkeys(w for w in toks if w not in known))
    out["unknown"] = unknown
    if unknown and (spec["unknown"] == "refuse" or len(unknown) == len(set(toks))):
        some = ", ".join(spec["known_example"])
        out["message"] = (f"Not in the network's vocabulary: {_quoted(unknown)}. It knows {some}, "
                          f"and nothing else.")
        return out
    if unknown:
        out["message"] = f"Not in the network's vocabulary, skipped: {_quoted(unknown)}."
    read = [w for w in toks if w in known]
    out["read"] = read
    ids = np.array([spec["vocab"].index(w) for w in read])
    if spec["kind"] == "number":
        out.update(_decode(spec, models[0], ids))
    else:
        out["models"] = [_read(m, e, ids) for m, e in zip(models, spec["models"])]
    out["ok"] = True
    return out


def _read(model, entry, ids):
    """ŷ(t) after every token, and the label it names: what rnnlib's forward pass gives."""
    blob = entry["blob"]
    x = np.eye(model.n_in)[ids]                                      # (τ, n_in)
    trace = model.forward(x, feedback=blob["feedback"]) if model.pattern == "output" else model.forward(x)
    p = softmax(trace.o)                                             # (τ, n_out)
    return {"name": entry["name"], "h": trace.h.tolist(), "p": p.tolist(),
            "answer": [blob["labels"][int(k)] for k in p.argmax(-1)]}


def _score(x):
    return None if not math.isfinite(x) else float(x)


def _decode(spec, model, ids):
    """Greedy and beam decoding by rnnlib (``Seq2Seq.greedy``, ``Seq2Seq.beam``), with what the panel shows."""
    blob = spec["models"][0]["blob"]
    labels, max_len, width = blob["labels"], blob["max_len"], spec["width"]
    greedy = model.greedy(ids, max_len)
    ended = len(greedy) < max_len
    tgt = np.array(greedy + [END])
    y_hat = model.forward(ids, tgt).y_hat                            # teacher-forced on its own output
    n = len(greedy) + (1 if ended else 0)
    p = [float(y_hat[t, tgt[t]]) for t in range(n)]
    g_score = float(np.sum(np.log(p)))
    beam, b_score, search = model.beam(ids, width, max_len, return_search=True)
    steps = []
    for lvl in range(search.tokens.shape[0]):
        row = []
        for k in range(width):
            path = search.path(0, k, step=lvl + 1)
            row.append({"digits": "".join(labels[i] for i in path if i != END),
                        "score": _score(search.scores[lvl, 0, k]), "end": bool(search.finished[lvl, 0, k])})
        steps.append(row)
    text = lambda seq: "".join(labels[i] for i in seq)  # noqa: E731
    out = {"greedy": {"ids": greedy, "digits": text(greedy), "p": p, "score": g_score, "end": ended},
           "beam": {"digits": text(beam), "score": _score(b_score), "steps": steps}}
    if blob["kind"] == "attention":                                  # α(t, j), (n_y, n_x): rows emitted tokens
        out["greedy"]["alpha"] = model.attention(ids, tgt)[:n].tolist()
    return out


# ----------------------------------------------------------------------------- what the panel shows

def _num(x, digits=3):
    """A number as the panel prints it (a real minus sign)."""
    return f"{x:.{digits}f}".replace("-", "−")


def n_steps(result):
    """How many steps the step control has (0: no step control)."""
    return len(result["read"]) if result["ok"] and "models" in result else 0


def render(spec, result, step=None):
    """``(answer, detail)``: the one-line answer (text, for the aria-live region) and the detail (HTML).

    For kinds words/symbols ``step`` is t = 1 .. τ (default τ): the detail shows ŷ(t) after token t.
    """
    if not result["ok"]:
        return result["message"] or "No answer.", ""
    if "models" in result:
        return _render_steps(spec, result, step)
    return _render_number(spec, result)


def _render_steps(spec, result, step):
    read, unit = result["read"], spec["unit"]
    tau = len(read)
    t = tau if step is None else min(max(int(step), 1), tau)
    names = [m["name"] for m in result["models"]]
    said = "; ".join(f"{m['name']}: {m['answer'][t - 1]}" for m in result["models"])
    head = f"After {unit} {t} of {tau} (“{escape(read[t - 1])}”)"
    answer_text = f"After {unit} {t} of {tau} (“{read[t - 1]}”): {said}."
    if result["message"]:
        answer_text += " " + result["message"]
    words = " ".join(
        f'<mark>{escape(w)}</mark>' if i == t - 1 else (f'<span class="rnnlib-tryit-later">{escape(w)}</span>'
                                                        if i >= t else escape(w))
        for i, w in enumerate(read))
    labels = spec["models"][0]["blob"]["labels"]
    rows = []
    for k, label in enumerate(labels):
        cells = []
        for m in result["models"]:
            p = m["p"][t - 1][k]
            best = m["answer"][t - 1] == label
            cls = ' class="rnnlib-tryit-best"' if best else ""
            cells.append(f'<td{cls}>'
                         f'<span class="rnnlib-tryit-bar" style="width:{p * 4:.2f}em"></span>{_num(p)}</td>')
        rows.append(f'<tr><th scope="row">{escape(label)}</th>{"".join(cells)}</tr>')
    cols = "".join(f'<th scope="col">{escape(n)}</th>' for n in names)
    detail = (f'<p class="rnnlib-tryit-words">{words}</p>'
              f'<table class="rnnlib-tryit-table"><caption>{head}: ŷ({t}), the probability of each '
              f'{escape(spec["label_name"])}</caption><thead><tr><th scope="col">{escape(spec["label_name"])}</th>'
              f'{cols}</tr></thead><tbody>{"".join(rows)}</tbody></table>')
    return answer_text, detail


def _cand(c):
    if c["score"] is None:
        return "<td>–</td>"
    mark = " end" if c["end"] else ""
    return f'<td>{escape(c["digits"]) or "(none)"}{mark} <small>{_num(c["score"])}</small></td>'


def _render_number(spec, result):
    g, b = result["greedy"], result["beam"]
    width = spec["width"]
    cut = "" if g["end"] else " (cut off: no end token)"
    b_score = "" if b["score"] is None else f" (log p = {_num(b['score'])})"
    answer_text = (f"Greedy: {g['digits'] or '(nothing)'}{cut} (log p = {_num(g['score'])}); "
                   f"beam of width {width}: {b['digits'] or '(nothing)'}{b_score}.")
    emitted = [escape(spec["models"][0]["blob"]["labels"][i]) for i in g["ids"]] + (["end"] if g["end"] else [])
    probs = " ".join(f"{w} <small>({_num(p)})</small>" for w, p in zip(emitted, g["p"]))
    head = "".join(f'<th scope="col">{k + 1}</th>' for k in range(width))
    rows = "".join(f'<tr><th scope="row">{lvl + 1}</th>{"".join(_cand(c) for c in row)}</tr>'
                   for lvl, row in enumerate(b["steps"]))
    heat = _heat(result["read"], emitted, g["alpha"]) if "alpha" in g else ""
    detail = (f'<p class="rnnlib-tryit-words">{" ".join(escape(w) for w in result["read"])}</p>'
              f'<p>Greedy, each token with its probability ŷ(t): {probs}</p>{heat}'
              f'<table class="rnnlib-tryit-table"><caption>The beam after each step: its {width} hypotheses, '
              f'best first, with their scores log p</caption><thead><tr><th scope="col">step</th>{head}</tr>'
              f'</thead><tbody>{rows}</tbody></table>')
    return answer_text, detail


_BEST = ' class="rnnlib-tryit-best"'


def _heat(read, emitted, alpha):
    """The attention weights as a table: a row per emitted token t, a column per word j, cells α(t, j)
    shaded (the most-attended word of each row in bold)."""
    head = "".join(f'<th scope="col">{escape(w)}</th>' for w in read)
    rows = []
    for t, (tok, row) in enumerate(zip(emitted, alpha)):
        best = max(range(len(row)), key=lambda j: (row[j], -j))
        cells = "".join(f'<td{_BEST if j == best else ""} style="background:rgba(68,119,170,{0.6 * a:.3f})">'
                        f'{_num(a, 2)}</td>' for j, a in enumerate(row))
        rows.append(f'<tr><th scope="row">{t + 1}: {tok}</th>{cells}</tr>')
    return ('<table class="rnnlib-tryit-table rnnlib-tryit-heat"><caption>Where the decoder looks: the weights '
            'α(t, j) of each output step t (rows) over your words j (columns)</caption><thead><tr>'
            f'<th scope="col">t: token</th>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>')
