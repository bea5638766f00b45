"""rnnlib/_checks.py, tested directly: what each helper refuses and how its message reads.

Every helper refuses with "name: got ..., wanted ...": a ``ValueError`` for a
wrong value, an ``ArgumentTypeError`` (a TypeError that is also a
ValueError) for a wrong type; numpy scalars count as their Python kind, and a
bool is never a number. tests/test_bad_input.py then only shows that each
public function routes each argument through its check.
"""

import re

import numpy as np
import pytest

from badinput import Bad, ids, refused
from rnnlib import _checks as C

ATE, VE = C.ArgumentTypeError, ValueError
NAN, INF = float("nan"), float("inf")


def test_argument_type_error_is_a_type_error_and_a_value_error():
    assert issubclass(C.ArgumentTypeError, TypeError) and issubclass(C.ArgumentTypeError, ValueError)
    assert issubclass(C.Overflow, ValueError)


@pytest.mark.parametrize("value, shown", [
    (3, "3"), (np.int64(3), "3"), (np.float32(0.5), "0.5"), (True, "True"), (np.bool_(False), "False"),
    ("a", "'a'"), (None, "None"), ([1, 2], "list [1, 2]"), (len, "builtin_function_or_method <built-in function len>"),
])
def test_got_shows_scalars_by_repr_and_other_values_with_their_type(value, shown):
    assert C._got(value) == shown


def test_got_cuts_long_values_to_80_characters():
    text = C._got(list(range(100)))
    assert len(text) == 80 and text.endswith("...")


def test_describe_gives_a_shape_or_a_type():
    assert C._describe(np.zeros((2, 3))) == "shape (2, 3)" and C._describe([1]) == "list"


# --------------------------------------------------------------------------- scalars

INTEGER_TYPES = [2.5, 4.0, np.float64(3), "3", None, [3], True, np.bool_(True), 1 + 0j]


@pytest.mark.parametrize("value", INTEGER_TYPES, ids=repr)
def test_integer_refuses_every_other_type_bools_too(value):
    with pytest.raises(ATE, match=r"^n: got .*, wanted an integer in 1\.\.5$"):
        C.integer(value, "n", 1, 5)


@pytest.mark.parametrize("low, high, value, wanted", [
    (1, 5, 0, "an integer in 1..5"), (1, 5, 6, "an integer in 1..5"), (0, None, -1, "an integer >= 0"),
    (None, 9, 10, "an integer <= 9"),
])
def test_integer_states_its_interval(low, high, value, wanted):
    with pytest.raises(VE) as info:
        C.integer(value, "k", low, high)
    assert str(info.value) == f"k: got {value}, wanted {wanted}"


def test_integer_accepts_numpy_integers_and_returns_an_int():
    value = C.integer(np.int32(4), "n", 1, 5)
    assert value == 4 and type(value) is int
    assert C.integer(-10**12, "n") == -10**12


def test_integer_says_why_at_its_upper_limit_only_and_groups_thousands():
    with pytest.raises(VE, match=r"^n: got 1,000,000, wanted an integer in 1\.\.500 \(fewer, please\)$"):
        C.integer(10**6, "n", 1, 500, " (fewer, please)")
    with pytest.raises(VE, match=r"^n: got 0, wanted an integer in 1\.\.500$"):
        C.integer(0, "n", 1, 500, " (fewer, please)")


def test_integer_allow_none():
    assert C.integer(None, "highlight", 1, 3, allow_none=True) is None
    with pytest.raises(VE, match=r"^highlight: got 4, wanted None or an integer in 1\.\.3$"):
        C.integer(4, "highlight", 1, 3, allow_none=True)
    with pytest.raises(ATE, match=r"^highlight: got None, wanted an integer in 1\.\.3$"):
        C.integer(None, "highlight", 1, 3)


