"""The disclaimer and red-flag detection on what the user types, before the model answers.

Detection is deliberately rule-based: it must work the same with every model, cost nothing, and
never be talked out of a warning by model output. Each rule is a regular expression over the
message after two normalizations: lower case with punctuation folded to spaces, and each word
close to a vocabulary word by one or two edits (``chset pian``, ``cant breth``, ``anaphalaxis``)
replaced by that word. A rule fires unless a plain negation ("no", "denies", "without", "don't
have") sits just before the phrase.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

DISCLAIMER = (
    "medgguf is a research demo, not a clinician. Its answers can be wrong or out of date: "
    "do not use them for diagnosis or treatment decisions. In an emergency, call your local "
    "emergency number."
)

EMERGENCY_HEADLINE = "POSSIBLE MEDICAL EMERGENCY"
EMERGENCY_ACTION = (
    "If this is happening now, call your local emergency number "
    "(911 in the US, 112 in the EU, 999 in the UK) or go to the nearest emergency department. "
    "Do not wait for this chat."
)
CRISIS_ACTION = (
    "If you are thinking about suicide or harming yourself, call your local emergency number "
    "or a crisis line now (988 in the US, 116 123 Samaritans in the UK/IE). You are not alone."
)
POISON_ACTION = "For a poisoning or overdose, also call your poison control centre (1-800-222-1222 in the US)."


@dataclass(frozen=True)
class RedFlagRule:
    category: str  # a stable id: chest_pain, stroke, ...
    label: str  # what the notice calls it
    patterns: tuple[str, ...]


@dataclass(frozen=True)
class RedFlag:
    category: str
    label: str
    matched: str  # the normalized words that fired the rule


_BODY_PAIN = (
    r"(?:pain|pains|painful|hurts?|hurting|ache|aching|pressure|tightness|tight|squeezing|crushing|heavy|heaviness)"
)

RULES: tuple[RedFlagRule, ...] = (
    RedFlagRule(
        "chest_pain",
        "chest pain / possible heart attack",
        (
            rf"\bchest (?:\w+ ){{0,2}}{_BODY_PAIN}\b",
            rf"\b{_BODY_PAIN} (?:\w+ ){{0,3}}(?:in|on|across) (?:my |the |his |her )?chest\b",
            r"\bheart attack\b",
            r"\b(?:pain|ache|pressure) (?:\w+ ){0,3}(?:left|right)? ?(?:arm|jaw) (?:\w+ ){0,4}(?:sweat|sweating|sweaty)\b",
        ),
    ),
    RedFlagRule(
        "stroke",
        "signs of a stroke",
        (
            r"\bstroke\b",
            r"\b(?:face|mouth|smile) (?:is |are |has |seems |looks )?(?:\w+ )?(?:droop|drooping|droopy|drooped|numb|lopsided)\b",
            r"\b(?:slurred|slurring|garbled) (?:speech|words|talking)\b",
            r"\b(?:slurring|slurs) (?:\w+ )?(?:words|speech)\b",
            r"\b(?:sudden|suddenly) (?:\w+ ){0,4}(?:weakness|numbness|numb|paralysis|paralyzed|confusion|blind|vision loss|can t speak)\b",
            r"\b(?:one side|left side|right side) (?:of (?:my|his|her|the) (?:body|face) )?(?:\w+ )?(?:is )?(?:numb|weak|paralyzed|droop\w*)\b",
            r"\bcan t (?:move|feel) (?:my|his|her) (?:left|right) (?:arm|leg|side)\b",
        ),
    ),
    RedFlagRule(
        "bleeding",
        "severe bleeding",
        (
            r"\b(?:severe|heavy|heavily|profuse|profusely|uncontrolled|massive|lots of|a lot of) (?:\w+ )?(?:bleeding|bleed|blood loss)\b",
            r"\b(?:bleeding|bleed|blood) (?:\w+ ){0,3}(?:won t|wont|will not|doesn t|does not|can t|cannot) stop\b",
            r"\b(?:bleeding|bleeds|bled) (?:\w+ ){0,2}(?:heavily|profusely|a lot|everywhere|badly)\b",
            r"\b(?:spurting|gushing|pouring|squirting) (?:\w+ )?blood\b",
            r"\bblood (?:is )?(?:spurting|gushing|pouring|squirting)\b",
            r"\b(?:coughing|vomiting|throwing) (?:up )?(?:\w+ )?blood\b",
        ),
    ),
    RedFlagRule(
        "breathing",
        "difficulty breathing",
        (
            r"\b(?:can t|cannot|can not|unable to|struggling to|hard to|difficult to|trouble|difficulty|hard time) (?:\w+ ){0,2}(?:breathe|breathing|breath|catch (?:my|his|her) breath)\b",
            r"\b(?:not|stopped|isn t|is not|wasn t) breathing\b",
            r"\bshort(?:ness)? of breath\b",
            r"\b(?:gasping|choking|suffocating)\b",
            r"\b(?:lips|face|skin) (?:\w+ )?(?:turning |turned |are |is |going )?(?:blue|grey|gray)\b",
        ),
    ),
    RedFlagRule(
        "anaphylaxis",
        "severe allergic reaction (anaphylaxis)",
        (
            r"\banaphyla\w*\b",
            r"\b(?:throat|tongue|lips?|face) (?:\w+ ){0,2}(?:swelling|swollen|swell|swells|closing|closing up|tight)\b",
            r"\bswelling (?:\w+ ){0,2}(?:throat|tongue|lips?)\b",
            r"\b(?:epipen|epi pen|adrenaline auto ?injector)\b",
            r"\ballergic reaction\b",
        ),
    ),
    RedFlagRule(
        "suicide",
        "thoughts of suicide or self-harm",
        (
            r"\bsuicid\w*\b",
            r"\b(?:kill|killing|hurt|hurting|harm|harming) (?:my ?self|myself)\b",
            r"\bself ?harm\w*\b",
            r"\b(?:end|ending|take|taking) my (?:own )?life\b",
            r"\b(?:want|wanna|going|plan|planning) (?:\w+ )?(?:to )?die\b",
            r"\bdon t want to (?:live|be alive|wake up)\b",
            r"\bno reason to live\b",
            r"\bbetter off dead\b",
        ),
    ),
    RedFlagRule(
        "poisoning",
        "poisoning or overdose",
        (
            r"\boverdos\w*\b",
            r"\bpoison(?:ed|ing)?\b",
            r"\b(?:swallowed|drank|ate|ingested|took) (?:\w+ ){0,3}(?:bleach|antifreeze|detergent|pods?|drain cleaner|rat poison|pesticide|weed killer|batter(?:y|ies)|button batter(?:y|ies)|lamp oil|paint thinner|mushrooms?)\b",
            r"\b(?:took|swallowed|ate|had) (?:\w+ ){0,2}(?:too many|a whole bottle of|an entire bottle of|the whole bottle of|a bottle of|all (?:my|of my|the)) (?:\w+ )?(?:pills|tablets|meds|medication|medicine|paracetamol|tylenol|acetaminophen|ibuprofen|aspirin|insulin|sleeping)\b",
            r"\bcarbon monoxide\b",
        ),
    ),
    RedFlagRule(
        "unresponsive",
        "unconsciousness or a seizure",
        (
            r"\b(?:unconscious|unresponsive|won t wake up|will not wake up|can t wake (?:him|her|them|up))\b",
            r"\b(?:passed out|fainted|collapsed) (?:\w+ ){0,3}(?:won t|not|isn t) (?:wake|waking|responding|breathing)\b",
            r"\bseizure (?:\w+ ){0,3}(?:won t stop|not stopping|lasting|for (?:over )?\d+ minutes|more than \w+ minutes)\b",
            r"\b(?:having|had) a seizure\b",
            r"\bconvuls\w*\b",
        ),
    ),
    RedFlagRule(
        "head_injury",
        "serious head injury",
        (
            r"\b(?:hit|hurt|injured|banged|struck) (?:\w+ ){0,2}head (?:\w+ ){0,6}(?:vomit\w*|confus\w*|unconscious|passed out|blood thinner\w*|seizure)\b",
            r"\bworst headache (?:of|in) (?:my|his|her) life\b",
            r"\bthunderclap headache\b",
        ),
    ),
    RedFlagRule(
        "meningitis_sepsis",
        "possible meningitis or sepsis",
        (
            r"\bstiff neck (?:\w+ ){0,4}(?:fever|rash)\b",
            r"\b(?:fever|rash) (?:\w+ ){0,4}stiff neck\b",
            r"\brash (?:that )?(?:doesn t|does not|won t) fade\b",
            r"\bsepsis\b|\bseptic\b",
        ),
    ),
)

# "no chest pain", "denies shortness of breath", "without any bleeding"
_NEGATION = re.compile(
    r"\b(?:no|denies|denied|without|never had|don t have|do not have|doesn t have|"
    r"does not have|not having|free of|ruled out|negative for)(?: any| a)? $"
)

# Words a misspelling may be corrected to: the vocabulary of the rules themselves.
_STOP = {
    "the",
    "and",
    "for",
    "can",
    "not",
    "has",
    "had",
    "are",
    "was",
    "his",
    "her",
    "him",
    "my",
    "one",
    "off",
    "all",
    "ate",
    "too",
    "own",
    "lot",
    "won",
    "don",
    "wont",
    "cant",
    "side",
    "took",
    "face",
    "have",
    "live",
    "over",
    "more",
    "than",
    "will",
    "does",
    "that",
    "been",
}
# Common words one edit from a rule word that must stay as typed ("chess" is not "chest").
_KEEP = {
    "chess",
    "breed",
    "bread",
    "paint",
    "stoke",
    "strike",
    "stroked",
    "strokes",
    "rain",
    "pin",
    "pan",
    "pail",
    "best",
    "rest",
    "test",
    "vest",
    "west",
    "nest",
    "jest",
    "cheat",
    "breach",
    "bleak",
    "blend",
    "blond",
    "blonde",
    "blood",
    "poise",
    "poisson",
    "heat",
    "hear",
    "heard",
    "beard",
    "seizures",
    "throat",
    "trough",
    "though",
    "through",
    "thought",
    "lips",
    "lip",
    "dye",
    "dies",
    "died",
    "diet",
    "dice",
    "lie",
    "lied",
    "tie",
    "tied",
    "pills",
    "hills",
    "fills",
    "kills",
    "mills",
    "wills",
    "swallow",
    "breathe",
    "breath",
    "death",
    "breadth",
    "sweet",
    "sweat",
    "swear",
    "tight",
    "light",
    "night",
    "right",
    "fight",
    "might",
    "sight",
    "eight",
    "weight",
    "height",
    "slurp",
    "slur",
    "stoker",
    "chested",
    "panic",
    "pains",
    "paints",
    "saint",
    "faint",
    "fainted",
    "painted",
    "bleached",
    "blue",
    "glue",
    "clue",
    "true",
    "drank",
    "drink",
    "thank",
    "think",
    "thing",
    "blind",
    "bind",
    "mind",
    "kind",
    "find",
    "wind",
    "unit",
    "numb",
    "dumb",
    "number",
    "neck",
    "deck",
    "check",
    "heavy",
    "heave",
    "leave",
    "weave",
    "dead",
    "deaf",
    "head",
    "read",
    "lead",
    "harm",
    "farm",
    "warm",
    "arm",
    "army",
    "harmed",
    "charm",
    "alarm",
    "jaw",
    "raw",
    "saw",
    "law",
    "paw",
    "gasp",
    "grasp",
    "clasp",
    "rash",
    "dash",
    "cash",
    "wash",
    "mash",
    "crash",
    "hurt",
    "hurts",
    "burt",
    "curt",
    "shirt",
    "skirt",
    "flirt",
    "dirt",
}


# Whole words behind the rules' stems (anaphyla\w*, suicid\w*), which misspellings are near.
_STEMMED_WORDS = (
    "anaphylaxis",
    "anaphylactic",
    "suicidal",
    "suicide",
    "overdose",
    "overdosed",
    "overdosing",
    "poisoned",
    "poisoning",
    "convulsing",
    "convulsions",
    "seizure",
    "unconscious",
    "unresponsive",
    "bleeding",
    "breathing",
    "stroke",
    "septic",
)


def _vocabulary() -> frozenset[str]:
    words: set[str] = set(_STEMMED_WORDS)
    for rule in RULES:
        for pattern in rule.patterns:
            plain = re.sub(r"\\[a-zA-Z]", " ", pattern)  # \b, \w: escapes, not letters
            words.update(w for w in re.findall(r"[a-z]{4,}", plain) if w not in _STOP)
    return frozenset(words)


_VOCAB = _vocabulary()


# Contractions typed without the apostrophe, spelled as normalize() spells the apostrophe ones.
_CONTRACTIONS = {
    "cant": "can t",
    "wont": "won t",
    "dont": "don t",
    "isnt": "isn t",
    "doesnt": "doesn t",
    "wasnt": "wasn t",
    "im": "i m",
    "ive": "i ve",
    "couldnt": "couldn t",
}


def normalize(text: str) -> str:
    """Lower case, apostrophes and punctuation folded to spaces, single-spaced."""
    text = text.lower().replace("\u2019", "'")
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(_CONTRACTIONS.get(word, word) for word in text.split())


@functools.lru_cache(maxsize=8192)
def _correct(word: str) -> str:
    """The vocabulary word within one edit (two for long words) of ``word``, or ``word``."""
    if len(word) < 4 or word in _VOCAB or word in _KEEP or word.isdigit():
        return word
    limit = 1 if len(word) < 8 else 2
    scored = sorted(
        (_edit_distance(word, candidate, limit), candidate)
        for candidate in _VOCAB
        if abs(len(candidate) - len(word)) <= limit
    )
    nearest = [candidate for distance, candidate in scored if distance == scored[0][0] <= limit] if scored else []
    # Swapped letters are the commonest typo: "pian" is "pain" before it is "plan".
    anagrams = [candidate for candidate in nearest if sorted(candidate) == sorted(word)]
    return (anagrams or nearest or [word])[0]


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein (optimal string alignment), giving up past ``limit``."""
    previous2: list[int] | None = None
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            cost = 0 if char_a == char_b else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if previous2 is not None and i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def detect_red_flags(message: str) -> list[RedFlag]:
    """The emergency categories ``message`` mentions, in RULES order (empty when none)."""
    words = normalize(message).split()
    # Two spellings: as typed, and with misspellings corrected; a rule firing on either counts.
    texts = [" ".join(words), " ".join(_correct(w) for w in words)]
    found: list[RedFlag] = []
    for rule in RULES:
        hit = _first_match(rule, texts)
        if hit is not None:
            found.append(RedFlag(rule.category, rule.label, hit))
    return found


def _first_match(rule: RedFlagRule, texts: list[str]) -> str | None:
    for text in texts:
        for pattern in rule.patterns:
            for match in re.finditer(pattern, text):
                if not _NEGATION.search(text[: match.start()]):
                    return match.group(0)
    return None


def emergency_notice(flags: list[RedFlag]) -> str:
    """The plain-text notice shown before any answer when ``flags`` is not empty."""
    if not flags:
        return ""
    lines = [
        f"{EMERGENCY_HEADLINE}: your message mentions " + ", ".join(flag.label for flag in flags) + ".",
        EMERGENCY_ACTION,
    ]
    categories = {flag.category for flag in flags}
    if "suicide" in categories:
        lines.append(CRISIS_ACTION)
    if "poisoning" in categories:
        lines.append(POISON_ACTION)
    lines.append("The answer below comes from a small language model and cannot assess an emergency.")
    return "\n".join(lines)
