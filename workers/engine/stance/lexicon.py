"""General English word lists the stance checks rely on.

Everything here is ordinary English grammar and vocabulary (number words, units, hedges,
negators, antonym pairs); nothing is drawn from any particular corpus or claim set.
"""

from __future__ import annotations

# Adverbs and phrases that qualify a claim without changing what it asserts.
HEDGES = frozenset(
    {
        "reportedly",
        "apparently",
        "allegedly",
        "supposedly",
        "seemingly",
        "purportedly",
        "ostensibly",
        "arguably",
        "reputedly",
        "presumably",
        "evidently",
        "possibly",
        "perhaps",
        "maybe",
    }
)

# Words that put a statement about an earlier occurrence ("the last time they met"), which a
# passage dates by what came after it ("their first meeting since May").
LOOKING_BACK = frozenset({"last", "since", "previous", "previously"})

# Comparatives that say which of two amounts is the larger ("longer than", "fewer than").
MORE_WORDS = frozenset(
    {"longer", "more", "greater", "higher", "larger", "bigger", "older", "heavier", "harsher", "costlier"}
)
LESS_WORDS = frozenset({"shorter", "less", "fewer", "lower", "smaller", "younger", "lighter", "cheaper"})
# Words that make every amount in a sentence a sum ("together they earned $40 million"; not
# "total": "the total rainfall" is a noun), and verbs that sum ("add up to", "sum up to").
SUMMING_WORDS = frozenset({"together", "combined", "altogether"})
SUM_VERBS = frozenset({"add", "sum"})
# "longer than A and B put together": a sum, which the comparison check does not attempt.
SUM_WORDS = SUMMING_WORDS | {"total"}

# Words that mark a claim as certain, and a passage as doubting the same thing.
CERTAIN = frozenset(
    {
        "definitely",
        "certainly",
        "surely",
        "undoubtedly",
        "absolutely",
        "guaranteed",
        "inevitably",
        "assuredly",
    }
)
DOUBTFUL = frozenset(
    {"unlikely", "doubtful", "improbable", "uncertain", "doubt", "downplay", "questionable", "unclear"}
)

# Auxiliaries that make a clause a possibility ("she could face ten years"), not a fact. Not
# "may": reference and science writing use it for what something can do ("smoke may cause...").
POSSIBILITY_MODALS = frozenset({"could", "might"})
# Auxiliaries after which a clause is not stated as fact at all.
MODALS = POSSIBILITY_MODALS | {"may", "would", "will", "should", "must", "can", "shall", "'ll", "wo", "ca"}

# "The lack of a reply" says there was no reply.
ABSENCE_NOUNS = frozenset({"lack", "absence"})

# A determiner before "one" makes it a pronoun: "the one", "this one", "each one".
PRONOUN_DETERMINERS = frozenset({"the", "this", "that", "which", "each", "every", "any", "no", "another"})

# Verb + particle/object pairs that express doubt: "played down the risk", "cast doubt on".
DOUBT_PHRASES = frozenset({("play", "down"), ("cast", "doubt"), ("rule", "out")})

NEGATORS = frozenset(
    {"not", "n't", "never", "no", "neither", "nor", "without", "nobody", "nothing", "none", "cannot"}
)

# Acts two parties do together: "A spoke with B" is "B spoke with A", no swap of who did it.
RECIPROCAL_VERBS = frozenset(
    {"speak", "talk", "meet", "chat", "confer", "converse", "negotiate", "agree"}
)

# Verbs whose complement did not happen: "declined to say" ~ "did not say".
REFUSAL_VERBS = frozenset(
    {"decline", "refuse", "fail", "reject", "deny", "avoid", "neglect", "forgo", "omit", "resist"}
)

COMMUNICATION_VERBS = frozenset(
    {
        "say",
        "tell",
        "describe",
        "reveal",
        "announce",
        "state",
        "confirm",
        "disclose",
        "report",
        "claim",
        "comment",
        "explain",
        "mention",
        "acknowledge",
        "note",
        "add",
        "stress",
        "declare",
        "suggest",
        "accord",  # "according to the ministry" reports what the ministry said
    }
)