@pytest.mark.parametrize("value, exc", [(0, VE), (-1, VE), (2.5, ATE), (True, ATE), ("1", ATE)])
def test_positive_int_wants_at_least_one(value, exc):
    with pytest.raises(exc, match=r"^steps: got .*, wanted an integer (>= 1|in 1\.\.100)"):
        C.positive_int(value, "steps", 100)


@pytest.mark.parametrize("value", [True, np.bool_(False), "0.1", None, np.zeros(2), [0.1], 1 + 0j], ids=repr)
def test_number_refuses_other_types(value):
    with pytest.raises(ATE, match=r"^lr: got .*, wanted a finite number > 0$"):
        C.number(value, "lr", 0, low_open=True)


@pytest.mark.parametrize("value", [NAN, INF, -INF, np.float32("nan")], ids=repr)
def test_number_refuses_nan_and_infinities(value):
    with pytest.raises(VE, match=r"^x: got (nan|inf|-inf), wanted a finite number$"):
        C.number(value, "x")


@pytest.mark.parametrize("kw, value, wanted", [
    (dict(low=0, high=1), 1.5, "in [0, 1]"), (dict(low=0, high=1, high_open=True), 1, "in [0, 1)"),
    (dict(low=0, low_open=True), 0, "> 0"), (dict(low=0), -0.5, ">= 0"), (dict(high=2, high_open=True), 2, "< 2"),
    (dict(high=2), 3, "<= 2"),
])
def test_number_states_its_interval_open_or_closed(kw, value, wanted):
    with pytest.raises(VE) as info:
        C.number(value, "p", **kw)
    assert str(info.value) == f"p: got {value:g}, wanted a finite number {wanted}"


def test_number_accepts_numpy_scalars_and_0_d_arrays_and_says_what_it_wants():
    assert C.number(np.float32(0.5), "p") == 0.5 and C.number(np.array(2.0), "p") == 2.0
    assert C.number(np.int64(3), "p") == 3.0
    with pytest.raises(VE, match="wanted a size in inches in"):
        C.number(-1, "figsize", 0, 60, what="a size in inches")


@pytest.mark.parametrize("value, exc", [(-1, VE), (True, ATE), (1.5, ATE), ("1", ATE), ([1], ATE),
                                        (np.bool_(True), ATE)], ids=repr)
def test_seed_wants_a_non_negative_integer_or_none(value, exc):
    with pytest.raises(exc, match=r"^seed: got .*, wanted an integer >= 0, None$"):
        C.seed(value)


def test_seed_accepts_none_numpy_integers_and_a_generator_only_when_asked():
    assert C.seed(None) is None and C.seed(np.int64(3)) == 3
    g = np.random.default_rng(0)
    assert C.seed(g, generator=True) is g
    with pytest.raises(ATE, match="or a numpy.random.Generator"):
        C.seed("g", generator=True)
    with pytest.raises(ATE, match=r"^seed: got Generator"):
        C.seed(g)


@pytest.mark.parametrize("value", [1, 0, "yes", None, np.array([True])], ids=repr)
def test_boolean_refuses_everything_but_true_and_false(value):
    with pytest.raises(ATE, match=r"^flag: got .*, wanted True or False$"):
        C.boolean(value, "flag")
    assert C.boolean(np.bool_(True), "flag") is True


def test_text_function_instance_and_choice():
    assert C.text("a", "s") == "a" and C.text(None, "s", allow_none=True) is None
    with pytest.raises(ATE, match=r"^s: got 3, wanted a str or None$"):
        C.text(3, "s", allow_none=True)
    with pytest.raises(ATE, match=r"^f: got 3, wanted a callable$"):
        C.function(3, "f", "a callable")
    with pytest.raises(ATE, match=r"^m: got 'rnn', wanted a model$"):
        C.instance("rnn", "m", dict, "a model")
    assert C.choice("b", "kind", ("a", "b")) == "b"
    with pytest.raises(VE, match=r"^kind: got 'c', wanted 'a' or 'b'$"):
        C.choice("c", "kind", ("a", "b"))
    with pytest.raises(VE, match=r"^kind: got 'd', wanted one of 'a', 'b', 'c'$"):
        C.choice("d", "kind", ("a", "b", "c"))
    with pytest.raises(ATE, match=r"^kind: got 1, wanted 'a' or 'b'$"):
        C.choice(1, "kind", ("a", "b"))


