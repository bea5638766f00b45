"""Chapter 6's claims: each number its prose relies on, against a threshold from :mod:`.settings`.

The notebook's hidden guard cells call ``rnnlib.claims.check(ch.<...>_claims(...), seed=SEED)`` with
what the cells above computed; ``tests/test_ch06_seq2seq.py`` calls the same functions.
"""

import numpy as np

from ... import _checks
from ... import claims as C
from ... import translate as _tr
from . import settings as S

__all__ = ["pooled", "extrapolation_claims", "capacity_claims",
           "answer_length_claims", "budget_claims", "planted_claims", "beam_claims", "stop_claims"]


def _by_length(by_length, name, lengths):
    """``by_length`` checked: a dict {n_x: (accuracy, count)} with an entry for every length of ``lengths``."""
    wanted = "{n_x: (accuracy, count)} as rnnlib.translate.accuracy_by_length returns it"
    if not isinstance(by_length, dict):
        raise _checks.ArgumentTypeError(f"{name}: got {_checks._got(by_length)}, wanted {wanted}")
    missing = [n for n in lengths if n not in by_length]
    if missing:
        raise ValueError(f"{name}: got no accuracy for lengths {missing}, wanted every length of {list(lengths)}")
    for n in lengths:
        entry = by_length[n]
        if not isinstance(entry, (tuple, list)) or len(entry) != 2:
            raise _checks.ArgumentTypeError(f"{name}[{n}]: got {_checks._got(entry)}, wanted a pair (accuracy, count)")
        _checks.number(entry[0], f"{name}[{n}]", 0, 1, what="(accuracy, count) with accuracy")
        _checks.integer(entry[1], f"{name}[{n}]", 0, why="", allow_none=False)
    return by_length


def pooled(by_length, lengths, name="by_length"):
    """Exact match pooled over ``lengths`` of a ``{n_x: (accuracy, count)}`` dict (weighted by count)."""
    _checks.instance(lengths, "lengths", (list, tuple, range), "a list of source lengths n_x, such as [4, 5]")
    if not lengths:
        raise ValueError("lengths: got an empty list, wanted at least one source length n_x")
    lengths = [_checks.integer(n, "lengths", 1) for n in lengths]
    _by_length(by_length, name, lengths)
    acc = np.array([by_length[n][0] for n in lengths], dtype=float)
    count = np.array([by_length[n][1] for n in lengths], dtype=float)
    if count.sum() == 0:
        raise ValueError(f"{name}: got a count of 0 for every length of {list(lengths)}, wanted at least one "
                         "number to pool")
    return float((acc * count).sum() / count.sum())


def extrapolation_claims(short, full):
    """Trained on 1-6 words, 7-8-word numbers fail; the same H and budget trained on 1-8 words reads them.

    short, full : {n_x: (accuracy, count)} of the model trained on 1-6 words and on 1-8 words.
    """
    s, f = pooled(short, S.LONG_LENGTHS, "short"), pooled(full, S.LONG_LENGTHS, "full")
    return [C.at_most("trained on 1-6 words, the model almost never gets a 7-8-word number right", s,
                      S.MAX_SHORT_ON_LONGER),
            C.at_least("the same H and budget trained on 1-8 words gets many 7-8-word numbers right", f,
                       S.MIN_ALL_ON_LONGER),
            C.at_least("training on 1-8 words instead of 1-6 lifts 7-8-word accuracy by a wide margin", f - s,
                       S.MIN_EXTRAPOLATION_GAP)]


def capacity_claims(sweep):
    """The sweep of H, trained on every length at one budget: accuracy grows with H and, at this budget, falls
    faster with length at smaller H (with ten times the steps H = 32 can beat H = 64: a budget effect).

    sweep : {H: {n_x: (accuracy, count)}} for H = 16, 32, 64.
    """
    if not isinstance(sweep, dict) or not {16, 32, 64} <= set(sweep):
        raise _checks.ArgumentTypeError(f"sweep: got {_checks._got(sweep)}, wanted {{H: accuracy by length}} "
                                        "for H = 16, 32 and 64")
    lengths = list(S.TEST_LENGTHS)
    acc = {h: pooled(sweep[h], lengths, f"sweep[{h}]") for h in (16, 32, 64)}
    ratio = {h: sweep[h][8][0] / max(sweep[h][4][0], 1e-9) for h in (32, 64)}
    return [C.at_least("test exact match is far higher at H = 32 than at H = 16", acc[32] - acc[16], S.MIN_H_GAIN),
            C.at_least("test exact match is far higher at H = 64 than at H = 16", acc[64] - acc[16], S.MIN_H_GAIN),
            C.at_least("at this fixed budget, accuracy falls from 4 to 8 words more steeply at H = 32 than at H = 64",
                       ratio[64] - ratio[32], S.MIN_STEEPER_AT_SMALL_H)]