# Words that turn a duration into an offset from another time: "two days before", "a year ago".
RELATIVE_TIME_WORDS = frozenset({"before", "after", "ago", "earlier", "later", "prior", "since"})

# Offices: "the Foreign Minister" names whoever holds the office, not a person of its own.
OFFICE_TITLES = frozenset(
    {
        "ambassador",
        "chair",
        "chairman",
        "chairwoman",
        "chancellor",
        "chief",
        "commissioner",
        "director",
        "envoy",
        "general",
        "governor",
        "king",
        "leader",
        "mayor",
        "minister",
        "premier",
        "president",
        "prosecutor",
        "queen",
        "secretary",
        "senator",
        "spokesman",
        "spokesperson",
        "spokeswoman",
    }
)

# A light verb and an object that together only say something happened ("the vote took place on
# Monday"): the object is not content a passage has to repeat.
EMPTY_OBJECTS = frozenset({("take", "place")})

# Verbs that carry little content of their own; a claim's meaning sits in their arguments.
LIGHT_VERBS = frozenset(
    {
        "be",
        "have",
        "do",
        "make",
        "take",
        "get",
        "go",
        "come",
        "give",
        "put",
        "become",
        "seem",
        "appear",
        "include",
        "involve",
        "use",
        "hold",
        "keep",
    }
)

# Pairs of words with opposite meaning (each direction is added below).
_ANTONYM_PAIRS = [
    ("admit", "deny"),
    ("confirm", "deny"),
    ("accept", "reject"),
    ("accept", "refuse"),
    ("agree", "refuse"),
    ("agree", "disagree"),
    ("approve", "reject"),
    ("approve", "veto"),
    ("allow", "ban"),
    ("allow", "forbid"),
    ("allow", "prohibit"),
    ("permit", "ban"),
    ("increase", "decrease"),
    ("increase", "reduce"),
    ("increase", "cut"),
    ("rise", "fall"),
    ("rise", "decline"),
    ("rise", "drop"),
    ("grow", "shrink"),
    ("grow", "decline"),
    ("expand", "shrink"),
    ("expand", "contract"),
    ("gain", "lose"),
    ("win", "lose"),
    ("beat", "lose"),  # "A beat B" / "A lost to B"
    ("defeat", "lose"),
    ("succeed", "fail"),
    ("pass", "fail"),
    ("support", "oppose"),
    ("favor", "oppose"),
    ("favour", "oppose"),
    ("praise", "criticize"),
    ("praise", "criticise"),
    ("praise", "condemn"),
    ("welcome", "condemn"),
    ("welcome", "reject"),
    ("open", "close"),
    ("start", "end"),
    ("begin", "end"),
    ("begin", "stop"),
    ("start", "stop"),
    ("include", "exclude"),
    ("arrive", "depart"),
    ("enter", "leave"),
    ("buy", "sell"),
    ("borrow", "lend"),
    ("strengthen", "weaken"),
    ("improve", "worsen"),
    ("raise", "lower"),
    ("raise", "cut"),
    ("acquit", "convict"),
    ("release", "detain"),
    ("release", "arrest"),
    ("free", "detain"),
    ("remember", "forget"),
    ("attack", "defend"),
    ("advance", "retreat"),
    ("warm", "cool"),
    ("heat", "cool"),
    ("melt", "freeze"),
    ("public", "private"),
    ("public", "secret"),
    ("true", "false"),
    ("legal", "illegal"),
    ("possible", "impossible"),
    ("likely", "unlikely"),
    ("more", "less"),
    ("higher", "lower"),
    ("larger", "smaller"),
    ("increasing", "decreasing"),
    ("warmer", "cooler"),
    ("positive", "negative"),
    ("guilty", "innocent"),
    ("alive", "dead"),
    ("first", "last"),
    ("before", "after"),
    ("above", "below"),
    ("maximum", "minimum"),
    ("major", "minor"),
    ("high", "low"),
    ("strong", "weak"),
    ("fast", "slow"),
    ("early", "late"),
    ("present", "absent"),
    ("calm", "heated"),
    ("friendly", "hostile"),
    ("success", "failure"),
    ("victory", "defeat"),
    ("ally", "enemy"),
    ("peace", "war"),
    ("cooperation", "confrontation"),
    ("fully", "partially"),
]
ANTONYMS: dict[str, frozenset[str]] = {}
for _a, _b in _ANTONYM_PAIRS:
    ANTONYMS[_a] = ANTONYMS.get(_a, frozenset()) | {_b}
    ANTONYMS[_b] = ANTONYMS.get(_b, frozenset()) | {_a}