def test_size_limit_states_the_count_and_the_limit():
    C.size_limit(100, "n", 10, 100, "values")
    with pytest.raises(VE, match=r"^n: got 10, which makes 1,001 values, wanted at most 1,000$"):
        C.size_limit(1001, "n", 10, 1000, "values")


# --------------------------------------------------------------------------- arrays

@pytest.mark.parametrize("value", ["abc", b"ab", {"a": 1}, {1, 2}, len], ids=repr)
def test_as_array_refuses_strings_mappings_sets_and_callables(value):
    with pytest.raises(ATE, match=r"^a: got .*, wanted numbers$"):
        C.as_array(value, "a", "numbers")


def test_as_array_reports_a_ragged_list_and_returns_an_array_as_is():
    with pytest.raises(VE, match=r"^a: got a ragged list \(rows of different lengths\), wanted numbers$"):
        C.as_array([[1.0], [1.0, 2.0]], "a", "numbers")
    x = np.zeros(3)
    assert C.as_array(x, "a", "numbers") is x
    assert C.maybe_array([[1], [1, 2]]) is None and C.maybe_array([1, 2]).tolist() == [1, 2]


def test_maybe_array_lets_other_errors_through():
    class Bad:
        def __array__(self, *args, **kwargs):
            raise ValueError("not an array at all")

    with pytest.raises(ValueError, match="not an array at all"):
        C.maybe_array(Bad())


@pytest.mark.parametrize("value, match", [
    (np.array(["a"]), r"got dtype <U1"), (np.zeros(2, complex), "got dtype complex128"),
    (np.zeros((2, 2)), r"got 2-d shape \(2, 2\)"), (np.zeros(11), "got 11 values, wanted at most 10"),
    (np.array([1.0, NAN]), "got 1 NaN or infinite values"), (np.array([INF, 0]), "got 1 NaN or infinite values"),
])
def test_real_array_refuses_other_dtypes_shapes_sizes_and_non_finite_values(value, match):
    with pytest.raises(VE, match=rf"^a: {match}"):
        C.real_array(value, "a", ndim=1, max_size=10)


def test_real_array_allows_nan_when_asked_never_inf_and_converts_bools():
    out = C.real_array([1.0, NAN], "a", allow_nan=True)
    assert out.dtype == np.float64 and np.isnan(out[1])
    with pytest.raises(VE, match="got 1 infinite values"):
        C.real_array([INF, NAN], "a", allow_nan=True)
    assert C.real_array([True, False], "a").tolist() == [1.0, 0.0]


SEQUENCE_BAD = [
    (np.zeros(3), VE, r"got 1-d shape \(3,\)"), (np.zeros((4, 2, 3, 1)), VE, "got 4-d"),
    (np.zeros((4, 2, 5)), VE, r"got shape \(4, 2, 5\), wanted \(τ, batch, 3\) or \(τ, 3\) with n_in=3"),
    (np.zeros((0, 2, 3)), VE, "τ = 0 time steps"), (np.zeros((4, 0, 3)), VE, "batch = 0"),
    (np.full((4, 2, 3), NAN), VE, "24 NaN or infinite values"), (np.full((4, 3), INF), VE, "NaN or infinite"),
    (np.full((4, 2, 3), "a"), VE, "got dtype <U1"), ("abc", ATE, "got 'abc'"),
    ([[[0.0] * 3], [[0.0] * 3, [0.0] * 3]], VE, "ragged"), (np.zeros((4, 2, 3), complex), VE, "complex"),
    (None, VE, "got dtype object"), ({"x": 1}, ATE, "got dict"),
]


