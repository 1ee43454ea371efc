"""Whether a matched phrase describes something happening now, or only mentions it.

"Chest pain" means one thing in "I have crushing chest pain" and another in "no chest pain", "I had
chest pain last year, they found nothing", "how is chest pain investigated?" or "for my school
report on heart attacks". Every rule match is checked here, by the token it starts at, and is kept
only when none of these frames holds for it:

- negated: inside the scope of "no", "not", "denies", "without", "don't have"... (NegEx-style: the
  scope runs forward a few words and stops at punctuation, "but", or a new subject; a list closed by
  "or" carries it past its commas);
- history / resolved: its clause names a time well in the past ("ten years ago", "last year", "when
  I was a kid", "in my twenties"), a past day in a message told wholly in the past ("on Sunday"), a
  family's history, or an outcome ("found nothing", "healing well", "has been fine since");
- a finished story: a past-tense clause before a later outcome or a clinician's check ("had crushing
  chest pain on Saturday, went to A&E, the ECG was normal"), unless a later statement brings the
  story back to now ("but tonight it's back"). An episode told as over silences the emergency
  rules but not the urgent ones (see ``Frames.ignored``'s ``soft``);
- informational: its sentence asks about a condition in general ("what are the signs of", "how is
  X treated", "can anxiety cause") and the clause has no "I"/"my"/"he is" of a person it is
  happening to;
- hypothetical or prevention: "what should I do if", "just in case", "how can I reduce the risk";
- study or fiction: the message is for a school report, an exam, a novel, a TV show; a news story,
  podcast or documentary frames the clauses that are not about the writer's own people. A
  disclosure ("no, actually", "the girl in my story is me") undoes these frames.

Present-tense cues in the same clause ("right now", "just", "suddenly", "today", "an hour ago",
"getting worse") win over history and general questions, because "what should I do, my
dad is having chest pain now" is an emergency even though it is a question. Hypotheticals, study
and fiction give way only to "right now" / "at the moment" / "currently".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from medgguf.chat.triage.text import Normalized

# ---------------------------------------------------------------------------------------------
# Negation

_NEGATION_TRIGGERS = {"no", "not", "never", "without", "denies", "denied", "deny", "nor", "neither", "none", "nothing"}
# "don t", "doesn t", ...: the word before the "t" token. "can t" and "won t" are not here: "can't
# breathe" and "won't stop" are findings, not negations.
_NEGATED_AUXILIARIES = {"don", "doesn", "didn", "isn", "aren", "wasn", "weren", "haven", "hasn", "hadn"}
_NEGATION_PHRASES = (("ruled", "out"), ("negative", "for"), ("free", "of"), ("absence", "of"))
# A trigger followed by one of these is a finding or a figure of speech, not a negation.
_PSEUDO_NEGATION = re.compile(
    r"^(?:only|just|sure|certain|quite|long|longer|idea|one|doubt|matter|warning|any warning|"
    r"getting better|better|improving|stopping|stop|going away|going down|go away|go down|working|"
    r"helping|help|responding|responsive|response|reacting|breathing|waking|woken|wake|making sense|"
    r"moving|feeding|eating|drinking|peeing|weeing|peed|weed|pooed|passed|passing|urine|wet|tears|"
    r"pulse|right|himself|herself|themselves|myself|normal|acting|coming|come|keeping|kept|fading|"
    r"fade|blanching|blanch|able|able to|talking|speaking|making|reason to live|point|end|way|"
    r"one side|feeling (?:my|his|her)|feel (?:my|his|her)|know who|know where|recognise|recognize|"
    r"sweating|crying|cry|opening|open|focusing|settling|settle|improve|improved|changed|"
    r"have a|had a|stopped|stopping|let up|letting up|go|gone|"
    # A negated function or a treatment's effect is an alarm sign, not a negated symptom: "not
    # answering me", "tabs aren't helping", "can't get him to swallow", "without coming round".
    r"answer|answers|answering|answered|reply|replying|responded|respond|respondin|reacted|react|"
    r"woken up|waking up|wake up|come round|come around|came round|coming round|coming around|coming to|come to|"
    r"swallow|swallowing|kick in|kicking in|kicked in|touching it|touching the pain|touch it|doing anything|"
    r"doing much|doing a thing|make any difference|making any difference|made any difference|make a difference|"
    r"making a difference|made a difference|budging|budge|shifting|shift|easing|ease|bringing it|lasting|last|"
    r"picking up|picked up|left to live for|to live for|much to live for|one to talk to|"
    # Hedges about the message, not about a symptom: "not sure if this matters", "don't know if".
    r"know if|know whether|know what|know why|know how|know when|know it|want to (?:overreact|worry|panic|bother|waste|make a fuss)|"
    r"to worry you|to alarm you|big deal|panic|overreact\w*)\b"
)
# Words that may stand between a trigger and what it negates ("without ever coming round").
_FILLERS = {
    "ever",
    "even",
    "really",
    "actually",
    "fully",
    "properly",
    "quite",
    "yet",
    "still",
    "always",
    "totally",
    "completely",
    "seem",
    "seems",
    "seeming",
    "to",
    "be",
    "been",
    "being",
    "at",
    "all",
    "much",
}
_SCOPE_WORDS = 6
_SCOPE_ENDS = {
    "but",
    "however",
    "although",
    "though",
    "except",
    "yet",
    "whereas",
    "now",
    "still",
    "suddenly",
    "then",
    "so",
    "because",
    "while",
    "apart",
    "instead",
    "just",
}
_SUBJECTS = {
    "i",
    "he",
    "she",
    "they",
    "we",
    "it",
    "my",
    "his",
    "her",
    "their",
    "our",
    "you",
    "mum",
    "dad",
    "now",
    "then",
    "there",
}


def negation_mask(tokens: tuple[str, ...]) -> list[bool]:
    """For each token, whether a negation trigger before it covers it."""
    negated = [False] * len(tokens)
    for i, token in enumerate(tokens):
        start = None
        if token in _NEGATION_TRIGGERS:
            start = i + 1
        elif (
            token in _NEGATED_AUXILIARIES
            and i + 1 < len(tokens)
            and tokens[i + 1] == "t"
            or any(tuple(tokens[i : i + len(p)]) == p for p in _NEGATION_PHRASES)
        ):
            start = i + 2
        if start is None:
            continue
        if token == "without" and any(t in {"can", "cannot", "couldn", "unable"} for t in tokens[max(0, i - 4) : i]):
            continue  # "can't walk without veering to the left": the veering is happening
        content = start
        while content < len(tokens) and content < start + 3 and tokens[content] in _FILLERS:
            content += 1
        if _PSEUDO_NEGATION.match(" ".join(tokens[start : start + 4])) or _PSEUDO_NEGATION.match(
            " ".join(tokens[content : content + 4])
        ):
            continue
        if _negates_subject(tokens, i, start):
            # "my chest isn't painful", "his leg is not swollen": the subject before is negated too.
            for j in range(i - 1, max(-1, i - 4), -1):
                if tokens[j] in {".", ",", "and", "but", "or"} or tokens[j] in _SCOPE_ENDS:
                    break
                negated[j] = True
        end = min(len(tokens), start + _SCOPE_WORDS)
        j = start
        while j < end:
            word = tokens[j]
            if word == "," and _continues_list(tokens, j):
                # "no shaking, sweating or confusion": the list after a negation is negated to its end
                end = min(len(tokens), j + 5)
                j += 1
                continue
            if word in {".", ","} or word in _SCOPE_ENDS:
                break
            if word == "and" and j + 1 < len(tokens) and tokens[j + 1] in _SUBJECTS:
                break
            if j > start and (word in _NEGATION_TRIGGERS or word in {"can", "won"}):
                break
            negated[j] = True
            j += 1
    return negated


def _continues_list(tokens: tuple[str, ...], comma: int) -> bool:
    """Whether the comma at ``comma`` is inside a list closed by "or"/"nor" a few words on ("no
    shaking, sweating or confusion"), not the end of the negated phrase ("no fever, now he's ...")."""
    for k in range(comma + 1, min(len(tokens), comma + 5)):
        if tokens[k] in {"or", "nor"}:
            return True
        if (
            tokens[k] in {".", ","}
            or tokens[k] in _SUBJECTS
            or tokens[k] in _SCOPE_ENDS
            or tokens[k] in _NEGATION_TRIGGERS
        ):
            return False
    return False


_SUBJECT_NEGATORS = {"isn", "aren", "wasn", "weren", "doesn", "didn"}
_SYMPTOM_PREDICATES = re.compile(
    r"^(?:at all |really |very |that |too |so |even |particularly )?(?:painful|sore|hurting|hurt|hurts|aching|achy|tender|"
    r"swollen|swelling|bleeding|tight|numb|weak|red|hot|stiff|broken|bad|worse|getting worse|any worse|spreading|"
    r"blue|pale|a problem|an issue|affected|involved)\b"
)


def _negates_subject(tokens: tuple[str, ...], trigger: int, start: int) -> bool:
    """Whether a negation at ``trigger`` is "X isn't painful" / "X is not swollen", which negates X."""
    word = tokens[trigger]
    if word in _SUBJECT_NEGATORS or (
        word == "not" and trigger > 0 and tokens[trigger - 1] in {"is", "are", "was", "were", "s", "does", "do", "did"}
    ):
        return bool(_SYMPTOM_PREDICATES.match(" ".join(tokens[start : start + 3])))
    return False


# ---------------------------------------------------------------------------------------------
# Frames of clauses, sentences and the whole message


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(r"(?<![a-z0-9])(?:" + pattern + r")(?![a-z0-9])")


_NUMBER_WORD = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|few|a few|couple of|a couple of|several|many|some)"

