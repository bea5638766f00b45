"""The "Try it" panels in Python: the export is exact, the panels' answers are rnnlib's, bad input is a message.

Untrained networks (seeded) are enough: what is tested is that the panel computes what rnnlib
computes. The page's JavaScript is held to these answers by tests/test_tryit_browser.py.
"""

import json

import numpy as np
import pytest
from badinput import Bad, refused

import rnnlib as rl
from rnnlib import data, export
from rnnlib.widgets import tryit
from rnnlib.widgets.tryit_core import number_tokens, symbol_tokens

HEADLINE = "We went to Peru in 2005 and to Nepal in 2009."


@pytest.fixture(scope="module")
def nets():
    return {"year": rl.RNN(61, 8, 10, pattern="last", seed=1), "trip": rl.RNN(61, 8, 10, pattern="last", seed=2),
            "hidden": rl.RNN(4, 6, 5, pattern="hidden", seed=3), "output": rl.RNN(4, 6, 5, pattern="output", seed=4),
            "s2s": rl.Seq2Seq(len(data.NUMBER_SOURCE_VOCAB), len(data.NUMBER_TARGET_VOCAB), 12, seed=5),
            "att": rl.AttentionSeq2Seq(len(data.NUMBER_SOURCE_VOCAB), len(data.NUMBER_TARGET_VOCAB), 6, seed=6,
                                       n_attn=5),
            "att_uni": rl.AttentionSeq2Seq(len(data.NUMBER_SOURCE_VOCAB), len(data.NUMBER_TARGET_VOCAB), 5, seed=7,
                                           bidirectional=False)}


@pytest.fixture(scope="module")
def panels(nets):
    return {"words": tryit.sentence_panel({"year": nets["year"], "trip": nets["trip"]}),
            "symbols": tryit.symbols_panel({"h": nets["hidden"], "o": nets["output"]}, ("A", "B", "C", "D"), "–"),
            "number": tryit.number_panel(nets["s2s"], width=3),
            "attention": tryit.number_panel(nets["att"], width=3),
            "attention_uni": tryit.number_panel(nets["att_uni"], width=2)}


@pytest.mark.parametrize("name", ["year", "output", "s2s", "att", "att_uni"])
def test_export_round_trips_exactly_through_json(nets, name):
    model = nets[name]
    targets = list(data.NUMBER_TARGET_VOCAB)
    blob = (export.seq2seq_blob(model, targets, 7) if name == "s2s"
            else export.attention_blob(model, targets, 7) if name.startswith("att")
            else export.rnn_blob(model, [str(i) for i in range(model.n_out)]))
    again = export.from_blob(json.loads(export.to_json(blob)))
    assert type(again) is type(model) and repr(again) == repr(model)
    assert list(again.params) == list(model.params)
    for k, v in model.params.items():
        assert again.params[k].tobytes() == v.tobytes(), k


