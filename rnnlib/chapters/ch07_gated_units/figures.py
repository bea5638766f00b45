"""Chapter 7's figures, tables and the stepper through one sequence (matplotlib only in the plotting helpers)."""

import numpy as np

from ... import _checks
from ...plots import Table, new_figure
from ...widgets import stepper
from . import settings as S
from .experiment import GapRuns, GradNorms, OneSequence

__all__ = ["plot_steps_to_solve", "plot_gradient_norms", "gate_stepper", "gap_table", "cost_table"]

FONT = 12            # every text: ≥ 11 px as displayed (figures at most 6.6 in wide at dpi ≈ 100)
COLOURS = {"RNN": "#D55E00", "leaky": "#E69F00", "GRU": "#009E73", "LSTM": "#0072B2"}
MARKERS = {"RNN": "o", "leaky": "s", "GRU": "^", "LSTM": "D"}


def _style(ax):
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(labelsize=FONT)
    ax.xaxis.label.set_size(FONT)
    ax.yaxis.label.set_size(FONT)


def _cell(steps):
    solved = sum(s is not None for s in steps)
    return ", ".join("—" if s is None else str(s) for s in steps) + f"  ({solved}/{len(steps)})"


def gap_table(gap, control=None):
    """Steps-to-solve per network and gap: every run's steps ("—": not within the cap), runs solved."""
    _checks.instance(gap, "gap", GapRuns, "the GapRuns of ch.gap_runs")
    rows = []
    for kind in gap.kinds:
        row = [f"{kind} ({S.HIDDEN[kind]} units)"]
        for k in gap.gaps:
            row.append(_cell(gap.steps[(kind, k)]))
        rows.append(row)
    if control is not None:
        _checks.instance(control, "control", dict, "the dict of ch.bias_control")
        for kind, steps in control.items():
            row = [f"{kind}, bias {S.CONTROL_BIAS:g}"] + ["" for k in gap.gaps]
            row[-1] = _cell(steps)
            rows.append(row)
    return Table(["network"] + [f"k = {k}" for k in gap.gaps], rows,
                 caption=f"Steps to solve (test accuracy ≥ {S.SOLVED_ACC:.0%}), cap {gap.cap}; — : not within the cap")


def plot_steps_to_solve(gap, *, figsize=(6.6, 3.4)):
    """Steps to solve against the gap k: one marker per run (unsolved runs at the cap, hollow), medians joined."""
    _checks.instance(gap, "gap", GapRuns, "the GapRuns of ch.gap_runs")
    fig, ax = new_figure(figsize=figsize)
    width = 0.9 * min(np.diff(gap.gaps)) / len(gap.kinds) if len(gap.gaps) > 1 else 1.0
    for i, kind in enumerate(gap.kinds):
        off = (i - (len(gap.kinds) - 1) / 2) * width / 2
        for k in gap.gaps:
            for s in gap.steps[(kind, k)]:
                solved = s is not None
                ax.plot(k + off, s if solved else gap.cap, MARKERS[kind], color=COLOURS[kind], ms=7,
                        mfc=COLOURS[kind] if solved else "white", alpha=0.9)
        ax.plot([k + off for k in gap.gaps], [gap.median(kind, k) for k in gap.gaps], "-", color=COLOURS[kind],
                lw=1.8, label=kind)
    ax.axhline(gap.cap, color="#777777", ls=":", lw=1)
    ax.text(gap.gaps[0], gap.cap * 1.02, "cap: hollow = not solved", fontsize=FONT, va="bottom")
    ax.set_xticks(gap.gaps)
    ax.set_xlabel("gap k (the first symbol is asked for at t = k + 1)")
    ax.set_ylabel("steps to solve")
    ax.set_ylim(0, gap.cap * 1.15)
    ax.legend(fontsize=FONT, frameon=False, loc="center left", bbox_to_anchor=(1.0, 0.5))
    _style(ax)
    return fig


def plot_gradient_norms(untrained, trained, *, figsize=(6.6, 3.4)):
    """‖∇h(t)‖ / ‖∇h(τ)‖ against the distance τ − t, untrained (left) and trained (right); the LSTM's s dashed."""
    _checks.instance(untrained, "untrained", GradNorms, "the GradNorms of ch.gradient_norms")
    _checks.instance(trained, "trained", GradNorms, "the GradNorms of ch.gradient_norms")
    fig, axes = new_figure(figsize=figsize, ncols=2)
    floor = 1e-12
    low = min(float(np.min(r)) for g in (untrained, trained) for r in (*g.h.values(), *g.s.values()))
    bottom = 10.0 ** np.floor(np.log10(max(low, floor)))
    for ax, g, title in ((axes[0], untrained, "untrained"), (axes[1], trained, "trained")):
        d = np.arange(g.tau)[::-1]                    # τ − t for t = 1..τ
        for name, r in g.h.items():
            kind = name.split()[0]
            ax.semilogy(d, np.maximum(r, floor), color=COLOURS.get(kind, "k"), lw=1.8, label=f"{kind}: h")
        for name, r in g.s.items():
            kind = name.split()[0]
            ax.semilogy(d, np.maximum(r, floor), color=COLOURS.get(kind, "k"), lw=1.8, ls="--", label=f"{kind}: s")
        ax.set_title(title, fontsize=FONT)
        ax.set_xlabel("distance τ − t")
        ax.set_ylim(bottom, 30)
        _style(ax)
    axes[0].set_ylabel("gradient norm ratio")
    axes[1].legend(fontsize=FONT - 1, frameon=False, loc="center left", bbox_to_anchor=(1.0, 0.5))
    return fig


