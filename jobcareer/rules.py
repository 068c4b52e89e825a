"""The language rules of the analysis, as array operations over a batch's tokens.

Each rule reads the tokens' flags (see :mod:`jobcareer.token_types`) through a
:class:`TokenContext` and returns, or writes, one array over the batch's tokens. No rule
looks across the boundary between two answers, so an answer is analysed the same alone
or in any batch. :class:`jobcareer.analysis.Analyzer` runs them in order.
"""

from __future__ import annotations

import numpy as np

from jobcareer.filler_rules import filler_tokens
from jobcareer.forms import ABSORBED, HOURS, MONEY, MONTHS, NOT_NORMALISED, NUMBER, OCCUPATION, YEARS
from jobcareer.span_overlaps import FEW_SPANS, resolve_few_cue_overlaps, resolve_overlaps
from jobcareer.token_context import TokenContext
from jobcareer.token_types import flag_bits

#: Up to this many tokens of one answer (a live update's sentence), :func:`sentence_starts`
#: walks the tokens once (fewer kinds of array operation; the tests hold it to the array way).
FEW_TOKENS = 128

# Flag bits that the rules test on every sentence, looked up once.
_FINAL, _NOT_WORDISH = flag_bits("sent_punct"), flag_bits("punct", "sent_punct")
_NEG_CUE, _COPULA = flag_bits("neg_cue"), flag_bits("copula")
_CONCESSION_MARKERS = flag_bits("contrast", "concessive", "concessive_initial", "granting")
_TIME_UNITS = flag_bits("year_unit", "month_unit", "hour_unit", "day")
_NUMBER_STARTS = flag_bits("currency", "money_suffix", "like_num")
_AMOUNT_STARTS = flag_bits("currency", "money_suffix", "like_num", "vague", "a")

__all__ = [
    "TokenContext", "conceded_clauses", "denied_subjects", "drop_cues_in_idioms", "filler_tokens",
    "mask_occupations", "negation_scope", "normalise_numbers", "resolve_cue_overlaps", "sentence_starts",
]


def sentence_starts(ctx: TokenContext) -> np.ndarray:
    """Sentence starts by spaCy's ``sentencizer`` rule; every answer starts one.

    A sentence starts at the first token that is neither punctuation nor a sentence-final
    character after a sentence-final character.
    """
    flags = ctx.flags
    n = len(flags)
    if ctx.one_answer and n <= FEW_TOKENS:
        return _few_sentence_starts(ctx.flag_list)
    final = (flags & flag_bits("sent_punct")) != 0
    if not np.count_nonzero(final):  # no sentence-final character (an unfinished sentence): the answers' starts
        final[ctx.answer_starts] = True
        return final
    wordish = (flags & flag_bits("punct", "sent_punct")) == 0
    finals_so_far = np.zeros(n + 1, dtype=np.int64)
    final.cumsum(out=finals_so_far[1:])
    # the token after the last wordish token before i (the answer's start at the latest):
    # the last of the wordish tokens up to i, by their running count (-1: none yet)
    at = wordish.nonzero()[0]
    wordish_at = np.empty(len(at) + 1, dtype=np.int64)
    wordish_at[0] = -1
    wordish_at[1:] = at
    last_wordish = wordish_at[wordish.cumsum()]
    reach = np.empty(n, dtype=np.int64)
    reach[:1] = 0
    np.add(last_wordish[:-1], 1, out=reach[1:])
    if not ctx.one_answer:
        np.maximum(reach, ctx.doc_start, out=reach)
    start = wordish & (finals_so_far[:-1] > finals_so_far[reach])  # a final character between
    start[ctx.answer_starts] = True
    return start


def _few_sentence_starts(flags: list[int]) -> np.ndarray:
    """:func:`sentence_starts` of one answer's few tokens (their ``flags``), in one pass: a
    wordish token starts a sentence when a sentence-final character came after the last one."""
    final, not_wordish = _FINAL, _NOT_WORDISH
    out = [False] * len(flags)
    final_since = False
    for i, f in enumerate(flags):
        if not f & not_wordish:
            out[i] = final_since
            final_since = False
        elif f & final:
            final_since = True
    if out:
        out[0] = True
    return np.array(out, dtype=bool)


