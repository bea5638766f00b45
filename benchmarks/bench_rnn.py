"""Forward + BPTT time of rnnlib.RNN at the reference size (prints, never asserts).

    python benchmarks/bench_rnn.py

Reference size: τ = 32, batch = 32, n_in = n_out = 16, n_hidden = 64, float64.
Pattern "output" is timed with each thing it can feed back: the true targets
(teacher forcing, no loop over time), its softmax or its logits (running free,
BPTT through the fed-back vector).
"""

import statistics
import time

import numpy as np

import rnnlib as rl


def measure(pattern, feedback=None, tau=32, batch=32, n_in=16, n_hidden=64, n_out=16, repeats=200):
    rng = np.random.default_rng(0)
    model = rl.RNN(n_in, n_hidden, n_out, pattern=pattern, seed=0)
    x = rng.normal(size=(tau, batch, n_in))
    y = rng.integers(0, n_out, size=(batch,) if pattern == "last" else (tau, batch))
    model.loss_and_grads(x, y, feedback=feedback)  # warm up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        model.loss_and_grads(x, y, feedback=feedback)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    print("rnnlib forward + BPTT, τ=32, batch=32, n_in=n_out=16, n_hidden=64 (median of 200)")
    print(f"{'pattern':<8} {'feedback':<9} {'per call (ms)':>14} {'per time step (µs)':>19}")
    cases = [("hidden", None), ("last", None)] + [("output", f) for f in rl.rnn.FEEDBACKS]
    for pattern, feedback in cases:
        t = measure(pattern, feedback)
        print(f"{pattern:<8} {feedback or '':<9} {t * 1e3:>14.3f} {t / 32 * 1e6:>19.1f}")
    gated_rows()


def measure_gated(make, pattern, tau=32, batch=32, n_in=16, n_hidden=64, n_out=16, repeats=200):
    """Median time of one loss_and_grads of a gated model (rl.LSTM, rl.GRU, rl.LeakyRNN) at the reference size."""
    rng = np.random.default_rng(0)
    model = make(n_in, n_hidden, n_out, pattern=pattern, seed=0)
    x = rng.normal(size=(tau, batch, n_in))
    y = rng.integers(0, n_out, size=(batch,) if pattern == "last" else (tau, batch))
    model.loss_and_grads(x, y)  # warm up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        model.loss_and_grads(x, y)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def gated_rows():
    """Chapter 7's models beside the RNN: leaky units, GRU and LSTM, forward + BPTT, same size."""
    print(f"{'model':<8} {'pattern':<9} {'per call (ms)':>14} {'per time step (µs)':>19}")
    for name in ("LeakyRNN", "GRU", "LSTM"):
        for pattern in ("hidden", "last"):
            t = measure_gated(getattr(rl, name), pattern)
            print(f"{name:<8} {pattern:<9} {t * 1e3:>14.3f} {t / 32 * 1e6:>19.1f}")


if __name__ == "__main__":
    main()