def test_to_json_is_safe_inside_a_script_element():
    text = export.to_json({"a": "</script><!-- & x"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"a": "</script><!-- & x"}


def test_sentence_panel_reads_what_rnnlib_reads(nets, panels):
    r = panels["words"].answer(HEADLINE)
    assert r["ok"] and r["unknown"] == ["and"] and "skipped: “and”" in r["message"]
    assert r["read"] == [w for w in data.tokenize(HEADLINE) if w != "and"]
    for m, name in zip(r["models"], ("year", "trip")):
        want = rl.softmax(nets[name].forward(data.encode(r["read"])).o)
        assert np.abs(np.array(m["p"]) - want).max() < 1e-12
        assert m["answer"][-1] == data.YEARS[int(nets[name].predict(data.encode(r["read"])))]


def test_symbols_panel_runs_the_output_network_free(nets, panels):
    r = panels["symbols"].answer("a b,cD ")
    assert r["read"] == ["A", "B", "C", "D"]
    x = rl.one_hot(np.array([0, 1, 2, 3]), 4)
    want = rl.softmax(nets["output"].forward(x, feedback="softmax").o)
    assert np.abs(np.array(r["models"][1]["p"]) - want).max() < 1e-12


def test_number_panel_decodes_as_rnnlib(nets, panels):
    model = nets["s2s"]
    text = "Forty-five thousand, and seven."
    r = panels["number"].answer(text)
    src = np.array([data.NUMBER_SOURCE_VOCAB.index(w) for w in number_tokens(text)])
    assert r["read"] == ["forty", "five", "thousand", "and", "seven"]
    greedy = model.greedy(src, 7)
    beam, score, _ = model.beam(src, 3, 7, return_search=True)
    assert r["greedy"]["digits"] == data.digits_text(greedy)
    assert r["beam"]["digits"] == data.digits_text(beam) and abs(r["beam"]["score"] - score) < 1e-12
    if r["greedy"]["end"]:       # the greedy score is log p of its answer with the end token
        tgt = np.array(greedy + [rl.seq2seq.END])
        assert abs(r["greedy"]["score"] - model.log_prob(src, tgt)) < 1e-9


@pytest.mark.parametrize("name", ["att", "att_uni"])
def test_attention_panel_decodes_and_attends_as_rnnlib(nets, panels, name):
    """Greedy digits, beam digits and score, and α(t, ·) of each greedy step are rnnlib's (AttentionSeq2Seq)."""
    model, panel = nets[name], panels["attention" if name == "att" else "attention_uni"]
    width = panel.spec["width"]
    for text in ("Forty-five thousand, and seven.", "nine", "ninety nine thousand nine hundred and ninety nine"):
        r = panel.answer(text)
        src = np.array([data.NUMBER_SOURCE_VOCAB.index(w) for w in number_tokens(text)])
        greedy = model.greedy(src, 7)
        beam, score, _ = model.beam(src, width, 7, return_search=True)
        assert r["greedy"]["ids"] == greedy and r["beam"]["digits"] == data.digits_text(beam)
        assert abs(r["beam"]["score"] - score) < 1e-12
        tgt = np.array(greedy + [rl.seq2seq.END])
        alpha = np.array(r["greedy"]["alpha"])
        n = len(greedy) + r["greedy"]["end"]
        assert alpha.shape == (n, len(src)) and np.allclose(alpha.sum(axis=1), 1.0)
        assert np.abs(alpha - model.attention(src, tgt)[:n]).max() < 1e-12
        # an independent forward pass, written out here: α(1, ·) from s(0) = 0
        h = model.encode(src)
        e = np.tanh(h @ model.params["U_a"].T) @ model.params["v"]
        assert np.abs(alpha[0] - np.exp(e) / np.exp(e).sum()).max() < 1e-12
        if r["greedy"]["end"]:
            assert abs(r["greedy"]["score"] - model.log_prob(src, tgt)) < 1e-9
        heat = panel.render(text)[1].split('rnnlib-tryit-heat', 1)[1].split("</table>", 1)[0]
        assert heat.count("<tr>") == n + 1 and heat.count('<th scope="col">') == len(src) + 1
    assert "rnnlib-tryit-heat" not in panels["number"].render("forty five")[1]     # chapter 6: no attention


@pytest.mark.parametrize("kind, text, fragment", [
    ("words", "", "Type a sentence first"),
    ("words", "!!! ...", "Type a sentence first"),
    ("words", "and or but", "Not in the network's vocabulary: “and”, “or”, “but”"),
    ("words", "nepal " * 61, "Too long: 61 words"),
    ("words", "x" * 1201, "Too long: 1201 characters"),
    ("symbols", "ABE", "Not in the network's vocabulary: “E”"),
    ("number", "fourty five", "Not in the network's vocabulary: “fourty”"),
    ("number", "45", "Not in the network's vocabulary: “45”"),
    ("number", "one " * 9, "Too long: 9 words"),
    ("attention", "", "Type a number in words first"),
    ("attention", "fourty five", "Not in the network's vocabulary: “fourty”"),
    ("attention", "one " * 9, "Too long: 9 words"),
    ("attention", "x" * 1201, "Too long: 1201 characters"),
])
def test_bad_reader_input_is_a_message_not_an_error(panels, kind, text, fragment):
    r = panels[kind].answer(text)
    assert not r["ok"] and fragment in r["message"]
    line, detail = panels[kind].render(text)
    assert line == r["message"] and detail == ""


def test_tokenisers():
    assert number_tokens("Ninety-nine, and ONE!") == ["ninety", "nine", "and", "one"]
    assert symbol_tokens("a,b c\tDd") == ["A", "B", "C", "D", "D"]


def test_static_face_is_labelled_offline_and_prerendered(panels):
    html = panels["words"].to_html()
    uid = html.split('id="', 1)[1].split('"', 1)[0]
    assert f'<label for="{uid}-input">' in html and f'id="{uid}-input"' in html
    assert 'aria-live="polite"' in html and "http" not in html
    line, _ = panels["words"].render(panels["words"].spec["example"])
    from html import escape
    assert escape(line) in html
    assert panels["words"].to_html() != html           # a fresh id each time


def test_steps_render_each_word(panels):
    lines = [panels["symbols"].render("ABCA", t)[0] for t in range(1, 5)]
    assert [s.split(":")[0] for s in lines] == [f"After symbol {t} of 4 (“{w}”)" for t, w in zip(range(1, 5), "ABCA")]


BAD = [
    Bad(lambda v: tryit.sentence_panel(v), "models", [], TypeError),
    Bad(lambda v: tryit.sentence_panel({"x": v}), "models['x']", rl.RNN(4, 3, 5), ValueError),
    Bad(lambda v: tryit.number_panel(v), "model", rl.RNN(4, 3, 5), TypeError),
    Bad(lambda v: export.rnn_blob(rl.RNN(4, 3, 5), v), "labels", ["a"], ValueError),
    Bad(lambda v: export.attention_blob(v, ["a"] * 13, 7), "model", rl.Seq2Seq(34, 13, 4), TypeError),
    Bad(lambda v: export.attention_blob(rl.AttentionSeq2Seq(34, 13, 4), v, 7), "labels", ["a"], ValueError),
    Bad(lambda v: export.array_blob(v), "a", np.array([1.0, np.nan]), ValueError),
]


@pytest.mark.parametrize("row", BAD, ids=[b.arg for b in BAD])
def test_bad_arguments_are_refused(row):
    refused(row)


def test_live_face_shows_what_the_static_face_shows(panels, monkeypatch):
    pytest.importorskip("ipywidgets")
    from html import escape
    p = panels["symbols"]
    label, row, steps, line, detail = p.widget().children
    text, _ = row.children
    text.value = "abcd"
    assert line.value == escape(p.render("abcd")[0]) and detail.value == p.render("abcd")[1]
    steps.children[0].click()                                    # Previous
    assert line.value == escape(p.render("abcd", 3)[0]) and detail.value == p.render("abcd", 3)[1]
    text.value = "abx"
    assert line.value == escape(p.answer("abx")["message"]) and steps.layout.display == "none"
    monkeypatch.setenv("RNNLIB_STEPPER_FACE", "live")
    widget, fallback = p._outputs()
    assert "application/vnd.jupyter.widget-view+json" in widget
    assert "run all the cells above" in fallback["text/html"] and 'class="rnnlib-tryit"' in fallback["text/html"]
    monkeypatch.setenv("RNNLIB_STEPPER_FACE", "static")
    (static,) = p._outputs()
    assert "application/vnd.jupyter.widget-view+json" not in static and "text/html" in static


def test_live_attention_panel_shows_the_heat_map_of_the_static_face(panels):
    pytest.importorskip("ipywidgets")
    from html import escape
    p = panels["attention"]
    label, row, steps, line, detail = p.widget().children
    row.children[0].value = "Sixty thousand and six"
    assert line.value == escape(p.render("Sixty thousand and six")[0])
    assert detail.value == p.render("Sixty thousand and six")[1] and "rnnlib-tryit-heat" in detail.value
    assert steps.layout.display == "none"


def test_the_page_script_needs_nothing_from_outside():
    """rnnbook-tryit.js: no request, no module system, no library; it reads only the panels' JSON."""
    from pathlib import Path
    js = (Path(__file__).resolve().parents[1] / "book" / "_ext" / "static" / "rnnbook-tryit.js").read_text()
    for word in ("http", "fetch(", "XMLHttpRequest", "import ", "require(", "eval(", "new Function"):
        assert word not in js, word