def negation_scope(ctx: TokenContext, sent_start: np.ndarray, filler: np.ndarray, window: int) -> np.ndarray:
    """Tokens inside the scope of a negation cue.

    A cue negates the words after it until punctuation, a sentence start, a scope
    breaker, or ``window`` content words (fillers do not count), whichever is first.
    """
    if not ctx.present & _NEG_CUE:
        return np.zeros(len(ctx.flags), dtype=bool)
    cue = ctx.has("neg_cue")
    scope_end = (ctx.has("punct", "breaker") | sent_start) & ~cue
    position = ctx.position
    last_cue = np.maximum.accumulate(np.where(cue, position, -1))
    last_scope_end = np.maximum.accumulate(np.where(scope_end, position, -1))
    counted = (~filler).cumsum()
    safe_cue = np.maximum(last_cue, 0)
    within = (counted - counted[safe_cue]) <= window
    return (last_cue >= 0) & (last_scope_end < last_cue) & ~cue & ~filler & within


def denied_subjects(
    ctx: TokenContext, sent_start: np.ndarray, filler: np.ndarray, *, max_subject: int = 4, reach: int = 4
) -> np.ndarray:
    """Subjects that a negation after them denies as the reason ("money was never why").

    A negation cue right after "is", "was", "has", "had", "'s", ... denies the clause's
    subject when the cue itself or one of the ``reach`` words after it says *reason*
    ("why", "the point", "about", "nothing"; the ``denied_reasons`` lexicon): "Money has
    never been why I took a job", "The title isn't the point", "Pay had nothing to do with
    it". The subject is the one to ``max_subject`` words between the clause's start (a
    sentence start, punctuation or a scope breaker) and that verb, at least one of them a
    content word ("it's not about ..." denies nothing); its words are then negated like the
    words after a cue. Fillers are skipped; nothing crosses an answer.
    """
    n = len(ctx.flags)
    denied = np.zeros(n, dtype=bool)
    if not ctx.present & _NEG_CUE or not ctx.present & _COPULA:
        return denied
    cues = (ctx.has("neg_cue") & ((ctx.previous_flags & flag_bits("copula")) != 0)).nonzero()[0]
    if not len(cues):
        return denied
    flags, doc_start, tokens_after = ctx.flags, ctx.doc_start, ctx.tokens_after
    reason, stop = flag_bits("denied_reason"), flag_bits("punct", "breaker", "neg_cue")
    function_word = flag_bits("stop")
    for cue in cues.tolist():
        verb = cue - 1
        if verb <= doc_start[cue]:
            continue  # no room for a subject
        if not (flags[cue] & reason or _reason_ahead(flags, sent_start, cue, min(reach, int(tokens_after[cue])))):
            continue
        subject = []
        k = verb - 1
        while k >= doc_start[cue] and not flags[k] & stop:
            if not filler[k]:
                subject.append(k)
            if sent_start[k]:
                break
            k -= 1
        if 1 <= len(subject) <= max_subject and any(not flags[k] & function_word for k in subject):
            denied[subject] = True
    return denied


def _reason_ahead(flags: np.ndarray, sent_start: np.ndarray, cue: int, reach: int) -> bool:
    """Whether a word of reason follows the cue within ``reach`` tokens of its own clause."""
    reason, boundary = flag_bits("denied_reason"), flag_bits("punct")
    for k in range(cue + 1, cue + 1 + reach):
        if sent_start[k] or flags[k] & boundary:
            return False
        if flags[k] & reason:
            return True
    return False


