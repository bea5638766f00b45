/* "Try it" panels of the static book: the trained networks answer the reader's input in the page.
 *
 * Each panel (.rnnlib-tryit, the static face of rnnlib.widgets.tryit) carries its spec and the
 * exported networks as JSON (rnnlib/export.py: float64 arrays, base64, exact). This module mirrors
 * rnnlib/widgets/tryit_core.py line for line: tokens() as tokens, answer() as answer, render() as
 * render; the browser tests compare the two on many inputs. No dependency, no network.
 *
 *   RNN (eq. 10.8-10.11):  h(t) = tanh(b + W r(t-1) + U x(t)),  o(t) = c + V h(t),  ŷ(t) = softmax(o(t))
 *   Seq2Seq: encoder h(t) as above, C = h(n_x); decoder s(t) = tanh(b_dec + Z C + W_dec s(t-1) + U_dec y(t-1)),
 *            s(0) = C; greedy and beam decoding exactly as rnnlib.Seq2Seq.greedy / .beam (scores not
 *            length-normalised; ties go to the lower index, as numpy's stable argsort).
 *   AttentionSeq2Seq (rnnlib/attention.py): h(j) = [→h(j); ←h(j)] (the same tanh step both ways, or →h only),
 *            e(t, j) = v·tanh(W_a s(t-1) + U_a h(j)), α(t, ·) = softmax, c(t) = Σ_j α(t, j) h(j),
 *            s(t) = tanh(b_dec + Z c(t) + W_dec s(t-1) + U_dec y(t-1)), s(0) = 0; the same greedy and beam.
 *
 * window.rnnbookTryit = {tokens, answer, render, panels}: what the tests and the benchmark call.
 */