HISTORY = _rx(
    rf"(?:{_NUMBER_WORD} )?(?:years?|months?|decades?) (?:ago|back|before|earlier)|"
    # round 8: "5 years since my overdose", "a year on from my anaphylaxis" (hours and days since stay live)
    rf"{_NUMBER_WORD} (?:years?|months?|decades?) (?:since|on from)|"
    r"last (?:year|month|season|summer|winter|spring|autumn|fall|christmas|easter)|"
    r"(?:the )?year before last|in (?:19|20)\d\d|back in (?:19|20)?\d\d|"
    r"when (?:i|he|she|we|they|you) (?:was|were) (?:a |an |little |young )?(?:kid|child|baby|toddler|boy|girl|"
    r"young|little|teen|teenager|younger|student|at school|\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)|"
    r"when (?:i|he|she|they|we) (?:was|were) born|at birth|as a newborn|as a (?:child|kid|baby|toddler|teenager|teen)|used to|in the past|history of|previously|"
    r"a while (?:back|ago)|long time ago|ages ago|childhood|(?<!for the )last time|ever since|past history|"
    r"years? (?:earlier|before)|once before|before i was|at (?:age|the age of) \d+|"
    # "had a febrile convulsion at 18 months", "his face dropped once during a migraine"
    r"(?:had|happened|started|began|was|were|diagnosed|first|got|did) (?:\S+ ){0,5}at (?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen) (?:months?|years?)(?: old)?(?! pregnant| gone| along| of pregnancy)|"
    r"once (?:during|while|in the past|as a|at (?:a|school|work|university|uni))|"
    r"(?:my|her|our) (?:last|previous|earlier|other) (?:birth|labour|labor|delivery|pregnancy|pregnancies|c section|caesarean)|"
    r"(?:my|her|our) first (?:birth|delivery|c section|caesarean)|"
    # round 6: "two summers ago", "when I was nineteen", "in my twenties", "aged four", "when I was
    # pregnant with my first"
    rf"(?:{_NUMBER_WORD} )?(?:summers?|winters?|springs?|autumns?|christmases|easters|birthdays|seasons?) (?:ago|back)|"
    r"when (?:i|he|she|we|they) (?:was|were) (?:thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|(?:twenty|thirty|forty|fifty|sixty) \S+|"
    r"(?:a )?(?:teen|teenager|student|baby|toddler|kid|child)|younger|little)|"
    # round 7: "when my son was 2 he swallowed some of my heart tablets" (the child's age then)
    rf"when (?:my|our|his|her) (?:son|daughter|boy|girl|child|kid|brother|sister|baby|little one|eldest|youngest|grandson|granddaughter) (?:was|were) "
    rf"(?:\d+|{_NUMBER_WORD}|a baby|a toddler|little|small|younger)(?! (?:\S+ )?(?:hours|minutes|mins|weeks|days))|"
    r"in (?:my|his|her|their|our) (?:early |mid |late )?(?:teens|twenties|thirties|forties|fifties|sixties|seventies|eighties|[1-9]0s)|"
    # "went blue after my tonsils out aged four" (not "my father aged 62 is having pain")
    r"^aged (?:1?\d|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen) (?:i|he|she|we|they) (?:\S+ )?(?:was|were|had|took|got|went|did|tried|[a-z]+ed)\b|"
    r"(?:was|were|had|did|got|went|happened|out|removed|diagnosed|started|began) (?:\S+ ){0,6}aged (?:1?\d|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)(?! (?:\S+ )?(?:weeks|days|months))|"
    r"when (?:i|she|we) (?:was|were) pregnant with (?:my|her|our|the) (?:first|second|third|eldest|oldest|older|youngest|son|daughter|twins|last|other)|"
    r"(?:my|her|our|his) (?:first|second|third|last|previous|other|older|eldest) (?:son|daughter|child|baby|pregnancy|labour|labor) (?:was|came|were)|"
    # "our baby was born not breathing and needed resuscitation. She's 8 months now"
    r"(?:was|were) born(?! (?:\S+ ){0,3}(?:ago|today|tonight|yesterday|this|last night|just|earlier))|"
    # "Mum had eclampsia with me", "had a stroke at 40", "died of a heart attack at 55"
    r"(?:mum|mom|mother|mummy) (?:had|got|was) (?:\S+ ){0,3}(?:with|having|carrying|pregnant with) me|"
    r"(?:had|died|diagnosed|developed|suffered|passed away) (?:\S+ ){0,5}at (?:[2-9]\d)(?! (?:weeks|minutes|mg|kg|percent|degrees|c|bpm|over|/))"
)
RESOLVED = _rx(
    # "he was fine for an hour but now ..." is a lucid interval, not a recovery
    r"(?:it|he|she|they|that|everything|all) (?:was|were|turned out|has been|have been|s been) (?:fine|ok|okay|normal|"
    r"alright|all right|clear)(?! (?:for (?:a |an |the first |about |half an? )?(?:\S+ )?(?:minutes?|hours?|while|bit|moment|day)|at first|until|till|to start with|initially|then|before))|been fine since|fine since|healing (?:well|nicely|ok|okay|up)|healed|"
    r"fully recovered|recovered|all clear|found nothing|nothing (?:was )?found|came back (?:normal|clear|fine|negative)|"
    r"(?:been|is|s|was) (?:completely |totally |perfectly )?(?:normal|fine|himself|herself|ok|okay) since|(?:his|her|their) usual self|"
    r"went away|stopped on (?:its|it s) own|(?:is|s) (?:fine|ok|okay|better|gone) now|fine now|"
    r"(?:fine|normally|normal|happily|absolutely fine|totally fine|completely fine) (?:ever )?since|"
    r"(?:he|she|they|it|i) (?:s|has|have|ve) been (?:totally |completely |perfectly |absolutely |really )(?:fine|ok|okay|normal|well)|"
    r"(?:it|that|this|they) (?:was|were|turned out to be) (?:nothing|nothing serious|a false alarm)|turned out to be nothing|"
    r"in a good place now|back to normal|cast (?:is )?off|settled down|passed quickly|doing well now|"
    r"(?:is|s) over now|all good now|(?:coughed|spat|spit|brought|threw|sicked) (?:it|them|the \S+) (?:back )?(?:out|up)|got (?:it|them) out|(?:dislodged|cleared) (?:it|itself)|"
    # round 5: "I did back blows and it came out", "antihistamine sorted it within an hour"
    r"(?:it|they|the \S+) came (?:back )?(?:out|up)(?! again)|(?:sorted|settled|cleared) (?:it|them) (?:\S+ ){0,2}(?:within|after|in)"
)
# Round 6: an episode told as over. Unlike RESOLVED it leaves the urgent rules alone: a faint you came
# round from, a deep cut whose bleeding stopped, are no emergency now but still want a same-day look.
ENDED = _rx(
    # round 6: "it passed after 20 minutes", "it settled after an hour", "once it stopped it stayed stopped",
    # "it shot out", "went back to eating", "right as rain", "she's recovering", "doing well"
    r"(?:it|that|this|they|the (?:pain|bleeding|swelling|rash|attack|episode|reaction|tightness|feeling)) (?:\S+ )?(?:passed|settled|eased|stopped|calmed down|wore off|cleared|subsided|went down|faded|went) "
    r"(?:\S+ ){0,2}(?:after|within|in (?:a|about|under|\d+)|by itself|on its own|of its own accord|with|once)|stayed stopped|"
    r"(?:it|they|the \S+) (?:shot|flew|popped|fell) (?:back )?(?:out|up)(?! again)|"
    r"(?:went|gone|got|was|were) back to (?:eating|playing|sleep|sleeping|normal|school|work|bed|(?:his|her|their|my) (?:usual|normal|old))|"
    r"carried on (?:eating|playing|as normal|as usual|with (?:\S+ )?day)|right as rain|(?:he|she|they|i) (?:was|were) (?:fine|ok|okay|alright) after|"
    r"recovering|recovered (?:well|fully|really well|completely)|"
    # round 7: "a few streaks of blood yesterday, none since"
    r"(?:none|nothing|no more|not again) since(?! (?:\S+ ){0,2}(?:but|until|till))|"
    # round 6, batch 4: "and has been totally normal all day", "laughing and playing straight after",
    # "came round within seconds", "got to work fine", "but stopped after ten minutes of pressure",
    # "Piriton sorted it by the evening"
    r"(?:and |has |have |s |ve )been (?:totally |completely |perfectly |absolutely |entirely )?(?:fine|normal|ok|okay|well|herself|himself|themselves|myself)(?! (?:\S+ ){0,2}(?:until|till|up to|before|then))|"
    r"(?:laughing|playing|running around|eating|chatting|smiling) (?:\S+ ){0,3}(?:straight|right|soon|immediately) (?:after|afterwards|away)|"
    r"(?:perked|picked|brightened|bucked|cheered) up (?:\S+ ){0,2}(?:after|within|in|straight|quickly|soon)|"
    r"(?:came|come|comes) (?:round|around|to) (?:\S+ )?(?:within (?:a few )?seconds|straight away|straightaway|quickly|immediately|right away|in (?:a few )?seconds)|"
    r"(?:got|went|made it|carried on) (?:\S+ ){0,2}(?:to work|to school|home|on) (?:\S+ )?fine|"
    r"(?:^|but |and )(?:stopped|settled|eased|calmed down|went down|cleared up|subsided) (?:\S+ ){0,2}(?:after|within|with|once|by itself|on its own)|"
    r"(?:sorted|settled|cleared|fixed|calmed) (?:it|them|things|her|him) (?:down |up )?(?:\S+ ){0,2}(?:within|after|by|overnight)|"
    r"(?<!not )(?<!n t )(?<!never )(?<!hasn t )(?<!haven t )(?<!didn t )(?<!wasn t )(?:eased|passed|settled|subsided|went away|wore off|calmed down|faded|cleared up) "
    r"(?:off |down |away )?(?:after|within|in (?:a|about|under|\d+)|by itself|on its own|of its own accord)|"
    r"(?<!says )(?<!said )(?<!insists )(?<!claims )(?:i|he|she|they|we) (?:feel|feels|felt) (?:completely |totally |absolutely |perfectly |back to )?(?:normal|fine|ok|okay|well|myself|himself|herself)"
    r"(?: now| today| again| since)?(?! (?:\S+ ){0,2}(?:but|until|except|apart|otherwise))|(?:fixed|repaired|sorted out|mended) (?:it|the \S+|the leak)|"
    r"(?<!says )(?<!said )(?<!insists )(?<!claims )(?<!thinks )(?<!reckons )(?<!swears )(?<!think )(?<!hope )"
    r"(?:he s|she s|they re|i m|we re|he is|she is|they are|we are|i am) (?:all |completely |totally |absolutely |perfectly |both )?(?:fine|ok|okay|alright|all right|back to normal)"
    r"(?! (?:\S+ ){0,2}(?:until|till|but|except|apart|so far|for now|otherwise)| in (?:himself|herself|themselves|myself))|(?:i m|i am|he s|she s|he is|she is|they re|they are|we re) (?:now )?(?:doing|getting on) (?:well|great|fine|really well|ok|okay)"
)
# A check by a clinician that closed the episode ("seen in the TIA clinic", "the CT was clear", "rang 111
# and they said that amount was fine", "sent her home"). Unlike "fine now", it also closes an event
# whose danger outlasts its symptoms (tablets swallowed, stroke signs that passed).
CHECKED = _rx(
    r"(?:seen|checked|assessed|examined|looked at|checked over|scanned|monitored|observed|kept in|admitted|x rayed|treated) (?:\S+ ){0,4}(?:in|at|by|overnight|on) "
    r"(?:the |a |an |our )?(?:\S+ )?(?:a and e|a e|ae|hospital|clinic|gp|doctor|doctors|er|emergency department|urgent care|walk in|minor injuries|out of hours|"
    r"paramedics?|ambulance crew|ward|surgery|specialist|consultant|neurologist|cardiologist|paediatrician|pediatrician)|"
    r"sent (?:him|her|me|us|them) home|(?:was|were|been|got|being) discharged|given the all clear|"
    r"(?:ct|scan|scans|x ray|xray|x rays|ecg|ecgs|ekg|mri|eeg|bloods|blood tests?|tests|results?|troponin|angiogram|arteries|echo|ultrasound|everything|both) "
    r"(?:\S+ ){0,2}(?:was|were|came back|all|are|is) (?:all |completely |totally |both )?(?:clear|normal|fine|ok|okay|negative)(?! until| till| at first| before)|"
    r"(?:rang|called|phoned|spoke to|checked with|asked) (?:\S+ ){0,2}(?:111|pharmacist|pharmacy|gp|doctor|poisons|nurse|midwife|nhs|health visitor) (?:\S+ ){0,6}"
    r"(?:said|told|says|reassured) (?:\S+ ){0,6}(?:fine|ok|okay|safe|nothing|not to worry|no need|normal|harmless)|"
    r"(?:the )?(?:doctor|doctors|paramedics?|gp|nurse|consultant|neurologist|cardiologist|paediatrician|pediatrician|pharmacist|111|a and e|hospital|they) "
    r"(?:\S+ ){0,5}(?:said|says|told (?:us|me|him|her)|confirmed|diagnosed) (?:\S+ ){0,6}(?:fine|safe|alright|all right|nothing|viral|muscular|simple|harmless|normal|not serious|anxiety|"
    r"a panic attack|reflux|a virus|a faint|benign|okay|ok|nothing to worry|won t harm|wouldn t harm|shouldn t harm|no harm|not harmful|not dangerous|won t hurt)|"
    r"(?:it )?turned out (?:to be|(?:it|i|he|she|they|we) (?:was|were|had))|"
    # round 6, active voice: "he saw the stroke team on Monday, had a scan", "they treated me on the spot",
    # "is now seeing a psychiatrist"
    r"(?:saw|seen by|visited|attended) (?:the |a |an |our |his |her |my )?(?:\S+ )?(?:a and e|hospital|clinic|gp|doctor|team|specialist|consultant|out of hours|walk in|minor injuries|urgent care|paramedics?|nurse)|"
    r"(?:had|got|did|ran|done) (?:a |an |some |the |all the )?(?:scan|ct|ct scan|mri|x ray|xray|ecg|ekg|bloods|blood tests|tests|angiogram|echo|ultrasound)(?! (?:\S+ ){0,2}(?:booked|due|tomorrow|next))|"
    r"(?:treated|dressed|stitched|glued|reset|plastered) (?:me|him|her|them|it|us)\b|"
    r"(?:seeing|under|referred to|sees) (?:a |the |his |her |my )?(?:psychiatrist|therapist|counsellor|counselor|mental health team|crisis team|specialist|consultant|cardiologist|neurologist)|"
    r"(?:in|having|started|doing|getting) (?:therapy|counselling|counseling|cardiac rehab|rehab)|"
    r"(?:was|were|been|got) resuscitated|(?:nurse|doctor|paramedic|first aider|gp|pharmacist|medic|lifeguard) (?:\S+ ){0,4}(?:checked|examined|assessed|looked at|looked over) (?:me|him|her|them|us|my|his|her)|needed (?:resuscitation|resus|cpr|an operation|surgery|stitches|a transfusion)|"
    r"(?:doctor|doctors|gp|nurse|consultant|paramedics?|pharmacist) (?:wasn t|weren t|was not|were not|isn t|aren t) (?:\S+ )?(?:worried|concerned)"
)
# A past day or season told with a past-tense verb: "I collapsed at a wedding in June", "tried to overdose
# in the summer", "had chest pains on Thursday". Like history, but a persisting event ("swallowed a
# battery on Sunday") stays live.
_MONTHS = r"january|february|march|april|may|june|july|august|september|october|november|december"
_DAYS = r"monday|tuesday|wednesday|thursday|friday|saturday|sunday"
PAST_DATE = _rx(
    rf"(?:in|during|over|around) (?:early |late |mid )?(?:{_MONTHS}|the spring|the summer|the autumn|the winter|the holidays|half term|the easter holidays|the christmas holidays)|"
    rf"on (?:{_DAYS}|boxing day|christmas day|new year s (?:day|eve)|holiday)|(?:last|the other|that) (?:week|weekend|term|{_DAYS})|at the weekend|the other day"
)
# A later clause that brings the story back to now ("but tonight", "2 hours later he's", "again").
_ACUTE = _rx(
    r"right now|suddenly|all of a sudden|just|today|tonight|this (?:morning|afternoon|evening)|(?:minutes?|hours?|seconds?) ago|again|"
    r"since (?:this morning|last night|yesterday|then|lunch|breakfast|an hour|\d+)|getting worse|worse and worse|at the moment|keeps?|won t stop|started|began"
)
# What follows a contrastive "now" when it tells a lasting result, not a new symptom ("now can't talk
# properly", "is now seeing a psychiatrist"; not "now I've got a temperature of 38.9").
_LASTING = re.compile(
    r"(?:(?:he|she|they|i|we|my \S+|his \S+|her \S+) (?:s |is |are |m |re )?)?(?:can t|cannot|is unable|unable|has trouble|struggles|needs|uses|walks with|has to|lives|"
    r"seeing|sees|under|on (?:\S+ )?(?:medication|tablets|meds|treatment|statins|blood thinners)|in (?:therapy|rehab|a wheelchair|remission|a care home)|"
    r"doing|back (?:at|to|home|on)|off|taking|having (?:therapy|counselling|treatment)|clean|sober|home)\b"
)
_AGAIN = _rx(
    r"(?:started|start|starting|come|came|coming|it s|is|back|happening|happened|bleeding|going) (?:\S+ )?again|again (?:now|today|tonight)|(?:it s|is|are|they re) back(?! to (?:normal|\S+ (?:usual|normal|old))| (?:home|at school|at work|in))"
)
_STILL_NOW = _rx(
    r"right now|now|currently|at the moment|atm|as we speak|as i type|keeps?|getting worse|worse and worse|won t stop|is happening|happening again|again|"
    r"for the (?:last|past)|just (?!a |an |the |some |in case|to |like |for |so |because|about|out of)"
)
_RELAPSE = _rx(
    r"(?:\d+|a few|few|couple of|a couple of|an|a|half an?) (?:minutes?|hours?|days?) later|then (?:\S+ ){0,2}(?:started|began|went|got)"
)
_PAST_VERB = _rx(
    r"was|were|had|went|got|did|felt|came|became|took|fell|hit|said|thought|swelled|lost|gave|ran|broke|bit|ate|drank|woke|shot|"
    r"couldn t|wasn t|didn t|[a-z]{2,}(?<!e)(?<!tir)(?<!worri)(?<!scar)(?<!concern)(?<!confus)(?<!bloat)(?<!exhaust)(?<!frighten)(?<!terrifi)(?<!stress)(?<!us)(?<!need)ed"
)
_PRESENT_VERB = _rx(
    r"(?:i|he|she|it|they|we|you|there|that|who) (?:s|re|m|ve)|is|are|am|isn|aren|has|have|hasn|haven|keeps?|keeping|can t|cannot|won t|"
    r"still|currently|getting|feels|looks|seems|hurts|says|(?:i|we|they|you) (?:feel|look|have|get|keep|can|need)"
)
DATING = re.compile(
    r"^(?:but |and )?(?:that|this|it|all that|all this|which) (?:was|were|happened|all happened) (?:\S+ ){0,2}(?:"
    + _NUMBER_WORD
    + r" )?(?:years?|months?|decades?) ago(?: now)?(?: [.,])?$"
)
# A symptom that comes and goes ("sometimes", "on and off") is not one happening now; like history,
# it gives way to a nearer present cue ("sometimes gets palpitations, today he fainted").
RECURRING = _rx(
    r"sometimes|occasionally|now and then|now and again|from time to time|on and off(?! (?:since|for the (?:last|past)|all (?:day|night|morning|evening)|today|tonight))|every so often|"
    r"every now and then|once in a while|(?:every|each) (?:month|winter|summer|year|time i (?:run|exercise|eat))"
)
# A later clause saying a recurring symptom has escalated ("on and off all week, but in the last hour
# it's become constant") makes the earlier "on and off" no longer a reason to ignore it.
ESCALATION = _rx(
    r"(?:become|became|becoming|got|getting|gone|went|turned|is now|s now|now) (?:\S+ ){0,2}(?:constant|continuous|non ?stop|much worse|way worse|"
    r"far worse|a lot worse|severe|unbearable|crushing|excruciating|agony|really bad|so bad)|(?:it s|it is|they re|they are) back (?:\S+ ){0,2}(?:worse|and)|"
    r"(?:started|starting|come) (?:back|again) (?:\S+ ){0,3}(?:worse|and (?:won t|it s|is))|(?:worse|different) than (?:ever|usual|normal|before)|won t (?:stop|go away|ease)"
)
# Present, happening-now cues that keep a match alive against history and general questions.
OVERRIDE = _rx(
    r"right now|now|currently|at the moment|atm|as we speak|as i type|this (?:morning|afternoon|evening|minute)|"
    r"today|tonight|just (?!a |an |the |some |in case|to |like |wondering|curious|want|asking|checking|"
    r"thinking|wonder|for |so |because|general|about|out of|saw|read|heard|learned|watched)|suddenly|"
    r"all of a sudden|since (?:this morning|last night|yesterday|then|lunch|breakfast)|"
    r"(?:\d+|a few|few|couple of|a couple of|an|a|half an?) (?:minutes?|hours?|seconds?) ago|"
    r"for the (?:last|past) (?:\d+ |few |couple of )?(?:minutes?|hours?|hour)|keeps?|"
    r"getting worse|worse and worse|won t stop|is happening|happening again|again"
)
STRONG_OVERRIDE = _rx(
    r"right now|at the moment|currently|as we speak|as i type|is happening|happening now|"
    r"just (?:happened|now|collapsed|swallowed|took|fell|started)|"
    r"(?:has|have|ve|s|had) just (?:taken|had|swallowed|drunk|eaten|been|gone|started|collapsed|fallen|passed|stopped|fainted|blacked|turned|become|come|cut|hit|fallen)"
)
PERSONAL = _rx(
    r"i m|i am|i ve|i have|i feel|i felt|i can t|i keep|i just|i think|i woke|i got|i m having|i fell|"
    r"i took|i cut|i was|i had|i haven t|i don t|we re|my|he s|she s|he is|she is|they re|he has|"
    # "our" speaks for a person or a family, not for an organisation ("our care home wants a refresher")
    r"our(?! (?:care home|nursing home|school|nursery|office|team|company|workplace|club|church|staff|business|gym|cafe|"
    r"restaurant|shop|charity|ward|practice|surgery|clinic|group|organisation|organization|department|unit|residents|pupils|members)\b)|"
    r"she has|he can t|she can t|he keeps|she keeps"
)
# A general question about a condition rather than about a person.
INFORMATIONAL = _rx(
    r"which (?:signs?|symptoms?|red flags?|warning signs?)|"
    r"what (?:is|are|s|re) (?:the )?(?:main |early |first |common |usual |typical |warning |tell tale |key )*"
    r"(?:signs?|symptoms?|causes?|treatments?|risk factors?|risks?|difference|differences|chances?|odds|"
    r"survival|outlook|prognosis|complications?|statistics|stats|side effects?|long term effects?|"
    r"effects?|rate|rates|number|first aid|best treatment|guidelines?|criteria|definition|meaning|"
    r"stages?|types?|kinds?|chance)|"
    r"what (?:is|are|s) (?:a |an )?[a-z]+(?: [a-z]+)?(?: \.)?$|what is are|what (?:is|are) (?:\S+ ){0,5}(?:syndrome|disease|disorder|deficiency|condition)|what (?:is|are|s|does) (?:a |an |the )?[a-z]+ (?:[a-z]+ )?(?:mean|look like|feel like)|"
    r"what does (?:a |an |the )?(?:[a-z]+ ){1,3}(?:look|feel|sound) like|"
    r"how (?:is|are|do|does|would|should|can|could) (?:\S+ ){0,5}(?:treated|diagnosed|managed|prevented|caused|"
    r"tested|detected|spread|defined|measured|investigated|screened|handled|cured|recognised|recognized)|"
    r"how (?:do|does|would|can|could|should) (?:you|one|doctors|a doctor|hospitals|paramedics|people|someone|nurses|they) "
    r"(?:treat|do|use|give|apply|know|tell|recognise|recognize|spot|diagnose|check|perform|manage|help|stop|identify)|"
    r"how (?:do|should|can) i (?:use|give|do|apply|perform|learn|check|know when|tell when|recognise|recognize|spot)|"
    r"how to (?:use|give|do|apply|perform|treat|prevent|recognise|recognize|spot|tell|check|help)|"
    r"(?:can|could|does|do|will|would) (?:a |an |the )?(?!this|it |that|my |his |her |i |he |she |you )[a-z]+(?: [a-z]+)? (?:cause|lead to|trigger|give you|make you|result in)|"
    r"(?:can|could) you (?:get|have|die from|survive|die of|grow out of)|"
    r"why (?:do|does|is|are|should|shouldn t|would|can|did|must)|is there (?:a |an )?(?:vaccine|test|cure|treatment|way)|"
    r"who (?:gets|is at risk|is most at risk|should|can get)|how (?:common|likely|rare|serious|dangerous|long does|long do|long is|often do|many people)|"
    r"what happens (?:when|if|during|after|in)|at what (?:temperature|age|point|stage)|is (?:it|that|this) true|tell me about|"
    r"explain|what causes|what s the number for|what number|how (?:much|many) [a-z]+ (?:is|are|counts as|would be) (?:an? )?(?:overdose|lethal|fatal|too much|dangerous)|"
    r"what (?:should|do) (?:you|one|people) do|what to do (?:for|about|with|in|during|when|if)|"
    r"difference between|signs that|symptoms that|how do i know when|how would i know|how can i tell|"
    r"in general|generally speaking|the survival rate|is (?:it|[a-z]+) (?:genetic|hereditary|inherited|contagious)"
)
# Despair asked as a question is not a question about a condition: "what's the point any more".
HOPELESS = _rx(
    r"what s the point(?: (?:any ?more|of (?:living|life|anything|it all|going on|trying|me|being here)))?(?: \.|$)"
)
HYPOTHETICAL = _rx(
    r"what (?:should|do|would|could|can|must) (?:i|you|we|one|someone|people|parents|a person|a parent) (?:actually |really |even |then )?do (?:if|when|in case)|"
    r"what if|what (?:happens|would happen|will happen|could happen|might happen) if|in case|if ever|just in case|should (?:i|we|it|he|she) ever|"
    # round 8: written advice with a condition ("the booklet says ring if your temp is over 37.5"); what a
    # clinician told someone to do stays live ("the oncology team told me to call if I got a temperature")
    r"(?:booklet|leaflet|card|sheet|letter|website|app|instructions?|guidance|label) (?:\S+ ){0,2}(?:says|said|say) (?:\S+ ){0,2}(?:to )?(?:ring|call|phone|contact|go in|come in|go to a and e|seek help) (?:\S+ ){0,3}if|"
    # "if my diabetic husband ever had a hypo", "if he were to collapse"
    r"if (?:\S+ ){1,6}(?:ever|were to|was to)(?! since)|"
    r"(?:training|train|teach\w*|policy|plan|procedure|protocol|guidance|steps|leaflet|poster|talk) (?:\S+ ){0,5}(?:on |for |about )?what to do (?:if|when|in case)|"
    # "if my son has an asthma attack at school, what should the school do?"
    r"(?<!know )(?<!sure )(?<!wonder )(?<!see )(?<!check )if (?:my|our|the|his|her) (?:\S+ ){0,3}(?:has|gets|goes|stops|starts|collapses|chokes|falls|becomes|develops|needs|"
    r"had|got|went|stopped|started|collapsed|choked|fell|became|developed|needed|broke|came|were|was|did) (?:\S+ ){0,14}(?:what|who|how|should|would|do i|do we|can i|can we|could)\b|"
    # round 6: "if a diabetic is unconscious, is it safe to ...": a generic case
    r"(?<!know )(?<!sure )(?<!wonder )(?<!see )(?<!check )if (?:a|an|any) (?:\S+ ){1,2}(?:is|are|has|gets|goes|becomes|were|was|had|starts|stops|collapses|falls|passes|swallows|takes|needs)\b|"
    # "if I'm out walking and find someone collapsed by the canal"
    r"if (?:i|we|you) (?:\S+ ){0,4}(?:find|found|see|saw|come across|came across|discover|discovered) (?:someone|somebody|a person|a man|a woman|a child|a kid|anyone|an elderly)|"
    r"if (?:someone|somebody|anyone|a person|a child|a kid|a baby|your|you|one|people|they|a friend)|"
    r"how (?:would|do|can|will|could) (?:i|you|we) (?:know|tell|recognise|recognize|spot|notice) (?:if|when|whether)|"
    r"want to be (?:prepared|ready)|to be prepared|hypothetical(?:ly)?|suppose|imagine|in the event|worst case(?: scenario)?|god forbid|heaven forbid|"
    # a questionnaire's question: "asked whether I've ever had chest pain on exertion"
    r"(?:form|application|questionnaire|survey|insurer|insurance|policy) (?:\S+ ){0,2}(?:asks|asked|asking|questions?) (?:about|if|whether|me)|"
    r"(?:whether|if) (?:i|he|she|you|they|we) (?:ve|have|has|had|d) ever|have you ever|has (?:he|she|your \S+) ever|ever been (?:diagnosed|admitted|treated|hospitali[sz]ed)|"
    r"^(?:say|let s say|lets say|supposing|assuming) (?:my|your|a|an|someone|somebody|i|we|he|she|the|our|if|you)|"
    r"when (?:a|an|the) (?:patient|resident|client|casualty|person|child|baby|pupil|service user|student) (?:s )?(?:\S+ ){0,10}(?:what|how) (?:am i|should i|do i|do you|should we|are we|is it)|"
    # a condition on a choice: "my odds of a stroke if I don't take blood thinners"
    r"if (?:i|he|she|we|they|you) (?:don t|doesn t|didn t|do not|does not|never|stop|stopped|skip|miss|forget) (?:\S+ )?(?:take|taking|have|having|use|using|get|getting)"
)
PREVENTION = _rx(
    r"prevent|prevention|preventing|avoid (?:getting|having)|reduce (?:my|the|his|her|their|our|your) (?:risk|chance)|"
    r"lower (?:my|the|his|her|their|our|your) (?:risk|chance)|risk of|risk factors?|at risk|my risk|chances of|"
    r"keep (?:\S+ ){0,3}safe|safe around|childproof|child proof|baby ?proof|store (?:\S+ ){0,2}safely|"
    r"screened|screening|vaccine|vaccinated|vaccination|jab for|be prepared|action plan|where should i put|"
    r"worried (?:about|that) (?:getting|having|i might|i ll|i will|he might|she might)|scared of (?:getting|having)|"
    r"afraid of (?:getting|having)|on a budget|safety tips|tips (?:to|for)|"
    r"(?:likely|chance|chances|risk|odds|will (?:it|that|this)|could (?:it|that|this)|might (?:it|that|this)|can (?:it|that|this)|"
    r"would (?:it|that|this)|does (?:it|that|this)) (?:\S+ ){0,3}(?:happen|happens|happening) (?:again|next time)|"
    r"stop (?:it|this|that) (?:from )?happening|"
    r"(?:odds|likelihood|probability) of|how likely (?:am i|is (?:he|she|it|my \S+)|are (?:we|they|you)) to|"
    r"how (?:can|do|should|could|to|would) (?:i |we |you )?(?:stop|keep|prevent) (?:\S+ ){0,3}from (?:\S+ing)|"
    r"(?:riskiest|most risky|highest risk|biggest risk|most likely to cause)|"
    r"where (?:s|is) (?:the )?best (?:place |spot )?to (?:put|fit|install|place|mount|keep)|best place (?:for|to put)|"
    r"should (?:i|we) (?:get|buy|install|fit|have) (?:a|an) (?:\S+ ){0,3}(?:alarm|detector|monitor)"
)
STUDY = _rx(
    r"(?:school|college|uni|university|class|homework|biology|health|psychology|science|nursing|medical) "
    r"(?:report|project|essay|assignment|presentation|exam|test|quiz|coursework|class|homework|module|lesson)|"
    r"(?:report|essay|project|presentation|assignment|dissertation|thesis|coursework|article|blog post|leaflet|poster) (?:on|about)|"
    r"for (?:my|our|a) (?:\S+ )?(?:essay|dissertation|thesis|assignment|coursework|exam|exams|module|lecture|presentation|homework|revision|placement|rotation|clerkship|elective)|present a case|case presentation|"
    r"for (?:my|our|a) (?:exam|exams|class|course|nursing|medical|school|homework|essay|report|assignment|project|"
    r"dissertation|thesis|revision|studies|module|lecture|presentation|first aid course|training)|"
    r"(?:nursing|medical|paramedic|pharmacy|biology) student|studying (?:for|about)|revising (?:for|about)|"
    r"first aid (?:course|training|class|exam)|for a (?:quiz|class|lesson)|textbook|case study|exam question|"
    r"(?:lifeguard|first aider|first aid|nurse|nursing|paramedic|medic|care|carer|student) trainee|trainee (?:lifeguard|nurse|paramedic|medic|carer|first aider)|"
    r"(?:latest|current|new|updated) (?:guidance|guidelines?|protocols?|recommendations?) (?:on|for|about)|"
    # round 6: "as part of my paramedic degree", "our biology teacher asked us", "pub quiz question", "OSCE"
    r"(?:paramedic|nursing|medical|midwifery|pharmacy|biology|first aid|emt|healthcare|health and social care|a level|gcse|btec|science|psychology) "
    r"(?:degree|course|training|exam|exams|finals|placement|module|osce|apprenticeship|qualification|assignment|coursework|revision|unit|lecture|seminar)|"
    r"(?:teacher|lecturer|tutor|instructor|professor) (?:\S+ )?(?:asked|wants|told|set) (?:us|me|the class)|(?:pub )?quiz (?:night|question)|pub quiz|osce|"
    r"(?:my|our|a) (?:dissertation|thesis|essay|assignment) (?:is )?(?:on|about)|revising (?:the|my|for|about|\S+ for)"
)
FICTION = _rx(
    r"writing (?:a|an|my) (?:novel|story|book|script|screenplay|scene|play|poem|short story|fanfic|fan fiction)|"
    r"in (?:a|the|my) (?:novel|story|book|film|movie|tv show|show|series|game|episode|play|soap|drama|scene)|"
    r"(?:a|the|my|one) character|characters|role ?play|in the tv|(?<!people )(?<!someone )(?<!voices )on tv(?! (?:are|is) (?:\S+ )?(?:sending|talking|speaking|watching|messaging|telling))|on the tv show|fictional|fiction|plot|"
    r"a scene (?:where|in which)|(?:film|movie|show|programme|program|episode|series|book|novel|documentary|cartoon|soap) (?:\S+ ){0,4}(?:had|has) a scene|"
    r"(?:a|the) (?:film|movie|programme|episode|book|novel|documentary|cartoon|soap) where (?:a|the|someone|somebody|some|this|one|his|her)|"
    r"(?:watched|watching|saw|seen) (?:a|an|the) (?:\S+ )?(?:documentary|film|movie|programme|program|episode|drama) (?:about|on|where)|"
    r"in (?:grey s anatomy|er|house|casualty)|(?:on|watching|watched) (?:grey s anatomy|casualty|holby(?: city)?|chicago med|the good doctor|the resident|scrubs|the pitt|call the midwife)|"
    # round 6: a screenplay, a video game, a tabletop game, an episode, "there's a bit in X where"
    r"screenplay|screen play|(?:my|the|a) script|video game|computer game|board game|d and d|dnd|dungeons and dragons|tabletop|"
    r"binge watch\w*|radio play|(?:there s|there is|there was) a (?:bit|part|scene|moment|chapter|storyline) (?:in|on) (?:\S+ ){1,6}(?:where|when)|"
    r"(?:in|on) (?:the|an|last night s|this week s|yesterday s|tonight s) episode|(?:an|the|last night s) episode of|"
    r"(?:in|from) (?:a|the|my) (?:\S+ )?(?:novel|film|movie|tv show|episode|soap|drama)|in (?:a|the) \S+ (?:series|show|programme|program)(?! of)|"
    r"writing (?:a|an|my) (?:\S+ )?(?:mystery|thriller|whodunnit|whodunit|crime novel|saga|sketch|novella)|murder mystery|whodunn?it|crime novel|"
    r"(?:novel|story|book|film|show|game|screenplay) s (?:detective|hero|heroine|protagonist|villain|main character|medic)|"
    r"(?:my|the) (?:novel|story|book|screenplay|script|manuscript|comic|fanfic|game) (?:\S+ ){0,2}(?:has|features|is about|where|in which)|"
    r"for (?:my|our|a) (?:short story|story|novel|book|screenplay|script|play|film|movie|comic|fanfic|fan fiction)|my (?:short story|novel|manuscript|fanfic|fan fiction)|"
    r"(?:is|was) (?:that|this) (?:realistic|accurate|true to life)|(?:pretends?|pretending|pretended) to be|role play\w*|(?:the|an|a) actor|simulat(?:ed|ion)|"
    # round 8: costumes, props and stage make-up ("fake blood for a zombie stab wound costume")
    r"fake blood|stage blood|(?:sfx|special effects|stage|zombie|halloween) (?:make ?up|makeup)|"
    r"manikin|mannequin|resusci anne|cpr dummy|^(?:just |binge )?watch(?:ing|ed)(?! (?:him|her|them|my|our|his|over|out|the baby|the kids|closely|carefully|for)\b)|how realistic|would (?:that|this|it) be realistic|is it realistic (?:that|for (?:a|someone|somebody|the character))"
)
# Round 8: an animal is the one it happened to ("the vet said our puppy swallowed a battery").
ANIMAL = _rx(
    r"(?:dog|dogs|puppy|pup|cat|cats|kitten|pet|rabbit|bunny|hamster|guinea pig|ferret|parrot|budgie|horse|pony|tortoise|"
    r"lizard|snake s|bird) (?:has |had |just |s |is |was |may have |might have )?(?:swallowed|ate|eaten|eats|drank|chewed|licked|"
    r"got into|collapsed|is fitting|s fitting|is seizing|s seizing)|(?:the )?vets? (?:said|says|thinks|told|reckons)"
)
# A story from the news or a programme: it frames the clauses that are not about the writer's own people
# ("in a podcast I heard about a woman who bled to death after childbirth").
MEDIA = _rx(
    r"podcast|documentary|news (?:story|article|report|item)|(?:read|saw|seen|heard) (?:a |an |about |about a |the )?(?:article|story|post|report|thread|video)|"
    r"on the news|in the news|in the paper|on (?:tiktok|youtube|facebook|instagram|twitter|reddit|the radio)|(?:tiktok|youtube|instagram) (?:video|clip)|"
    r"netflix|iplayer|hbo|disney plus|prime video|true crime"
)
# Telling what the framing was for: "no, actually, my friend has just taken 40 paracetamol", "the girl is me".
DISCLOSURE = _rx(
    r"no (?:, )?actually|this is (?:real|really happening|not hypothetical|not a story)|(?:it s|it is) (?:real|really happening|actually me|really me|about me)|"
    r"not (?:a |just a )?(?:story|hypothetical|joke|drill|a test)|the (?:girl|boy|man|woman|person|character|friend|guy|lady) (?:in (?:it|the|my|this|that) (?:story |book |novel |script |play )?)?is (?:me|actually me|really me)|"
    r"i m the (?:girl|boy|person|friend|one|character)|(?:it s|it is|this is) (?:actually )?(?:happening|about me) (?:now|right now)|"
    r"(?:that s|that is|this is|it s|it is) (?:what s |what is )?(?:happening|going on) (?:now|right now|here|to (?:me|us|him|her|my \S+))|"
    r"(?:sounds|seems|looks) like (?:an? )?(?:\S+ )?(?:question|hypothetical|story) but|i know this sounds like"
)
# A sentence about a family's history ("a history of sudden cardiac death in my family, my cousin
# collapsed and died at 19", "aneurysms run in my mum's family").
FAMILY = _rx(
    r"runs? in (?:my|our|the|his|her|their) (?:\S+ )?family|(?:in|on) (?:my|our|his|her|their) (?:\S+ s )?(?:family|side of the family)|family history|"
    r"history of (?:\S+ ){0,4}in (?:my|our|the|his|her) family"
)

