"""Reading interview transcripts into speaker turns.

Formats, chosen by the file's extension (or ``format=``):

``.vtt``  WebVTT (parsed by ``webvtt-py``): the speaker from a ``<v Name>`` voice tag or
          a ``Name:`` prefix;
``.srt``  SubRip (parsed by ``srt``): the speaker from a ``Name:`` prefix;
``.txt``  plain text, one ``Name: text`` line per turn; a line without a prefix continues
          the turn before it;
``.json`` speech-to-text segments, as Whisper-style tools write them: a list of objects, or
          an object with a ``segments`` list, each with ``text`` and optional ``start``,
          ``end`` (seconds) and ``speaker``.

Empty cues are dropped; cues are put in order of their start time (stable, so cues with
equal or missing times keep the file order). A cue without a speaker then continues the
turn of the last speaker who said more than back-channel (subtitle files often split one
person's speech into several cues and name the speaker once). A byte-order mark and CRLF line ends are accepted.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

from jobcareer.data import DataFileError
from jobcareer.transcripts.backchannel import is_backchannel

__all__ = ["FORMATS", "TranscriptError", "Turn", "parse", "read"]

#: Transcript formats by file extension.
FORMATS = {".vtt": "vtt", ".srt": "srt", ".txt": "text", ".json": "json"}

# "Ana:", "Dr. Lee:", "Interviewer 2:" at the start of a line: at most three words,
# starting with a capital letter or a digit-free word
_NAME_PREFIX = re.compile(r"^\s*([A-Z][\w.'\-]*(?: [A-Z0-9][\w.'\-]*){0,2})\s*:\s+(.*)$", re.DOTALL)
_VTT_TIMING = re.compile(r"^\s*((?:\d+:)?\d{2}:\d{2}\.\d{3})\s+-->\s+((?:\d+:)?\d{2}:\d{2}\.\d{3})(?:\s.*)?$")
_LOOKS_LIKE_TIMING = re.compile(r"\d{2}:\d{2}[.,]\d{3}\s*-+>?|-+>\s*\d{2}:\d{2}")


class TranscriptError(DataFileError):
    """A transcript file that cannot be read; the message names the file and line."""


@dataclass(frozen=True, slots=True)
class Turn:
    """What one speaker said, without interruption in the file.

    Attributes
    ----------
    speaker : str or None
        The speaker's name as the file gives it; None if the file names nobody.
    text : str
        What was said, whitespace-normalised (tags removed).
    start, end : float or None
        Time span in seconds, if the format has times.
    line : int
        Line of the file where the turn starts (1-based; the segment number for JSON).
    """

    speaker: str | None
    text: str
    start: float | None
    end: float | None
    line: int


def read(path: str | Path, format: str | None = None) -> list[Turn]:
    """Read a transcript file into turns.

    Parameters
    ----------
    path : str or Path
        A ``.vtt``, ``.srt``, ``.txt`` or ``.json`` transcript.
    format : {"vtt", "srt", "text", "json"}, optional
        Overrides the extension.

    Returns
    -------
    list of Turn
        In time order; consecutive cues of one speaker are separate turns (see
        :func:`jobcareer.transcripts.pair_answers` for joining them).

    Raises
    ------
    TranscriptError
        One line naming the file and the line that is wrong.
    FileNotFoundError
        If ``path`` does not exist.
    """
    path = Path(path)
    if format is None:
        format = FORMATS.get(path.suffix.lower())
        if format is None:
            raise TranscriptError(
                f"{path}: unknown transcript extension {path.suffix!r}; use one of "
                f"{', '.join(FORMATS)} or pass format="
            )
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise TranscriptError(f"{path}:{line}: not UTF-8 text ({err.reason})") from None
    return parse(text, format, name=str(path))


def parse(text: str, format: str, name: str = "<transcript>") -> list[Turn]:
    """Parse transcript text of the given format (see :func:`read`)."""
    readers = {"vtt": _vtt, "srt": _srt, "text": _plain, "json": _json}
    if format not in readers:
        raise ValueError(f"format must be one of {sorted(readers)}, got {format!r}")
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    turns = readers[format](text, name)
    turns = [t for t in turns if t.text]
    if not turns:
        raise TranscriptError(f"{name}: no speech in this transcript (every cue is empty)")
    return _inherit_speakers(_in_time_order(turns))


def _clean(text: str) -> str:
    return " ".join(text.split())


def _speaker_prefix(text: str) -> tuple[str | None, str]:
    match = _NAME_PREFIX.match(text)
    if match is None:
        return None, text
    return match.group(1), match.group(2)


def _inherit_speakers(turns: list[Turn]) -> list[Turn]:
    # a cue without a speaker continues the last speaker who said more than back-channel
    out, last = [], None
    for turn in turns:
        if turn.speaker is None and last is not None:
            turn = Turn(last, turn.text, turn.start, turn.end, turn.line)
        if turn.speaker is not None and not is_backchannel(turn.text):
            last = turn.speaker
        out.append(turn)
    return out


def _in_time_order(turns: list[Turn]) -> list[Turn]:
    if all(t.start is not None for t in turns):
        return sorted(turns, key=lambda t: t.start)  # type: ignore[arg-type, return-value]
    return turns


def _seconds(stamp: str) -> float:
    parts = stamp.replace(",", ".").split(":")
    seconds = 0.0
    for part in parts:
        seconds = seconds * 60 + float(part)
    return seconds


def _optional(module: str, package: str, name: str):
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        raise TranscriptError(
            f"{name}: reading this format needs the '{package}' package: pip install \"jobcareer[transcripts]\""
        ) from None


def _vtt(text: str, name: str) -> list[Turn]:
    webvtt = _optional("webvtt", "webvtt-py", name)

    lines = text.split("\n")
    if not lines[0].startswith("WEBVTT"):
        raise TranscriptError(f"{name}:1: a WebVTT file must start with 'WEBVTT', found {lines[0][:40]!r}")
    timing_lines = []
    for number, line in enumerate(lines, start=1):
        if "-->" in line or _LOOKS_LIKE_TIMING.search(line):
            match = _VTT_TIMING.match(line)
            if match is None:
                raise TranscriptError(
                    f"{name}:{number}: malformed cue timing {line.strip()[:60]!r}; expected "
                    "'00:01:02.000 --> 00:01:05.500'"
                )
            if _seconds(match.group(2)) < _seconds(match.group(1)):
                raise TranscriptError(f"{name}:{number}: the cue ends before it starts ({line.strip()})")
            timing_lines.append(number)
    try:
        captions = webvtt.from_buffer(io.StringIO(text)).captions
    except Exception as err:  # webvtt-py's errors do not name the line
        raise TranscriptError(f"{name}: not a valid WebVTT file ({err})") from None
    if len(captions) != len(timing_lines):  # pragma: no cover - the checks above catch what we know
        raise TranscriptError(f"{name}: {len(timing_lines)} cue timings but {len(captions)} cues could be read")
    turns = []
    for caption, line in zip(captions, timing_lines):
        speaker = caption.voice
        body = caption.text
        if speaker is None:
            speaker, body = _speaker_prefix(body)
        turns.append(Turn(speaker, _clean(body), _seconds(caption.start), _seconds(caption.end), line))
    return turns


def _srt(text: str, name: str) -> list[Turn]:
    srt = _optional("srt", "srt", name)

    try:
        subtitles = list(srt.parse(text))
    except srt.SRTParseError as err:
        line = text.count("\n", 0, err.expected_start) + 1
        block = text[err.expected_start : err.actual_start].split("\n")
        # name the timing line if it is the culprit, else the block's first line
        offset = next((k for k, b in enumerate(block) if _LOOKS_LIKE_TIMING.search(b)), 0)
        offset = offset if block[offset].strip() else next((k for k, b in enumerate(block) if b.strip()), 0)
        bad = block[offset].strip()
        raise TranscriptError(
            f"{name}:{line + offset}: not a SubRip cue at {bad[:60]!r}; expected an index line, then "
            "'00:01:02,000 --> 00:01:05,500', then the text"
        ) from None
    except (srt.TimestampParseError, ValueError) as err:
        raise TranscriptError(f"{name}: malformed SubRip timestamp ({err})") from None
    # line of each cue: where its index line is (cues are separated by blank lines)
    starts = [m.start() for m in re.finditer(r"(?m)^\s*\d+\s*\n[^\n]*-->", text)]
    turns = []
    for k, sub in enumerate(subtitles):
        line = text.count("\n", 0, starts[k]) + 1 if k < len(starts) else 0
        start, end = sub.start.total_seconds(), sub.end.total_seconds()
        if end < start:
            raise TranscriptError(f"{name}:{line + 1}: cue {sub.index} ends before it starts")
        speaker, body = _speaker_prefix(sub.content)
        turns.append(Turn(speaker, _clean(re.sub(r"<[^>]+>", "", body)), start, end, line))
    return turns


def _plain(text: str, name: str) -> list[Turn]:
    turns: list[Turn] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        speaker, body = _speaker_prefix(line)
        if speaker is None:
            if not turns:
                raise TranscriptError(
                    f"{name}:{number}: expected 'Name: what they said' (the first turn must name its speaker)"
                )
            last = turns[-1]
            turns[-1] = Turn(last.speaker, _clean(last.text + " " + line), None, None, last.line)
        else:
            turns.append(Turn(speaker, _clean(body), None, None, number))
    return turns


def _json(text: str, name: str) -> list[Turn]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise TranscriptError(f"{name}:{err.lineno}: invalid JSON ({err.msg}, column {err.colno})") from None
    segments = data.get("segments") if isinstance(data, dict) else data
    if not isinstance(segments, list):
        raise TranscriptError(f"{name}: expected a list of segments or an object with a 'segments' list")
    turns = []
    for k, seg in enumerate(segments, start=1):
        where = f"{name}: segment {k}"
        if not isinstance(seg, dict):
            raise TranscriptError(f"{where}: expected an object with 'text', got {type(seg).__name__}")
        if not isinstance(seg.get("text"), str):
            raise TranscriptError(f"{where}: missing 'text' (a string)")
        times = []
        for key in ("start", "end"):
            value = seg.get(key)
            if value is not None and (isinstance(value, bool) or not isinstance(value, int | float) or value < 0):
                raise TranscriptError(f"{where}: '{key}' must be a number of seconds, got {value!r}")
            times.append(None if value is None else float(value))
        start, end = times
        if start is not None and end is not None and end < start:
            raise TranscriptError(f"{where}: ends ({end}) before it starts ({start})")
        speaker = seg.get("speaker")
        body = seg["text"]
        if speaker is None:
            speaker, body = _speaker_prefix(body.strip())
        turns.append(Turn(None if speaker is None else str(speaker), _clean(body), start, end, k))
    return turns