@pytest.mark.parametrize("x, exc, match", SEQUENCE_BAD, ids=[m for _, _, m in SEQUENCE_BAD])
def test_sequence_refuses_every_kind_of_bad_batch(x, exc, match):
    with pytest.raises(exc) as info:
        C.sequence(x, "x", 3)
    message = str(info.value)
    assert message.startswith("x: ") and re.search(match, message) and ", wanted" in message, message


def test_sequence_returns_float64_time_first_and_says_if_it_was_one_sequence():
    x3, single = C.sequence(np.ones((4, 3), np.float32), "x", 3)
    assert x3.shape == (4, 1, 3) and x3.dtype == np.float64 and single
    x3, single = C.sequence(np.ones((4, 2, 3), bool), "x", 3)
    assert x3.shape == (4, 2, 3) and not single


LABELS_BAD = [([-1, 0], VE, "got labels from -1 to 0"), ([0, 3], VE, "got labels from 0 to 3"),
              ([0.0, 1.0], VE, r"got dtype float64, .* \(use y.astype\(int\)"), ([True, False], VE, "got dtype bool"),
              ([0], VE, r"got shape \(1,\), wanted \(batch,\) = \(2,\)"), ("ab", ATE, "got 'ab'"),
              ([[0], [1, 2]], VE, "got a ragged list"), (None, VE, "got dtype object")]


@pytest.mark.parametrize("y, exc, match", LABELS_BAD, ids=[m for _, _, m in LABELS_BAD])
def test_labels_are_integer_class_indices_of_the_right_shape(y, exc, match):
    with pytest.raises(exc, match=rf"^y: {match}"):
        C.labels(y, "y", (2,), 3, "(batch,)")


def test_int_labels_accepts_any_shape_and_an_empty_list():
    assert C.int_labels([[0, 2]], "y", 3).shape == (1, 2)
    assert C.int_labels([], "y", 3).dtype == np.int64
    with pytest.raises(ATE, match="^y: got"):
        C.int_labels({"a"}, "y", 3)


def test_state_gives_zeros_or_checks_shape_dtype_and_values():
    assert C.state(None, "h0", 2, 5, False, "h(0)").shape == (2, 5)
    assert C.state(np.ones(5), "h0", 1, 5, True, "h(0)").shape == (1, 5)
    for h0, match in [(np.zeros((3, 5)), r"got shape \(3, 5\), wanted \(2, 5\) \(h\(0\)\)"),
                      (np.zeros(5), r"got shape \(5,\), wanted \(2, 5\)"), (np.full((2, 5), "a"), "got dtype <U1"),
                      (np.full((2, 5), NAN), "got NaN or infinite values")]:
        with pytest.raises(VE, match=rf"^h0: {match}"):
            C.state(h0, "h0", 2, 5, False, "h(0)")
    with pytest.raises(ATE, match="^h0: got 'zeros'"):
        C.state("zeros", "h0", 2, 5, False, "h(0)")


SPEC = {"U": ((5, 3), "(n_hidden, n_in)"), "b": ((5,), "(n_hidden,)")}
PARAMS_BAD = [
    (lambda p: [1], ATE, r"^params: got list \[1\], wanted a dict with keys U, b$"),
    (lambda p: {"U": p["U"]}, VE, r"^params: got no 'b', wanted exactly the keys 'U', 'b'$"),
    (lambda p: {**p, "Z": 1}, VE, r"^params: got extra key\(s\) 'Z', wanted exactly the keys 'U', 'b'$"),
    (lambda p: {**p, "b": [0.0] * 5}, ATE, r"^params\['b'\]: got list .*, wanted a float array of shape \(5,\)"),
    (lambda p: {**p, "b": None}, ATE, r"^params\['b'\]: got None"),
    (lambda p: {**p, "b": np.zeros(1)}, VE, r"^params\['b'\]: got shape \(1,\), wanted \(5,\) = \(n_hidden,\)$"),
    (lambda p: {**p, "U": np.zeros((3, 5))}, VE, r"^params\['U'\]: got shape \(3, 5\), wanted \(5, 3\)"),
    (lambda p: {**p, "b": np.zeros(5, int)}, VE, r"^params\['b'\]: got dtype int64, wanted a float array"),
    (lambda p: {**p, "b": np.full(5, NAN)}, VE, r"^params\['b'\]: got 5 NaN or infinite values"),
    (lambda p: {**p, "U": np.full((5, 3), -INF)}, VE, r"^params\['U'\]: got 15 NaN or infinite values"),
]