(function () {
  "use strict";
  var PAD = 0, START = 1, END = 2;

  // ---------------------------------------------------------------- arrays
  function decode(a) {            // {shape, f64: base64 little-endian float64} -> {shape, data}
    var bin = atob(a.f64), n = bin.length / 8, bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) { bytes[i] = bin.charCodeAt(i); }
    var view = new DataView(bytes.buffer), data = new Float64Array(n);
    for (var j = 0; j < n; j++) { data[j] = view.getFloat64(8 * j, true); }
    return {shape: a.shape, data: data};
  }
  function params(blob) {
    if (!blob._p) {
      var p = {};
      Object.keys(blob.params).forEach(function (k) { p[k] = decode(blob.params[k]); });
      blob._p = p;
    }
    return blob._p;
  }
  // rows x cols matrix M times vector v, plus column `col` of a second matrix (one-hot input) and a bias.
  function affine(b, M, v, U, col) {
    var rows = b.shape[0], out = new Float64Array(rows), i, j;
    for (i = 0; i < rows; i++) {
      var s = 0;
      if (M) { var cols = M.shape[1], off = i * cols; for (j = 0; j < cols; j++) { s += M.data[off + j] * v[j]; } }
      var u = U ? U.data[i * U.shape[1] + col] : 0;
      out[i] = b.data[i] + s + u;
    }
    return out;
  }
  function tanh(a) { for (var i = 0; i < a.length; i++) { a[i] = Math.tanh(a[i]); } return a; }
  function logSoftmax(o) {        // o - max - log Σ exp(o - max), as rnnlib.functional._log_softmax
    var m = -Infinity, i, s = 0, out = new Float64Array(o.length);
    for (i = 0; i < o.length; i++) { if (o[i] > m) { m = o[i]; } }
    for (i = 0; i < o.length; i++) { s += Math.exp(o[i] - m); }
    var l = Math.log(s);
    for (i = 0; i < o.length; i++) { out[i] = (o[i] - m) - l; }
    return out;
  }
  function softmax(o) { var l = logSoftmax(o); for (var i = 0; i < l.length; i++) { l[i] = Math.exp(l[i]); } return l; }
  function argmax(v) { var k = 0; for (var i = 1; i < v.length; i++) { if (v[i] > v[k]) { k = i; } } return k; }

  // ---------------------------------------------------------------- tokens (rnnlib.data.tokenize)
  // Python's \s (str.isspace) and \w (isalnum or "_"), spelled out for JavaScript.
  var WS = "\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
  var W = "\\p{L}\\p{N}_";
  var TOKEN = new RegExp("[" + W + "'\u2019-]+|[^" + W + WS + "]", "gu");
  var ALNUM = /[\p{L}\p{N}]/u, SPACE = new RegExp("[" + WS + "]", "u");
  function tokenize(text) {
    return (text.toLowerCase().match(TOKEN) || []).filter(function (w) { return ALNUM.test(w) || w === ","; });
  }
  function tokens(spec, text) {
    if (spec.kind === "words") { return tokenize(text); }
    if (spec.kind === "number") { return tokenize(text.replace(/-/g, " ")).filter(function (w) { return w !== ","; }); }
    return Array.from(text.toUpperCase()).filter(function (c) { return !(SPACE.test(c) || c === ","); });
  }
  function quoted(words) { return words.map(function (w) { return "\u201c" + w + "\u201d"; }).join(", "); }
  function unique(a) { var seen = {}, out = []; a.forEach(function (w) { if (!seen["$" + w]) { seen["$" + w] = 1; out.push(w); } }); return out; }

  // ---------------------------------------------------------------- answer (tryit_core.answer)
  function answer(spec, text) {
    var out = {tokens: [], unknown: [], read: [], message: "", ok: false}, unit = spec.unit;
    var nChars = Array.from(text).length;
    if (nChars > spec.max_chars) {
      out.message = "Too long: " + nChars + " characters; the panel reads at most " + spec.max_chars + ".";
      return out;
    }
    var toks = tokens(spec, text);
    out.tokens = toks;
    if (!toks.length) { out.message = "Type " + spec.what + " first, for example \u201c" + spec.example + "\u201d."; return out; }
    if (toks.length > spec.max_tokens) {
      out.message = "Too long: " + toks.length + " " + unit + "s; the network reads at most " + spec.max_tokens + ".";
      return out;
    }
    var index = {};
    spec.vocab.forEach(function (w, i) { index["$" + w] = i; });
    var known = function (w) { return Object.prototype.hasOwnProperty.call(index, "$" + w); };
    var unknown = unique(toks.filter(function (w) { return !known(w); }));
    out.unknown = unknown;
    if (unknown.length && (spec.unknown === "refuse" || unknown.length === unique(toks).length)) {
      out.message = "Not in the network's vocabulary: " + quoted(unknown) + ". It knows " +
        spec.known_example.join(", ") + ", and nothing else.";
      return out;
    }
    if (unknown.length) { out.message = "Not in the network's vocabulary, skipped: " + quoted(unknown) + "."; }
    var read = toks.filter(known), ids = read.map(function (w) { return index["$" + w]; });
    out.read = read;
    if (spec.kind === "number") {
      var d = decodeNumber(spec, ids);
      out.greedy = d.greedy; out.beam = d.beam;
    } else {
      out.models = spec.models.map(function (e) { return readRNN(e, ids); });
    }
    out.ok = true;
    return out;
  }

  function readRNN(entry, ids) {        // rnnlib.RNN.forward, softmax(o(t)) at every step
    var blob = entry.blob, p = params(blob), pattern = blob.pattern, labels = blob.labels;
    var r = new Float64Array(pattern === "output" ? blob.n_out : blob.n_hidden), states = [], probs = [], said = [];
    ids.forEach(function (id) {
      var h = tanh(affine(p.b, p.W, r, p.U, id));                    // (10.8)-(10.9)
      var o = affine(p.c, p.V, h, null, 0);                          // (10.10)
      var y = softmax(o);                                            // (10.11)
      states.push(Array.from(h));
      probs.push(Array.from(y));
      said.push(labels[argmax(y)]);
      r = pattern !== "output" ? h : (blob.feedback === "logits" ? o : y);
    });
    return {name: entry.name, h: states, p: probs, answer: said};
  }

  // ---------------------------------------------------------------- Seq2Seq (rnnlib.seq2seq)
  function encodeSrc(p, ids) {
    var h = new Float64Array(p.W_enc.shape[0]);
    ids.forEach(function (id) { if (id !== PAD) { h = tanh(affine(p.b_enc, p.W_enc, h, p.U_enc, id)); } });
    return h;                                                        // C = h(n_x)
  }
  function decoderBias(p, C) { return {shape: p.b_dec.shape, data: affine(p.b_dec, p.Z, C, null, 0)}; }
  function decStep(p, bias, s, y) {
    var st = tanh(affine(bias, p.W_dec, s, p.U_dec, y)), o = affine(p.c, p.V, st, null, 0);
    return {s: st, o: o, logp: logSoftmax(o)};
  }

  // ---------------------------------------------------------------- AttentionSeq2Seq (rnnlib.attention)
  function runSide(p, side, ids) {                                 // AttentionSeq2Seq._run: one direction
    var h = new Float64Array(p["W_" + side].shape[0]), out = [];
    ids.forEach(function (id) { h = tanh(affine(p["b_" + side], p["W_" + side], h, p["U_" + side], id)); out.push(h); });
    return out;
  }
  function attentionDecoder(blob, ids) {
    var p = params(blob), H = blob.n_hidden, fwd = runSide(p, "fwd", ids), n = ids.length, j;
    var bwd = blob.bidirectional ? runSide(p, "bwd", ids.slice().reverse()).reverse() : null;
    var h = fwd.map(function (f, i) {                              // h(j) = [→h(j); ←h(j)], D numbers
      if (!bwd) { return f; }
      var both = new Float64Array(2 * H); both.set(f); both.set(bwd[i], H); return both;
    });
    var zeroA = {shape: [blob.n_attn], data: new Float64Array(blob.n_attn)};
    var Uh = h.map(function (hj) { return affine(zeroA, p.U_a, hj, null, 0); });   // U_a h(j), once
    return {s0: new Float64Array(H), step: function (s, y) {
      var q = affine(zeroA, p.W_a, s, null, 0), e = new Float64Array(n), i, a;     // W_a s(t-1)
      for (j = 0; j < n; j++) {                                    // e(t, j) = v · tanh(W_a s(t-1) + U_a h(j))
        for (a = 0; a < q.length; a++) { e[j] += p.v.data[a] * Math.tanh(Uh[j][a] + q[a]); }
      }
      var alpha = softmax(e), c = new Float64Array(h[0].length);   // α(t, ·); c(t) = Σ_j α(t, j) h(j)
      for (j = 0; j < n; j++) { for (i = 0; i < c.length; i++) { c[i] += alpha[j] * h[j][i]; } }
      var r = decStep(p, decoderBias(p, c), s, y);                 // b_dec + Z c(t) as the step's bias
      r.alpha = Array.from(alpha);
      return r;
    }};
  }
  function seq2seqDecoder(blob, ids) {
    var p = params(blob), C = encodeSrc(p, ids), bias = decoderBias(p, C);
    return {s0: C, step: function (s, y) { return decStep(p, bias, s, y); }};
  }

  function decodeNumber(spec, ids) {
    var blob = spec.models[0].blob, labels = blob.labels, maxLen = blob.max_len;
    var dec = (blob.kind === "attention" ? attentionDecoder : seq2seqDecoder)(blob, ids);
    var C = dec.s0, V = blob.n_tgt, width = spec.width;
    // greedy: the most likely token other than padding and start, fed back
    var s = C, y = START, out = [], probs = [], alphas = [], score = 0, ended = false, t, k;
    for (t = 0; t < maxLen; t++) {
      var r = dec.step(s, y), masked = Array.from(r.o);           // argmax of o, as rnnlib
      s = r.s;
      masked[PAD] = -Infinity; masked[START] = -Infinity;
      y = argmax(masked);
      probs.push(Math.exp(r.logp[y]));
      if (r.alpha) { alphas.push(r.alpha); }
      score += r.logp[y];
      if (y === END) { ended = true; break; }
      out.push(y);
    }
    var text = function (seq) { return seq.map(function (i) { return labels[i]; }).join(""); };
    var greedy = {ids: out, digits: text(out), p: probs, score: score, end: ended};
    if (blob.kind === "attention") { greedy.alpha = alphas; }

    // beam search, as Seq2Seq.beam
    var hyp = [];
    for (k = 0; k < width; k++) { hyp.push({s: C, y: START, score: k === 0 ? 0 : -Infinity, fin: false, path: []}); }
    var steps = [];
    for (t = 0; t < maxLen; t++) {
      var cand = [];
      hyp.forEach(function (h, kk) {
        var lp;
        var st = dec.step(h.s, h.y);
        if (h.fin) { lp = new Float64Array(V).fill(-Infinity); lp[END] = 0; } else {
          lp = st.logp; lp[PAD] = -Infinity; lp[START] = -Infinity;
        }
        for (var v = 0; v < V; v++) { cand.push({i: kk * V + v, score: h.score + lp[v], k: kk, v: v, s: st.s}); }
      });
      cand.sort(function (a, b) { return a.score > b.score ? -1 : a.score < b.score ? 1 : a.i - b.i; });
      hyp = cand.slice(0, width).map(function (c) {
        var parent = hyp[c.k];
        return {s: c.s, y: c.v, score: c.score, fin: parent.fin || c.v === END,
                path: parent.path.concat([c.v])};
      });
      steps.push(hyp.map(function (h) {
        var cut = h.path.indexOf(END), path = cut < 0 ? h.path : h.path.slice(0, cut + 1);
        return {digits: text(path.filter(function (i) { return i !== END; })),
                score: isFinite(h.score) ? h.score : null, end: h.fin};
      }));
      if (hyp.every(function (h) { return h.fin; })) { break; }
    }
    var best = 0;
    for (k = 1; k < width; k++) { if (hyp[k].score > hyp[best].score) { best = k; } }
    var bp = hyp[best].path, cutAt = bp.indexOf(END);
    var bestScore = hyp[best].score;
    return {greedy: greedy, beam: {digits: text(cutAt < 0 ? bp : bp.slice(0, cutAt)),
                                   score: isFinite(bestScore) ? bestScore : null, steps: steps}};
  }

  // ---------------------------------------------------------------- render (tryit_core.render)
  function esc(s) {
    return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
  }
  function num(x, d) { return x.toFixed(d === undefined ? 3 : d).replace(/-/g, "\u2212"); }
  function nSteps(result) { return result.ok && result.models ? result.read.length : 0; }

  function render(spec, result, step) {
    if (!result.ok) { return [result.message || "No answer.", ""]; }
    return result.models ? renderSteps(spec, result, step) : renderNumber(spec, result);
  }
  function renderSteps(spec, result, step) {
    var read = result.read, unit = spec.unit, tau = read.length;
    var t = step === undefined || step === null ? tau : Math.min(Math.max(step, 1), tau);
    var said = result.models.map(function (m) { return m.name + ": " + m.answer[t - 1]; }).join("; ");
    var head = "After " + unit + " " + t + " of " + tau + " (\u201c" + esc(read[t - 1]) + "\u201d)";
    var line = "After " + unit + " " + t + " of " + tau + " (\u201c" + read[t - 1] + "\u201d): " + said + ".";
    if (result.message) { line += " " + result.message; }
    var words = read.map(function (w, i) {
      return i === t - 1 ? "<mark>" + esc(w) + "</mark>" :
        (i >= t ? '<span class="rnnlib-tryit-later">' + esc(w) + "</span>" : esc(w));
    }).join(" ");
    var labels = spec.models[0].blob.labels, rows = "";
    labels.forEach(function (label, k) {
      var cells = result.models.map(function (m) {
        var p = m.p[t - 1][k], best = m.answer[t - 1] === label;
        return "<td" + (best ? ' class="rnnlib-tryit-best"' : "") + '><span class="rnnlib-tryit-bar" style="width:' +
          (p * 4).toFixed(2) + 'em"></span>' + num(p) + "</td>";
      }).join("");
      rows += '<tr><th scope="row">' + esc(label) + "</th>" + cells + "</tr>";
    });
    var cols = result.models.map(function (m) { return '<th scope="col">' + esc(m.name) + "</th>"; }).join("");
    var detail = '<p class="rnnlib-tryit-words">' + words + "</p>" +
      '<table class="rnnlib-tryit-table"><caption>' + head + ": \u0177(" + t + "), the probability of each " +
      esc(spec.label_name) + '</caption><thead><tr><th scope="col">' + esc(spec.label_name) + "</th>" + cols +
      "</tr></thead><tbody>" + rows + "</tbody></table>";
    return [line, detail];
  }
  function cand(c) {
    if (c.score === null) { return "<td>\u2013</td>"; }
    return "<td>" + (esc(c.digits) || "(none)") + (c.end ? " end" : "") + " <small>" + num(c.score) + "</small></td>";
  }
  function renderNumber(spec, result) {
    var g = result.greedy, b = result.beam, width = spec.width, labels = spec.models[0].blob.labels;
    var cut = g.end ? "" : " (cut off: no end token)";
    var bScore = b.score === null ? "" : " (log p = " + num(b.score) + ")";
    var line = "Greedy: " + (g.digits || "(nothing)") + cut + " (log p = " + num(g.score) + "); beam of width " +
      width + ": " + (b.digits || "(nothing)") + bScore + ".";
    var emitted = g.ids.map(function (i) { return esc(labels[i]); }).concat(g.end ? ["end"] : []);
    var probs = emitted.map(function (w, i) { return w + " <small>(" + num(g.p[i]) + ")</small>"; }).join(" ");
    var head = "", rows = "", k;
    for (k = 0; k < width; k++) { head += '<th scope="col">' + (k + 1) + "</th>"; }
    b.steps.forEach(function (row, lvl) { rows += '<tr><th scope="row">' + (lvl + 1) + "</th>" + row.map(cand).join("") + "</tr>"; });
    var detail = '<p class="rnnlib-tryit-words">' + result.read.map(esc).join(" ") + "</p>" +
      "<p>Greedy, each token with its probability \u0177(t): " + probs + "</p>" +
      (g.alpha ? heat(result.read, emitted, g.alpha) : "") +
      '<table class="rnnlib-tryit-table"><caption>The beam after each step: its ' + width + " hypotheses, " +
      'best first, with their scores log p</caption><thead><tr><th scope="col">step</th>' + head +
      "</tr></thead><tbody>" + rows + "</tbody></table>";
    return [line, detail];
  }

  function heat(read, emitted, alpha) {   // tryit_core._heat: α(t, j), a row per token, a column per word
    var head = read.map(function (w) { return '<th scope="col">' + esc(w) + "</th>"; }).join("");
    var rows = alpha.map(function (row, t) {
      var best = argmax(row);
      return '<tr><th scope="row">' + (t + 1) + ": " + emitted[t] + "</th>" + row.map(function (a, j) {
        return "<td" + (j === best ? ' class="rnnlib-tryit-best"' : "") + ' style="background:rgba(68,119,170,' +
          (0.6 * a).toFixed(3) + ')">' + num(a, 2) + "</td>";
      }).join("") + "</tr>";
    }).join("");
    return '<table class="rnnlib-tryit-table rnnlib-tryit-heat"><caption>Where the decoder looks: the weights ' +
      "\u03b1(t, j) of each output step t (rows) over your words j (columns)</caption><thead><tr>" +
      '<th scope="col">t: token</th>' + head + "</tr></thead><tbody>" + rows + "</tbody></table>";
  }

  // ---------------------------------------------------------------- the panels
  function init(root) {
    if (root.getAttribute("data-ready")) { return; }
    root.setAttribute("data-ready", "1");
    var spec = JSON.parse(root.querySelector("script.rnnlib-tryit-data").textContent);
    var input = root.querySelector("input[type=text]"), form = root.querySelector("form");
    var steps = root.querySelector(".rnnlib-tryit-steps"), range = steps.querySelector("input[type=range]");
    var line = root.querySelector(".rnnlib-tryit-answer"), detail = root.querySelector(".rnnlib-tryit-detail");
    var state = {result: null, step: null};
    function show(step) {
      var n = nSteps(state.result);
      state.step = n ? Math.min(Math.max(step, 1), n) : null;
      var r = render(spec, state.result, state.step);
      if (line.textContent !== r[0]) { line.textContent = r[0]; }
      detail.innerHTML = r[1];
      if (n) { range.value = String(state.step); range.setAttribute("aria-valuetext", "after " + spec.unit + " " + state.step); }
    }
    function compute() {
      var t0 = performance.now();
      state.result = answer(spec, input.value);
      var n = nSteps(state.result);
      steps.hidden = n < 2;
      range.max = String(Math.max(n, 1));
      show(n);
      root.rnnbookResult = state.result;          // for the tests
      root.rnnbookMs = performance.now() - t0;
    }
    input.addEventListener("input", compute);
    form.addEventListener("submit", function (e) { e.preventDefault(); compute(); });
    steps.querySelector("[data-act=prev]").addEventListener("click", function () { show(state.step - 1); });
    steps.querySelector("[data-act=next]").addEventListener("click", function () { show(state.step + 1); });
    range.addEventListener("input", function () { show(parseInt(range.value, 10)); });
    steps.addEventListener("keydown", function (e) {
      if (e.altKey || e.ctrlKey || e.metaKey || e.target === range || !state.step) { return; }
      var n = nSteps(state.result), k = {ArrowLeft: state.step - 1, ArrowRight: state.step + 1, Home: 1, End: n}[e.key];
      if (k === undefined) { return; }
      e.preventDefault(); show(k);
    });
    compute();
  }
  function initAll() { Array.prototype.forEach.call(document.querySelectorAll(".rnnlib-tryit"), init); }
  window.rnnbookTryit = {tokens: tokens, answer: answer, render: render, init: initAll};
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", initAll); } else { initAll(); }
})();