_SUBORDINATORS = {"when", "while", "whilst", "after", "before", "once", "during", "back"}
_CLAUSE_BREAKERS = {"but", "however", "although", "though", "except", "yet", "whereas"}
_CLAUSE_STARTERS = {
    ("and", "now"),
    ("and", "then"),
    ("and", "today"),
    ("and", "tonight"),
    ("so", "now"),
    ("and", "suddenly"),
    ("then", "suddenly"),
}


@dataclass(frozen=True)
class Frames:
    """Per-token framing of one normalized message; ``ignored(i)`` says why token i is not live."""

    negated: tuple[bool, ...]
    clause_of: tuple[int, ...]
    reason_by_clause: tuple[str | None, ...]  # why a clause's findings do not count (None: they do)
    past_by_clause: tuple[tuple[tuple[int, str], ...], ...]  # (token, "history"/"resolved") markers
    present_by_clause: tuple[tuple[int, ...], ...]  # tokens of present-tense cues
    topic: tuple[bool, ...] = ()  # the subject of a general question
    frames_next: tuple[bool, ...] = ()  # a short lead-in clause ("sometimes,") frames the next

    @property
    def has_ended(self) -> bool:
        """Whether some clause holds an episode told as over that no clinician has checked."""
        return any(kind in {"ended", "resolved"} for past in self.past_by_clause for _, kind in past)

    def ignored(self, token: int, *, state: bool = False, persist: bool = False, soft: int = 0) -> str | None:
        """Why the match starting at ``token`` does not count, or None. A ``state`` (diabetes, a
        transplant, anticoagulants, a bad back) is not undone by being mentioned in the past tense;
        a ``persist`` event (tablets swallowed, a battery swallowed) is not undone by "fine now"."""
        if self.negated[token]:
            return "negated"
        if self.topic and self.topic[token]:
            return "informational"
        clause = self.clause_of[token]
        if self.reason_by_clause[clause] is not None:
            return self.reason_by_clause[clause]
        if state or not self.past_by_clause[clause]:
            return None
        # "resolved" and "dated" do not undo a persisting event (tablets swallowed "on Sunday" are still in
        # the body); a clinician's check ("checked", "closed") does.
        markers = [
            m
            for m in self.past_by_clause[clause]
            if not (persist and m[1] in {"resolved", "dated", "ended"}) and m[1] not in _SOFTENED[soft]
        ]
        if not markers:
            return None
        # A past marker counts unless a present cue in the clause is nearer to the match:
        # "nearly drowned as a kid and is still scared" is history; "had surgery last year,
        # now breathless" is not (they are different clauses anyway).
        position, reason = min(markers, key=lambda item: abs(item[0] - token))
        present = self.present_by_clause[clause]
        if present and min(abs(p - token) for p in present) < abs(position - token):
            # a finished story (see _close_finished_story): a time of day in it does not reopen it
            return "resolved" if any(kind == "closed" for _, kind in markers) else None
        return _REASON_OF_KIND.get(reason, reason)