def conceded_clauses(ctx: TokenContext, sent_start: np.ndarray) -> np.ndarray:
    """Tokens of conceded clauses, which the answer grants before arguing otherwise.

    Four rules, none crossing an answer (a contrast marker after "anything", "nothing", ...
    means "except" and marks no contrast):

    1. inside a sentence, the words before a contrast marker ("the pay's fine, *but*
       I want to learn": "the pay's fine" is conceded);
    2. a contrast marker that opens a sentence concedes the whole sentence before it
       ("It pays well. *But* I was bored.");
    3. a concessive word ("although", "though", "despite"; "while" only at a sentence
       start) concedes its own clause, up to the next punctuation or contrast marker
       ("although the pay is good but I want ...");
    4. a granting word opening a sentence ("Sure, ...", "Admittedly ...") concedes the
       sentence, up to a contrast marker in it ("Sure, the pay is better there, but ...").
    """
    n = len(ctx.flags)
    conceded = np.zeros(n, dtype=bool)
    if not ctx.present & _CONCESSION_MARKERS:
        return conceded  # no marker: nothing is conceded (most sentences)
    position = ctx.position
    contrast = ctx.has("contrast") & ((ctx.previous_flags & flag_bits("exceptive")) == 0)
    sentence = sent_start.cumsum() - 1  # global sentence number (every answer starts one)
    if np.count_nonzero(contrast):
        # 1. a contrast marker later in the same sentence
        next_contrast = np.empty(n, dtype=np.int64)  # strictly after the token (n: none)
        next_contrast[:-1] = np.minimum.accumulate(np.where(contrast, position, n)[::-1])[::-1][1:]
        next_contrast[-1] = n
        safe = np.minimum(next_contrast, n - 1)
        conceded = (next_contrast < n) & (sentence[safe] == sentence) & ~contrast
        # 2. a contrast marker opening the next sentence of the same answer
        opens = np.zeros(int(sentence[-1]) + 2, dtype=bool)
        opens[sentence[contrast & sent_start]] = True
        opens[sentence[ctx.answer_starts]] = False  # not the first sentence of an answer
        conceded |= opens[sentence + 1]
    # 3. a concessive clause, up to punctuation or the end of its sentence
    opener = ctx.has("concessive") | (ctx.has("concessive_initial") & sent_start)
    if np.count_nonzero(opener):
        stop = (ctx.has("punct") | sent_start | contrast) & ~opener
        last_opener = np.maximum.accumulate(np.where(opener, position, -1))
        last_stop = np.maximum.accumulate(np.where(stop, position, -1))
        conceded |= (last_opener >= 0) & (last_stop < last_opener)
    # 4. a sentence opened by a granting word, up to its first contrast marker
    granting = ctx.has("granting") & sent_start
    if np.count_nonzero(granting):
        granted = np.zeros(int(sentence[-1]) + 1, dtype=bool)
        granted[sentence[granting]] = True
        contrasts_so_far = contrast.cumsum()
        before_sentence = (contrasts_so_far - contrast)[sent_start]  # contrast markers before each sentence
        conceded |= granted[sentence] & (contrasts_so_far == before_sentence[sentence])
    return conceded


def mask_occupations(starts: np.ndarray, ends: np.ndarray, doc_start: np.ndarray, norm: np.ndarray) -> int:
    """Mark matched occupation spans in ``norm`` (overlaps keep the longest, spaCy's rule);
    how many are marked."""
    if not len(starts):
        return 0
    order = np.lexsort((starts, doc_start[starts]))
    starts, ends = starts[order], ends[order]
    keep = resolve_overlaps(starts, ends, doc_start[starts], overlap_any=False)
    for s, e in zip(starts[keep].tolist(), ends[keep].tolist()):
        _absorb(norm, s, e, OCCUPATION)
    return len(keep)


