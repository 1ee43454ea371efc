"""Concepts the triage rules are written in: who, where in the body, what, how bad, how fast.

Each entry is a regular expression over normalized text (see ``text.normalize``) and may use the
others as ``<NAME>``. In rule patterns, `` %N `` between two words allows up to N other words
there (never a comma or a sentence end). Entries are alternatives of words a person types, not
clinical terms only: "tummy", "poo", "wee", "nappy", "gone grey", "not making sense".
"""
from __future__ import annotations

_N_SMALL = r"(?:\d|1[0-2]|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_POSS = r"(?:my|his|her|their|the|our|your|a|one|both|this|that|its|it s|he s|she s)"
_UNDER_3_MONTHS = (
    rf"newborn|new born|neonate|neo natal|\d+ days? old|{_N_SMALL} (?:week|weeks) old|week old|"
    r"(?:1|2|one|two) (?:month|months) old|(?:baby|son|daughter|she|he|newborn|grandson|granddaughter) (?:is|s) "
    rf"(?:only |just )?(?:{_N_SMALL} weeks?|(?:1|2|one|two) months?)(?! pregnant)|{_N_SMALL} weeks? baby")

LEXICON: dict[str, str] = {
    # --- who -----------------------------------------------------------------------------
    "POSS": _POSS,
    "INFANT_YOUNG": _UNDER_3_MONTHS,
    "INFANT": r"<INFANT_YOUNG>|baby|babies|baby s|infant|(?:\d|1[01]|one|two|three|four|five|six|seven|eight|nine|ten|eleven) months? old|\d+ month old",
    "CHILD": r"<INFANT>|toddler|toddlers|child|children|kid|kids|son|daughter|boy|girl|little one|grandson|granddaughter|"
             r"nephew|niece|(?:[1-9]|1[0-5]|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
             r"fourteen|fifteen) (?:year|years) old|teen|teenager|pupil",
    "PERSON": r"mum|mom|mother|mummy|dad|father|daddy|husband|wife|partner|son|daughter|baby|child|kid|toddler|brother|sister|"
              r"friend|mate|flatmate|roommate|housemate|neighbour|neighbor|grandma|grandmother|gran|granny|nan|nana|grandad|granddad|"
              r"grandpa|grandfather|uncle|aunt|auntie|cousin|niece|nephew|boyfriend|girlfriend|fianc\w*|colleague|boss|patient|resident|"
              r"lodger|client|man|woman|lady|guy|bloke|boy|girl|teenager|student|pupil|someone|somebody|person|stranger",
    "ELDERLY": r"elderly|old (?:man|lady|woman|person|people)|grandma|grandmother|gran|granny|nan|nana|nanna|nanny|"
               r"grandad|granddad|grandpa|grandfather|great grandma|pensioner|oap|"
               r"(?:[7-9]\d|1[01]\d) (?:year|years) old|(?:i m|i am|he s|she s|he is|she is|who s|who is|aged|age|,|(?:mum|mom|mother|dad|father|nan|gran|grandma|grandad|husband|wife|aunt|uncle|neighbour|neighbor) (?:is|s)) [7-9]\d(?! weeks| kg| lbs| minutes| mg)",
    "PREGNANT": r"pregnant|pregnancy|expecting a baby|\d+ weeks (?:pregnant|gone|along)|"
                r"(?:i m|i am|she s|she is|wife is|partner is|girlfriend is|daughter is) (?:\d+|about \d+|nearly \d+) weeks(?! old| ago)|"
                r"(?:^|(?<=\. ))\d+ weeks(?! old| ago)|positive (?:pregnancy )?test|missed (?:my |her )?period|trimester|"
                r"(?:pregnancy )?test (?:\S+ ){0,4}(?:positive|two lines|2 lines)|period (?:\S+ ){0,3}(?:late|overdue)|late period|"
                r"antenatal|midwife|due date|(?:the )?baby (?:isn t|is not|hasn t been|has not been|s not) moving",
    "EARLY_PREGNANCY": r"(?:[4-9]|1[0-3]|four|five|six|seven|eight|nine|ten|eleven|twelve) weeks (?:pregnant|gone|along)|"
                       r"(?:pregnancy )?test (?:\S+ ){0,4}(?:positive|two lines|2 lines)|period (?:\S+ ){0,3}(?:late|overdue)|late period|"
                       r"early (?:pregnancy|pregnant|stages of pregnancy)|missed (?:my |her )?period|positive (?:pregnancy )?test|"
                       r"first trimester|just found out (?:i m|i am|she s|she is) pregnant|"
                       r"(?:i m|i am|she s|she is) (?:[4-9]|1[0-3]) weeks(?! old| ago)|(?:1|2|one|two) months? (?:pregnant|gone|along)|pregnant (?:\S+ )?(?:1|2|one|two) months?(?! ago| old)",
    "LATE_PREGNANCY": r"(?:2\d|3\d|4[0-2]) weeks(?! old| ago)|third trimester|second trimester|(?:nearly|almost) due|overdue|past (?:my|her) due date|"
                      r"(?:[5-9]|five|six|seven|eight|nine) months? (?:pregnant|gone|along)|pregnant (?:\S+ )?(?:[5-9]|five|six|seven|eight|nine) months?(?! ago| old)",
    "PRETERM": r"(?:2\d|3[0-6]) weeks(?! old| ago)|premature|preterm|too early|(?:[5-8]|five|six|seven|eight) months? (?:pregnant|gone|along)|pregnant (?:\S+ )?(?:[5-8]|five|six|seven|eight) months?(?! ago| old)",
    "POSTPARTUM": r"gave birth|given birth|had (?:my|the|our|a|her) baby|after (?:the |giving |her )?birth|postpartum|post partum|"
                  r"postnatal|post natal|delivered|c section|caesarean|cesarean|home birth|since (?:the )?birth|"
                  r"after delivery|(?:after|since) having (?:my|the|a|her|our) baby|newborn|since the baby (?:came|arrived|was born)|"
                  r"(?:baby|twins) (?:came|arrived|was born|were born) (?:\S+ ){0,2}(?:days?|weeks?) ago|"
                  r"(?:had|delivered) (?:my |our |her |their |the )?(?:son|daughter|boy|girl|twins|triplets|little boy|little girl) (?:\S+ ){0,2}(?:days?|weeks?) ago|"
                  # Told in a second language: "she give birth 5 day ago", "baby born 3 day ago".
                  r"(?:give|gives|giving|gived|have|has|had) (?:the |a |her |my )?(?:birth|baby) (?:\S+ ){0,2}<N_FEW> (?:day|days|week|weeks) ago|"
                  r"(?:baby|son|daughter) (?:was |is |s )?born (?:\S+ ){0,2}<N_FEW> (?:day|days|week|weeks) ago|<N_FEW> (?:day|days|week|weeks) (?:after|since) (?:the |her |my )?(?:birth|delivery)",
    "ANTICOAG": r"warfarin|coumadin|rivaroxaban|xarelto|apixaban|eliquis|edoxaban|lixiana|dabigatran|pradaxa|heparin|"
                r"clexane|enoxaparin|clopidogrel|plavix|blood thinners?|blood thinning|anticoagulants?|anti coagulants?|"
                r"anticoagulated|thinners",
    "CHEMO": r"chemo|chemotherapy|transplant|transplanted|immunosuppress\w*|immune suppress\w*|weakened immune system|weak immune system|"
             r"no spleen|spleen removed|splenectomy|on (?:high dose )?steroids|methotrexate|biologics?|tacrolimus|mycophenolate|"
             r"on treatment for (?:\S+ ){0,2}cancer|cancer treatment|treatment for (?:\S+ ){0,2}(?:cancer|leukaemia|leukemia|lymphoma|myeloma)|"
             r"leukaemia|leukemia|lymphoma|myeloma|neutropenic|neutropenia|low white (?:blood )?(?:cell )?count|"
             r"immunotherapy|bone marrow transplant|stem cell transplant|infusion",
    "DIABETIC": r"diabetic|diabetes|type 1|type one|t1d|type 2|insulin|blood sugars?|blood glucose|glucose|"
                r"sugars? (?:level|levels|reading|readings|is|was|s|are|were|of|has|have|keeps?|dropped|dropping|high|low)|"
                r"sugar|bm|ketones|hypo|metformin|gliclazide|meter",
    "ASTHMATIC": r"asthma|asthmatic|inhaler|inhalers|reliever|blue pump|puffer|ventolin|salbutamol|albuterol|nebuliser|nebulizer|peak flow",
    "ALLERGEN": r"nuts?|peanuts?|cashews?|almonds?|shellfish|prawns?|shrimp|crab|lobster|mussels|fish|sesame|eggs?|milk|"
                r"bee|bees|wasp|wasps|hornet|sting|stung|stings|antibiotic|antibiotics|penicillin|amoxicillin|"
                r"new (?:medicine|medication|tablet|tablets|pill|pills|drug)|started (?:taking )?(?:a |the )?new|latex|"
                r"allergic|allergy|allergies|ate|eaten|eating",
    # --- where -------------------------------------------------------------------------
    "CHEST": r"chest|breastbone|breast bone|sternum|rib cage|ribcage|(?:around|near|over|in) (?:my|his|her) heart",
    "ARM": r"arms?|hands?|fingers?|wrists?|elbows?",
    "LEG": r"legs?|feet|foot|toes?|ankles?|knees?|thighs?|calf|calves",
    "LIMB": r"<ARM>|<LEG>",
    "HEAD": r"head|skull|forehead|temple|scalp",
    "ABDO": r"stomach|tummy|belly|abdomen|abdominal|tum|gut|guts|lower right|lower left|right side|left side|low down|"
            r"one side|pelvis|pelvic|belly button|appendix|bowel|bowels|lower belly|lower tummy|side of (?:my|his|her) (?:belly|tummy|stomach)",
    "TESTIS": r"testicles?|testes|testis|(?:my|his|your|right|left|one|both|the) balls?(?! of (?:my|his|her|your|the) feet)|ball sack|scrotum|scrotal|(?:my|his) nuts|nut sack|privates|testicular",
    "EYE": r"eyes?|eyeball|eyeballs|eyesight|sight|vision",
    "THROAT": r"throat|airway|windpipe",
    # --- what --------------------------------------------------------------------------
    "PAIN": r"pain|pains|painful|hurts?|hurting|ache|aches|aching|agony|sore|soreness|discomfort|tender|throbbing|"
            r"cramps?|cramping|stabbing|twinges?|killing me",
    "CARDIAC_FEEL": r"pressure|tightness|tight|tightening|squeezing|squeeze|squeezed|crushing|crushed|heavy|heaviness|"
                    r"weight|elephant|band|vice|vise|burning|pressing|constricted|gripping|clenching|clamped",
    "SEVERE": r"severe|severely|(?:very |so |too )?strong pain|pain (?:is |so |very )*strong|(?<!how )(?<!not )(?:very |so |too )?much pain|pain (?:is )?(?:very|so) (?:bad|much|strong|big)|big pain|terrible|terribly|awful|horrendous|horrible|excruciating|unbearable|agonising|agonizing|"
              r"agony|worst|extreme|extremely|intense|crippling|really bad|so bad|very bad|really severe|killing me|"
              r"screaming|10/10|10 out of 10|9/10|9 out of 10|can t bear|immense|massive|unreal|bad bad|horrific|"
              r"the worst|doubled over|doubled up|can t stand up|can t stand|writhing|rolling around|really painful|very painful|so painful|"
              r"extremely painful|incredibly painful|way worse|much worse|getting worse and worse|can t cope with the pain|in bits|"
              r"crying (?:in|with|from) (?:the )?pain|screaming (?:in|with) (?:the )?pain|beside (?:my|him|her)self",
    "SUDDEN": r"sudden|suddenly|all of a sudden|out of nowhere|out of the blue|came on (?:suddenly|quickly|in seconds|"
              r"instantly|fast|within seconds)|without (?:any )?warning|abrupt|abruptly|instantly|in seconds|within seconds|"
              r"started suddenly|explosive|thunderclap|like a bolt|just now|came on like",
    "RADIATES": r"(?:spreading|spreads|spread|radiating|radiates|going|goes|went|moving|moves|shooting|shoots|travelling|"
                r"traveling|extending|extends|running) (?:up |down |out )?(?:in)?to (?:my |his |her |the |both )?(?:left |right )?"
                r"(?:arm|arms|jaw|neck|back|shoulder|shoulders|teeth|throat)|(?:down|up) (?:my|his|her|the) (?:left |right )?(?:arm|jaw|neck)|"
                r"(?:arm|jaw|arms) (?:is |are |s |feels |feel )?(?:tingling|aching|numb|hurting|hurts|heavy|achy|sore)",
    "SWEAT": r"sweat|sweats|sweating|sweaty|sweated|clammy|cold sweat|drenched|diaphoretic|sweating buckets",
    "PALLOR": r"pale|paler|grey|gray|greyish|grayish|ashen|white as a sheet|colour drained|color drained|gone white|going white|"
              # round 6: "he's gone a horrible colour"
              r"(?:(?:gone|going|turned|turning|went|looks?|looking)|(?:skin|face|lips) (?:is |s |looks |has gone |went )?) (?:a )?(?:really |very |bit of a |bit )?(?:horrible|funny|strange|weird|bad|awful|odd|terrible|dreadful|horrid|nasty|sickly|ghastly|deathly) colou?r|"
              r"mottled|blotchy skin|skin (?:is |looks |has gone |went )?(?:blotchy|mottled|grey|gray|blue|bluish|cold)|"
              r"cold and clammy|cold to (?:the )?touch|cold hands and feet|pasty|"
              r"(?:very|so|really|completely|deathly|ghostly|chalk|totally|all) white(?! (?:spots?|patches?|discharge|coating|tongue|bits|heads?|lines?|marks?|flecks?|stuff))|"
              r"(?:is|s|are|look|looks|looking|went|gone|going|turned|turning) (?:very |so |all |really )?white and (?:shak\w*|cold|sweat\w*|clammy|dizzy|faint\w*|weak|floppy|limp|trembl\w*)",
    "FAINT": r"faint|fainted|fainting|faints|feel faint|felt faint|feeling faint|pass out|passed out|passing out|passes out|"
             r"blacked out|black out|blacking out|blackout|collapse|collapsed|collapsing|light ?headed|lightheaded|light headed|"
             r"keeled over|dropped to the floor|nearly fainted|nearly passed out|almost fainted|almost passed out|about to faint|"
             r"going to pass out|going to faint|syncope|swooning|(?:everything|it all|the world|my vision|his vision|her vision) "
             r"(?:\S+ )?(?:went|goes|going|turned|gone) (?:\S+ )?(?:black|dark|grey|gray|white|fuzzy)|"
             r"(?:came round|came to|woke up|found myself|comes round|came around) (?:\S+ ){0,3}on the (?:\S+ )?(?:floor|ground)|<COLLAPSE>",
    "COLLAPSE": r"collapsed|collapses|collapsing|keeled over|dropped to the floor|fell to the floor|"
                r"found (?:him|her|them|<POSS> (?:\S+ )?<PERSON>)(?! s ) (?:\S+ ){0,2}(?:on the (?:\S+ )?(?:floor|ground)|collapsed|unconscious)|"
                r"slumped (?:over|forward|forwards|down|sideways|in (?:his|her|the) (?:chair|seat)|at the table|against)|hit the (?:floor|deck|ground)|"
                r"(?:dropped|went down|fell) like a (?:stone|sack|rock|tree)|went down (?:\S+ ){0,2}(?:in|on) the (?:garden|street|floor|ground|kitchen|bathroom|shop|road|pub|pavement)",
    "DIZZY": r"dizzy|dizziness|giddy|woozy|the room is spinning|room spinning|feel wobbly|feeling wobbly|feels wobbly|unsteady on (?:my|his|her) feet",
    # (a blocked nose is not breathlessness: "struggling to breathe through my nose with hay fever")
    "BREATHLESS": r"(?:short of breath|can t get a (?:full|proper|deep) breath|can t take a (?:full|deep|proper) breath|shortness of breath|breathless|breathlessness|out of breath|sob|"
                  r"can t (?:catch|get) (?:my|his|her|their|a) breath|struggling (?:to|for) (?:breathe|breath|air)|"
                  r"hard to breathe|difficulty breathing|difficult to breathe|trouble breathing|breathing (?:is )?(?:hard|difficult|laboured|labored|heavy|rapid)|"
                  r"breathing (?:really |very |so |too )?(?:fast|quickly|hard|heavily)|gasping|fighting for (?:breath|air)|"
                  r"can t breathe|can t breath|can t get (?:enough )?air|struggling to breath|puffing|panting)"
                  r"(?! (?:properly |well )?(?:through|out of|in through) (?:my|his|her|the|one|their|your|both) (?:nose|nostrils?))",
    "NAUSEA": r"nausea|nauseous|nauseated|feel sick|feels sick|feeling sick|felt sick|queasy|want to vomit|<VOMIT>",
    "VOMIT": r"vomit|vomits|vomited|vomiting|vomitting|throwing up|throw up|threw up|thrown up|being sick|been sick|was sick|"
             r"is sick|s sick|keeps being sick|puking|puked|puke|spewing|retching|projectile|sick (?:\d+|twice|three|four|several|many|a few|a couple of) times",
    "FEVER": r"(?<!hay )(?<!cabin )(?<!yellow )fevers?|feverish|febrile|high temp|high temperature|a temperature|a temp|burning up|"
             r"hot to (?:the )?touch|pyrexia|spiking|temperature is (?:high|up)|running a (?:temp|temperature)|<FEVER_NUMBER>|"
             r"shivers|shivering|shivery|rigors|chills|hot and cold|hot and shivery|feel hot|feels hot|feeling hot|very hot|burning hot|boiling hot|roasting hot|overheating",
    "FEVER_NUMBER": r"(?:temp|temperature|fever|thermometer|reading|temp of|temperature of|spiked|spiking|hit|reached|measured|measures|measuring|reads|read|says|showing|shows) (?:\S+ ){0,3}"
                    r"(?:3[89](?:\.\d)?|4[0-2](?:\.\d)?|100\.[4-9]|10[1-6](?:\.\d)?)(?! weeks| years?| months?| days| minutes| hours| kg| lbs| mg| mins)|"
                    r"(?:3[89](?:\.\d)?|4[0-2](?:\.\d)?) ?(?:c|degrees?|deg|celsius|oc)|(?:100\.[4-9]|10[1-6](?:\.\d)?) ?(?:f|degrees|fahrenheit)",
    "HIGH_FEVER_NUMBER": r"(?:temp|temperature|fever|thermometer|reading|of|hit|reached) (?:\S+ ){0,3}(?:39(?:\.\d)?|4[0-2](?:\.\d)?|10[2-6](?:\.\d)?)"
                         r"(?! weeks| years?| months?| days| minutes| hours| kg| lbs| mg)|(?:39(?:\.\d)?|4[0-2](?:\.\d)?) ?(?:c|degrees?|celsius)",
    "LOW_TEMPERATURE": r"(?:temp|temperature|temperatures?|thermometer|reading) (?:\S+ ){0,3}(?:2\d|3[0-5])(?:\.\d)?(?! weeks| years?| months?| kg)",
    "RIGORS": r"shaking uncontrollably|uncontrollable (?:shaking|shivering|shivers)|uncontrollably shaking|shivering uncontrollably|"
              r"can t stop (?:shaking|shivering)|rigors|teeth (?:are )?chattering|violent (?:shivers|shivering|shaking)|shaking like a leaf|"
              r"extreme shivering",
    "CONFUSED": r"confused(?! about| by| with| as to| whether| which| what| if| on| why| how)|confusion|disoriented|disorientated|"
                r"delirious|delirium|not making (?:any )?sense|making no sense|talking (?:nonsense|rubbish|gibberish|funny|strangely|weird|crazy)|"
                r"gibberish|(?:doesn t|didn t|does not|did not|can t) (?:know|recognise|recognize|remember) (?:who|where|what day|me|us|her|him|his|my)|"
                r"(?:he|she|they|mum|dad|mom) (?:is )?(?:not|no) (?:know|knowing|recogni[sz]e) (?:where|who|what day|me|us)|"
                r"not (?:recognising|recognizing) (?:me|us|anyone)|mumbling|incoherent|(?<!grow )(?<!grew )(?<!grown )(?<!growing )(?<!grows )(?<!get )(?<!got )(?<!snap )(?<!snapped )(?<!talk (?:him|her) )out of it|not with it|"
                r"acting (?:strange|strangely|weird|weirdly|odd|oddly|drunk|confused)|behaving (?:strangely|oddly|weird|weirdly)|"
                r"saying (?:strange|weird|odd) things|hallucinating|seeing things|hearing things|not (?:himself|herself|themselves)|"
                r"not acting (?:like )?(?:himself|herself|themselves|normal)|not (?:his|her|their) (?:usual|normal) self|"
                r"doesn t know where (?:she|he|they) (?:is|are)|vacant|glazed|stumbling|staggering|can t walk straight|"
                r"can t think (?:straight|clearly|properly)|(?:agitated|delirious) and (?:confused|muddled)|<HALLUCINATING>",
    "HALLUCINATING": r"hallucinat\w*|seeing things|hearing things|hearing voices|"
                     r"seeing (?:\S+ ){0,2}(?:that aren t|that isn t|who aren t|on the walls?|in the room|crawling)|"
                     r"(?:insects|bugs|spiders|ants|snakes|rats|mice) (?:\S+ ){0,2}(?:crawling|on the walls?|everywhere|all over)|"
                     r"talking to (?:people|someone|things) (?:who|that) (?:aren t|isn t|are not|is not) there",
    "PSYCHOSIS": r"<HALLUCINATING>|delusion\w*|psychotic|psychosis|"
                 # round 8: thought broadcasting and insertion ("the neighbour is broadcasting his thoughts")
                 r"(?:broadcasting|broadcasts|stealing|steals|reading|reads|putting|puts|inserting) (?:\S+ ){0,2}(?:his|her|my|their|our) thoughts|"
                 # round 7: a delusion told as what she says ("says God is speaking to her through the baby",
                 # "the radio is sending her secret messages", "voices telling me he isn't mine")
                 r"(?:god|the devil|angels?|aliens|the tv|the telly|the radio|people on (?:the )?(?:tv|telly|radio)) (?:\S+ ){0,2}(?:speaking|talking|sending|giving|speaks|talks|sends) (?:\S+ ){0,3}(?:messages|signs|signals|through|to (?:her|him|me|them))|"
                 r"god (?:\S+ ){0,2}speaking (?:\S+ ){0,3}through|"
                 r"voices (?:\S+ ){0,3}(?:telling|saying)|special (?:powers|mission)|"
                 r"(?:convinced|believes|thinks|sure|saying|says|said|insists|keeps saying) (?:\S+ ){0,6}(?:swapped|replaced|poison\w*|watching (?:her|him|them|us)|following (?:her|him|them|us)|"
                 r"spying|coming (?:for|to get)|out to get|trying to (?:kill|hurt|harm|take|steal|kidnap)|evil|the devil|possessed|an imposter|an impostor|not (?:her|his|their|my) (?:real )?(?:baby|child)|(?:isn t|is not|wasn t|aren t) (?:really )?(?:mine|hers|ours|theirs))",
    "MILD_CONFUSION": r"(?:a bit|slightly|a little|more) (?:confused|muddled)|muddled|forgetful|more forgetful",
    "DROWSY": r"(?<!least )(?<!less )(?<!non )(?<!not )drowsy|drowsiness(?! (?:\S+ ){0,2}side)|dozy|very sleepy|really sleepy|so sleepy|sleepy|lethargic|lethargy|hard to wake|difficult to wake|"
              r"hard to rouse|can t wake|won t wake|not waking|barely awake|barely conscious|keeps falling asleep|keeps nodding off|"
              r"nodding off|drifting (?:in and out|off)|in and out of consciousness|floppy|(?<!i )(?<!a )(?<!still )(?<!slight )(?<!bad )(?<!to )(?<!they )limp(?! when| on (?:my|his|her|one|the)| with| in (?:my|his|her))|listless|(?<!grow )(?<!grew )(?<!grown )(?<!growing )(?<!grows )(?<!get )(?<!got )(?<!snap )(?<!snapped )(?<!talk (?:him|her) )out of it|groggy|dazed|"
              r"keeps passing out|not responding|unresponsive|too tired to|(?<!i m )(?<!i am )(?<!i feel )(?<!i ve been )exhausted and|very weak|so weak|barely moving|sleep\w* all (?:the )?(?:time|day)|can (?:barely|hardly) stay awake",
    "DROWSY_SEVERE": r"hard to wake|difficult to wake|hard to rouse|can t wake|won t wake|not waking|barely awake|barely conscious|"
                     r"keeps falling asleep|drifting in and out|in and out of consciousness|floppy|(?<!i )(?<!a )(?<!still )(?<!slight )(?<!bad )(?<!to )(?<!they )limp(?! when| on (?:my|his|her|one|the)| with| in (?:my|his|her))|unresponsive|not responding|"
                     r"won t stay awake|can t stay awake|can t keep (?:his|her|their|my) eyes open|barely responding|keeps passing out",
    "UNRESPONSIVE": r"unresponsive|unconscious|not responding|isn t responding|won t respond|doesn t respond|not reacting|no response|"
                    # Failed attempts to rouse: "can't get any response from him even when I shout".
                    r"(?:can t|cannot|couldn t|not|unable to|no way to) (?:get|getting|giving|give) (?:any |a |much |a single )?(?:response|reaction|answer|word|sound|peep) (?:\S+ ){0,1}(?:out of|from) (?:him|her|them|<POSS> (?:\S+ )?<PERSON>)|"
                    r"(?:no|not|without) (?:\S+ ){0,2}(?:response|reaction|flicker) (?:\S+ ){0,4}(?:when|even when|even if|if|however) (?:i|we|you|they) (?:\S+ )?(?:shout\w*|shak\w*|shook|pinch\w*|call\w*|tap\w*|rub\w*|clap\w*|yell\w*|nudg\w*|prod\w*)|"
                    r"(?:doesn t|didn t|won t|isn t|not|hasn t|wouldn t) (?:even )?(?:react\w*|respond\w*|flinch\w*|stir\w*|wake\w*|open (?:his|her|their) eyes) (?:\S+ ){0,3}(?:when|even when|even if|if|however (?:hard|loud)) (?:i|we|you|they) (?:\S+ )?(?:shout\w*|shak\w*|shook|pinch\w*|call\w*|tap\w*|rub\w*|clap\w*|yell\w*|nudg\w*|prod\w*)|"
                    r"(?:can t|cannot|couldn t|unable to) (?:rouse|stir) (?:him|her|them|<POSS> (?:\S+ )?<PERSON>)|"
                    # Told in a second language: "he fall down and not wake up", "she no breathing".
                    r"(?:he|she|they|baby|<POSS> (?:\S+ )?<PERSON>) (?:\S+ ){0,3}(?:not|no) (?:wake|wake up|waking|respond|responding|breath|breathe|breathing)(?! (?:\S+ ){0,2}(?:nose|mouth|through|properly|at night|in the night|early|on time|for school|until|till|before|after|me up|when (?:i|the) alarm|normally)| well| badly| to (?:treatment|medication|medicine|the|stress|antibiotics|therapy|tablets|pills|emails?|texts?|messages?|letters?|calls?))|"
                    r"not waking up|won t wake(?: up)?|can t wake (?:him|her|them|my|up|\S+ up)|can t be woken|can t get (?:him|her|them) to wake|(?:can t|cannot|couldn t) get (?:him|her|them|<POSS> (?:\S+ )?<PERSON>) to (?:wake|open (?:his|her|their) eyes|respond|react|come round)|"
                    r"hasn t (?:come|woken) (?:round|around|up|to)|not (?:come|coming) (?:round|around|to)|out cold|lifeless|not conscious|"
                    r"knocked out|knocked unconscious|barely conscious|barely responsive|barely responding|hardly responding|hardly responsive|unrousable|in and out of consciousness|slipping in and out|"
                    r"keeps (?:passing|blacking) out|keeps collapsing|no pulse|(?:not|isn t|stopped) breathing(?! through (?:his|her|my|the|their|your) (?:nose|mouth)| out of (?:his|her|my|one|the) nostril| properly through)|"
                    r"won t open (?:his|her|their) eyes|floppy and unresponsive|"
                    r"(?:not|isn t|won t|doesn t|didn t|hasn t been|is not|wasn t|can t) (?:\S+ ){0,2}(?:answering|answer|replying|reply|responding|respond|reacting|react) "
                    r"(?:me|us|to (?:me|us|his name|her name|their name|anything|voices|anyone)|when (?:i|we|you)|questions|properly|at all)|"
                    r"without (?:ever |even )?(?:coming|waking|having come|having woken) (?:round|around|to|up)|"
                    r"eyes (?:are |were )?open but (?:\S+ ){0,3}(?:not|isn t|won t|doesn t|nobody|no one)|staring (?:blankly|into space|straight ahead) (?:\S+ ){0,3}(?:not|won t|isn t|doesn t)",
    "SEIZURE": r"seizing|fitting(?! (?:in|into|room|rooms|the|a|an|out|well|perfectly|nicely)\b| for (?:a|an|the|my|his|her|new|some|work|purpose)\b)|convulsing|convulsed|status epilepticus|shaking all over|"
               r"(?:foaming|frothing|foam|froth) (?:\S+ ){0,4}(?:at|from|out of|coming out of|round|around) (?:the |his |her |their )?mouth|thrashing (?:about|around)|"
               r"jerking (?:\S+ ){0,2}(?:arms|legs|body|all over)|"
               r"eyes (?:are |keep )?rolling (?:back|up)|eyes rolled (?:back|up)|(?:having|is having|s having|just had|s had|has had|"
               r"in the middle of|another|started) (?:a |an |\d+ |two |three |several |multiple )?(?:\S+ )?<SEIZURE_NOUN>|"
               r"<SEIZURE_NOUN> (?:\S+ ){0,4}(?:won t stop|not stopping|still going|lasting|for (?:over |more than )?(?:\d+|five|ten) minutes)",
    "SEIZURE_NOUN": r"seizures?|fits?(?! (?:in|into|well|perfectly|nicely|fine|for (?:work|purpose|duty|the job)|to (?:work|drive|fly|travel))\b)|convulsions?|epileptic fits?|grand mal|tonic clonic|absence seizures?",
    "SEIZURE_ANY": r"<SEIZURE>|(?:had|has had|s had|having|have|a|another|first|second|third) (?:\S+ )?<SEIZURE_NOUN>|seized|fitted",
    "N_FEW": r"\d+|one|two|three|four|five|six|seven|eight|nine|ten|a few|few|a couple of|couple of",
    # A lot of blood, in any English: "much blood coming", "big blood on the floor, very much".
    "BLOOD_A_LOT": r"(?<!how )(?<!not )(?<!too )(?:much|very much|so much|big|plenty of|lot of|full of) (?:\S+ )?(?:blood|bleeding)(?! (?:test|tests|pressure|sugars?|clots?|group|type|count|cells?|vessels?|donation|work|results?))|"
                   r"(?:blood|bleeding) (?:\S+ ){0,3}(?:very much|so much|too much|a lot|lots|everywhere|all over|won t stop|not stop\w*|no stop\w*|big big|very big)|"
                   r"(?:blood|bleeding) (?:is |s )?(?:coming|come|comes|pour\w*|run\w*) (?:\S+ ){0,3}(?:much|a lot|lot|fast|floor|big)",
    "BLEED": r"bleed|bleeds|bleeding|bled|blood(?! (?:test|tests|taken|sample|samples|work|pressure|sugars?|glucose|count|donation|donor|results?|type|group|bank|levels?|"
             r"draw|drawn|thinners?|thinning|cells?|vessels?|transfusion|orange|oxygen|flow|stream|tests? (?:\S+ ){0,2}(?:results|back))\b)|bloody|nose ?bleeds?|haemorrhag\w*|hemorrhag\w*",
    "SWELL": r"swell|swells|swelling|swelled|swollen|swolen|puffy|puffed up|puffing up|huge|massive|blown up|ballooning|ballooned|enlarged|thick|thickened",
    "TACHY": r"(?:heart rate|pulse|hr|heart|heartbeat|heart beat) (?:\S+ ){0,3}(?:1[2-9]\d|2\d\d)(?! years| weeks| minutes| mg| days| over| /)|"
             r"(?:heart|pulse|heartbeat|heart beat|heart rate) (?:\S+ ){0,2}(?:racing|pounding|very fast|really fast|so fast|going fast|going like|through the roof|hammering)|"
             r"fast heart ?(?:rate|beat)|racing heart|(?:1[2-9]\d|2\d\d) (?:bpm|beats)|(?:heart|pulse) (?:\S+ ){0,2}won t (?:slow|calm|settle)",
    "DIARRHOEA": r"diarrh\w*|the runs|runny (?:poo|poos|stools?)|loose (?:poo|poos|stools?|bowels)|watery (?:poo|poos|stools?)|the trots|the squits|d and v",
    "DOUBLE_VISION": r"double vision|seeing double|seeing two of (?:everything|things|you|me)|two of everything|everything (?:is )?doubled",
    "VENOMOUS": r"snakes?|adders?|vipers?|rattlesnakes?|rattlers?|cobras?|copperheads?|cottonmouths?|mambas?|taipans?|krait|black widow|redback|red back|"
                r"funnel ?web|brown recluse|scorpions?|box jellyfish|irukandji|stonefish|lionfish|stingray|blue ringed octopus|cone snail|gila monster",
    "CANT_SWALLOW": r"(?:can t|cannot|couldn t|unable to|won t|not able to|struggling to|too drowsy to|too sleepy to|refusing to|refuses to) "
                    r"(?:get (?:him|her|them|my \S+) to |make (?:him|her|them) |even )?(?:swallow|eat|drink|take (?:anything|sugar|juice|glucose|the (?:gel|juice|sweets|tablets)))",
    "TREATMENT_FAILING": r"(?:not|isn t|aren t|hasn t|haven t|didn t|doesn t|don t|no) (?:\S+ ){0,2}(?:helping|helped|help|working|worked|work|"
                         r"making (?:any |a |much )?difference|made (?:any |a |much )?difference|doing anything|touching it|kicking in|bringing (?:it|them|her|him) (?:up|round))|"
                         r"no better (?:after|with|since)|still (?:low|dropping|falling|the same) after|(?:keeps|kept) (?:dropping|falling)",
    "VOMIT_BLOOD": r"(?:brought|bringing|brought back|bring) up (?:\S+ ){0,4}(?:blood|coffee grounds?|coffee granules)|<VOMIT> (?:\S+ ){0,6}(?:blood|bloody|coffee grounds?|coffee granules|clots|(?:dark |black |brown )(?:brown )?(?:granules|bits|grit|gritty|sludge|grains|specks))|(?:blood|coffee grounds?) (?:\S+ ){0,4}(?:in|with) (?:my |his |her |the |it |their )?(?:vomit|sick)|"
                   r"haematemesis|hematemesis|(?:bringing|brought|coughing|spitting) up (?:\S+ ){0,2}(?:blood clots|clots of blood)|"
                   r"(?:sick|vomit|vomited|vomiting) (?:\S+ ){0,6}(?:had|has|with|was|of) (?:\S+ ){0,2}blood in it",
    "NO_URINE": r"(?:not|haven t|hasn t|hadn t|didn t|no|n t) (?:\S+ )?(?:peed|pee d|weed|urinated|passed (?:any )?urine|passed water|had a wee|had a pee|been to the toilet|been for a wee|had a wet nappy|had any wet nappies)|"
                r"no (?:wet )?(?:nappies|nappy|diapers?)|no urine|dry nappy|dry nappies|dry diapers?|passing no urine|not passing urine|"
                r"hasn t had a wet|hasn t wee d|not weeing|not peeing|stopped peeing|peeing very little|hardly (?:peed|weed)",
    # --- how it happened -----------------------------------------------------------------
    "HEAD_BLOW": r"(?:hit|hits|banged|bangs|bumped|bumps|knocked|struck|bashed|smacked|whacked|cracked|hurt|injured|smashed|"
                 r"punched|kicked|headbutted|head butted|elbowed|kneed|thumped|booted|stamped on|hit (?:\S+ ){0,2}with \S+) (?:\S+ ){0,2}(?:in |on |to )?(?:the )?"
                 r"(?:\S+ ){0,2}(?:head|skull|forehead)|head (?:injury|injuries|trauma|wound|first)|"
                 r"(?:hit|struck|bashed|smacked|whacked) (?:on|in) the head|fell (?:\S+ ){0,5}(?:on|onto) (?:\S+ ){0,2}head|"
                 r"knocked out|concussion|concussed|landed on (?:his|her|my|their) head|head first|headfirst|"
                 r"(?:a |an )?(?:knee|elbow|kick|punch|blow|bang|knock|whack|boot|headbutt|head butt|cricket ball|hockey stick|bat|ball|swing) (?:\S+ ){0,2}(?:to|in|on) (?:the |his |her |my |their )?(?:head|skull|temple|forehead)|"
                 r"clash(?:ed)? (?:of )?heads|head (?:clash|knock|collision)|"
                 r"(?:fell|rolled|dropped|slipped) (?:off|from|down) (?:the |a )?(?:bed|sofa|couch|changing table|table|chair|stairs|steps|high chair|bunk bed|climbing frame)",
    "HIGH_ENERGY": r"hit by (?:a |the )?(?:car|van|bus|truck|lorry|train|vehicle|motorbike|bike|cyclist)|"
                   r"(?:ran|run|stepped|walked|cycled|rode|ridden|scooted) (?:out )?(?:in front of|into) (?:a |the )?(?:moving )?(?:car|van|bus|truck|lorry|vehicle)(?! door| park| seat| boot| bonnet| wing mirror| mirror)|knocked (?:off|down|over) (?:\S+ ){0,2}by (?:a |the )?(?:car|van|bus|truck|lorry|vehicle|motorbike)|"
                   r"run over|car (?:crash|accident|wreck|collision)|crashed (?:the |his |her |my |our )?(?:car|bike|motorbike|motorcycle)|road (?:traffic )?accident|rta|collision|"
                   r"came off (?:\S+ ){0,2}(?:motorbike|motorcycle|bike|quad|horse|scooter)|motorbike (?:crash|accident)|motorcycle (?:crash|accident)|"
                   r"(?:fell|fall|fallen|jumped|thrown) (?:\S+ ){0,2}(?:off|from|down|out of) (?:\S+ ){0,2}(?:roof|ladder|scaffold|scaffolding|balcony|building|cliff|height|horse|tree|window|bridge|wall)|"
                   r"(?:\d+|two|three|four|five|six|ten) (?:metres|meters|m|feet|ft|foot|storeys|stories|floors) (?:fall|up|high|down|drop)|"
                   r"stabbed|stab wound|knifed|shot|gunshot|crushed|crush injury|trapped under|pinned under|impaled|"
                   r"(?:assaulted|attacked|beaten up|hit) with (?:a |an )?(?:bat|hammer|bottle|brick|weapon|iron bar|pole)|"
                   r"explosion|blast|thrown from|ejected|high speed|at speed|rolled (?:the|his|her|our) car|forklift|tractor|machinery",
    "BURN_EVENT": r"burn|burns|burnt|burned|scald|scalded|scalds|scalding|boiling (?:water|oil|kettle)|(?:just |freshly )?boiled (?:\S+ ){0,2}(?:water|tea|kettle|milk|oil|soup|coffee)|"
                  r"(?:boiling|just boiled|scalding) (?:hot )?(?:tea|coffee|soup|milk|drink)|straighteners|curling tongs|"
                  r"(?:cup|mug|pot|bowl|jug|flask|pan|saucepan|kettle) of (?:\S+ )?(?:tea|coffee|soup|noodles|hot chocolate|gravy|custard|porridge|hot water|boiling water)|"
                  r"(?:tea|coffee|soup|noodles|gravy) (?:\S+ ){0,3}(?:poured|spilled|spilt|went|splashed|tipped)|(?:poured|spilled|spilt|splashed|tipped|knocked|pulled) (?:\S+ ){0,4}(?:tea|coffee|soup|noodles)|hot (?:oil|fat|water|tea|coffee|drink|pan|iron|oven|stove|hob)|"
                  r"chip pan|kettle|flames?|on fire|caught fire|fire|explosion|touched the (?:oven|stove|hob|iron|cooker|fire|radiator)",
    "SMOKE": r"smoke|smokey|smoky|fumes|soot|sooty|house fire|kitchen fire|building fire|fire",
    "CHEMICAL": r"bleach|oven cleaner|cleaner|cleaning (?:product|fluid|spray|stuff)|chemicals?|acid|alkali|lime|cement|plaster|mortar|"
                r"drain (?:cleaner|unblocker|opener)|ammonia|lye|caustic|sodium hydroxide|detergent|pods?|liquitabs?|liquid tabs?|"
                r"pepper spray|mace|glue|super glue|superglue|hair dye|hair relaxer|relaxer|dishwasher (?:tablet|tablets|powder|liquid)|"
                r"washing (?:up )?liquid|disinfectant|dettol|toilet (?:cleaner|duck)|descaler|battery acid|petrol|gasoline|solvent|paint stripper|"
                r"weed killer|weedkiller|pesticide|insecticide|fertiliser|fertilizer|chlorine|pool chemicals?|hydrochloric|sulphuric|sulfuric",
    "DRUG": r"pills?|tablets?|tabs|meds|medication|medications|medicines?|capsules?|blister packs?|dosette (?:box|boxes)|pill (?:box|organi[sz]er)|paracetamol|acetaminophen|tylenol|panadol|"
            r"calpol|ibuprofen|nurofen|advil|motrin|aspirin|co ?codamol|codeine|tramadol|morphine|oxycodone|oxycontin|oxy|"
            r"fentanyl|methadone|heroin|opioids?|opiates?|insulin|antidepressants?|anti depressants?|sertraline|citalopram|"
            r"fluoxetine|prozac|amitriptyline|mirtazapine|venlafaxine|sleeping (?:pills?|tablets?)|sleepers|diazepam|valium|"
            r"xanax|alprazolam|benzos?|benzodiazepines?|lorazepam|lithium|iron (?:tablets?|pills?|supplements?)|digoxin|"
            r"beta blockers?|propranolol|heart (?:tablets?|pills?|meds|medication)|blood pressure (?:tablets?|pills?|meds|medication)|"
            r"metformin|gliclazide|warfarin|quetiapine|olanzapine|pregabalin|gabapentin|painkillers?|pain killers?|"
            r"antihistamines?|diphenhydramine|benadryl|piriton|promethazine|anti psychotics?|antipsychotics?|clonidine|amlodipine|"
            r"laxatives?|vitamins?|gummies|nicotine|vape liquid|e liquid|edibles?|cannabis|weed|drugs|(?:cough )?syrup|cough medicine|linctus|"
            r"calpol|adhd (?:meds|medication|tablets|pills)|ritalin|methylphenidate|elvanse|melatonin|sleeping aid|nytol|night nurse|lemsip|beechams",
    "RECREATIONAL": r"mdma|ecstasy|molly|cocaine|coke|crack|ket|ketamine|spice|ghb|lsd|acid|speed|amphetamines?|meth|"
                    r"crystal meth|heroin|fentanyl|pills at a (?:festival|party|club)|legal highs?|nitrous|balloons|drugs",
    "TOXIC": r"bleach|antifreeze|anti freeze|weed ?killer|pesticide|insecticide|rat poison|slug pellets|paraquat|methanol|"
             r"screenwash|screen wash|white spirit|paint thinners?|lamp oil|paraffin|kerosene|petrol|gasoline|lighter fluid|"
             r"nail polish remover|acetone|detergent|laundry (?:pods?|capsules?|liquid|tablets?)|liquitabs?|liquid tabs?|"
             r"e ?liquid|vape (?:liquid|juice|refill|refills|oil|pod|pods|cartridge)|nicotine|cigarettes?|cigarette butts?|iron (?:tablets?|pills?)|"
             r"(?:wild|garden|magic|poisonous) mushrooms?|toadstools?|mushrooms? (?:\S+ ){0,3}(?:picked|foraged|found|gathered)|(?:picked|foraged|found|gathered) (?:\S+ ){0,2}mushrooms?|"
             r"mushrooms? from (?:the )?(?:woods|forest|garden|field|park|lawn)|poisonous (?:berries|plant|plants)|berries|foxglove|"
             r"hand sanitiser|hand sanitizer|mouthwash|perfume|essential oils?|cleaning (?:product|fluid|spray)|cleaner|"
             r"disinfectant|dettol|toilet (?:cleaner|duck)|ammonia|fertiliser|fertilizer|poison|poisonous|chemicals?|"
             r"button batter(?:y|ies)|batter(?:y|ies)|magnets?|dishwasher (?:tablets?|pods?|powder)|drain (?:cleaner|unblocker)|"
             r"oven cleaner|caustic|lye|descaler|alcohol gel|rubbing alcohol|surgical spirit|mothballs|moth balls|silica",
    "INGEST": r"swallowed|swallow|swallowing|drank|drunk|drink|drinking|ate|eaten|eating|took|taken|taking|ingested|"
              r"chewed|chewing|bit into|bitten into|sucked|sucking|licked|licking|got into|had some|had a (?:sip|taste|mouthful)|"
              r"put (?:\S+ ){0,2}in (?:his|her|their) mouth|necked|downed|popped|overdosed on",
    "MANY": r"(?:[1-9]\d+|[89]|ten|eleven|twelve|fifteen|sixteen|twenty|thirty|forty|fifty|sixty|hundred)(?: or (?:\d+|so|more))?|"
            r"(?:a|the|my|his|her|their|our|one|an) (?:whole |full |entire )?(?:load|bunch|handful|lot|pile|packet|pack|box|bottle|strip|tub|heap|stack|fistful|sheet|blister pack|tube|jar|pot|month s supply|week s supply)s? (?:of|worth)|"
            r"all (?:of )?(?:my|his|her|their|the)|(?:the|my|his|her|their|a) (?:whole|entire|full|rest of (?:the|my|his|her)) (?:packet|pack|box|bottle|strip|tub|lot|supply|prescription|stash|jar|tube)|"
            r"half (?:a|the|my|his|her|their) (?:packet|pack|box|bottle|strip|tub|jar)|"
            r"too many|loads of|lots of|way too (?:many|much)|too much|(?:a |the |my |his |her |their )?(?:whole |full |entire )?(?:week s|month s|fortnight s|(?:\d+|two|three|four|five|six|seven) days) (?:worth|supply)|(?:whole|full|entire) (?:week s|month s|fortnight s)|several (?:packets|boxes|strips)|double (?:the )?dose|a few (?:packets|boxes|strips)|"
            r"(?:\d+|two|three|four|five|ten) times (?:my|his|her|the|their) (?:\S+ )?dose (?:of )?",
    "SMALL_OBJECT": r"coins?|marbles?|beads?|buttons?|lego|a toy|toy (?:\S+ )?parts?|small (?:toy|object|piece|part|ball)|bits? of (?:a )?toy|"
                    r"pen lid|bottle top|grape|grapes|peanuts?|nuts?|popcorn|sweet|sweets|boiled sweet|hard sweet|hot dog|sausage|"
                    r"pin|pins|needle|tack|screw|nail|earring|ring|stone|pebble|fish ?bone|chicken bone|bone",
}