# What a match read "softly" looks through: urgent rules (1) an episode told as over; the check for an
# emergency that has passed (2) any resolution that no clinician's check confirmed.
_SOFTENED: tuple[frozenset[str], ...] = (frozenset(), frozenset({"ended"}), frozenset({"ended", "resolved"}))
_REASON_OF_KIND = {"dated": "history", "checked": "resolved", "closed": "resolved", "ended": "resolved"}


def analyse(norm: Normalized) -> Frames:
    """The frames of ``norm`` (see the module docstring)."""
    tokens = norm.tokens
    clause_of: list[int] = []
    clauses: list[tuple[int, int]] = []  # token ranges
    sentence_of_clause: list[int] = []
    sentence = 0
    start = 0
    for i, token in enumerate(tokens):
        boundary_after = token in {".", ","}
        boundary_before = i > start and (
            token in _CLAUSE_BREAKERS or (i + 1 < len(tokens) and (token, tokens[i + 1]) in _CLAUSE_STARTERS)
        )
        if boundary_before:
            clauses.append((start, i))
            sentence_of_clause.append(sentence)
            start = i
        clause_of.append(len(clauses))
        if boundary_after:
            clauses.append((start, i + 1))
            sentence_of_clause.append(sentence)
            start = i + 1
            if token == ".":
                sentence += 1
    if start < len(tokens) or not clauses:
        clauses.append((start, len(tokens)))
        sentence_of_clause.append(sentence)

    texts = [" ".join(tokens[a:b]) for a, b in clauses]
    sentence_texts: dict[int, str] = {}
    for index, text in enumerate(texts):
        key = sentence_of_clause[index]
        sentence_texts[key] = (sentence_texts.get(key, "") + " " + text).strip()
    message = norm.text
    study = "study" if STUDY.search(message) else "fiction" if FICTION.search(message) else None
    disclosed = bool(DISCLOSURE.search(message))
    media = not disclosed and bool(MEDIA.search(message))
    if disclosed:
        study = None

    # A message told wholly in the past (no present-tense statement outside its questions): only then does a
    # past day or season ("in June", "on Sunday") date its findings. "She had a UTI last week" stays the
    # background of "she's making no sense" today.
    told_in_past = not any(
        _PRESENT_VERB.search(text)
        and not _QUESTION_START.match(sentence_texts[sentence_of_clause[index]])
        and not _ends(text)
        and not CHECKED.search(text)
        for index, text in enumerate(texts)
    )
    reasons: list[str | None] = []
    pasts: list[tuple[tuple[int, str], ...]] = []
    presents: list[tuple[int, ...]] = []
    for index, text in enumerate(texts):
        first, last = clauses[index]
        whole = sentence_texts[sentence_of_clause[index]]
        strong = bool(STRONG_OVERRIDE.search(text))
        present = strong or bool(OVERRIDE.search(text))
        next_text = (
            texts[index + 1]
            if index + 1 < len(texts) and sentence_of_clause[index + 1] == sentence_of_clause[index]
            else ""
        )
        reason: str | None = None
        if study and not strong:
            reason = study
        elif HYPOTHETICAL.search(whole) and not strong and not disclosed:
            reason = "hypothetical"
        elif PREVENTION.search(whole) and not strong and not _describes_now(text):
            reason = "prevention"
        elif media and not present and not PERSONAL.search(text) and not _SOMEONE_OWN.search(text):
            reason = "fiction"
        elif ANIMAL.search(text) and not present:
            reason = "animal"
        elif (
            (INFORMATIONAL.search(whole) or _general_question(whole))
            and not present
            and not PERSONAL.search(text)
            and not HOPELESS.search(whole)
        ):
            reason = "informational"
        reasons.append(reason)
        offsets = _token_offsets(text, first)
        past = [(offsets(m.start()), "history") for m in HISTORY.finditer(text)]
        past += [(offsets(m.start()), "recurring") for m in RECURRING.finditer(text)]
        past += [(offsets(m.start()), "resolved") for m in RESOLVED.finditer(text)]
        past += [(offsets(m.start()), "ended") for m in ENDED.finditer(text)]
        past += [(offsets(m.start()), "checked") for m in CHECKED.finditer(text)]
        if told_in_past and _PAST_VERB.search(text):
            past += [(offsets(m.start()), "dated") for m in PAST_DATE.finditer(text)]
        if RESOLVED.search(next_text):
            past.append((last - 1, "resolved"))
        elif ENDED.search(next_text):
            past.append((last - 1, "ended"))
        cues = list(OVERRIDE.finditer(text))
        if (
            text.startswith(("and now ", "so now "))
            and _LASTING.match(text.split(" ", 2)[2])
            and pasts
            and sentence_of_clause[index - 1] == sentence_of_clause[index]
            and any(kind in {"history", "dated"} for _, kind in pasts[-1])
            and not _ACUTE.search(text[4:])
        ):
            # "had a stroke last year and now can't talk properly": the lasting result of that event
            past.append((first, "history"))
        if past and not _ACUTE.search(text):
            # "had a stroke last year and now can't talk properly", "tried to overdose in the summer and
            # is now seeing a psychiatrist": a bare "now" after a past event contrasts, it does not date.
            cues = [m for m in cues if m.group(0) != "now" or not _LASTING.match(text[m.end() + 1 :])]
        if any(kind == "ended" for _, kind in past):
            # "crushing chest pain this morning that eased after I sat down": a time of day dates an episode
            # told as over; only "now", "again", "keeps", "getting worse" make it current
            cues = [m for m in cues if _STILL_NOW.match(m.group(0))]
        pasts.append(tuple(past))
        presents.append(tuple(offsets(m.start()) for m in cues))
    # "Sometimes, I have double vision", "when I turn my head, I get vertigo": a short lead-in clause
    # ending in a comma frames the clause after it (not across "but").
    frames_next = [
        index + 1 < len(texts)
        and (
            clauses[index][1] - clauses[index][0] <= 7
            # a subordinate lead-in of any reasonable length: "when I was pregnant with my first,"
            or (tokens[clauses[index][0]] in _SUBORDINATORS and clauses[index][1] - clauses[index][0] <= 12)
        )
        and tokens[clauses[index][1] - 1] == ","
        and sentence_of_clause[index + 1] == sentence_of_clause[index]
        and tokens[clauses[index + 1][0]] not in _CLAUSE_BREAKERS
        for index in range(len(texts))
    ]
    # "..., but they stopped it in theatre, that was 2 years ago": a trailing clause that dates the
    # story puts the clauses before it in the same sentence in the past.
    for index, text in enumerate(texts):
        if index and DATING.match(text):
            for before in range(index - 1, -1, -1):
                if sentence_of_clause[before] != sentence_of_clause[index] or presents[before]:
                    break
                pasts[before] = pasts[before] + ((clauses[before][1] - 1, "history"),)
    # The lead-in's past does not reach a clause with its own present anchor: "started on lisinopril
    # last month, tonight my tongue has swollen" is happening tonight.
    for index in range(len(texts) - 1):
        if pasts[index] and frames_next[index] and not presents[index] and not presents[index + 1]:
            pasts[index + 1] = pasts[index + 1] + tuple((clauses[index + 1][0], reason) for _, reason in pasts[index])
    # "There's a history of sudden cardiac death in my family, my cousin collapsed and died at 19":
    # every clause of a sentence about a family's history is history.
    for index in range(len(texts)):
        if FAMILY.search(sentence_texts[sentence_of_clause[index]]) and not presents[index]:
            pasts[index] = pasts[index] + ((clauses[index][0], "history"),)
    _close_finished_story(texts, clauses, sentence_of_clause, sentence_texts, presents, pasts)
    # "it stopped with pressure but started again and won't stop": a relapse undoes the earlier resolution.
    relapsed = [
        index
        for index, text in enumerate(texts)
        if (ESCALATION.search(text) or _AGAIN.search(text))
        and not (
            _QUESTION_START.match(sentence_texts[sentence_of_clause[index]])
            or PREVENTION.search(sentence_texts[sentence_of_clause[index]])
        )
    ]
    if relapsed:
        pasts = [
            tuple(m for m in past if not (m[1] in {"resolved", "ended", "closed"} and index < relapsed[-1]))
            for index, past in enumerate(pasts)
        ]
    escalated = [index for index, text in enumerate(texts) if ESCALATION.search(text)]
    if escalated:
        pasts = [
            tuple(m for m in past if not (m[1] == "recurring" and index < escalated[-1]))
            for index, past in enumerate(pasts)
        ]
    return Frames(
        tuple(negation_mask(tokens)),
        tuple(clause_of),
        tuple(reasons),
        tuple(pasts),
        tuple(presents),
        _topic_mask(norm, clause_of),
        tuple(frames_next),
    )