def normalise_numbers(ctx: TokenContext, norm: np.ndarray) -> int:
    """Mark numbers, amounts of money and time expressions in ``norm``.

    "$20", "60k" are money; a number, "a", "few" or "couple" followed by a unit of time
    ("5 years", "five-year", "a couple of weeks") is years, months or hours, the unit
    absorbed; other numbers are plain numbers (calendar years: years). Tokens already
    marked (occupations) are left alone. Returns how many spans are marked.
    """
    n = len(norm)
    flags, tokens_after = ctx.flags, ctx.tokens_after
    # only these can start a number or a time expression
    starters = _NUMBER_STARTS if not ctx.present & _TIME_UNITS else _AMOUNT_STARTS  # "a", "few": with a unit
    if not ctx.present & starters:
        return 0
    maybe = ((flags & starters) != 0).nonzero()[0]
    room = tokens_after[maybe]
    # where the unit would be: after the number, an optional "-", then an optional "of"
    unit_offset = 1 + ((ctx.next_flags[maybe] & flag_bits("hyphen")) != 0).astype(np.int64)
    unit_offset += ((ctx.flags_ahead(unit_offset, maybe) & flag_bits("of")) != 0) & (room >= unit_offset)
    unit = np.where(room >= unit_offset, ctx.flags_ahead(unit_offset, maybe), 0)
    has_unit = (unit & flag_bits("year_unit", "month_unit", "hour_unit")) != 0
    maybe_bits = flags[maybe]
    numberish = (maybe_bits & flag_bits("vague", "a")) != 0
    keep = ((maybe_bits & flag_bits("currency", "money_suffix", "like_num")) != 0) | (numberish & has_unit)
    if not np.count_nonzero(keep):
        return 0
    candidates, unit, unit_offset = maybe[keep], unit[keep], unit_offset[keep]
    next_flags = np.where(tokens_after[candidates] >= 1, flags[np.minimum(candidates + 1, n - 1)], 0).tolist()
    currency, money_suffix, like_num = flag_bits("currency"), flag_bits("money_suffix"), flag_bits("like_num")
    year_unit, month_unit, hour_unit = flag_bits("year_unit"), flag_bits("month_unit"), flag_bits("hour_unit")
    one_or_some, day, article, some = flag_bits("one_or_some"), flag_bits("day"), flag_bits("a"), flag_bits("some")
    calendar_year = flag_bits("calendar_year")
    free_from = -1  # tokens before this one belong to a span already marked
    marked = 0
    for i, bits, unit_bits, offset, after, following in zip(
        candidates.tolist(), maybe_bits[keep].tolist(), unit.tolist(),
        unit_offset.tolist(), tokens_after[candidates].tolist(), next_flags,
    ):
        if i < free_from or norm[i] != NOT_NORMALISED:
            continue
        unit_end = i + offset + 1
        if bits & currency:
            end = i + 1
            if after >= 1 and following & (like_num | money_suffix):
                end += 1
            _absorb(norm, i, end, MONEY)
            marked += 1
            free_from = end
        elif bits & money_suffix:
            norm[i] = MONEY
            marked += 1
            free_from = i + 1
        elif unit_bits & year_unit:
            _absorb(norm, i, unit_end, YEARS)
            marked += 1
            free_from = unit_end
        elif bits & one_or_some and unit_bits & day:
            free_from = unit_end  # "one day", "some days": a phrase, not a duration
        elif bits & article:
            continue
        elif unit_bits & month_unit:
            _absorb(norm, i, unit_end, MONTHS)
            marked += 1
            free_from = unit_end
        elif unit_bits & hour_unit and not bits & some:
            _absorb(norm, i, unit_end, HOURS)
            marked += 1
            free_from = unit_end
        elif bits & like_num and not bits & one_or_some:
            # a bare "one" is a pronoun far more often than a count ("the one I'm in")
            norm[i] = YEARS if bits & calendar_year else NUMBER
            marked += 1
    return marked


def drop_cues_in_idioms(
    starts: np.ndarray,
    ends: np.ndarray,
    sets: np.ndarray,
    idiom_starts: np.ndarray,
    idiom_ends: np.ndarray,
    n_tokens: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cue matches without those that overlap an idiom ("grew up", "it paid off").

    An idiom holds a word that is a cue elsewhere but says nothing of a motive there.
    """
    if not len(idiom_starts):
        return starts, ends, sets
    covered = np.zeros(n_tokens + 1, dtype=np.int64)
    np.add.at(covered, idiom_starts, 1)
    np.add.at(covered, idiom_ends, -1)
    in_idioms_before = np.concatenate([[0], np.cumsum(np.cumsum(covered)[:n_tokens] > 0)])
    keep = in_idioms_before[ends] == in_idioms_before[starts]
    return starts[keep], ends[keep], sets[keep]


def resolve_cue_overlaps(
    starts: np.ndarray, ends: np.ndarray, sets: np.ndarray, doc_start: np.ndarray, n_sets: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cue matches with overlaps resolved, ordered by start, end and set.

    Within one cue set and answer, overlapping matches keep the longest; matches of
    different sets may overlap.
    """
    if len(starts) < 2:
        return starts, ends, sets
    if len(starts) <= FEW_SPANS:  # a sentence's few matches: the same sorts and choice, on lists
        return resolve_few_cue_overlaps(starts, ends, sets, doc_start[starts])
    docs = doc_start[starts]
    order = np.lexsort((ends, starts, sets, docs))
    starts, ends, sets, docs = starts[order], ends[order], sets[order], docs[order]
    keep = resolve_overlaps(starts, ends, docs * n_sets + sets, overlap_any=True)
    starts, ends, sets = starts[keep], ends[keep], sets[keep]
    order = np.lexsort((sets, ends, starts))  # answers are in token order already
    return starts[order], ends[order], sets[order]


def _absorb(norm: np.ndarray, start: int, end: int, placeholder: int) -> None:
    norm[start] = placeholder
    norm[start + 1 : end] = ABSORBED