NUMBER_WORDS: dict[str, float] = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
    "dozen": 12,
    "half": 0.5,
    "single": 1,
    "couple": 2,
    "pair": 2,
    "both": 2,
    "twice": 2,
    "once": 1,
    "thrice": 3,
    "hundreds": 100,
    "thousands": 1_000,
    "millions": 1_000_000,
    "billions": 1_000_000_000,
    "dozens": 12,
    "tens": 10,
}
ORDINAL_WORDS: dict[str, int] = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "thirtieth": 30,
}

# Units of time in seconds. Short and long spans are compared only within their own group:
# "two hours" and "40 minutes" measure the same kind of thing, "three weeks" and "40 minutes"
# almost never do.
SHORT_DURATIONS = {"second": 1, "minute": 60, "hour": 3_600}
LONG_DURATIONS = {
    "day": 86_400,
    "week": 604_800,
    "month": 2_629_800,
    "year": 31_557_600,
    "decade": 315_576_000,
    "century": 3_155_760_000,
}
UNIT_ALIASES = {
    "sec": "second",
    "secs": "second",
    "min": "minute",
    "mins": "minute",
    "hr": "hour",
    "hrs": "hour",
    "yr": "year",
    "yrs": "year",
    "%": "percent",
    "per cent": "percent",
    "pct": "percent",
    "$": "dollar",
    "usd": "dollar",
    "€": "euro",
    "eur": "euro",
    "£": "pound",
    "gbp": "pound",
    "km": "kilometre",
    "kilometer": "kilometre",
    "m": "metre",
    "meter": "metre",
    "cm": "centimetre",
    "mm": "millimetre",
    "kg": "kilogram",
    "t": "tonne",
    "ton": "tonne",
    "°c": "degree",
    "°f": "degree",
    "celsius": "degree",
    "fahrenheit": "degree",
    "ppm": "ppm",
}

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
MONTH_ABBREVIATIONS = {m[:3]: m for m in MONTHS} | {"sept": "september"}

# Words before a number that make it a bound rather than an amount. Not "up to" or "as much as":
# "faces up to ten years" says the most is ten years, an amount that another maximum can contradict.
BOUND_PHRASES = {
    ("less", "than"): "upper",
    ("fewer", "than"): "upper",
    ("under",): "upper",
    ("below",): "upper",
    ("at", "most"): "upper",
    ("no", "more", "than"): "upper",
    ("more", "than"): "lower",
    ("over",): "lower",
    ("above",): "lower",
    ("at", "least"): "lower",
    ("upwards", "of"): "lower",
    ("no", "less", "than"): "lower",
    ("no", "fewer", "than"): "lower",
}

# Words that insist on a figure ("exactly 25 minutes"), which an approximate one does not confirm.
EXACT_WORDS = frozenset({"exactly", "precisely"})

# An act still to come: "is willing to exchange", "plans to meet".
INTENT_WORDS = frozenset(
    {"plan", "intend", "expect", "hope", "aim", "prepare", "willing", "ready", "prepared", "set"}
)

# Words that make a quantity approximate ("about 25 minutes"): compared with a tolerance.
APPROXIMATORS = frozenset(
    {
        "about",
        "around",
        "approximately",
        "roughly",
        "nearly",
        "almost",
        "some",
        "circa",
        "approx",
        "estimated",
        "over",
        "under",
        "more",
        "less",
        "least",
        "most",
        "up",
    }
)