def _ends(text: str) -> bool:
    return bool(RESOLVED.search(text) or ENDED.search(text))


def _close_finished_story(texts, clauses, sentence_of_clause, sentence_texts, presents, pasts) -> None:
    """A story told in the past and closed by its outcome ("had crushing chest pain on Saturday, went
    to A&E, ECG and troponin were both normal", "choked on a grape, I whacked his back and it shot out,
    then he went back to eating", "it settled after an hour"): every past-tense clause before the
    last outcome, with no present cue of its own, is resolved; after a clinician's check (CHECKED) it
    stays resolved even for an event whose danger outlasts its symptoms.

    Not when a later statement brings the story back to now ("but tonight", "two hours later he's",
    "again", "getting worse"): then the earlier events are the history of a present emergency."""
    outcomes = [i for i, text in enumerate(texts) if _ends(text) or CHECKED.search(text)]
    if not outcomes:
        return
    last = outcomes[-1]
    for later in range(last + 1, len(texts)):
        sentence = sentence_texts[sentence_of_clause[later]]
        if _QUESTION_START.match(sentence) or PREVENTION.search(sentence) or HYPOTHETICAL.search(sentence):
            continue
        if presents[later] or ESCALATION.search(texts[later]) or _RELAPSE.search(texts[later]):
            return
        # "he says he's ok, but his chest feels funny": a contrast after the outcome reopens the story
        if texts[later].split(" ", 1)[0] in _CLAUSE_BREAKERS and not (
            _ends(texts[later]) or CHECKED.search(texts[later])
        ):
            return
    kind = "closed" if any(CHECKED.search(texts[i]) for i in outcomes) else "ended"
    for index in range(last):
        if index in outcomes or not _PAST_VERB.search(texts[index]) or _PRESENT_VERB.search(texts[index]):
            continue
        # "had an asthma attack at school today, ... she settled within ten minutes": a time of day
        # dates the past event; "now", "keeps", "again", "getting worse" would make it current.
        if presents[index] and _STILL_NOW.search(texts[index]):
            continue
        pasts[index] = pasts[index] + ((clauses[index][0], kind),)