@pytest.mark.parametrize("edit, exc, match", PARAMS_BAD, ids=[m[:40] for _, _, m in PARAMS_BAD])
def test_param_arrays_names_the_entry_and_what_is_wrong(edit, exc, match):
    params = {"U": np.zeros((5, 3)), "b": np.zeros(5)}
    with pytest.raises(exc, match=match):
        C.param_arrays(edit(params), SPEC)


def test_param_arrays_passes_float32_and_fortran_arrays_and_skips_finiteness_when_asked():
    params = {"U": np.asfortranarray(np.zeros((5, 3), np.float32)), "b": np.zeros(5)}
    assert C.param_arrays(params, SPEC) is params
    assert C.param_arrays({"U": np.full((5, 3), INF), "b": np.zeros(5)}, SPEC, finite=False)


def test_all_finite():
    assert C.all_finite(np.zeros(3)) and not C.all_finite(np.array([0, NAN])) and not C.all_finite([INF])


# --------------------------------------------------------------------------- the one message form

# One row per helper, through the shared harness of tests/test_bad_input.py.
FORM = [
    Bad(lambda v: C.integer(v, "n", 1, 5), "n", 9, VE, "wanted an integer in 1..5"),
    Bad(lambda v: C.integer(v, "n", 1, 5), "n", True, TypeError),
    Bad(lambda v: C.positive_int(v, "n"), "n", 0, VE),
    Bad(lambda v: C.number(v, "lr", 0, low_open=True), "lr", NAN, VE),
    Bad(lambda v: C.number(v, "lr", 0, low_open=True), "lr", "1", TypeError),
    Bad(lambda v: C.seed(v), "seed", -1, VE),
    Bad(lambda v: C.boolean(v, "b"), "b", 1, TypeError),
    Bad(lambda v: C.text(v, "s"), "s", 1, TypeError),
    Bad(lambda v: C.function(v, "f"), "f", 1, TypeError),
    Bad(lambda v: C.instance(v, "m", dict, "a dict"), "m", 1, TypeError),
    Bad(lambda v: C.choice(v, "k", ("a", "b")), "k", "c", VE),
    Bad(lambda v: C.as_array(v, "a", "numbers"), "a", "s", TypeError),
    Bad(lambda v: C.real_array(v, "a"), "a", [NAN], VE),
    Bad(lambda v: C.sequence(v, "x", 3), "x", np.zeros((2, 4)), VE),
    Bad(lambda v: C.labels(v, "y", (2,), 3, "(batch,)"), "y", [0, 5], VE),
    Bad(lambda v: C.int_labels(v, "y", 3), "y", [1.5], VE),
    Bad(lambda v: C.state(v, "h0", 2, 5, False, "h(0)"), "h0", np.zeros(3), VE),
    Bad(lambda v: C.param_arrays(v, SPEC), "params", {"U": np.zeros((5, 3))}, VE),
    Bad(lambda v: C.param_arrays(v, SPEC), "params['b']", {"U": np.zeros((5, 3)), "b": np.zeros(1)}, VE),
    Bad(lambda v: C.size_limit(v, "n", 5, 10, "values"), "n", 11, VE, "wanted at most 10"),
]


@pytest.mark.parametrize("row", FORM, ids=ids(FORM))
def test_every_helper_writes_arg_got_wanted(row):
    refused(row)