#: The steps the stepper shows: the first few one by one, then every fifth, and the last.
def _frames(tau):
    return sorted({t for t in (1, 2, 3, 4, 5, *range(10, tau, 5), tau) if 1 <= t <= tau})


def gate_stepper(seq, *, dpi=100):
    """A stepper through one sequence: the keeping unit's gates, its cell state, the input and the read-out up to t."""
    _checks.instance(seq, "seq", OneSequence, "the OneSequence of ch.one_sequence")
    tau = len(seq.symbols)
    u = seq.unit
    ts = np.arange(1, tau + 1)
    frames = _frames(tau)
    other = seq.s[:, u] if seq.s_other is None else seq.s_other
    s_lim = max(1.0, float(max(np.abs(seq.s[:, u]).max(), np.abs(other).max())) * 1.15)
    fig, axes = new_figure(figsize=(6.6, 4.6), nrows=3)
    fig.set_layout_engine(None)
    fig.subplots_adjust(left=0.13, right=0.78, top=0.92, bottom=0.11, hspace=0.35)
    lines = []
    for name, v, colour in (("g", seq.g[:, u], "#E69F00"), ("f", seq.f[:, u], "#0072B2"),
                            ("q", seq.q[:, u], "#009E73")):
        lines.append((axes[0].plot([], [], "-", color=colour, lw=2, label=f"{name}(t)")[0], v))
    lines.append((axes[1].plot([], [], "-", color="#CC79A7", lw=2, label="s(t)")[0], seq.s[:, u]))
    lines.append((axes[1].plot([], [], "--", color="#777777", lw=1.5, label=f"x(1) = {1 - seq.symbols[0]}")[0],
                  other))
    lines.append((axes[2].plot([], [], "o", color="#777777", ms=4, label="x(t)")[0], seq.symbols.astype(float)))
    lines.append((axes[2].plot([], [], "-", color="#D55E00", lw=2, label="P(right)")[0], seq.p_true))
    marks = [ax.axvline(1, color="#D55E00", lw=1, ls=":") for ax in axes]
    for ax, lim, ylabel in ((axes[0], (-0.05, 1.05), "gates"), (axes[1], (-s_lim, s_lim), "cell"),
                            (axes[2], (-0.1, 1.1), "in / out")):
        ax.set_xlim(0.5, tau + 0.5)
        ax.set_ylim(*lim)
        ax.set_ylabel(ylabel)
        ax.legend(fontsize=FONT, frameon=False, loc="center left", bbox_to_anchor=(1.0, 0.5))
        _style(ax)
    axes[2].set_xlabel("step t")
    title = axes[0].set_title("", fontsize=FONT)

    def render(i):
        t = frames[i - 1]
        for line, v in lines:
            line.set_data(ts[:t], v[:t])
        for m in marks:
            m.set_xdata([t, t])
        title.set_text(f"unit {u + 1} at t = {t}: x(t) = {seq.symbols[t - 1]}; keep x(1) = {seq.symbols[0]}")
        return fig

    return stepper(render, len(frames), label="frame", dpi=dpi,
                   caption=lambda i: f"t = {frames[i - 1]} of τ = {tau}",
                   alt=lambda i: (f"Three stacked line plots against t from 1 to {tau}, drawn up to t = "
                                  f"{frames[i - 1]}: the input, forget and output gates of the unit that keeps "
                                  "the bit; its cell state, beside the same unit's cell state on a sequence that "
                                  "starts with the other symbol (dashed), moving apart; the input symbols and the "
                                  "probability of the right answer."))


def cost_table(costs):
    """Parameters and microseconds per time step (forward + BPTT) of each network, and the ratio to the RNN."""
    wanted = "the dict {kind: (n_params, seconds per step)} of ch.cost, with an 'RNN' entry"
    _checks.instance(costs, "costs", dict, wanted)
    if "RNN" not in costs:
        raise ValueError(f"costs: got a dict without 'RNN' (keys {list(costs)}), wanted {wanted}")
    for kind, entry in costs.items():
        if not isinstance(entry, (tuple, list)) or len(entry) != 2:
            raise _checks.ArgumentTypeError(f"costs[{kind!r}]: got {_checks._got(entry)}, wanted a pair "
                                            "(n_params, seconds per step)")
        _checks.integer(entry[0], f"costs[{kind!r}][0]", 1)
        _checks.number(entry[1], f"costs[{kind!r}][1]", 0, low_open=True, what="seconds per step")
    n_base, base = costs["RNN"]
    rows = [[kind, f"{n:,}", f"{n / n_base:.2f}×", f"{sec * 1e6:.0f}", f"{sec / base:.1f}×"]
            for kind, (n, sec) in costs.items()]
    return Table(["network", "parameters", "parameters / RNN's", "µs per step (one measurement)", "time / RNN's"],
                 rows,
                 caption="τ = 32, batch 32, n_in = n_out = 16, n_hidden = 64, float64, forward + BPTT, this machine")