# The subject of a general question ("what are the warning signs of a stroke I should teach my
# parents", "how to talk to someone who is thinking about suicide") is informational even when the
# sentence names a person: the topic runs from the question words to the end of the clause, or to
# the first word that starts a new statement ("because", "and", "I", "my", "he", ...).
TOPIC = _rx(
    r"what (?:is|are|s|re) (?:the )?(?:main |early |first |common |usual |typical |warning |tell tale |key |red flag )*"
    r"(?:signs?|symptoms?|causes?|treatments?|risk factors?|complications?|first aid|long term effects?|stages?|types?|red flags?) (?:of|for)|"
    r"(?:the |some |any )?(?:warning signs?|red flags?|tell tale signs?) (?:of|for)|difference between|which (?:signs?|symptoms?) (?:in|of|after|mean|would|should)|"
    r"how (?:do|does|would|can|could|should) (?:you|one|doctors|a doctor|people|someone|nurses|paramedics|i|we) "
    r"(?:treat|recognise|recognize|spot|diagnose|tell|know|help|talk to|support|approach|respond to)|"
    r"how to (?:recognise|recognize|spot|tell|treat|help|talk to|deal with|support|approach|respond to|look after|care for)|"
    r"(?:learn|learning|teach|teaching|taught|training|train) (?:\S+ ){0,3}(?:about|how to|to recognise|to recognize|to spot|first aid)|"
    r"(?:trained|training|train|course|taught|teach|teaching|learn|learning|practis\w*|practic\w*) (?:\S+ ){0,3}(?:in|on) (?:giving|using|how to|administering|doing|performing|recognising|recognizing|cpr|first aid|resuscitation)|"
    r"tell me about"
)
# A claim about a population ("chest pain in women is often missed") is about no one in particular.
GENERIC_CLAIM = _rx(
    r"(?:[a-z]+ ){1,3}(?:in|among|for) (?:women|men|children|kids|adults|people|the elderly|older people|young people|teenagers|"
    r"babies|diabetics|athletes|smokers|pregnant women) (?:is|are|can be|tends? to be|often|usually|get|gets|may be|might be)|"
    # round 7: a claim someone reports about a kind of symptom ("my nurse friend told me a sudden severe
    # headache can be a sign of a bleed"), and a belief about what a condition is ("he thinks it's only chest pain")
    r"(?:says|said|read|heard|told me|tells me|reckons|claims|claimed) (?:that )?(?:a|an|any) (?:\S+ ){0,8}(?:can be|is|are|could be|may be|might be) "
    r"(?:a |an )?(?:really |very )?(?:dangerous|serious|a warning sign|warning sign|sign|an emergency|emergency|red flag|deadly|fatal|worrying)|"
    r"(?:thinks|believes|assumes|thought) (?:that )?(?:it s|it is|they re|they are) (?:only|always|just) (?:\S+ ){0,3}(?:pain|symptoms?|signs?)(?= \.| \?|$)"
)
_TOPIC_STOPS = {
    ".",
    ",",
    "because",
    "cos",
    "as",
    "since",
    "and",
    "but",
    "so",
    "i",
    "he",
    "she",
    "we",
    "they",
    "now",
    "right",
    "currently",
}
_GENERIC_PERSON = {
    "someone",
    "somebody",
    "anyone",
    "anybody",
    "person",
    "people",
    "others",
    "patient",
    "patients",
    "child",
    "children",
    "kids",
    "teenagers",
    "adults",
}
_PRESENT_VERBS = {"is", "s", "has", "keeps", "can", "won", "isn", "just", "hasn", "cannot", "seems", "looks"}


