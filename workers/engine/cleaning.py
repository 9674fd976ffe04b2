"""Find the prose in a scraped news page, as spans of the original text.

Cleaning never rewrites the text: it returns `Block`s, character ranges of the original document
that hold running prose, so every offset computed later still points into `Document.text`.

A page is read line by line:
  * page furniture is dropped by general rules: lines without a letter (timestamps, dashes),
    datelines ("Updated 12:28, ..."), whole-line parenthesised captions and credits,
    comment-form and navigation boilerplate ("Read more", "Leave a reply"), and short lines that
    do not end a sentence (buttons, section labels, outlet names, bylines);
  * lines of one paragraph are joined (the break becomes a space): a line broken in mid-sentence,
    or a line after a full sentence; a headline above its article is not;
  * a machine date stamp at the start of a line ("date 2022-07-31 ...") is cut off.

Longer lines that do not end like a sentence (headlines, section headings) are kept but flagged
`terminated=False`: segmentation keeps them only if they read as a sentence (they contain a verb),
because a headline can carry a claim ("X resigns as minister") while a menu bar cannot.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS

# Ends a sentence: ., !, ?, … possibly followed by closing quotes or brackets.
_TERMINATED = re.compile(r"[.!?…][\"'”’»)\]]*$")
# Punctuation after which a sentence obviously goes on.
_CONTINUES = re.compile(r"[,;(\[“‘\-–—/&]$")
_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"[^\W_][\w'’.-]*")
# Characters that are blank for our purposes although str.isspace() says otherwise.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"

# A machine date stamp that scrapers put before the text ("date 2022-07-31 ...").
_LEADING_STAMP = re.compile(
    r"(?:date\s*:?\s*)?\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?Z?)?\s+(?=\S)", re.IGNORECASE
)
# "Updated 12:28, 30-Jul-2022", "Published: July 30, 2022 3:04 pm", "Posted on 2022-07-30".
_DATELINE = re.compile(
    r"(?:last\s+)?(?:updated|published|posted|first\s+published|modified)\b[\s:]*(?:on\s+)?.{0,40}\d",
    re.IGNORECASE,
)
# A clock time alone on a line: a video duration or a time stamp ("00:46", "12:28 PM", "09:15 GMT").
_CLOCK_TIME = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?|[A-Z]{2,4})?", re.IGNORECASE)
# Whole-line parenthesised or bracketed notes: photo captions, credits, "(With input from agencies)".
_BRACKETED = re.compile(r"[(\[].*[)\]]")
_TERMINATED_INSIDE_BRACKET = re.compile(r"[.!?…][\"'”’]*[)\]]$")
# Widely used page boilerplate, matched at the start of a short line.
_BOILERPLATE = re.compile(
    "|".join(
        [
            # links to other pages
            r"read\s+more|also\s+read|read\s+also|see\s+also|related(?:\s+(?:articles?|stories|news))?\s*:",
            r"(?:recommended|most\s+popular|trending)(?:\s+(?:for\s+you|stories|articles|now))?\s*:?\s*$",
            r"tags?\s*:|topics?\s*:|skip\s+to\s+(?:main\s+)?content",
            # comment forms, sharing, accounts
            r"leave\s+a\s+(?:reply|comment)|post\s+a\s+comment|required\s+fields\s+are\s+marked",
            r"your\s+email\s+address\s+will\s+not\s+be\s+published",
            r"share\s+(?:this|on)\b|click\s+here|subscribe\b|sign\s+up\b|log\s*in\b|follow\s+us\b",
            r"download\s+(?:the\s+)?app",
            # ads, rights, credits
            r"advertisement\s*$|all\s+rights\s+reserved|copyright\s*(?:©|\(c\)|\d{4})|©",
            r"(?:photo|photograph|image|picture|video|file\s+photo|credit)s?\s*(?:credit\s*)?:",
            r"(?:additional\s+)?(?:reporting|writing|editing)\s+by\b",
        ]
    ),
    re.IGNORECASE,
)
BOILERPLATE_MAX_CHARS = 160
# Unterminated lines this short are navigation, buttons, labels or bylines, not prose.
LABEL_MAX_WORDS = 4
# A line inside a paragraph this long is wrapped prose, not a heading, even if it ends on a name.
WRAPPED_LINE_MIN_WORDS = 8


@dataclass(frozen=True)
class Block:
    """A paragraph of prose: `text[start:end]` of the original, whitespace-trimmed at both ends."""

    start: int
    end: int
    terminated: bool  # ends like a sentence; if not, it is a headline or heading


@dataclass(frozen=True)
class _Line:
    start: int  # first non-blank character
    end: int  # one past the last non-blank character
    text: str


def is_blank_char(ch: str) -> bool:
    return ch.isspace() or ch in _INVISIBLE


def _content_lines(text: str) -> list[_Line | None]:
    """Each physical line trimmed of blanks; None for a blank line."""
    lines: list[_Line | None] = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        start, end = pos, pos + len(raw)
        pos = end
        while start < end and is_blank_char(text[start]):
            start += 1
        while end > start and is_blank_char(text[end - 1]):
            end -= 1
        lines.append(_Line(start, end, text[start:end]) if start < end else None)
    return lines


def _strip_leading_stamp(line: _Line) -> _Line:
    match = _LEADING_STAMP.match(line.text)
    if match is None:
        return line
    start = line.start + match.end()
    return _Line(start, line.end, line.text[match.end() :])


def is_furniture_line(line: str) -> bool:
    """Page furniture recognisable from the line alone, whatever its neighbours."""
    if not _LETTER.search(line):
        return True  # "00:46", "–", "* * *", "|"
    if _CLOCK_TIME.fullmatch(line):
        return True
    if len(line) <= BOILERPLATE_MAX_CHARS:
        if _BOILERPLATE.match(line):
            return True
        if _DATELINE.match(line) and not is_terminated(line):
            return True
    # A bracketed note is a caption or credit unless it is a whole sentence ("(... shrinkage.)").
    return bool(_BRACKETED.fullmatch(line)) and not _TERMINATED_INSIDE_BRACKET.search(line)


def is_terminated(line: str) -> bool:
    return bool(_TERMINATED.search(line))


def _last_word(line: str) -> str:
    words = _WORD.findall(line)
    return words[-1] if words else ""


# Decides a line break the surface cannot: the line ends on a lower-case content word and the next
# line starts with a capital ("A source told / Reuters that ..." versus a sentence-case headline
# "Council approves budget after debate / The council voted ..."). Returns True to join.
AmbiguousBreakResolver = Callable[[str, str], bool]


def continues_on_next_line(
    line: str,
    next_line: str,
    resolve_ambiguous: AmbiguousBreakResolver | None = None,
    *,
    opens_paragraph: bool = True,
) -> bool:
    """Whether `next_line` belongs to the same paragraph as `line` (the break is not a boundary).

    A short label on the next line (a heading, a dateline) always stands alone. After a line that
    ends like a sentence, the next line is kept with it: sentence boundaries are the segmenter's
    job, and it handles what a line rule cannot ("... said U.S. / Senator Smith"). An unterminated
    line goes on if the next line starts in lower case or with a digit ("approximately / 25
    minutes"), if it ends on a comma or the like, or on a function word ("amid the / economic").
    A line ending on a lower-case content word before a capitalised line is ambiguous ("A source
    told / Reuters ..." versus a sentence-case headline above its article): `resolve_ambiguous`
    (a parser, see segment.py) decides; without one the break is joined, since a lost
    half-sentence costs more than a headline glued to a sentence. A line ending on a capitalised
    word goes on only if it is a long line inside a paragraph (`opens_paragraph` False).
    """
    # The first letter or digit decides: "(where it is ..." and "“the world ..." go on the same.
    first = next((ch for ch in next_line if ch.isalnum()), "")
    if first.islower() or first.isdigit():
        return True
    # A short label (a section heading, a dateline "Washington", an outlet name) stands alone.
    if _is_label(next_line):
        return False
    if is_terminated(line):
        return True
    if _CONTINUES.search(line):
        return True
    last = _last_word(line)
    if not last:
        return False
    if _ends_on_function_word(line):
        return True
    if last.islower():
        return True if resolve_ambiguous is None else resolve_ambiguous(line, next_line)
    # A capitalised last word ends a headline ("... Since February", "... near Los Angeles") or a
    # name wrapped in prose ("the United / States"). The parser cannot tell them apart: it reads
    # "Florida / Lawmakers approved ..." as one noun phrase. Position can: a headline opens its
    # paragraph, while a long line inside a paragraph is running prose.
    return not opens_paragraph and _word_count(line) >= WRAPPED_LINE_MIN_WORDS


def _ends_on_function_word(line: str) -> bool:
    last = _last_word(line)
    # Not an acronym that spells one ("US", "IT").
    return bool(last) and not last.isupper() and last.lower() in STOP_WORDS


def _is_label(line: str) -> bool:
    """A short line that does not end a sentence and is not half of one ("The", "amid the")."""
    if is_terminated(line) or _CONTINUES.search(line) or _ends_on_function_word(line):
        return False
    return _word_count(line) <= LABEL_MAX_WORDS


def _word_count(text: str) -> int:
    return len(_WORD.findall(text))


def find_blocks(text: str, resolve_ambiguous: AmbiguousBreakResolver | None = None) -> list[Block]:
    """The prose of `text` as blocks of the original, in order, furniture left out."""
    blocks: list[Block] = []
    current: list[_Line] = []

    def close() -> None:
        if not current:
            return
        start, end = current[0].start, current[-1].end
        joined = text[start:end]
        terminated = is_terminated(joined)
        if not _is_label(joined):
            blocks.append(Block(start, end, terminated))
        current.clear()

    for maybe_line in _content_lines(text):
        if maybe_line is None:
            close()
            continue
        line = _strip_leading_stamp(maybe_line)
        if is_furniture_line(line.text):
            close()
            continue
        if current and not continues_on_next_line(
            current[-1].text, line.text, resolve_ambiguous, opens_paragraph=len(current) == 1
        ):
            close()
        current.append(line)
    close()
    return blocks