def answer_length_claims(five):
    """The control for the answer's length: among five-digit answers alone, accuracy still falls with n_x.

    five : {n_x: (accuracy, count)} of the H = 64 model on the test numbers with five digits.
    """
    _by_length(five, "five", (4, 8))
    ratio = five[8][0] / max(five[4][0], 1e-9)
    return [C.at_most("among five-digit answers alone, 8-word numbers are right far less often than 4-word ones",
                      ratio, S.MAX_FIVE_DIGIT_RATIO)]


def budget_claims(small_h, short, reversed_small_h=None):
    """The budget control (steps × BUDGET_FACTOR): at H = 16 the 8-word numbers stay rare while 4-word
    numbers are learnt; trained on 1-6 words, 7-8 words stay at zero; and (if given) the same H = 16 fed the
    source reversed gets far more 7-8-word numbers right: the same size of C holds them.

    small_h : {n_x: (accuracy, count)} at H = 16;  short : the same for H = 64 trained on 1-6 words;
    reversed_small_h : the same for H = 16 trained and tested on reversed sources.
    """
    _by_length(small_h, "small_h", (4, 8))
    short_pooled = pooled(short, S.LONG_LENGTHS, "short")
    extra = []
    if reversed_small_h is not None:
        gain = pooled(reversed_small_h, S.LONG_LENGTHS, "reversed_small_h") - pooled(small_h, S.LONG_LENGTHS, "small_h")
        extra = [C.at_least("at H = 16 with three times the steps, the reversed source gets far more 7-8-word numbers "
                            "right than the forward one", gain, S.MIN_REVERSED_GAIN_SMALL_H)]
    return extra + [C.at_most("at H = 16 with three times the steps, 8-word numbers are still rarely right",
                      small_h[8][0], S.MAX_LONGEST_SMALL_H_BUDGET),
            C.at_least("at H = 16 with three times the steps, many 4-word numbers are right", small_h[4][0],
                       S.MIN_SHORTEST_SMALL_H_BUDGET),
            C.at_most("trained on 1-6 words with three times the steps, 7-8-word numbers still fail",
                      short_pooled, S.MAX_SHORT_ON_LONGER_BUDGET)]


def planted_claims(planted):
    """After a planted wrong digit the rest of the answer is right less often than after the true digit."""
    _checks.instance(planted, "planted", _tr.PlantedErrors, "the result of rnnlib.translate.planted_errors")
    drop = planted.right_after_true - planted.right_after_wrong
    return [C.at_least("at every position, a forced wrong digit leaves the rest right far less often than the "
                       "true digit does", float(drop.min()), S.MIN_PLANT_DROP)]


def beam_claims(split, same_as_greedy, gain):
    """Beam search: width 1 is greedy; greedy makes search errors; the beam fixes some answers, breaks a few;
    nearly all its errors (answers cut off at MAX_LEN counted apart) are the model's.

    split : rnnlib.translate.SearchErrors at width BEAM_WIDTH;  same_as_greedy : bool, width 1 == greedy;
    gain : exact match of width BEAM_WIDTH minus greedy's.
    """
    _checks.instance(split, "split", _tr.SearchErrors, "the result of rnnlib.translate.search_errors")
    errors = split.search + split.model
    return [C.exact("beam search of width 1 gives exactly greedy decoding's outputs", same_as_greedy),
            C.at_most(f"of width {split.width}'s wrong answers, almost none are search errors",
                      split.search / max(errors, 1), S.MAX_SEARCH_SHARE),
            C.at_least(f"a beam of width {split.width} fixes some answers greedy got wrong", split.fixes,
                       S.MIN_BEAM_FIXES),
            C.at_least("greedy decoding makes search errors: for some of its wrong answers the model scores the "
                       "true answer higher", split.greedy_search, S.MIN_GREEDY_SEARCH),
            C.at_most(f"a beam of width {split.width} changes exact match by only a few points", gain,
                      S.MAX_BEAM_GAIN)]


def stop_claims(p_stop):
    """Exercise 3's lesson: after the same digits "320" the decoder stops for "three hundred and twenty" and
    not for "three thousand two hundred"."""
    if not isinstance(p_stop, (list, tuple, np.ndarray)) or not all(
            isinstance(v, (int, float, np.floating)) and not isinstance(v, bool) for v in np.ravel(p_stop)):
        raise _checks.ArgumentTypeError(f"p_stop: got {_checks._got(p_stop)}, wanted a pair of probabilities")
    p = np.asarray(p_stop, dtype=float)
    if p.shape != (2,):
        raise ValueError(f"p_stop: got shape {p.shape}, wanted (2,): (p for 'three hundred and twenty', "
                         "p for 'three thousand two hundred')")
    return [C.at_least("after writing 320 the decoder stops far more readily for 'three hundred and twenty' than "
                       "for 'three thousand two hundred'", float(p[0] - p[1]), S.MIN_STOP_GAP)]