def _topic_mask(norm: Normalized, clause_of: list[int]) -> tuple[bool, ...]:
    tokens = norm.tokens
    mask = [False] * len(tokens)
    for match in TOPIC.finditer(norm.text):
        first = norm.token_at(match.start())
        end = norm.token_at(max(match.start(), match.end() - 1)) + 1
        for j in range(first, len(tokens)):
            if j >= end and (tokens[j] in _TOPIC_STOPS or clause_of[j] != clause_of[first]):
                break
            # "how do I help my son who is fitting": a relative clause about a real person is a statement
            if (
                j >= end
                and tokens[j] in {"who", "that"}
                and j + 1 < len(tokens)
                and tokens[j + 1] in _PRESENT_VERBS
                and tokens[j - 1] not in _GENERIC_PERSON
            ):
                break
            mask[j] = True
    for match in GENERIC_CLAIM.finditer(norm.text):
        for j in range(norm.token_at(match.start()), norm.token_at(max(match.start(), match.end() - 1)) + 1):
            mask[j] = True
    return tuple(mask)


def _token_offsets(text: str, first: int):
    """Maps a character offset in a clause's text to the message token index it falls in."""

    def offset(char: int) -> int:
        return first + text.count(" ", 0, char)

    return offset


_QUESTION_START = re.compile(
    r"^(?:is|are|does|do|can|could|will|would|should|has|have|did|was|were|what|how|why|"
    r"which|who|whom|when|where|whats|what s|how s|hows)\b(?! t\b)"
)
_SOMEONE_REAL = _rx(
    r"i|i m|i ve|i d|i ll|me|my|mine|myself|we|we re|us|our|he|him|his|she|her|hers|this|these|"
    r"mum|mom|mummy|mother|dad|daddy|father|son|daughter|baby|babies|child|kid|toddler|wife|husband|partner|"
    r"boyfriend|girlfriend|friend|mate|brother|sister|grandma|grandmother|gran|granny|nan|nana|grandad|granddad|"
    r"grandpa|grandfather|neighbour|neighbor|colleague|flatmate|roommate|uncle|aunt|auntie|cousin|niece|nephew|"
    r"patient|boss|teacher|someone here|somebody here"
)


_SOMEONE_OWN = _rx(r"my|our|me|i|we|this (?:morning|evening|afternoon)|today|tonight|now")


def _general_question(sentence: str) -> bool:
    """A question about a condition in general: "does a paracetamol overdose damage the liver",
    "is meningitis contagious", "how long does a stroke last". It starts like a question and
    names no one it could be happening to."""
    return bool(_QUESTION_START.match(sentence)) and not _SOMEONE_REAL.search(sentence)


_NOW_DESCRIPTION = _rx(
    r"(?:i m|i am|he s|she s|he is|she is|they re|it s|my [a-z]+ (?:is|s|has|keeps)) "
    r"(?!scared|afraid|worried|frightened|terrified|anxious|nervous|concerned)(?:\S+ ){0,2}(?<!of )(?<!about )(?:having|bleeding|vomiting|choking|struggling|swelling|swollen|"
    r"collapsed|unconscious|fitting|seizing|not breathing)"
)


def _describes_now(clause: str) -> bool:
    return bool(_NOW_DESCRIPTION.search(clause))
