"""Chapter 8's claims: each number its prose relies on, against a threshold from :mod:`.settings`.

The notebook's hidden guard cells call ``rnnlib.claims.check(ch.<...>_claims(...), seed=SEED)`` with what the
cells above computed; ``tests/test_ch08_attention.py`` calls the same functions.
"""

from ... import _checks
from ... import claims as C
from . import settings as S
from .experiment import pooled

__all__ = ["length_claims", "size_claims", "encoder_claims", "reading_claims"]


def _acc(acc, name):
    """``acc`` checked: {n_x: (accuracy, count)} with an entry for every test length."""
    if not isinstance(acc, dict) or any(n not in acc for n in S.TEST_LENGTHS):
        raise _checks.ArgumentTypeError(f"{name}: got {_checks._got(acc)}, wanted {{n_x: (accuracy, count)}} for "
                                        f"every length of {list(S.TEST_LENGTHS)} (ch.accuracy_by_length)")
    for n in S.TEST_LENGTHS:
        entry = acc[n]
        if not isinstance(entry, (tuple, list)) or len(entry) != 2:
            raise _checks.ArgumentTypeError(f"{name}[{n}]: got {_checks._got(entry)}, wanted (accuracy, count)")
        _checks.number(entry[0], f"{name}[{n}]", 0, 1, what="(accuracy, count) with accuracy")
    return acc


def length_claims(plain_32, attention):
    """Trained on every length at chapter 6's budget, the plain model (H = 32) falls with length; attention does
    not, at each H given.

    plain_32 : {n_x: (accuracy, count)};  attention : {H: {n_x: (accuracy, count)}} (the notebook: H = 8, 16).
    """
    _acc(plain_32, "plain_32")
    if not isinstance(attention, dict) or not attention:
        raise _checks.ArgumentTypeError(f"attention: got {_checks._got(attention)}, wanted {{H: accuracy by length}}")
    a = {h: _acc(acc, f"attention[{h}]") for h, acc in attention.items()}
    hs = " and ".join(str(h) for h in sorted(a))
    return [C.at_least("the plain encoder-decoder at H = 32 gets far fewer 8-word numbers right than 4-word ones",
                       plain_32[4][0] - plain_32[8][0], S.MIN_PLAIN_FALL),
            C.at_most(f"attention at H = {hs} does not fall from 4 to 8 words",
                      max(acc[4][0] - acc[8][0] for acc in a.values()), S.MAX_ATTENTION_FALL),
            C.at_least(f"attention at H = {hs} gets nearly every number right at every length from 4 to 8 words",
                       min(acc[n][0] for acc in a.values() for n in S.TEST_LENGTHS), S.MIN_ATTENTION_LONGEST)]


def size_claims(attention_8, plain_64, attention_4, plain_8):
    """The parameter count is not the cause: attention at H = 8 beats plain at H = 64 (twelve times its
    parameters) on 8-word numbers; attention at H = 4 and plain at H = 8 learn almost nothing at this budget.
    """
    for name, acc in (("attention_8", attention_8), ("plain_64", plain_64), ("attention_4", attention_4),
                      ("plain_8", plain_8)):
        _acc(acc, name)
    return [C.at_least("attention at H = 8 gets far more 8-word numbers right than the plain model at H = 64",
                       attention_8[8][0] - plain_64[8][0], S.MIN_OVER_BIGGEST_PLAIN),
            C.at_most("attention at H = 4 and the plain model at H = 8 get almost nothing right",
                      max(pooled(attention_4), pooled(plain_8)), S.MAX_TINY)]


def encoder_claims(bi, uni, uni_matched, plain_64):
    """Bidirectional against unidirectional at H = CONTROL_H, and against unidirectional at UNI_MATCHED_H.

    bi, uni, uni_matched, plain_64 : {n_x: (accuracy, count)}.
    """
    for name, acc in (("bi", bi), ("uni", uni), ("uni_matched", uni_matched), ("plain_64", plain_64)):
        _acc(acc, name)
    return [C.at_least(f"at H = {S.CONTROL_H} the bidirectional encoder gets more numbers right than the "
                       "unidirectional one", pooled(bi) - pooled(uni), S.MIN_BI_GAIN),
            C.at_most(f"a unidirectional encoder at H = {S.UNI_MATCHED_H}, with more parameters, does as well as the "
                      f"bidirectional one at H = {S.CONTROL_H}", pooled(bi) - pooled(uni_matched),
                      S.MAX_BI_GAIN_MATCHED),
            C.at_least(f"unidirectional attention at H = {S.UNI_MATCHED_H} gets far more 8-word numbers right than "
                       "the plain model at H = 64", uni_matched[8][0] - plain_64[8][0], S.MIN_UNI_OVER_PLAIN)]


def reading_claims(share, untrained):
    """The decoder reads the sentence left to right: for most test numbers the word it looks at most never
    moves back while it writes the digits and ends after where it started (``share``, from
    :func:`.experiment.reading_order`, H = 16); the same measure of the untrained model (``untrained``) is near 0,
    so the measure is not met by any decoder."""
    share = _checks.number(share, "share", 0, 1, what="a share")
    untrained = _checks.number(untrained, "untrained", 0, 1, what="a share")
    return [C.at_least("for most test numbers the word the H = 16 decoder looks at most moves forward through the "
                       "sentence as it writes the digits", share, S.MIN_READING_ORDER),
            C.at_most("for the untrained H = 16 model it almost never does", untrained, S.MAX_READING_ORDER_UNTRAINED)]
