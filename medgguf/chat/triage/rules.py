"""The triage categories, where their criteria come from, and the rules that find them.

A rule is a set of patterns that must all match, each somewhere in the message and each in a
live frame (see framing.py): ``R("cardiac", E, "<CHEST> %3 <PAIN>")`` fires on "chest really
hurts"; ``R("sick_infant", E, "<INFANT_YOUNG>", "<FEVER>")`` on "my 5 week old has a temperature
of 38.3" even though the age and the fever sit in different sentences. ``unless`` patterns veto a
rule when they match live anywhere in the message.

The criteria follow published red flags: NHS 111 / nhs.uk "call 999" and "go to A&E" lists, NICE
guidelines and Clinical Knowledge Summaries, the Resuscitation Council UK, and the ACEP /
Emergency Severity Index (ESI v4) notion of a high-risk situation (ESI 1-2: needs a life-saving
intervention now, or is confused, lethargic, disoriented, in severe pain or distress). Each
category below cites its source. Emergency means "call the emergency number now"; urgent means "see
a clinician today"; everything else is routine.

Beyond the named categories, the ``danger_signs`` rules catch emergencies by their general
features (ESI 2, NICE NG143's red features, the UK Sepsis Trust's screening signs): a person
who is unresponsive, hard to wake, suddenly confused, fitting, blue, or in shock, or two
moderate warning signs at once. They are what make the triage hold on kinds of emergency no
rule names.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Level = Literal["emergency", "urgent", "routine"]
E: Level = "emergency"
U: Level = "urgent"
LEVELS: tuple[Level, ...] = ("emergency", "urgent", "routine")

CALL_NOW = ("If this is happening now, call your local emergency number (911 in the US, 112 in the EU, "
            "999 in the UK) or go to the nearest emergency department. Do not wait for this chat.")
SEE_TODAY = ("See a clinician today: your GP or doctor, an urgent care / urgent treatment centre, or "
             "a nurse line (NHS 111 in England). If it gets worse, call your emergency number.")
CRISIS_ACTION = ("If you are thinking about suicide or harming yourself, call your local emergency number "
                 "or a crisis line now (988 in the US, 116 123 Samaritans in the UK/IE). You are not alone.")
POISON_ACTION = "For a poisoning or overdose, also call your poison control centre (1-800-222-1222 in the US)."


@dataclass(frozen=True)
class Category:
    id: str
    label: str          # what the notice calls it
    level: Level        # the level its strongest rules give
    action: str         # what to do, after the call-now / see-today line
    source: str         # where its criteria come from


STATE = "@"     # a pattern that starts with this names a lasting state, which past tense does not undo
PERSIST = "!"   # an event whose danger outlasts its symptoms (pills swallowed): "fine now" does not undo it
LOCAL = "~"     # an ``unless`` pattern that qualifies only the findings in its own clause


@dataclass(frozen=True)
class Rule:
    category: str
    level: Level
    patterns: tuple[str, ...]
    unless: tuple[str, ...] = ()
    at_least: int = 0       # 0: every pattern must match; N: any N of them, each on different words
    strong: int = 0         # with at_least: one of the first ``strong`` patterns must be among them


def R(category: str, level: Level, *patterns: str, unless: tuple[str, ...] = (), at_least: int = 0,  # noqa: N802
      strong: int = 0) -> Rule:
    return Rule(category, level, patterns, unless, at_least, strong)


def _c(id: str, label: str, level: Level, action: str, source: str) -> Category:
    return Category(id, label, level, action, source)


NHS = "nhs.uk"
CATEGORIES: dict[str, Category] = {c.id: c for c in (
    # --- emergencies -------------------------------------------------------------------
    _c("cardiac", "chest pain / possible heart attack", E,
       "Sit down and rest. If you are not allergic to it, chew one adult aspirin (300 mg) while you wait.",
       "NHS 'Heart attack' and 'Chest pain' (call 999); NICE CG95 Recent-onset chest pain; ACEP/ESI: chest pain suspicious of ACS is ESI 2"),
    _c("stroke", "signs of a stroke", E,
       "Note the time the symptoms started. Do not give food, drink or medicines.",
       "NHS 'Stroke' (FAST: Face, Arms, Speech, Time to call 999); NICE NG128 Stroke and TIA"),
    _c("severe_bleeding", "severe bleeding", E,
       "Press firmly on the wound with a clean cloth and keep pressing; raise the injured part if you can.",
       "NHS 'Cuts and grazes' and 'Call 999 for severe bleeding'; Resuscitation Council UK / St John Ambulance first aid"),
    _c("breathing", "difficulty breathing", E,
       "Sit upright. Use a prescribed reliever inhaler if there is one.",
       "NHS 'Shortness of breath' and 'When to call 999' (struggling to breathe, blue lips, pauses in a child's breathing); NICE NG143 red features"),
    _c("anaphylaxis", "severe allergic reaction (anaphylaxis)", E,
       "Use an adrenaline auto-injector (EpiPen) now if there is one; a second after 5 minutes if no better. "
       "Lie down with legs raised, or sit up if breathing is hard.",
       "Resuscitation Council UK 'Emergency treatment of anaphylaxis' (2021); NICE CG134; NHS 'Anaphylaxis'"),
    _c("crisis", "thoughts of suicide, self-harm or harming others", E, CRISIS_ACTION,
       "NICE NG225 Self-harm; NHS 'Help for suicidal thoughts'; Samaritans / 988 Lifeline guidance"),
    _c("poisoning", "poisoning or overdose", E,
       POISON_ACTION + " Do not make them vomit; keep the packet or bottle.",
       "NHS 'Poisoning' (call 999 if unwell or swallowed something dangerous); TOXBASE / NPIS; America's Poison Centers"),
    _c("caustic_ingestion", "a swallowed button battery, magnets or a caustic substance", E,
       POISON_ACTION + " Do not make them vomit. Go to the emergency department even if the child seems well.",
       "NHS 'Button batteries' and Child Accident Prevention Trust; RCEM / BSPGHAN button battery guidance"),
    _c("unresponsive", "unconsciousness or collapse", E,
       "If they are not breathing normally, start CPR; the call handler will guide you. Otherwise put them in the recovery position.",
       "Resuscitation Council UK Adult/Paediatric Basic Life Support (2021); NHS 'Call 999'"),
    _c("seizure", "a seizure", E,
       "Move hard objects away, cushion the head, do not hold them down or put anything in the mouth; time the seizure.",
       "NICE NG217 Epilepsies; NHS 'What to do if someone has a seizure' (call 999: first seizure, over 5 minutes, repeated, injured)"),
    _c("head_injury", "serious head injury", E,
       "Keep them still and do not leave them alone.",
       "NICE NG232 Head injury (2023): loss of consciousness, vomiting, amnesia, seizure, anticoagulants, clear fluid from nose or ears"),
    _c("meningitis", "possible meningitis", E,
       "Do not wait for a rash to appear or get worse.",
       "NICE NG240 Meningitis (bacterial) and meningococcal disease; NHS 'Meningitis' (glass test); Meningitis Now"),
    _c("sepsis", "possible sepsis", E,
       "Say 'I think this could be sepsis' to the call handler.",
       "NICE NG51 Sepsis; UK Sepsis Trust 'Spot the signs' (slurred speech, extreme shivering, no urine, breathless, mottled skin); "
       "NICE CKS Gallstone disease (ascending cholangitis: fever, rigors and jaundice, admit)"),
    _c("gi_bleed", "bleeding from the gut (vomiting blood, black or bloody stools)", E,
       "Do not eat or drink; keep the person lying down if they feel faint.",
       "NICE CG141 Acute upper gastrointestinal bleeding; NHS 'Vomiting blood' (go to A&E / call 999)"),
    _c("testicular_torsion", "sudden testicle pain (possible torsion)", E,
       "This needs surgery within hours; go to the emergency department now.",
       "NHS 'Testicle pain' (sudden severe pain: go to A&E); NICE CKS Scrotal pain and swelling"),
    _c("vision_loss", "sudden loss of vision or an eye emergency", E, "",
       "NHS 'Sudden loss of vision' and 'Detached retina' (go to A&E); RCOphth; NICE CKS Red eye (acute angle-closure glaucoma)"),
    _c("hyperglycaemia", "very high blood sugar with ketones or confusion (DKA / HHS)", E,
       "Keep taking sips of water if awake and able to swallow.",
       "NICE NG17/NG18 diabetes (DKA); JBDS 'Management of DKA'; NHS 'Diabetic ketoacidosis'"),
    _c("hypoglycaemia", "severe low blood sugar", E,
       "If they can swallow safely, give sugary drink or glucose now; never give food or drink to someone who cannot swallow.",
       "NHS 'Low blood sugar (hypoglycaemia)' (call 999 if unconscious, fitting or unable to swallow); JBDS Hypoglycaemia"),
    _c("acute_abdomen", "severe abdominal pain (possible surgical emergency)", E,
       "Do not eat or drink until seen.",
       "NHS 'Stomach ache' (call 999: sudden severe pain, rigid belly, vomiting blood); NICE CKS Appendicitis; RCS"),
    _c("drowning", "drowning or near-drowning", E,
       "Anyone pulled from water who coughs, is breathless or drowsy must be seen, even if they seem to recover.",
       "Resuscitation Council UK Drowning; RNLI; NHS 'Drowning'"),
    _c("heart_failure", "possible acute heart failure (fluid on the lungs)", E,
       "Sit upright with the legs hanging down; do not lie flat.",
       "NICE CG187 Acute heart failure (acute pulmonary oedema: breathlessness, orthopnoea, frothy pink sputum); "
       "NICE CKS Heart failure - chronic (same-day assessment for worsening breathlessness or orthopnoea)"),
    _c("rhabdomyolysis", "possible muscle breakdown (rhabdomyolysis)", E,
       "Drink water if you can, and go now: it can damage the kidneys within hours.",
       "CDC/NIOSH 'Rhabdomyolysis' (dark urine with muscle pain or weakness after exertion: get medical care right away); "
       "NICE NG148 Acute kidney injury (rhabdomyolysis as a cause)"),
    _c("smoke_inhalation", "smoke inhalation", E, "Get into fresh air.",
       "NHS 'Smoke inhalation'; NICE CKS Burns and scalds (airway involvement)"),
    _c("envenomation", "snake bite or dangerous sting", E,
       "Keep still and keep the bitten limb still and below the heart; do not cut or suck the wound.",
       "WHO Snakebite envenoming; NHS 'Snake bites' (call 999); TOXBASE"),
    _c("burns", "major burn", E,
       "Cool the burn under cool running water for 20 minutes; cover loosely with cling film; do not use ice or creams.",
       "British Burn Association referral criteria; NICE CKS Burns and scalds; NHS 'Burns and scalds' (A&E for large, deep, face, hands, chemical, electrical, child)"),
    _c("carbon_monoxide", "gas, carbon monoxide or toxic fumes", E,
       "Get everyone into fresh air now, turn off the appliance if safe, and do not go back in.",
       "NHS 'Carbon monoxide poisoning'; UKHSA; gas emergency lines"),
    _c("major_trauma", "major injury or signs of shock", E,
       "Keep them still and warm; do not give food or drink.",
       "NICE NG39 Major trauma; ACS / CDC Field Triage Guidelines (high-risk mechanism, signs of shock)"),
    _c("open_fracture", "open fracture or amputation", E,
       "Cover the wound with a clean dressing; keep an amputated part wrapped, in a bag, on ice (not touching ice).",
       "NICE NG37 Fractures (complex); BOAST Open fractures; NHS 'Broken bones'"),
    _c("arrhythmia", "dangerous heart rhythm (racing or very slow heart with fainting)", E, "Sit or lie down.",
       "Resuscitation Council UK Peri-arrest arrhythmias (adverse features: shock, syncope, ischaemia, heart failure); NICE CKS Palpitations"),
    _c("pulmonary_embolism", "possible blood clot in the lung", E, "",
       "NICE NG158 Venous thromboembolic diseases; NHS 'Pulmonary embolism' (call 999)"),
    _c("heat_stroke", "heat stroke", E,
       "Move them somewhere cool, remove extra clothing, cool the skin with water and fanning.",
       "NHS 'Heat exhaustion and heatstroke' (call 999: confused, not sweating, fits, unresponsive)"),
    _c("sick_infant", "a seriously unwell baby or child", E, "",
       "NICE NG143 Fever in under 5s (traffic-light red features; any baby under 3 months with 38 °C or more); NHS 'Is my baby ill?'; "
       "NICE CG98 Neonatal jaundice (jaundice in the first 24 hours: urgent review)"),
    _c("dehydration", "severe dehydration", E, "Give small frequent sips if they can drink.",
       "NICE CG84 Diarrhoea and vomiting in under 5s (red flags); NHS 'Dehydration'"),
    _c("ectopic_pregnancy", "possible ectopic pregnancy", E, "",
       "NICE NG126 Ectopic pregnancy and miscarriage; NHS 'Ectopic pregnancy' (call 999: sharp sudden pain, shoulder-tip pain, fainting)"),
    _c("pre_eclampsia", "possible pre-eclampsia", E, "Also call your maternity unit.",
       "NICE NG133 Hypertension in pregnancy; NHS 'Pre-eclampsia'"),
    _c("pregnancy_bleeding", "heavy bleeding or severe pain in pregnancy", E, "Also call your maternity unit.",
       "NHS 'Vaginal bleeding in pregnancy'; RCOG; NICE NG126"),
    _c("postpartum_haemorrhage", "heavy bleeding after giving birth", E, "",
       "RCOG Green-top 52 Postpartum haemorrhage; NHS 'Your body after the birth' (call 999)"),
    _c("labour", "emergency in labour (cord prolapse, birth happening, early labour)", E,
       "Also call your maternity unit.",
       "NICE NG235 Intrapartum care; RCOG Umbilical cord prolapse; NHS 'Signs that labour has begun'"),
    _c("severe_asthma", "severe asthma attack", E,
       "Sit upright; take one puff of the reliever inhaler every 30-60 seconds, up to 10 puffs.",
       "BTS/SIGN 158 and NICE NG244 asthma (life-threatening features); Asthma + Lung UK asthma attack advice"),
    _c("aortic_dissection", "possible aortic dissection or ruptured aneurysm", E, "",
       "RCEM / HQIP Aortic dissection 'Think Aorta'; NHS 'Abdominal aortic aneurysm' (call 999)"),
    _c("electrocution", "electric shock or lightning strike", E,
       "Do not touch them until the power is off.",
       "NHS 'Electric shock' first aid; St John Ambulance; NICE CKS Burns (electrical)"),
    _c("hypothermia", "hypothermia", E, "Move them somewhere warm, remove wet clothes, wrap in blankets; warm drinks only if fully awake.",
       "NHS 'Hypothermia' (call 999); Resuscitation Council UK"),
    _c("cauda_equina", "possible cauda equina syndrome (back pain with numbness or bladder/bowel change)", E,
       "Go to the emergency department now.",
       "NHS 'Cauda equina syndrome' (go to A&E); NICE CKS Sciatica red flags; GIRFT"),
    _c("limb_ischaemia", "a cold, pale, painful limb (blocked artery)", E, "",
       "NICE CG147 Peripheral arterial disease (acute limb ischaemia: the 6 Ps); Vascular Society"),
    _c("chemical_eye", "a chemical in the eye", E,
       "Rinse the eye now under cool running water for at least 20 minutes, keeping it open, while someone calls.",
       "NHS 'Eye injuries' (chemicals: rinse and go to A&E); RCOphth"),
    _c("neutropenic_fever", "fever during chemotherapy or with a weakened immune system", E,
       "Call your chemotherapy / acute oncology helpline now, or go to the emergency department.",
       "NICE CG151 Neutropenic sepsis; UKONS 24-hour triage tool"),
    _c("choking", "choking or something stuck in the throat", E,
       "If they cannot cough, talk or breathe: up to 5 back blows, then 5 abdominal thrusts (chest thrusts in a baby).",
       "Resuscitation Council UK Choking algorithms (adult, child, infant); NHS 'Choking'"),
    _c("spinal_injury", "possible spinal injury", E, "Do not move them unless they are in danger; keep the head and neck still.",
       "NICE NG41 Spinal injury: assessment and initial management"),
    _c("priapism", "prolonged painful erection (priapism)", E, "Go to the emergency department now.",
       "NHS 'Priapism' (go to A&E after 4 hours); BAUS"),
    _c("thunderclap_headache", "sudden severe headache (possible bleed in the brain)", E, "",
       "NICE CG150 Headaches (thunderclap headache); NHS 'Subarachnoid haemorrhage'; NICE NG228"),
    _c("alcohol_withdrawal", "severe alcohol withdrawal", E, "",
       "NICE CG100 Alcohol-use disorders: physical complications (delirium tremens, withdrawal seizures)"),
    _c("delirium", "sudden confusion", E, "",
       "NICE CG103 Delirium; NHS 'Call 999 if someone suddenly becomes confused'"),
    _c("hip_fracture", "a fall with a possible broken hip or long time on the floor", E,
       "Keep them warm and still; do not try to lift them if they cannot move the leg.",
       "NICE CG124 Hip fracture; NHS 'Falls' (call 999 if they cannot get up)"),
    _c("airway_infection", "swelling in the mouth or neck that affects swallowing or breathing", E, "",
       "NHS 'Dental abscess' and 'Quinsy' (call 999: swelling spreading to the neck, difficulty breathing or swallowing); NICE CKS Sore throat"),
    _c("necrotising_infection", "a rapidly spreading skin infection", E, "",
       "NICE NG141 Cellulitis; NHS 'Necrotising fasciitis' (pain out of proportion, spreading, dark skin)"),
    _c("strangulation", "strangulation or choking by another person", E,
       "Strangulation can injure the airway hours later; get checked now. If you are not safe, call the police.",
       "Institute for Addressing Strangulation (IFAS) guidance; Faculty of Forensic and Legal Medicine non-fatal strangulation"),
    _c("hypertensive_crisis", "very high blood pressure with symptoms", E, "",
       "NICE NG136 Hypertension (same-day referral: 180/120 with symptoms); ACEP"),
    _c("adrenal_crisis", "possible adrenal crisis", E,
       "Give the emergency hydrocortisone injection if one was prescribed.",
       "Society for Endocrinology adrenal crisis guidance; NHS 'Addison's disease'"),
    _c("compartment_syndrome", "severe pain in a limb after an injury or cast (possible compartment syndrome)", E,
       "Go to the emergency department now; if in a cast, keep the limb at heart level.",
       "BOAST 10 Diagnosis and management of compartment syndrome of the limbs; NICE NG37"),
    _c("post_procedure", "a complication after surgery or a procedure", E,
       "Tell the call handler what operation or procedure you had and when.",
       "NHS 'Complications after surgery'; NICE NG51 Sepsis; NICE NG158; NHS 'Hydrocephalus' (a blocked shunt: call 999); "
       "RCOphth (endophthalmitis after eye surgery or injections: same-day emergency); NHSBT / SHOT (acute transfusion reactions)"),
    _c("medicine_toxicity", "possible toxicity from a medicine (lithium, digoxin and the like)", E,
       "Do not take the next dose; take the medicine box with you.",
       "NICE CKS Bipolar disorder (lithium toxicity: diarrhoea, vomiting, coarse tremor, ataxia, slurred speech, confusion); BNF digoxin toxicity; TOXBASE; "
       "BNF antipsychotics and metoclopramide (acute dystonic reactions, oculogyric crisis)"),
    _c("postpartum_psychosis", "possible postpartum psychosis", E,
       "Do not leave her alone or alone with the baby.",
       "NICE CG192 Antenatal and postnatal mental health; RCPsych 'Postpartum psychosis' (a psychiatric emergency); NHS 'Postpartum psychosis'"),
    _c("urinary_retention", "unable to pass urine at all, with a swollen or very painful bladder (acute urinary retention)", E,
       "Go to A&E now, or call your emergency number if you cannot get there.",
       "NHS 'Urinary retention' (acute retention: go to A&E or call 999); NICE CKS Acute urinary retention; EAU guidelines on non-neurogenic male LUTS"),
    _c("dialysis", "a dialysis patient with a missed session or warning signs (possible high potassium or fluid overload)", E,
       "Tell the call handler about the kidney failure and dialysis; call your renal unit too.",
       "NICE NG203 Chronic kidney disease and NICE CKS Hyperkalaemia; UK Kidney Association (missed dialysis with symptoms: emergency)"),
    # --- round 4: kinds of emergency no rule named before -------------------------------
    _c("neuromuscular_weakness", "rapidly spreading weakness (possible Guillain-Barré syndrome or myasthenic crisis)", E,
       "Tell the call handler if breathing or swallowing is getting harder.",
       "NHS 'Guillain-Barré syndrome' (call 999 or go to A&E: weakness spreading quickly, difficulty breathing or swallowing); "
       "NHS 'Myasthenia gravis' (myasthenic crisis: breathing or swallowing difficulty); NICE CKS Neurological weakness red flags"),
    _c("severe_skin_reaction", "a severe skin reaction (blistering or peeling skin, possible Stevens-Johnson syndrome)", E,
       "Stop the new medicine only if a clinician agrees, and take the box with you.",
       "NHS 'Stevens-Johnson syndrome' (A&E: blistering or peeling skin with sore mouth, eyes or genitals, often after a new medicine); "
       "British Association of Dermatologists UK guidelines for SJS/TEN (2016)"),
    _c("genital_emergency", "a penis emergency (foreskin stuck back or a possible broken penis)", E,
       "Go to the emergency department now.",
       "NHS 'Penis pain' and 'Phimosis and paraphimosis' (go to A&E: foreskin pulled back and stuck, a crack or snap with swelling during sex); BAUS"),
    _c("tetanus", "possible tetanus", E, "Tell the call handler about the wound and your tetanus jabs.",
       "NHS 'Tetanus' (go to A&E: a wound followed by a stiff jaw, muscle spasms or difficulty swallowing); UKHSA Green Book ch. 30"),
    _c("malaria", "possible malaria after travel", E,
       "Say where you travelled and when; malaria can become severe within a day.",
       "NHS 'Malaria' (a medical emergency: get help immediately if you have a fever during or up to a year after travel to a malaria area); "
       "UKHSA Malaria prevention guidelines; NICE CKS Malaria"),
    _c("told_to_attend", "a clinician or a test result says to go to hospital now", E,
       "Go now, as you were told; take any letter or result with you.",
       "NICE CKS Hyperkalaemia (potassium 6.5 mmol/L or more: emergency admission); NHS 111 'If a doctor or nurse tells you to go to A&E'"),
    _c("danger_signs", "serious warning signs", E, "",
       "ACEP / Emergency Severity Index v4 (ESI 1-2: unresponsive, confused, lethargic, severe distress); "
       "NICE NG143 red features; UK Sepsis Trust; NHS 'When to call 999'"),
    _c("combined_signs", "a combination of warning signs", E, "",
       "medgguf's learned backstop (backstop.py), trained on the labelled messages of the categories above, "
       "whose criteria and sources they give; ACEP / ESI v4 high-risk situation"),
    # --- urgent: see a clinician today --------------------------------------------------
    _c("urinary", "urine infection with fever or back pain, blood in the urine, or unable to pass urine", U, "",
       "NICE NG109/NG111 urinary tract and kidney infection; NHS 'Kidney infection'; NICE CKS Acute urinary retention"),
    _c("fracture", "a possible broken bone", U, "Go to an urgent treatment centre or A&E for an X-ray.",
       "NICE NG38 Fractures (non-complex); NHS 'Broken bones'"),
    _c("wound", "a wound that may need stitches, or a puncture wound", U, "",
       "NHS 'Cuts and grazes'; NICE CKS Tetanus (tetanus-prone wounds)"),
    _c("bite", "an animal or human bite", U, "",
       "NICE NG184 Human and animal bites; UKHSA rabies post-exposure guidance (bats)"),
    _c("skin_infection", "a spreading skin infection or abscess", U, "",
       "NICE NG141 Cellulitis and erysipelas; NHS 'Skin abscess'"),
    _c("eye", "a painful red eye, eye injury or eye shingles", U, "",
       "NICE CKS Red eye and Herpes zoster ophthalmicus; NHS 'Eye injuries'"),
    _c("child_fever", "fever in a young child", U, "",
       "NICE NG143 Fever in under 5s (amber features: 3-6 months with 39 °C, fever for 5 days or more)"),
    _c("asthma", "worsening asthma", U, "", "BTS/SIGN 158 and NICE NG244 asthma"),
    _c("dvt", "possible blood clot in the leg (DVT)", U, "If you become breathless or cough blood, call your emergency number.",
       "NICE NG158 Venous thromboembolic diseases; NHS 'DVT'"),
    _c("abdominal", "abdominal pain that needs checking today", U, "",
       "NICE CKS Appendicitis, Gallstones, Acute cholecystitis; NHS 'Stomach ache'"),
    _c("kidney_stone", "possible kidney stone", U, "", "NICE NG118 Renal and ureteric stones"),
    _c("ear", "sudden hearing loss", U, "", "NICE CKS Hearing loss (sudden sensorineural: same-day ENT)"),
    _c("dental", "a dental abscess or facial swelling", U, "", "NHS 'Dental abscess'; SDCEP emergency dental care"),
    _c("pregnancy", "a pregnancy problem that needs a same-day check", U, "Call your midwife or maternity unit today.",
       "NICE NG201 Antenatal care; NHS 'Baby movements' and 'Severe vomiting in pregnancy'; RCOG"),
    _c("mental_health", "a mental health crisis that needs help today", U,
       "If you feel you might act on thoughts of harming yourself, call your emergency number or a crisis line (988 US, 116 123 UK/IE).",
       "NICE CG90 Depression; NHS 'Get urgent help for mental health'"),
    _c("allergy", "an allergic reaction without breathing problems", U,
       "If the lips, tongue or throat swell, or breathing or swallowing gets hard, call your emergency number.",
       "NICE CG134 Anaphylaxis; NHS 'Allergies'"),
    _c("minor_burn", "a burn that needs checking", U, "Cool it under running water for 20 minutes.",
       "NICE CKS Burns and scalds; NHS 'Burns and scalds'"),
    _c("minor_head_injury", "a head injury that needs watching", U,
       "Call your emergency number if they vomit, become drowsy or confused, or have a fit.",
       "NICE NG232 Head injury"),
    _c("infection", "an infection that needs checking today", U, "", "NICE NG51 Sepsis (moderate-risk criteria); NICE CKS Chest infections"),
    _c("sexual_assault", "sexual assault", U,
       "A sexual assault referral centre (SARC) or emergency department can help today, including emergency contraception and HIV prevention.",
       "NHS 'Help after rape and sexual assault'"),
    _c("medication", "a medicine taken by mistake", U, POISON_ACTION, "TOXBASE / NPIS; NHS 111"),
    _c("diabetes", "high blood sugar that needs checking", U, "", "NICE NG17/NG28; JBDS"),
    _c("gout", "a hot, swollen, very painful joint", U, "", "NICE CKS Gout and Septic arthritis"),
    _c("vomiting", "vomiting or diarrhoea that needs checking", U, "", "NICE CG84; NHS 'Diarrhoea and vomiting'"),
    _c("blood_loss_minor", "blood in stools, urine or phlegm", U, "", "NICE NG12 Suspected cancer; NHS 'Blood in poo', 'Coughing up blood'"),
    _c("foreign_body", "something stuck in the nose or ear", U, "", "NHS 'Objects in the nose or ear'"),
    _c("tick", "a tick bite with a spreading rash", U, "", "NICE NG95 Lyme disease"),
    _c("palpitations", "palpitations", U, "", "NICE CKS Palpitations"),
    _c("faint", "a faint", U, "", "NICE CG109 Transient loss of consciousness"),
    _c("severe_pain", "severe pain", U, "", "ACEP / ESI v4 (severe pain or distress)"),
    _c("high_blood_pressure", "a very high blood pressure reading", U,
       "Sit quietly for 5 minutes and measure again; call your emergency number if you get chest pain, a severe headache, weakness or trouble seeing or speaking.",
       "NICE NG136 Hypertension (180/120 or more: assess for target organ damage the same day)"),
    _c("breast_infection", "a breast infection (mastitis) with fever", U, "Keep breastfeeding or expressing from that side.",
       "NICE CKS Mastitis and breast abscess; NHS 'Mastitis'"),
    _c("testicular", "a painful or swollen testicle", U,
       "If the pain becomes sudden or severe, call your emergency number: that can be torsion.",
       "NICE CKS Scrotal pain and swelling (epididymo-orchitis: same-day assessment); NHS 'Testicle pain'"),
    _c("gca", "possible giant cell arteritis (temporal arteritis)", U,
       "Ask for a same-day appointment; if your sight changes at all, call your emergency number.",
       "NICE CKS Giant cell arteritis (same-day specialist assessment; sight loss is an emergency); BSR GCA guideline 2020"),
    _c("warning_signs", "warning signs that need a same-day check", U, "", "NHS 111; ACEP / ESI v4 level 3"),
    _c("passed_emergency", "emergency warning signs that have passed", U,
       "They have passed, but they still need a check today; call your emergency number if they come back.",
       "NICE CG95 Recent-onset chest pain (pain now resolved: same-day assessment); NICE NG128 Stroke and TIA "
       "(suspected TIA: specialist assessment within 24 hours); NICE CG109 Transient loss of consciousness"),
)}

# ---------------------------------------------------------------------------------------------
# Rules. Patterns read normalized text; <NAME> is a lexicon entry, " %N " up to N other words.


# round 7: a figure of speech about a nuisance ("this hay fever is going to kill me", "his homework is going to
# kill him"); it qualifies only its own clause
NUISANCE_KILL = (
    r"~(?:this|the|my|these|that|his|her|their|our) (?:\S+ )?(?:homework|school ?work|coursework|cold|flu|hay fever|cough|sneezing|toothache|tooth|headache|migraine|heat|weather|job|work|exams?|revision|commute|plan|routine|regime|schedule|running|training|shifts?|mortgage|bills|wedding|heatwave|hills?|boss|hangover|diet|gym|workout|back|knee|stairs|paperwork|deadlines?|traffic|noise|itch\w*|rash|allergy|allergies|teething|period|cramps|hiccups|heartburn|insomnia|bug|virus|cold sore|sinuses|blocked nose) (?:\S+ ){0,2}(?:is|are|s|re|will|ll) (?:\S+ )?(?:going to |gonna )?kill (?:me|him|her|us|them)"
)

RULES: tuple[Rule, ...] = (
    # === cardiac ============================================================================
    R("cardiac", E, r"<CHEST> %5 (?:<PAIN>|<CARDIAC_FEEL>)", unless=(
        r"(?:hurts?|pain|sore|ache|aches|aching|tight|tightness) %3 when (?:i |he |she )?(?:cough|coughing|press|pressing|touch|sneeze|laugh|twist|stretch)",
        r"chest (?:of drawers|freezer|press|day|workout|muscle|muscles|exercises|hair|tattoo|acne|spots|rash)",
        r"(?:sore|pulled|strained) (?:chest )?muscle|after (?:the )?gym|gym session|bench press|push ups",
        r"(?:when|whenever|every time|before|if) (?:\S+ ){0,3}(?:anxious|anxiety|stressed|nervous|panick\w*|worried)")),
    R("cardiac", E, r"(?:<PAIN>|<CARDIAC_FEEL>) %4 (?:in|on|across|behind|around|under|through|over|inside|into|of) (?:my |his |her |their |the )?(?:\S+ )?<CHEST>"),
    R("cardiac", E, r"(?:elephant|weight|ton of bricks|tonne of bricks|vice|vise|band|belt) %4 (?:on|around|across|round|sitting on|crushing) (?:my |his |her |the )?(?:\S+ )?<CHEST>"),
    R("cardiac", E, r"(?:<CHEST>|indigestion|heartburn|crushing|squeezing|pressure|tightness)", r"<RADIATES>"),
    R("cardiac", E, r"(?:<PAIN>|<CARDIAC_FEEL>|indigestion|heartburn)", r"<SWEAT>", r"(?:<PALLOR>|<BREATHLESS>|<FAINT>|<NAUSEA>|<DIZZY>)"),
    R("cardiac", E, r"(?<!of )(?<!about )(?:having|just had|s having|is having|m having|am having|think(?: \S+){0,3}|could (?:this|it) be|is (?:this|it)|might be|signs of|symptoms of) (?:a |an )?(?:heart attack|cardiac arrest|mi)"),
    R("cardiac", E, r"heart attack %2 (?:right now|now|happening)|(?:in|going into) cardiac arrest|heart (?:has )?stopped(?! for a (?:second|moment|minute|beat|split second)| when (?:i|we) (?:saw|heard|realised|realized|got|opened|found out|read))"),
    # Round 6: "feels like someone's standing on him" with the chest held; a heaviness "right in the middle"
    # that has not gone with rest, or with sickness or sweat (NICE CG95: pressure-like pain, exertional).
    R("cardiac", E, r"(?:feels?|felt|feeling|like) (?:\S+ ){0,2}(?:someone|somebody|an elephant|a weight|something heavy|a car|a ton) (?:is |s )?(?:standing|sitting|kneeling|pressing|stood|sat|lying|leaning|parked|stamping) on (?:him|her|me|my|his|their)",
      r"<CHEST>|<PALLOR>|<SWEAT>|<BREATHLESS>|<NAUSEA>|<FAINT>|arm|jaw"),
    R("cardiac", E, r"(?:<CARDIAC_FEEL>) (?:\S+ ){0,3}(?:in|across) the (?:middle|centre|center)(?! of (?!(?:my|his|her|the) chest))",
      r"<NAUSEA>|<SWEAT>|<BREATHLESS>|<PALLOR>|<FAINT>|<DIZZY>|<RADIATES>|(?:hasn t|won t|not|isn t|hasn t been) (?:\S+ ){0,1}(?:gone|go|going|eased|easing|settled|settling|stopped)|carrying|climbing|up the hill|stairs|shovel\w*|digging",
      unless=(r"(?:tummy|stomach|belly|bladder|pee|wee|head|forehead|back|period|bum|night)",)),
    R("cardiac", E, r"(?:cocaine|coke|crack|speed|meth|amphetamine)", r"(?:<CHEST> %3 (?:<PAIN>|<CARDIAC_FEEL>)|heart (?:is )?(?:racing|pounding|going crazy))"),
    R("cardiac", E, r"(?:jaw|arm|arms|shoulder|neck) (?:\S+ ){0,3}(?:<PAIN>)|(?:rubbing|holding|clutching|massaging|gripping|grabbing|nursing) (?:his|her|my|their) (?:left )?(?:arm|jaw|shoulder)|(?:<PAIN>) (?:\S+ ){0,8}(?:jaw|between (?:the |my |his |her )?shoulders?(?: blades?)?)", r"(?:<CHEST>|back|jaw|arm|shoulder|neck)",
      r"(?:<VOMIT>|<NAUSEA>|<SWEAT>|<PALLOR>|<BREATHLESS>|<FAINT>|<LOOKS_UNWELL>)", unless=(r"(?:tooth|teeth|dentist|toothache|wisdom|gym|lifting|slept|pillow|tmj|grinding|clench)",)),
    R("cardiac", E, r"(?:<PAIN>|<CARDIAC_FEEL>) %3 (?:between|in) (?:my |his |her )?shoulder blades", r"(?:<SWEAT>|<BREATHLESS>|<FAINT>|<NAUSEA>|diabetic|unwell)"),

    # === stroke (FAST) =======================================================================
    R("stroke", E, r"!(?:face|mouth|smile|lip|eye|eyelid|cheek) %4 (?:(?:go|goes|going|gone|went|come|came|fall|falls|falling|fell) down (?:\S+ ){0,2}(?:one side|on one side|on the (?:left|right)|left side|right side|side)|dropped|drooping|droopy|droops|drooped|drooping|fallen|hanging|hangs|hung down|slid|slipped|sliding|lopsided|sagging|sags|sagged|slumped|twisted|uneven|crooked|gone funny|pulled down|slack|pulled to one side|drawn to one side|pulled over|went funny|goes funny|looks funny|funny on one side)"),
    R("stroke", E, r"!(?:(?:one side|left side|right side|half) of|half) (?:my |his |her |their |the )?(?:face|mouth|smile|body) %3 (?:dropped|droop\w*|fallen|(?:go|goes|going|gone|went|fall|falls|falling|fell) down|lopsided|sag\w*|numb|weak|paralysed|paralyzed|dead|not moving|won t move|tingling|slack|gone|"
                   r"(?:isn t|is not|not|doesn t|won t|stopped|has stopped) (?:\S+ )?(?:moving|move|working|work))"),
    # Round 6: an arm and a leg on the same side that feel strange or fail together ("my right leg and arm
    # feel like they belong to someone else, I can't hold my cup"): one-sided weakness or numbness is FAST's A.
    R("stroke", E, r"!(?:(?:left|right) (?:arm|leg|hand|foot|side of (?:my|his|her) body) and (?:arm|leg|hand|foot|face)|(?:arm and leg|leg and arm|hand and foot|arm and face|face and arm) on (?:the |one |my |his |her )?(?:same |left |right |one )?side)",
      r"numb\w*|weak\w*|heavy|dead|useless|clumsy|floppy|belong\w* to (?:someone|somebody) else|not (?:my|his|her) own|(?:feel|feels|felt|feeling) (?:\S+ ){0,2}(?:strange|weird|funny|odd|wrong|alien)|"
      r"(?:can t|cannot|couldn t) (?:hold|lift|grip|move|feel|use)|won t (?:work|move|do what)",
      unless=(r"(?:sleeping on|slept on|sat on|pins and needles|gym|lifting|workout|injection|jab|vaccine|broke|broken|fracture|sprain\w*|arthritis|(?:after|from) (?:\S+ ){0,3}(?:class|run|running|hike|match|training|session))",)),
    R("stroke", E, r"!(?:(?:can t|doesn t|does not|cannot|isn t able to|couldn t) understand (?:\S+ ){0,2}(?:anything|what|a word|me|us|words)|(?:random|wrong|made up|strange|muddled) words)|(?:speech|words|talking|voice) %5 (?:slurred|slurring|garbled|jumbled|muddled|mixed up|all wrong|coming out wrong|wrong|strange|gibberish|nonsense|weird|funny|odd|thick|not right)|"
                   r"(?:slurred|slurring|slurry|garbled|jumbled) (?:\S+ )?(?:speech|words|talking|voice)|slurring|slurs|slurred|"
                   r"(?:can t|cannot|unable to|struggling to|trouble|difficulty|couldn t|could not|wasn t able to) (?:\S+ ){0,2}(?:speak|talk|say (?:\S+ ){0,2}words|get (?:his|her|my|the) words out|find (?:his|her|my|the) (?:right )?(?:words|ones)|say (?:what|the words))(?: properly| clearly| right| normally| straight)?(?! to)|"
                   r"(?:talking|speaking) (?:nonsense|gibberish|rubbish)|nonsense coming out|words (?:are )?(?:coming out )?(?:wrong|jumbled|mixed up)|"
                   r"(?:he|she|<POSS> (?:\S+ )?<PERSON>) (?:\S+ ){0,2}(?:not|no) (?:talk|speak|speaking|talking) (?:good|well|right|normal|normally|properly|clear|clearly)(?! (?:\S+ )?english)",
      unless=(r"(?:(?<!sounded )(?<!sounds )(?<!seemed )(?<!seems )(?<!looked )(?<!looks )(?<!like )(?<!as if )(?<!like she was )(?<!like he was )(?<!as if she was )(?<!as if he was )(?<!like she s )(?<!like he s )drunk|drinking|beers|pints|vodka|wine|alcohol|booze)(?! but (?:she|he) (?:doesn t|does not|didn t|hasn t))", r"<BREATHLESS>|wheez\w*|asthma|out of breath|too breathless",
              r"(?:tooth|teeth|dentist|dental|numbing|anaesthetic|anesthetic|lisp|stammer|stutter|shy|nervous|anxious|autis\w*)")),
    R("stroke", E, r"!(?:can t|cannot|unable to|couldn t|struggling to|won t) (?:lift|raise|move|hold up|grip with|feel|use|hold anything with) (?:my|his|her|their|one|the) (?:left |right )?(?:<ARM>|<LEG>|side)",
      r"(?:<SUDDEN>|one side|same side|left side|right side|half|woke up|<CONFUSED>|<DIZZY>|face|speech|slurr\w*|dropped|this morning|just now|<ELDERLY>|vision|see)",
      unless=(r"(?:broke|broken|fracture|sprain|sprained|injury|injured|fell|fall|twisted|pulled (?:a )?muscle|gym|sleeping on|slept on|frozen shoulder|arthritis|tendon)",)),
    R("stroke", E, r"!(?:<ARM>|<LEG>|side) %3 (?:won t|can t|doesn t|will not|isn t able to) (?:grip|move|work|lift|hold|respond|do what)",
      r"(?:<SUDDEN>|one side|same side|left side|right side|half|woke up|face|speech|words|slurr\w*|jumbled|dropped|this morning|just now|<ELDERLY>|vision|see|<CONFUSED>)",
      unless=(r"(?:broke|broken|fracture|sprain|sprained|injury|injured|twisted|pulled (?:a )?muscle|gym|sleeping on|slept on|frozen shoulder|arthritis|tendon|cast)",)),
    R("stroke", E, r"!(?:<ARM>|<LEG>|side|face) %4 (?:went|gone|going|is|s|feels|felt|became|has become|turned|are) (?:\S+ ){0,2}(?:weak|numb|dead|heavy|limp|floppy|useless|paralysed|paralyzed)",
      r"(?:<SUDDEN>|one side|same side|left side|right side|half|woke up|face|speech|slurr\w*|dropped|vision|see|walk)",
      unless=(r"(?:sleeping on|slept on|sat on|pins and needles|cold|gym|lifting|injection|after (?:the )?(?:jab|vaccine)|carpal|broke|broken|fracture|"
                                 r"(?:after|from) (?:\S+ ){0,3}(?:class|workout|run|running|spin|leg day|hike|hiking|match|training|session|squats|marathon|cycle|ride|football|game))",)),
    R("stroke", E, r"!<SUDDEN> %5 (?:weakness|weak|numbness|numb|paralysis|paralysed|paralyzed|can t (?:move|feel|lift|raise|speak|talk|see)|blind|lost (?:my |his |her )?(?:vision|sight|balance)|double vision|confused|confusion|can t walk)"),
    R("stroke", E, r"(?<!of )(?<!about )(?:having|just had|s having|is having|m having|am having|think(?: \S+){0,3}|could (?:this|it) be|is (?:this|it)|might be|signs of|symptoms of) (?:a |an )?(?:stroke|strokes|mini stroke|mini strokes|tia|brain attack)"),
    R("stroke", E, r"stroke (?:right now|now|happening)"),
    R("stroke", E, r"(?:funny turn|episode|attack|spell|turn)", r"(?:couldn t|could not|can t|unable to) (?:speak|talk|see|move|lift|feel)|(?:hand|arm|leg|face|side) (?:\S+ ){0,2}(?:went|gone) (?:numb|weak|dead|floppy)|mini stroke|tia"),

    # === severe bleeding ======================================================================
    R("severe_bleeding", E, r"(?:bleeding|blood|bleed|it) %4 (?:won t|will not|doesn t|does not|can t|isn t|not|hasn t|has not|didn t|wont) (?:\S+ )?(?:stop|stopping|slow|slowing|stopped|ease|let up)|"
                            r"keeps? (?:on )?bleeding|still bleeding (?:heavily|a lot|badly|after)|non ?stop bleeding|bleeding non ?stop|"
                            r"(?:won t|will not|doesn t|does not|isn t|hasn t|has not|didn t|wont) (?:\S+ )?(?:stop|stopping|stopped) (?:\S+ )?bleeding|"
                            r"(?:can t|cannot|couldn t) (?:get|make) (?:it|the bleeding|the blood) (?:to )?stop|"
                            r"(?:spurting|pumping|gushing|pouring|squirting|streaming|pulsing|spraying|flowing) (?:out )?(?:\S+ ){0,2}blood|"
                            r"(?:blood|it) (?:\S+ ){0,3}(?:coming|came|comes|pumping|squirting|spraying|gushing|pouring|shooting|spurting|pulsing) (?:out )?in (?:spurts|pulses|jets|gushes|waves|bursts|squirts|time with)|spurts of blood|"
                            r"blood (?:is |s |keeps )?(?:\S+ )?(?:spurting|pumping|gushing|pouring|squirting|streaming|spraying|everywhere|all over)|"
                            r"(?:so much|lots of|a lot of|loads of|a pool of|covered in|tons of|buckets of|litres of|a lot) (?:\S+ )?blood|"
                            r"(?:bleeding|bled|bleeds) (?:\S+ ){0,2}(?:heavily|profusely|loads|a lot|badly|everywhere|like crazy|really bad|so much|non stop|through)|"
                            r"(?:heavy|heavily|severe|massive|profuse|profusely|uncontrolled|uncontrollable|serious|major|big|huge) (?:\S+ )?(?:bleeding|bleed|blood loss|haemorrhage|hemorrhage)|"
                            r"(?:soak|soaked|soaking|soaks|bled|bleeding) (?:right )?(?:through|thru) (?:\S+ ){0,3}(?:bandages?|towels?|dressings?|cloths?|tea towels?|clothes|tissues?|pads?|gauze|plasters?)",
      unless=(r"(?:period|periods|menstrual|nose ?bleeds? (?:as a kid|when)|gums)", r"<PREGNANT>|<POSTPARTUM>")),
    R("severe_bleeding", E, r"(?:<BLEED>)", r"(?:<FAINT>|<PALLOR>|<DIZZY>|going pale|gone pale|cold and clammy)",
      unless=(r"(?:a little|a bit|slightly|tiny|small amount|spot of|speck)", r"(?:period|periods|menstrual|blood test|blood pressure|blood sugar|giving blood|donat\w*|blood donor|bloods)", r"<PREGNANT>|<POSTPARTUM>|<VOMIT>|poo|stool|back passage|bottom|rectum")),
    R("severe_bleeding", E, r"(?:nose ?bleed|nose is bleeding|nose has been bleeding|bleeding from (?:my|his|her) nose|bloody nose) %6 (?:(?:[2-9]\d|twenty|thirty|forty|an|over an|half an) (?:minutes|hour|hours)|won t stop|not stopping|hours)",
      # round 5: a long nosebleed that has since stopped ("but it stopped with pressure") is not one now
      unless=(r"(?:it|bleeding|the bleeding) (?:\S+ ){0,2}(?:stopped|settled) (?:\S+ ){0,2}(?:with|after|on its own|by itself|eventually)(?! (?:\S+ ){0,4}(?:again|restarted|started))",)),
    R("severe_bleeding", E, r"@<ANTICOAG>", r"(?:<BLEED>|bruis\w*)", r"(?:huge|big|massive|spreading|lots|everywhere|won t stop|gums|nose|nose ?bleeds?|wee|urine|pee|twice|double|overdose|extra|too much|black|vomit\w*|cough\w*|<SEVERE>|heavy|heavily)",
      unless=(r"(?:a little|a bit|slightly|tiny|small)",)),
    R("severe_bleeding", E, r"<ANTICOAG>", r"(?:bleeding|bleed|blood) %4 (?:won t|will not|not|isn t|doesn t|can t) (?:\S+ )?(?:stop|stopping|slow)|keeps bleeding|<BLEED> %3 (?:a lot|heavily|badly|loads)|(?:lots|lot) of blood|pumping blood|cut %4 (?:deep|bad|badly)"),
    R("severe_bleeding", E, r"(?:tonsil\w*|tonsillectomy|operation|surgery|op|extraction|tooth out|teeth out|wisdom teeth)", r"(?:spitting|coughing|vomiting|bringing) (?:out |up )?(?:\S+ ){0,2}(?:fresh |bright red )?blood|fresh blood|bright red blood|bleeding (?:from|in) (?:his|her|my|the) (?:mouth|throat)"),
    R("severe_bleeding", E, r"<BLEED> (?:\S+ ){0,3}(?:quite a lot|a fair bit|lots|loads)|(?:quite a lot|a fair bit) of blood"),

    # === breathing ===========================================================================
    R("breathing", E, r"(?:can t|cannot|can not|unable to|struggling to|struggle to|hard to|difficult to|fighting to|battling to|couldn t|barely|hardly) (?:\S+ ){0,1}(?:breathe|breath|breathing|catch (?:my|his|her|their) breath|get (?:my|his|her|their|a|any) breath|get (?:enough )?air)(?! (?:properly |well )?(?:through|out of|in through) (?:my|his|her|the|one|their|your|both) (?:nose|nostrils?))|"
                       r"(?:difficulty|trouble|problems?|struggling|hard time|laboured|labored) (?:with )?breathing(?! through (?:my|his|her|the) nose| out of (?:my|his|her|one) nostril)|"
                       r"(?:not|stopped|isn t|is not|wasn t|stops|keeps stopping|stopping) breathing(?! through (?:his|her|my|the|their|your) (?:nose|mouth)| out of (?:his|her|my|one|the) nostril| properly through)|"
                       r"(?:breathing|breaths?) (?:\S+ ){0,2}(?:keeps )?(?:stopping|pausing|pauses|stopped|stops)|pauses in (?:his|her|their|my) breathing|"
                       r"gasping(?! in surprise)|fighting for (?:breath|air)|suffocating|can t get air (?:in|into)",
      unless=(r"~(?:snor\w*|sleep apn\w*|apnoea|apnea)", r"~(?:just stressed|stressed out|so stressed|overwhelmed|workload|paperwork|deadlines|drowning in)",
              r"(?:get fitter|getting fitter|unfit|out of shape|need to lose weight)")),
    R("breathing", E, r"(?:lips|face|skin|mouth|fingers|fingertips|tongue|he|she|baby|they|it|toddler|son|daughter) %4 (?:blue(?! inhaler| pump| puffer| badge| murder| in the face| moon| eyes| tooth)|bluish|blueish|grey|gray|purple|dusky)|"
                       r"(?:going|turning|gone|turned|went|looks) (?:a bit |slightly |very |really )?(?:blue(?! inhaler| pump| puffer| badge| murder| in the face| moon| eyes| tooth)|grey|gray|purple|dusky)",
      unless=(r"(?:cold|cold water|swimming|raynaud|bruise|bruised|bruising|black and blue|ink|paint|dye|vein|veins|moles?|birthmark|hair|eyes are)",)),
    R("breathing", E, r"ribs (?:are )?(?:\S+ )?(?:sucking|pulling|drawing|going) in|sucking in (?:under|between) (?:his|her|the) ribs|(?:chest|tummy|neck) (?:is )?(?:sucking|pulling) in|"
                       r"grunting|nostrils flaring|head bobbing|stridor|high pitched (?:noise|sound|whistle|wheeze|squeak) %5 (?:breath|breathe|breathes|breathing|breathes in)|"
                       r"(?:can only|can barely|only able to|can only manage|only manage|can manage only) (?:say|speak|talk|get out|manage)? ?(?:\S+ ){0,3}(?:words?|few)|(?:words?|sentence) (?:\S+ ){0,2}before (?:i|he|she|they) (?:need|needs|have|has|gasp\w*|stop\w*) (?:to (?:stop|take|catch) )?(?:another|a|my|his|her) breath|can t (?:finish|complete|get through) (?:a |his |her |my )?sentences?|"
                       r"too (?:breathless|out of breath|short of breath) to (?:speak|talk|walk|move)|(?:barely|can t|cannot) (?:talk|speak) (?:\S+ ){0,3}(?:breath|breathless|breathe|wheez\w*)|"
                       r"breathing (?:is |has gone )?(?:really |very |so )?(?:slow|shallow|noisy|gurgling|rattly|irregular)|gurgling|agonal|"
                       r"(?:squeaky|squeaking|whistling|crowing|rasping|harsh|high pitched|horrible|strange|noisy|honking) (?:\S+ ){0,2}(?:noise|noises|sound|sounds|breathing|breaths?) (?:\S+ ){0,4}(?:breathes?|breathing|breath in|breathes in|at rest|resting|even)|"
                       r"noisy breathing|(?:makes|making) (?:\S+ ){0,3}(?:noise|sound) (?:\S+ ){0,2}(?:when|every time) (?:\S+ )?breathes?|"
                       r"(?:stop|stops|stopping|pause|pausing|gasp\w*) (?:\S+ ){0,2}(?:after |between )?(?:every )?(?:\S+ ){0,3}words"),
    R("breathing", E, r"<BREATHLESS>", r"(?:at rest|sitting still|sitting down|lying down|even (?:when|while) (?:resting|sitting|lying)|doing nothing|when resting|getting worse|worse and worse|by the minute|<SUDDEN>|really|very|so|severe|severely|badly|scared|panicking|can t|struggling|can barely|can hardly)",
      unless=(r"(?:always has|always have|for years|walking up hills|up (?:the )?stairs|when (?:i |he |she )?(?:run|running|exercise|exercising|climb)|after (?:running|exercise|the gym)|panic attack|anxiety attack)",
              r"~(?:just stressed|stressed out|so stressed|overwhelmed|workload|paperwork|deadlines|drowning in)")),
    R("breathing", E, r"<BREATHLESS>", r"(?:<CHEST> %3 (?:<PAIN>|<CARDIAC_FEEL>)|<PALLOR>|<CONFUSED>|<DROWSY_SEVERE>|<FAINT>|blue(?! inhaler| pump| puffer| badge| murder| in the face| moon| eyes| tooth)|coughing (?:up )?blood|<SWEAT>|<INFANT>|<ELDERLY>|copd|heart failure)",
      unless=(r"(?:always has|always have|for years|walking up hills|when (?:i |he |she )?(?:run|running|exercise|exercising|climb)|after (?:running|exercise|the gym))",)),
    R("breathing", E, r"(?:drool\w*|dribbl\w*)", r"(?:can t swallow|unable to swallow|hard to swallow|high pitched|noisy breathing|stridor|<FEVER>|sitting forward|leaning forward|muffled|breath)"),
    R("breathing", E, r"(?:breathing|breathes|breaths) (?:\S+ ){0,2}(?:really |very |so |super )?(?:fast|rapid|quick|quickly)", r"(?:<CHILD>|<ELDERLY>|<FEVER>|<DROWSY>|<CONFUSED>|grunting|ribs|<PALLOR>|blue(?! inhaler| pump| puffer| badge| murder| in the face| moon| eyes| tooth)|<INFECTION_WORD>)",
      unless=(r"(?:panic attack|anxious|anxiety|after (?:running|exercise|sport|football|playing)|when (?:he|she|i) (?:runs|run|plays))",)),

    # === anaphylaxis ==========================================================================
    R("anaphylaxis", E, r"(?:throat|airway|windpipe) %4 (?:closing|closes|closed|shut|shutting|tight|tightening|tighter|swelling|swollen|swell|swells|swelled|narrowing|constricting|closing up)|"
                        r"tight throat|swollen throat|throat swelling|swelling (?:\S+ ){0,2}(?:throat|tongue)|tongue %3 (?:swelling|swollen|swell|swells|swelled|huge|thick|thicker|massive|puffing|blown up)|"
                        r"(?:swollen|swelling|thick|huge) tongue"),
    R("anaphylaxis", E, r"(?:lips?|face|mouth|eyes|eyelids?|cheeks?) %4 (?:swelling|swollen|swell|swells|swelled|puffy|puffing|puffed|huge|massive|blown up|ballooned|ballooning)|(?:swollen|puffy|huge|fat) (?:lips?|face|mouth)",
      r"(?:<ALLERGEN>|<BREATHLESS>|wheez\w*|<DIZZY>|<FAINT>|swallow\w*|voice|hoarse|hives|rash|itch\w*|talk|speak|breath\w*|throat|tongue|reaction)",
      # round 7: "but I can breathe and swallow fine" reassures; it is not a breathing finding
      unless=(r"~(?:can|able to) (?:still )?(?:breathe|swallow|talk)(?: (?:and|or) (?:breathe|swallow|talk))? (?:fine|ok|okay|normally|well|easily|properly)",)),
    R("anaphylaxis", E, r"(?:<ALLERGEN_STRICT>|allergic reaction|reaction|vaccine|jab|injection|contrast|dye)", r"(?:wheez\w*|<BREATHLESS>|<FAINT>|<COLLAPSE>|(?:voice|throat) %3 (?:hoarse|weird|strange|croaky|tight|funny|scratchy|itchy|closing)|hoarse|hard to swallow|can t swallow|difficulty swallowing|trouble swallowing|struggling to swallow|tongue %2 (?:tingling|itchy|swell\w*))",
      unless=(r"(?:cold|flu|hay fever|hayfever|pollen|dust|cat|dog|running|exercise|asthma)",)),
    R("anaphylaxis", E, r"(?:<ALLERGEN>|allergic|allergy)", r"(?:hives|welts|rash|itch\w*|blotchy|flushed|swell\w*|red all over)",
      r"(?:<VOMIT>|<DIZZY>|<FAINT>|<COLLAPSE>|(?:tummy|stomach) (?:\S+ ){0,2}(?:pain|cramps)|<BREATHLESS>|wheez\w*|throat|tongue|<PALLOR>|voice)",
      unless=(r"(?:hay fever|hayfever|pollen|eczema|dandruff|athlete)",)),
    R("anaphylaxis", E, r"(?:stung|sting|stings|bitten by (?:a |an )?(?:bee|wasp|hornet|insect|ant)|<ALLERGEN_STRICT>)", r"(?:<PALLOR>|clammy|<FAINT>|<COLLAPSE>|floppy|<DIZZY>)", r"(?:<PALLOR>|clammy|<FAINT>|<COLLAPSE>|floppy|<VOMIT>|<NAUSEA>|going to be sick|<BREATHLESS>|wheez\w*)",
      unless=(r"(?:hay fever|pollen)",)),
    R("anaphylaxis", E, r"(?:used|use d|gave|given|give|giving|jabbed|injected|had to use|administered|using|needed) (?:\S+ ){0,2}(?:epipen|epi pen|epipens|auto ?injector|adrenaline|jext|emerade|epinephrine)"),
    R("anaphylaxis", E, r"(?:having|just had|s having|is having|m having|am having|going into|gone into|went into|in|think(?: \S+){0,3}|could (?:this|it) be|is (?:this|it)|might be|signs of) (?:a |an )?(?:anaphyla\w*|anaphylactic (?:shock|reaction)|severe allergic reaction|bad allergic reaction)"),

    # === crisis: suicide, self-harm, harm to others ============================================
    R("crisis", E, r"(?:i m|i am|feeling|feel|been|felt|getting|am|is|s|he s|she s|really|very|so|actively) (?:\S+ )?suicidal|suicidal (?:thoughts|feelings|thinking|ideation|urges|plans?)|"
                   r"(?:thinking|thought|thoughts) (?:about|of) (?:suicide|killing (?:my|him|her)self|ending (?:it|my life|things)|taking my (?:own )?life|dying)|"
                   r"(?:kill|killing|killed|end|ending|take|taking|hang|hanging|drown|drowning|cut|cutting|shoot|shooting) (?:my|him|her|them) ?sel(?:f|ves)|"
                   r"(?:end|ending|take|taking) (?:it all|my (?:own )?life|his (?:own )?life|her (?:own )?life|things|everything)|"
                   r"(?:want|wants|wanted|going|plan|planning|plans|ready|about|trying|tried|try) (?:\S+ )?to (?:die|end it|kill myself|not be here|disappear forever|jump|overdose|od)|"
                   r"(?:don t|doesn t|do not|does not) want to (?:live|be alive|be here|wake up|exist|go on)|no (?:reason|point) (?:to|in) (?:live|living|go on|going on|carry on|carrying on)|"
                   r"(?:better off|be better) (?:dead|without me|if i (?:was|were) gone)|don t see (?:the|any) point (?:any ?more|in (?:living|anything|going on))|"
                   r"(?:can t|cannot) (?:go on|do this|take it|cope) (?:anymore|any more|any longer)|commit suicide|suicide (?:note|plan|attempt)|"
                   r"(?:written|wrote|writing|left) (?:\S+ ){0,2}(?:goodbye|suicide) (?:letters?|notes?|messages?)|(?:written|wrote|writing|left) (?:letters?|notes?) (?:to|for) (?:my|everyone)|"
                   r"(?:pills|tablets|rope|razor|blades?) (?:\S+ ){0,2}(?:lined up|ready|saved up|stockpiled)|(?:jump|jumping) (?:off|from|in front of) (?:the |a )?(?:bridge|building|roof|cliff|train|car|balcony|car park)|"
                   r"(?:going|plans?|planning|wants?|threatening|threatened|about|says (?:she s|he s|she is|he is) going) to (?:take|swallow|down|neck) (?:all|a load of|the whole|loads of|every one of|the rest of) (?:\S+ ){0,2}(?:<DRUG>|packet|bottle|box)|"
                   r"self ?harm\w*|self ?injur\w*|(?:cut|cutting|burnt|burning|burned|hurt|hurting|harm|harming|punch|punching) (?:my|him|her) ?self|"
                   r"(?:she|he|they|my \S+) (?:says|said|keeps saying|told me|tells me|texted|messaged) (?:\S+ ){0,3}(?:wants|wanted|is going|s going|going|plans) to (?:die|end|kill|jump)",
      unless=(r"(?:not|never) (?:suicidal|going to (?:hurt|harm|kill)|want to die)", NUISANCE_KILL,
              # An accident in the same clause: "cut myself shaving", "burnt myself on the oven".
              r"~(?:cut|burnt|burned|hurt) (?:my|him|her)sel(?:f|ves) (?:\S+ ){0,2}(?:shaving|cooking|chopping|peeling|gardening|ironing|opening|on (?:a|the) (?:tin|can|knife|glass|bottle|oven|iron|hob|stove|kettle|pan|tray)|by accident|accidentally)|(?:accidentally|by accident) (?:cut|burnt|burned|hurt) (?:my|him|her)sel(?:f|ves)")),
    R("crisis", E, r"(?:voices|voice) (?:\S+ ){0,3}(?:telling|tell|told|saying) (?:\S+ ){0,2}to (?:hurt|kill|harm|stab|attack|jump)|"
                   r"(?:threatening|threatened|threatens|going to|wants to|trying to|tried to|keeps trying to|says he ll|says she ll|will) (?:\S+ ){0,2}(?:kill|hurt|stab|harm|attack|shoot|strangle|hit|punch|beat|choke|strike) (?:\S+ )?(?:us|me|people|someone|them|the baby|my|him|her|his|the kids|everyone|anyone)|"
                   r"(?:threatening|threatened|threatens|going to|wants to|trying to|tried to|says he ll|says she ll|will) (?:\S+ ){0,2}(?:burn|set fire to|torch|blow up|poison|drown|run over|gas) (?:\S+ ){0,3}(?:us|me|people|them|the baby|the house|the flat|the kids|his kids|her kids|everyone|the family|his family|her family|himself and)|"
                   r"(?:got|has|holding|waving|grabbed|brandishing) a (?:knife|gun|weapon|machete|blade)|"
                   r"(?:came at|coming at|went for|going for|chasing|chased|threatening|threatened|waving) (?:\S+ ){0,3}with a (?:knife|gun|weapon|machete|blade)|"
                   r"(?:scared|afraid|worried|frightened) (?:\S+ ){0,2}(?:will|ll|might|may|going to|could) (?:hurt|harm|kill) (?:\S+ )?(?:the baby|baby|herself|himself|us|me|someone|the kids)|"
                   r"(?:thinks|believes|convinced) (?:\S+ ){0,3}(?:trying to kill|out to get|poisoning|following|watching) (?:him|her|them)",
      # round 7: a figure of speech about a nuisance ("this hay fever is going to kill me", "this commute is going to kill me")
      unless=(NUISANCE_KILL,)),
    R("crisis", E, r"(?:cut|cutting|cuts|slashed|slashing|slit|sliced|carved|carving|scratched|scratching) (?:\S+ ){0,1}(?:wrists?|arms|thighs|forearms|stomach|skin)(?! on)",
      r"(?:deep|won t|bleeding|blood|on purpose|herself|himself|themselves|myself|again|hiding|won t let|sleeves|scars?|self)", unless=(r"(?:paper|glass|knife slipped|accident\w*|by mistake|while cooking|chopping)",)),
    R("crisis", E, r"(?:locked|shut|barricaded) (?:\S+ ){0,1}(?:him|her|my|them) ?sel(?:f|ves) (?:\S+ ){0,4}(?:car running|engine running|exhaust|hose|gas|fumes|rope|knife|pills|razor|bathroom|garage)|"
                   r"(?:car|engine) (?:\S+ ){0,2}running (?:\S+ ){0,4}(?:garage|closed|locked|hose|inside)|"
                   r"(?:texted|posted|messaged|sent|left|wrote|written) (?:\S+ ){0,4}(?:goodbye|good bye|farewell|final message|last message|suicide note)|"
                   r"(?:saying|said|says|say) (?:\S+ ){0,2}(?:goodbye|good bye|farewell) (?:to (?:everyone|us all|all of us|me for good)|forever|for good|for the last time)|"
                   r"(?:goodbye|farewell) (?:note|letter|message|text|post)"),
    R("crisis", E, r"(?:thoughts|thinking|urges|images) (?:\S+ ){0,3}(?:of|about) (?:hurting|harming|killing|smothering) (?:\S+ )?(?:baby|my baby|the baby|my child|my kids|someone)"),

    # === poisoning / overdose ==================================================================
    R("poisoning", E, r"!(?:overdos\w*|od d|o d d|an od|took an od)",
      unless=(r"(?:how much|how many|what dose|what is an|what s an|is an overdose|max dose|maximum dose|safe dose|avoid)",
              r"~(?:was|been|got|s been|has been|being) discharged (?:\S+ ){0,3}(?:after|following|from)")),
    R("poisoning", E, r"!(?:took|taken|swallowed|ate|eaten|had|downed|necked|popped|taking|swallowing|chewed|given|gave) (?:\S+ ){0,3}(?:<MANY>) (?:\S+ ){0,3}(?:<DRUG>|<RECREATIONAL>)"),
    R("poisoning", E, r"!(?:<MANY>) (?:\S+ ){0,3}(?:<DRUG>) (?:\S+ ){0,4}(?:took|taken|swallowed|ate|eaten|downed|necked|popped|ago)"),
    # Told in a second language: "he take too much medicine, all the box".
    R("poisoning", E, r"!(?:he|she|they|<POSS> (?:\S+ )?<PERSON>) (?:take|eat|swallow|drink) (?:\S+ ){0,3}(?:<MANY>) (?:\S+ ){0,3}(?:<DRUG>|<RECREATIONAL>)",
      unless=(r"(?:every|each|a|per) (?:day|night|morning|week)|daily|regular\w*|prescribed|for (?:his|her|their|my) (?:heart|blood pressure|diabetes|pain|condition|arthritis)|is (?:it|that) (?:ok|safe|normal)|can (?:he|she|they) take",)),
    R("poisoning", E, r"(?:<CHILD>|dog|he|she)", r"(?:<INGEST>|got into|found (?:\S+ ){0,3}with|into the) (?:\S+ ){0,5}(?:<TOXIC>)",
      unless=(r"(?:button batter\w*|batter(?:y|ies)|magnets?|dishwasher|drain|oven cleaner|caustic|lye|descaler)(?! acid)", r"toothpaste|a lick of|a tiny bit of soap")),
    R("poisoning", E, r"(?:<CHILD>|dog|he|she)", r"(?:drank|drunk|swallowed|ate|licked|chewed|sucked|sipped|had (?:a )?(?:sip|mouthful|swig)) (?:\S+ ){0,5}(?:rinse aid|liquid|fluid|cleaner|spray|polish|oil|gel|softener|spirit|remover|powder|capsule|pod|sanitiser|sanitizer|perfume|aftershave|mouthwash|shampoo|wash|descaler|solution|antifreeze|pellets|poison|bait)",
      unless=(r"(?:milk|juice|water|formula|squash|smoothie|cod liver|fish oil|olive oil|coconut oil|calpol|medicine|baby oil)(?! (?:\S+ ){0,3}(?:bottle|container))", r"(?:tiny|a drop|a lick)")),
    R("poisoning", E, r"(?:drank|swallowed|ate|drunk|ingested|has drunk|had some|chewed|licked|inhaled|sniffed|huffed) (?:\S+ ){0,4}(?:bleach|antifreeze|anti freeze|weed ?killer|pesticide|rat poison|slug pellets|paraquat|methanol|screenwash|white spirit|paint thinners?|lamp oil|paraffin|kerosene|petrol|gasoline|lighter fluid|nail polish remover|acetone|poison|poisonous|toadstools?|solvent|aerosol|glue)"),
    R("poisoning", E, r"(?:<CHILD>)", r"(?:<DRUG>) (?:\S+ ){0,6}(?:ate|swallowed|took|had|eaten|taken|chewed) (?:some|them|it|one|a few|several|all)|(?:packet|bottle|box|blister pack|strip) (?:\S+ ){0,2}(?:half empty|empty|open|missing)|(?:tablets|pills) (?:are )?missing",
      unless=(r"(?:vitamin|vitamins|gummy|gummies)",)),
    # round 7: a child's ingestion told by the count of what is gone ("two are missing from the packet", "an empty
    # space in my co-codamol strip", "Tuesday and Wednesday compartments are empty") (NPIS TOXBASE; NHS 'Poisoning': call 999 if a child may have swallowed
    # medicines; iron, beta blockers, calcium channel blockers and sulfonylureas are dangerous in one or two tablets)
    R("poisoning", E, r"(?:<CHILD>)", r"(?:<DRUG>)",
      r"(?:\d+|one|two|three|four|five|six|seven|eight|some|a few|several) (?:\S+ ){0,2}(?:are |were |is |was )?(?:missing|gone) (?:from|out of)|"
      r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|some|a few|several) (?:\S+ )?empty (?:spaces?|slots?|blisters?|holes?|pockets?|bubbles?)|"
      r"(?:ate|swallowed|eaten|chewed|had|taken|drank|drunk) (?:about |nearly |almost |maybe |around )?(?:half|most|all|the rest) (?:of )?(?:the|a|my|his|her) (?:bottle|packet|box|strip|tub|pot|pack)|"
      r"(?:got hold of|caught (?:\S+ ){0,4}with) (?:\S+ ){0,4}(?:<DRUG>)",
      unless=(r"(?:none (?:are |were )?missing|all accounted|all there|nothing missing)",)),
    R("poisoning", E, r"(?:<CHILD>)", r"(?:<INGEST>|got into|found|into) (?:\S+ ){0,5}(?:<DRUG>)|(?:eat|eats) (?:some |the |a |his |her |my |many |lots of |all |of )*(?:\S+ )?(?:<DRUG>)",
      unless=(r"(?:vitamin|vitamins|gummy|gummies|one (?:tablet|pill|vitamin)|a (?:tablet|pill|vitamin)|single)", r"(?:prescribed|dose of|(?<!know )(?<!sure )(?<!idea )(?<!tell )how much|(?<!know )(?<!sure )(?<!idea )(?<!tell )how many|can (?:i|he|she) (?:take|have|give)|should (?:i|we) give|gave (?:him|her) (?:his|her|some|the) (?:calpol|paracetamol|ibuprofen|medicine|antibiotics?))",
              r"<INFORMATIONAL_DOSE>")),
    R("poisoning", E, r"(?:<INGEST>|took|taken|swallowed|had) (?:\S+ ){0,4}(?:<DRUG>|<RECREATIONAL>|alcohol|vodka|booze|drink|drinks|wine|whisky|spirits)",
      r"(?:<DROWSY_SEVERE>|<UNRESPONSIVE>|<CONFUSED>|<SEIZURE>|breathing (?:is )?(?:really |very )?(?:slow|shallow|funny|weird|noisy)|won t tell me how many|<DROWSY>|floppy|<BREATHLESS>|<FAINT>|(?:chest|heart) %3 (?:pain|racing|pounding|tight))",
      unless=(r"(?:prescribed|as prescribed|normal dose|usual dose|my usual|side effect|side effects|started (?:taking|on)|since starting|since i started|been taking|for (?:my|his|her) (?:pain|headache|back|period)|hay fever|allergy|antibiotic|antibiotics|statins?|blood pressure (?:tablets|pills|meds))",)),
    R("poisoning", E, r"(?:took|taken|taking|had|mixed|combined|started|on|vaped|smoked|snorted|sniffed|injected|inhaled|spiked|dropped|popped) (?:\S+ ){0,5}(?:<DRUG>|<RECREATIONAL>|something|some stuff|stuff|a pill|a tablet|weed|a joint)",
      r"(?:twitch\w*|jerk\w*|rigid|stiff muscles|muscles (?:\S+ ){0,2}stiff|trembl\w*|shaking|shaky|<CONFUSED>|hallucinat\w*|agitated|paranoid|panick\w*|jaw (?:is )?clench\w*|<SEIZURE>)",
      r"(?:<FEVER>|very hot|really hot|so hot|overheating|<SWEAT>|(?:heart|pulse) (?:\S+ ){0,2}(?:racing|pounding)|<VOMIT>|dilated|huge pupils|<DIZZY>|<FAINT>)",
      unless=(r"(?:is (?:that|this|it) normal|side effects?|a (?:little|bit) (?:shaky|sweaty)|slightly|mild)",)),
    R("poisoning", E, r"(?:double|twice|two|extra|too much|too many|wrong) (?:\S+ ){0,3}(?:insulin|doses? of insulin|insulin doses?)|insulin (?:\S+ ){0,3}(?:twice|by mistake|double|overdose|too much)",
      r"(?:shak\w*|sweat\w*|<CONFUSED>|<DROWSY>|weird|strange|dizzy|unwell|hypo|low|<FAINT>|mistake)"),
    R("poisoning", E, r"(?:having|just had|s having|is having|m having|think(?: \S+){0,3}|could (?:this|it) be|is (?:this|it)|might be|been|got|get|getting) (?:food |mushroom |carbon monoxide )?(?:poisoned|poisoning)(?! ivy)",
      unless=(r"food poisoning", r"(?:how|what|prevent|avoid)")),
    R("poisoning", E, r"(?:picked|foraged|ate|eaten|wild|found) (?:\S+ ){0,3}(?:mushrooms?|toadstools?|berries|plants?|leaves|fungi)", r"(?:<VOMIT>|<PAIN>|cramps|<DROWSY>|<CONFUSED>|<DIZZY>|diarrh\w*|unwell|ill|sick)"),
    R("poisoning", E, r"(?:food poisoning|<VOMIT>|diarrh\w*)", r"(?:<CONFUSED>|<DROWSY_SEVERE>|<UNRESPONSIVE>|double vision|blurred vision|can t swallow|floppy|paralys\w*|weak arms)", unless=(r"(?:mild|a bit)",)),

    # === caustic / button battery / magnets =====================================================
    R("caustic_ingestion", E, r"!(?:<INGEST>|put (?:\S+ ){0,2}in (?:his|her|their) mouth|in (?:his|her|their) mouth|got hold of|stuck in (?:his|her|their) (?:throat|nose|ear)) (?:\S+ ){0,6}(?:button batter(?:y|ies)|coin batter(?:y|ies)|watch batter(?:y|ies)|lithium batter(?:y|ies)|coin cells?|batter(?:y|ies)|magnets?|magnetic balls?|buckyballs?|dishwasher (?:tablets?|pods?|powder|tabs?)|laundry (?:pods?|capsules?|tablets?|liquitabs?)|liquitabs?|liquid tabs?|washing pods?|drain (?:cleaner|unblocker|opener)|oven cleaner|caustic|lye|descaler|toilet cleaner|acid|bleach tablets?)"),
    # round 7: the battery or magnet named first and then gone ("was sucking on one of those little round watch
    # batteries and now I can't find it", "put a remote control battery in his mouth and I think it went down")
    R("caustic_ingestion", E, r"!(?:batter(?:y|ies)|coin cells?|magnets?|magnetic balls?) (?:\S+ ){0,4}(?:in|into) (?:his|her|their|my|the baby s) mouth",
      r"(?:gone|disappeared|can t find|cannot find|went down|gone down|not there|missing|swallow\w*|gagging|drool\w*|dribbl\w*|retch\w*|coughing|choking)",
      unless=(r"(?:got it (?:straight )?out|took it out|pulled it out|spat it out|in my hand|found it|fished it out|before (?:he|she|they) could)",)),
    R("caustic_ingestion", E, r"!(?:button batter(?:y|ies)|coin batter(?:y|ies)|watch batter(?:y|ies)|magnets?|dishwasher (?:tablet|tablets|pod|pods)|laundry (?:pod|pods|capsule|capsules)|drain (?:cleaner|unblocker)|"
                              r"(?:round|flat|small|little|tiny|lithium|silver|coin) (?:\S+ )?batter(?:y|ies)|batter(?:y|ies) (?:\S+ ){0,3}(?:from|out of|off|in) (?:the |a |his |her |my )?(?:remote|toy|watch|key|fob|calculator|scales|thermometer|hearing aid|card|candle|torch|tracker))",
      r"(?:missing|can t find|gone from|might have|may have|think (?:\S+ ){0,3}(?:swallowed|ate|eaten|had)|could have|mouth|drool\w*|dribbl\w*|spit\w*|swallow\w*|chok\w*|gag\w*|cough\w*|vomit\w*|in (?:his|her) (?:nose|ear))",
      unless=(r"(?:prevent|safe|safety|keep (?:\S+ ){0,3}away|store|childproof|why (?:are|is)|how (?:do|can|should) (?:i|we|you) (?:keep|store|stop|prevent|dispose))",)),

    # === unresponsive / collapse ==============================================================
    R("unresponsive", E, r"<UNRESPONSIVE>", unless=(r"<DEVELOPMENT_QUESTION>", r"~(?:snor\w*|sleep apn\w*|apnoea|apnea)", r"~(?:my|our|the|a) (?:dog|cat|puppy|kitten|pet|rabbit|hamster|horse)\b|email\w*|texts?|texted|messages?|messaged|letters?|voicemail|whatsapp|application|complaint")),
    R("unresponsive", E, r"<COLLAPSE>", unless=(r"(?:lung|lungs|collapsed lung|veins?|arches|arch|building|roof|ceiling|tent|scaffold|business|marriage|relationship|economy|stock)",)),
    R("unresponsive", E, r"(?:fainted|passed out|blacked out|collapsed) (?:\S+ ){0,8}(?:hasn t|has not|not|isn t|won t|still|didn t|did not) (?:\S+ )?(?:come round|come around|come to|woken|waking|responding|breathing|moving|opened)|"
                         r"(?:fainted|passed out|blacked out) (?:\S+ ){0,4}(?:again|twice|three times|several times|more than once|a few times|repeatedly|for (?:over |more than )?(?:a|\d+) minutes?)|keeps? (?:on )?(?:fainting|passing out|blacking out|collapsing)|(?:nearly|almost) (?:fainting|passing out) (?:\S+ ){0,2}(?:all day|repeatedly|again and again)"),

    # === seizure ===============================================================================
    R("seizure", E, r"<SEIZURE>", unless=(r"(?:eyes rolling|rolled (?:her|his|my) eyes|rolling (?:her|his|my) eyes) (?:at|when)", r"(?:fit and healthy|fit and well|keep fit|fit person|fitness|doesn t fit|well fitting|ill fitting)")),
    # A seizure told in the past tense is still an emergency when it repeats, is a first one, or
    # the person has not come round (NHS: call 999).
    R("seizure", E, r"<SEIZURE_ANY>", r"another (?:one|fit|seizure|convulsion)|(?:second|third|2nd|3rd) (?:one|fit|seizure|convulsion)|again|back to back|one after (?:another|the other)|"
                    r"(?:two|three|several|multiple|\d+) (?:fits|seizures|convulsions)|<UNRESPONSIVE>|<CONFUSED>|<DROWSY_SEVERE>|"
                    r"(?:not|isn t|hasn t|still not|doesn t seem) (?:\S+ ){0,2}(?:right|herself|himself|awake|making sense|with it)|"
                    r"first time|first (?:ever )?(?:fit|seizure|convulsion)|never had (?:one|a fit|a seizure) before|bit (?:his|her|my|their) tongue|"
                    r"<BREATHLESS>|blue(?! inhaler| pump| puffer| badge| murder| in the face| moon| eyes| tooth)|<HEAD_BLOW>|in the (?:bath|water|pool)|(?:\d+|five|ten) minutes|for ages|won t stop",
      unless=(r"(?:fit and healthy|fit and well|keep fit|fitness)", r"~(?:years ago|when (?:i|he|she) was|as a (?:child|kid|baby)|well controlled|last year|months ago)")),
    R("seizure", E, r"(?:shaking|jerking|twitching|trembling) %3 (?:all over|uncontrollably|whole body|arms and legs|rhythmically)", r"(?:not responding|unresponsive|won t respond|eyes|can t wake|isn t answering|not answering|foaming|froth\w*|wet (?:himself|herself)|tongue|blue(?! inhaler| pump| puffer| badge| murder| in the face| moon| eyes| tooth)|<FEVER>)"),

    # Shaking and jerking together, with a duration, a fall to the floor or no response (NHS: call 999
    # for a seizure over 5 minutes or a first one).
    R("seizure", E, r"(?:shaking|jerking|twitching|thrashing) (?:\S+ ){0,3}(?:and|then) (?:\S+ ){0,2}(?:shaking|jerking|twitching|thrashing|stiff\w*)|(?:went|gone|goes) (?:all )?(?:stiff|rigid) (?:\S+ ){0,3}(?:then|and) (?:\S+ ){0,2}(?:shak\w*|jerk\w*|twitch\w*)",
      r"(?:\d+|five|ten|two|three|four|several|few) minutes|going on (?:for|since)|won t stop|not stopping|still going|on the (?:\S+ )?(?:floor|ground)|<UNRESPONSIVE>|eyes|froth\w*|foam\w*|blue|lips|wet (?:himself|herself|themselves)|bit (?:his|her|their) tongue",
      unless=(r"(?:asleep|in (?:his|her|my|their) sleep|falling asleep|dozing|hiccups|shiver\w*|cold|freezing|chills|rigors|anxious|panic|tremor|parkinson\w*|after (?:the )?(?:gym|workout))",)),

    # === head injury =========================================================================
    R("head_injury", E, r"<HEAD_BLOW>", r"(?:<VOMIT>|<DROWSY>|<CONFUSED>|<UNRESPONSIVE>|<SEIZURE>|<FAINT>|knocked out|blacked out|out cold|lost consciousness|unconscious|"
                                        r"(?:clear )?fluid (?:\S+ ){0,3}(?:nose|ear|ears)|blood (?:\S+ ){0,3}(?:from|out of) (?:his|her|my|their|the) (?:ear|ears)|pupils?|"
                                        r"(?:can t|doesn t|don t|cannot) remember|memory|amnesia|(?:was|been|went|knocked) out (?:for|cold)|out for (?:a |\d+ )?(?:few )?(?:seconds|second|minutes|minute|moment)|"
                                        r"repeating (?:himself|herself|themselves|myself|the same)|keeps? asking the same|double vision|blurred vision|slurr\w*|unsteady|can t walk|"
                                        r"not (?:acting )?(?:himself|herself|themselves|normal|right)|<ANTICOAG>|aspirin|soft (?:swelling|lump|bump)|dent|"
                                        r"bad headache|severe headache|headache (?:\S+ ){0,3}(?:worse|getting worse|won t go)|worst headache|weak|numb)",
      unless=(r"(?:no|not|without) (?:vomiting|sick|drowsy|drowsiness|sleepy|confused)(?! and)",)),
    R("head_injury", E, r"(?:pupil|pupils) %5 (?:bigger|larger|smaller|different|unequal|uneven|not the same|dilated|blown|fixed)|one pupil|unequal pupils|"
                        r"clear (?:fluid|liquid) (?:\S+ ){0,4}(?:nose|ear|ears)|(?:fluid|liquid) (?:\S+ ){0,2}(?:leaking|coming|dripping|running) (?:\S+ ){0,2}(?:nose|ear|ears)|"
                        r"blood (?:\S+ ){0,2}(?:coming )?(?:from|out of) (?:his|her|my|their|the) (?:ear|ears)|bruis\w* (?:behind|around) (?:\S+ ){0,2}(?:ears?|eyes)|panda eyes|racoon eyes"),
    R("head_injury", E, r"<HEAD_BLOW>", r"(?:<HIGH_ENERGY>|no helmet|without a helmet|<ELDERLY>|<INFANT>)", r"(?:<PAIN>|headache|bump|lump|swelling|cut|bleed\w*|blood)",
      unless=(r"(?:no|not|without) (?:vomiting|sick|drowsy|drowsiness|sleepy|confused)",)),

    # === meningitis ===========================================================================
    R("meningitis", E, r"(?:rash|spots?|marks?|dots?|blotch\w*|bruises?) %8 (?:doesn t|does not|don t|do not|won t|didn t|did not|isn t|not|aren t) (?:\S+ )?(?:fade|fading|blanch|blanching|go white|go pale|(?:disappear|go away|change) (?:\S+ ){0,2}(?:when|under|with|if) (?:\S+ ){0,3}(?:press\w*|glass|tumbler|push\w*))|"
                       r"non ?blanching|(?:glass|tumbler) test %5 (?:didn t|doesn t|still|failed|visible|can see)|"
                       r"(?:purple|dark red|red purple|purplish|pin ?prick|pinprick|tiny red|bruise like|bruise coloured|bruise colored|blood ?spot) (?:\S+ ){0,2}(?:spots|rash|marks|dots|blotches|bruises|pinpricks)|"
                       r"(?:rash|spots) (?:\S+ ){0,4}(?:like|looks like|look like) (?:\S+ ){0,2}(?:bruises|bruising|bruise|pin ?pricks|blood spots|purple)"),
    R("meningitis", E, r"(?:stiff neck|neck (?:is |s |feels |really )?(?:stiff|rigid|sore|hurts|painful)|can t (?:bend|move|touch|put|lower) (?:his |her |my )?(?:neck|head|chin)|(?:chin|head) to (?:his |her |my )?chest|bend (?:my|his|her) neck)",
      r"(?:<FEVER>|<VOMIT>|<DROWSY>|<CONFUSED>|rash|light|headache|photophobia|flu)",
      unless=(r"(?:pillow|slept|sleeping|desk|whiplash|gym|posture|computer)",)),
    R("meningitis", E, r"(?:light|lights|bright light|daylight|brightness) %3 (?:hurts|hurting|killing|bothers|painful|unbearable)|can t (?:stand|bear|look at|tolerate) (?:the )?(?:light|lights|brightness)|photophobia|sensitive to light|light sensitiv\w*",
      r"(?:<FEVER>|stiff|rash)", r"(?:headache|neck|<VOMIT>|<DROWSY>|<CONFUSED>|rash)"),
    R("meningitis", E, r"(?:bulging|swollen|tense|raised) (?:soft spot|fontanelle|fontanel)|(?:soft spot|fontanelle|fontanel) %3 (?:bulging|swollen|tense|raised|bulges)"),
    R("meningitis", E, r"(?:having|s got|has got|has|got|think(?: \S+){0,3}|could (?:this|it) be|is (?:this|it)|might be|signs of|symptoms of) (?:a |an )?(?:meningitis|meningococcal|septicaemia|septicemia)",
      unless=(r"(?:vaccine|jab|immunis\w*|vaccinat\w*)",)),

    # === sepsis ===============================================================================
    R("sepsis", E, r"(?:<INFECTION_WORD>|<FEVER>|<RIGORS>)", r"(?:<PALLOR>|mottled|blotchy|<CONFUSED>|slurr\w*|<DROWSY_SEVERE>|<NO_URINE>|feel like (?:i m|i am|i) (?:going to|gonna) die|"
                                                              r"<TACHY>|(?:a bit |slightly |a little )?muddled|agitated and (?:confused|muddled)|(?:severely|really|very|so) (?:short of breath|breathless)|can t breathe|gasping|breathing (?:really |very |so )?fast|"
                                                              r"dizzy when (?:i |he |she )?stand|<FAINT>|<LOW_BP>)",
      unless=(r"(?:<CHEMO>)", r"(?:<INFANT_YOUNG>)", r"(?:heat|heatwave|sun|marathon|hot car)")),
    R("sepsis", E, r"<RIGORS>", r"(?:<INFECTION_WORD>|<FEVER>|red|swollen|wound|unwell|ill|<DIZZY>|<PAIN>)"),
    R("sepsis", E, r"(?:feel|feels|feeling|felt) like (?:i m|i am|i|he s|she s|he is|she is) (?:going to|gonna|about to) die|(?:i m|i am|i think i m|i think i am) dying(?! (?:of|from) (?:boredom|embarrassment|laughter|laughing|curiosity|shame|hunger|thirst|the heat|cringe)| to | for )|something is (?:really |seriously )?(?:wrong|very wrong)"),
    R("sepsis", E, r"(?:sepsis|septic|septicaemia|septicemia)", r"(?:having|has|got|think|could|signs|is this|might|developing|becoming|turning|worried)",
      unless=(r"(?:how|what|prevent|avoid|risk)",)),
    R("sepsis", E, r"<LOW_BP>", r"(?:<INFECTION_WORD>|<FEVER>|<RIGORS>|<DIZZY>|<FAINT>|<CONFUSED>|<DROWSY>|unwell|shiver\w*|bleed\w*|<VOMIT>)"),

    # === GI bleeding ==========================================================================
    R("gi_bleed", E, r"<VOMIT_BLOOD>"),
    R("gi_bleed", E, r"(?:black|tarry|tar like|tar|jet black|sticky black|dark|maroon) (?:\S+ ){0,2}(?:poo|poos|poop|stool|stools|faeces|feces|bowel movements?|motions?|diarrhoea|diarrhea|sh\S+)|"
                     r"(?:poo|poos|poop|stool|stools|faeces|feces|bowel movements?|motions?) (?:\S+ ){0,3}(?:black|tarry|like tar|tar like|maroon|jet black)",
      r"(?:<FAINT>|<DIZZY>|<PALLOR>|<BREATHLESS>|weak|tired|racing|<VOMIT>|<ANTICOAG>|ibuprofen|aspirin|naproxen|ulcer)",
      unless=(r"(?:iron tablets|iron supplements|iron pills|blueberries|liquorice|licorice|pepto|bismuth|beetroot)",)),
    R("gi_bleed", E, r"(?:lots of|a lot of|loads of|passing|pouring|gushing|pints of|clots of|large amounts of|a large amount of) (?:\S+ ){0,2}blood (?:\S+ ){0,4}(?:back passage|bottom|bum|rectum|anus|behind|poo|toilet|stool)|"
                     r"(?:back passage|bottom|bum|rectum|anus) (?:\S+ ){0,4}(?:bleeding|pouring|gushing) (?:\S+ ){0,2}(?:heavily|a lot|loads|blood)|toilet (?:bowl )?(?:is )?full of blood|filled the toilet"),
    R("gi_bleed", E, r"(?:blood|bleeding) (?:\S+ ){0,5}(?:back passage|bottom|bum|rectum|anus|poo|stool|stools|toilet)", r"(?:<FAINT>|<DIZZY>|<PALLOR>|lots|a lot|loads|clots|dark red)"),

    # === testicular torsion ===================================================================
    R("testicular_torsion", E, r"(?:<TESTIS>)", r"(?:<SUDDEN>|<SEVERE>|woke (?:\S+ )?up with|higher than|sideways|horizontal|<VOMIT>|twisted)",
      r"(?:<PAIN>|swollen|swelling|twisted|higher than)", unless=(r"(?:weeks|months|for ages|on and off|dull ache|lump)",)),

    # === vision ===============================================================================
    R("vision_loss", E, r"(?:lost|losing|loss of|lose) (?:the |my |his |her |all |some |part of (?:the |my |his |her )?)?(?:sight|vision|eyesight)|"
                        r"(?:can t|cannot|couldn t|unable to) see (?:\S+ ){0,3}(?:out of|with|from|in) (?:my|his|her|their|one|the|either) (?:\S+ )?eye|(?:can t|cannot|couldn t) see (?:anything|at all)|"
                        r"(?:went|gone|going|turned) (?:completely |totally |suddenly )?(?:blind|black|dark|blank) (?:\S+ ){0,2}(?:in )?(?:my |his |her |one |the )?(?:\S+ )?eye|"
                        r"(?:vision|sight|eye|eyesight) %3 (?:went|gone|going|turned|is) (?:completely |totally |suddenly |all )?(?:black|dark|blank|blind|grey|white)|"
                        r"(?:suddenly|sudden) (?:\S+ ){0,3}(?:blind|blindness|can t see)|curtain (?:\S+ ){0,3}(?:came|coming|over|across|down|falling|drawn)|"
                        r"(?:shadow|veil|cloud|dark area|black area) (?:\S+ ){0,3}(?:over|across|coming|in|covering) (?:\S+ ){0,3}(?:vision|sight|eye)|"
                        r"half of (?:my|his|her) (?:vision|sight)|(?:can t|cannot) see out of half",
      unless=(r"(?:short sighted|long sighted|glasses|contact lens prescription|reading|screen|for years|slowly|gradually|over (?:the )?(?:months|years)|migraine (?:aura|as usual|like always)|my usual migraine)",)),
    # Part of the field of one eye gone, told by a picture: "like a black curtain", "half my vision".
    R("vision_loss", E, r"(?:vision|sight|eye|eyes|seeing) (?:\S+ ){0,6}(?:like|as if|as though) (?:\S+ ){0,3}(?:curtain|veil|shadow|blind|black|blackness|dark|cloud)|"
                        r"half (?:of )?(?:my|his|her|the) (?:vision|sight)|(?:lost|missing|gone|can t see) (?:\S+ ){0,2}(?:half|top half|bottom half|the side|one side) of (?:my|his|her|the) (?:vision|sight)",
      unless=(r"(?:slowly|gradually|over (?:\S+ ){0,2}(?:years|months)|for years|migraine (?:aura|as usual|like always)|my usual migraine|cataract)",)),
    R("vision_loss", E, r"(?:new|sudden|lots of|loads of|shower of|hundreds of) (?:\S+ ){0,2}(?:floaters|flashes|flashing lights)", r"(?:shadow|curtain|veil|loss|lost|dark|black|cloud|more|lots|loads|shower|suddenly)",
      unless=(r"(?:for years|always had|same few)", r"<PREGNANT>")),
    R("vision_loss", E, r"(?:<EYE>) %3 (?:<PAIN>|<SEVERE>)", r"(?:halos?|rainbow|<VOMIT>|blurr\w*|misty|cloudy)", r"(?:<SEVERE>|<VOMIT>|halos?|rainbow|headache)",
      unless=(r"(?:<CHEMICAL>|contact lens|contact lenses|hay fever|conjunctivitis|sticky|crusty)",
              r"~(?:screens?|night driving|driving at night|cataract|for (?:weeks|months|years)|always)")),
    R("vision_loss", E, r"(?:<EYE>|eyelids?) %3 (?:swollen shut|swollen|swelling|puffy|bulging|red|closed)", r"(?:<FEVER>|(?:hurts|pain|painful|sore) (?:\S+ ){0,3}(?:to move|moving|when (?:he|she|i) moves?|move) (?:\S+ ){0,2}eyes?|bulging|can t open|double vision|vision)",
      r"(?:<FEVER>|to move|moving|moves|move|bulging|double vision)", unless=(r"(?:hay fever|conjunctivitis|sticky|crusty|itchy)",)),
    R("vision_loss", E, r"(?:<SUDDEN>) (?:\S+ ){0,5}(?:blurr\w*|double|dim|misty|cloudy|dark|went funny|gone funny) (?:\S+ ){0,3}(?:vision|sight|eyes?|seeing)|(?:vision|sight|eyesight) (?:\S+ ){0,2}(?:<SUDDEN>) (?:\S+ ){0,3}(?:blurr\w*|double|dim|misty|dark|funny)",
      unless=(r"(?:for years|slowly|gradually|reading glasses|screen)",)),
    R("vision_loss", E, r"(?:temple|temples|temporal)", r"(?:vision|sight|eye) %4 (?:blurr\w*|dim|lost|loss|losing|gone|double|dark|grey)",
      r"(?:headache|<PAIN>|<ELDERLY>|polymyalgia|pmr)"),
    # Round 5: without a change in sight, temple pain with jaw pain or a tender scalp is a same-day check.
    R("gca", U, r"(?:temple|temples|temporal)", r"(?:jaw %3 (?:hurts|pain|aches?|aching|sore)|scalp (?:\S+ ){0,2}(?:tender|sore))",
      r"(?:headache|<PAIN>|<ELDERLY>|polymyalgia|pmr)", unless=(r"<GCA_LOOKALIKE>",)),
    R("vision_loss", E, r"(?:<SUDDEN>) %4 (?:double vision|seeing double)|(?:double vision|seeing double) %4 (?:<SUDDEN>)"),
    R("vision_loss", E, r"(?:something|metal|glass|wood|shard|stick|nail|wire|splinter|piece) (?:\S+ ){0,3}(?:went into|stuck in|flew into|in|into|pierced|through) (?:my |his |her |the )?eye(?:ball)?",
      r"(?:blood|bleeding|high speed|flew|hammer\w*|drill\w*|can t see|vision|pierced|stuck|fluid|cut)", unless=(r"(?:dust|eyelash|grit|sand|sawdust|scratchy|scratching|grinding)",)),

    # === diabetes: DKA / HHS / severe hypo =====================================================
    R("hyperglycaemia", E, r"(?:<DIABETIC>)", r"(?:pear drops|fruity|nail polish|acetone|ketones? (?:\S+ ){0,3}(?:[3-9](?:\.\d+)?|high|very high|large|\+\+\+)|dka|ketoacidosis|breathing (?:\S+ ){0,2}(?:deep|deeply|heavy|fast|hard)|deep breath\w*|sighing breaths)",
      r"(?:<VOMIT>|breath\w*|pear|fruity|<DROWSY>|<CONFUSED>|ketones|tummy|stomach|abdominal|unwell|thirsty|<PAIN>)"),
    R("hyperglycaemia", E, r"(?:<DIABETIC>|sugar|meter|glucose)", r"(?:(?:says|shows|reads|reading|just says|reading of) hi|(?:over|above|more than|is|at|of|reading) (?:[3-5]\d|[2-9]\d\d)(?:\.\d)?(?! weeks| years| mg| minutes)|very high|really high|sky high|through the roof|off the scale|off the charts|too high to read)",
      r"(?:<DROWSY>|<CONFUSED>|<VOMIT>|<UNRESPONSIVE>|breathing (?:\S+ ){0,4}(?:deep|fast|heavy|weird|funny|strange)|can t stop drinking|very thirsty|so thirsty|<PAIN>|<NO_URINE>|peeing (?:almost |hardly )?nothing)"),
    R("hyperglycaemia", E, r"@(?:<DIABETIC>)", r"(?:sugar|glucose|bm|reading|level|levels|meter) (?:\S+ ){0,4}(?:1[4-9]|[2-5]\d)(?:\.\d)?(?! weeks| years| minutes| hours| units| mg)|(?:sugar|sugars|glucose) (?:\S+ ){0,2}(?:high|very high|really high)",
      r"(?:<VOMIT>|(?:tummy|stomach|belly) (?:\S+ ){0,2}(?:pain|ache)|breathing (?:\S+ ){0,2}(?:deep|fast|heavy)|<DROWSY>|<CONFUSED>|ketones)"),
    R("hyperglycaemia", E, r"(?:<DIABETIC>)", r"(?:<VOMIT>) (?:\S+ ){0,6}(?:all day|can t keep|keeps|constantly|non stop|since|hours|all night)|can t keep (?:anything|fluids|water|insulin|food) down",
      unless=(r"(?:type 2 diabetes (?:risk|diet))",)),
    R("hyperglycaemia", E, r"(?:drinking|thirsty|drinks|drinking water) (?:\S+ ){0,2}(?:loads|lots|a lot|all the time|constantly|non stop|gallons)|(?:very|so|always|really|constantly) thirsty|"
                           r"(?:weeing|peeing|wee ing|going to the toilet|urinating|going for a wee) (?:\S+ ){0,2}(?:loads|lots|a lot|all the time|constantly|every hour)",
      r"(?:<VOMIT>|breathing (?:\S+ ){0,2}(?:heavy|heavily|deep|deeply|fast|hard)|deep breaths|<DROWSY>|<CONFUSED>|(?:tummy|stomach) (?:\S+ ){0,2}(?:pain|ache)|<BREATHLESS>|pear drops|fruity)",
      unless=(r"(?:alcohol|booze|beers?|wine|vodka|pints|hangover|drunk)",)),
    R("hypoglycaemia", E, r"(?:<DIABETIC>)", r"(?:hypo|low|dropp\w*|crash\w*|(?:sugar|glucose|bm|reading|level|levels|meter) (?:\S+ ){0,3}(?:[0-2](?:\.\d)?|3(?:\.\d)?|[2-5]\d)(?! weeks| years| mg| minutes| hours| units)|shak\w*|trembl\w*|sweat\w*)",
      r"(?:<CONFUSED>|<DROWSY_SEVERE>|<UNRESPONSIVE>|<SEIZURE>|<CANT_SWALLOW>|<TREATMENT_FAILING>|aggressive|combative|fighting|<COLLAPSE>|drowsy|not making sense|passed out|twitch\w*|jerk\w*|slurr\w*)",
      unless=(r"(?:high|ketones|over [2-9]\d|pear drops|fruity)",)),
    R("hypoglycaemia", E, r"(?:having|just had|s having|is having|m having|think(?: \S+){0,3}|in|gone into|going into) (?:a )?(?:bad |severe |really bad |massive |big )?hypo", r"(?:<CONFUSED>|<DROWSY>|<UNRESPONSIVE>|<SEIZURE>|<CANT_SWALLOW>|<TREATMENT_FAILING>|passed out|not improving|twitch\w*|jerk\w*|slurr\w*|fighting|combative|aggressive)"),

    # === acute abdomen ========================================================================
    R("acute_abdomen", E, r"(?:<ABDO>) %4 (?:rock hard|rigid|hard as a board|board like|like a board|really hard|very hard|solid|hard and (?:swollen|tender|painful|distended)|(?:swollen|distended|bloated|tight|big|tender) and (?:hard|rigid))|rigid (?:abdomen|belly|tummy|stomach)"),
    R("acute_abdomen", E, r"(?:appendix|ulcer|bowel|spleen|gut|intestine) (?:\S+ ){0,2}(?:has |have )?(?:burst|ruptured|perforated|exploded)|(?:burst|ruptured|perforated) (?:appendix|ulcer|bowel|spleen|gut|intestine)"),
    R("acute_abdomen", E, r"(?:<ABDO>) %6 (?:<PAIN>)|(?:<PAIN>) %6 (?:<ABDO>)|(?:tummy|stomach|belly) ?ache",
      r"(?:<SEVERE>|<SUDDEN>)",
      r"(?:<SUDDEN>|(?:can t|cannot|unable to) (?:stand|move|walk|sit|straighten|get up|lie)|<FEVER>|<VOMIT>|<FAINT>|<DIZZY>|<PALLOR>|hurts (?:\S+ ){0,2}(?:to move|to cough|to walk|when i move|when i cough|when (?:i|he|she) walk)|doubled over|rolling around|worst|(?:getting|gets) worse|lower right|right side|rebound|<PREGNANT>|<ELDERLY>|swollen|distended|bloated|blood)",
      unless=(r"(?:period pain|periods|menstrual|every month|time of the month|ibs|trapped wind)",)),
    # (round 6: "worse when he walks", "screaming when I touch it": pain on moving or on a touch)
    R("acute_abdomen", E, r"(?:<ABDO>) %4 (?:<PAIN>)|(?:<PAIN>) %4 (?:<ABDO>)", r"(?:hurts|pain|worse|agony) (?:\S+ ){0,3}(?:to move|to cough|to walk|when (?:i |he |she )?(?:move|moves|moving|cough|coughs|coughing|walk|walks|walking|breathe|breathes|laugh|laughs|bump|jump|jumps|jumping|go over bumps))|"
                          r"(?:scream\w*|cr(?:y|ies|ying)|flinch\w*|yelp\w*|agony|hurts) (?:\S+ ){0,3}(?:when|if) (?:i|we|you|the doctor|anyone) (?:\S+ )?(?:touch|touches|press|presses|prod|feel)|"
                          r"(?:can t|cannot|unable to|won t) (?:walk|stand|straighten)(?: \S+){0,2} (?:without|properly|upright|straight)|bending over|bent over|hunched (?:over|up)|doubled",
      r"(?:<FEVER>|<VOMIT>)"),
    R("acute_abdomen", E, r"(?:<ABDO>) %4 (?:swollen|distended|bloated|massive|huge|tight|blown up|hard)", r"(?:<VOMIT>)",
      r"(?:<PAIN>|<ELDERLY>|days|can t|haven t|hasn t|green|<FEVER>|really|massively|very|toilet)", unless=(r"(?:a bit|slightly|mild|mildly|after eating|period|ibs)",)),
    R("post_procedure", E, r"(?:<SURGERY>)", r"(?:<FEVER>|<RIGORS>|pus|oozing|<BREATHLESS>|<CONFUSED>|<FAINT>|<DIZZY>|<VOMIT>|bleeding)",
      r"(?:<SEVERE>|swollen|swelling|distended|hard|red|hot|pus|<BREATHLESS>|<CONFUSED>|<FAINT>|bleeding (?:\S+ ){0,2}(?:heavily|a lot|won t stop))",
      unless=(r"(?:years ago|months ago|last year|healed|healing well|stitches out|recovered)",)),
    R("post_procedure", E, r"(?:<SURGERY>)", r"(?:<SEVERE>) (?:\S+ ){0,3}(?:<PAIN>)|(?:<PAIN>) (?:\S+ ){0,3}(?:<SEVERE>)", r"(?:swollen|swelling|distended|hard|<FEVER>|<VOMIT>|getting worse|worse)",
      unless=(r"(?:years ago|months ago|last year|healed|healing well|recovered)",)),
    R("acute_abdomen", E, r"hernia %4 (?:hard|stuck|won t go back|can t push|painful|tender|red|swollen|purple|bigger)", r"(?:<VOMIT>|hard|won t go back|can t push|<SEVERE>|red|purple)"),
    R("acute_abdomen", E, r"(?:hernia|lump|bulge|swelling) (?:\S+ ){0,4}(?:groin|belly button|navel|tummy|stomach|abdomen|scrotum|scar)",
      r"hard|(?:can t|cannot|won t) (?:\S+ ){0,1}(?:push|pop|go|get) (?:it )?back|stuck|purple|dark|<SEVERE>",
      r"<VOMIT>|(?:haven t|hasn t|not|can t) (?:\S+ ){0,2}(?:pooed|pass(?:ed)? wind|farted)|<SEVERE>|<FEVER>"),
    R("acute_abdomen", E, r"(?:haven t|hasn t|not|no|can t|cannot|unable to|didn t) (?:\S+ ){0,3}(?:pooed|pooped|poo|pass(?:ed)? (?:wind|gas)|farted|opened (?:my|his|her) bowels|bowel movement|been for a poo|go to the toilet|gone to the toilet|had a poo|done a poo|passed (?:a )?(?:stool|motion))", r"(?:<VOMIT>|swollen|distended|bloated|massive|huge)", r"(?:<VOMIT>|<PAIN>|swollen|distended)",
      unless=(r"(?:a bit|slightly|mild|little) (?:constipat\w*|bloated)",)),
    R("acute_abdomen", E, r"(?:green|bile|bilious|dark green|bright green|yellow green) (?:\S+ ){0,2}(?:vomit|sick|stuff|liquid|bile)|(?:vomit\w*|throwing up|being sick|sick|threw up|puking) (?:\S+ ){0,3}(?:green|bile)|(?:faecal|feculent|poo|smells like poo) vomit"),
    R("acute_abdomen", E, r"(?:redcurrant|red currant|jelly like|jam like|strawberry jam|currant jelly) (?:\S+ ){0,3}(?:poo|stool|stools|nappy|jelly)|(?:poo|stool|stools|nappy) (?:\S+ ){0,4}(?:redcurrant|red currant|jelly|jam)"),
    R("acute_abdomen", E, r"(?:<INFANT>|<CHILD>)", r"(?:screaming|crying|scream\w*|inconsolable) (?:\S+ ){0,6}(?:pulling|drawing|bringing|pulls|draws) (?:\S+ ){0,2}(?:legs|knees) up", r"(?:<VOMIT>|pale|blood|jelly|comes and goes|episodes|keeps|floppy|sleepy)"),
    R("acute_abdomen", E, r"(?:pulsating|pulsing|throbbing|beating) (?:\S+ ){0,2}(?:lump|mass|feeling) (?:\S+ ){0,3}(?:<ABDO>)"),

    # === drowning ==============================================================================
    R("drowning", E, r"(?:nearly|almost|near) drown\w*|drowning(?! in (?:\S+ )?(?:paperwork|work|debt|emails?|homework|bills|admin|assignments|deadlines|laundry|tasks|marking|sorrows|information|stuff|problems|essays|revision|orders|meetings))|drowned|(?:pulled|dragged|fished|got|rescued|took|lifted) (?:\S+ ){0,3}(?:out of|from) (?:the |a )?(?:paddling |swimming |hotel |garden |plunge |fish |duck )?(?:water|pool|sea|river|lake|pond|bath|canal|ocean|surf|waves|hot tub|reservoir|bathtub)|"
                     r"(?:fell|fallen|fall|went|slipped|jumped|was|been|been face down|face down) (?:\S+ ){0,2}(?:in|into|under|in the) (?:the )?(?:pool|pond|river|lake|sea|canal|bath|water|ocean|bathtub|hot tub)|under ?water for|was under for|went under|face down in",
      r"(?:<BREATHLESS>|cough\w*|<DROWSY>|<CONFUSED>|blue(?! inhaler| pump| puffer| badge| murder| in the face| moon| eyes| tooth)|<UNRESPONSIVE>|<VOMIT>|breathing|breath\w*|chest|<PALLOR>|a while|minutes|seconds|cold|limp|not|drown\w*|nearly|almost)",
      unless=(r"(?:prevent|safe|safety|lessons|secondary drowning|dry drowning|what is)",)),

    # === smoke =================================================================================
    R("smoke_inhalation", E, r"(?:breathed|breathing|inhaled|inhaling|inhalation|swallowed|choked on|full of|filled with|thick) (?:in )?(?:\S+ ){0,3}(?:<SMOKE>)|(?:<SMOKE>) (?:\S+ ){0,4}(?:inhal\w*|breath\w*|room|house|flat|bedroom|kitchen)|(?:house|kitchen|building|flat|car|bedroom|chip pan) fire|(?:got|escaped|rescued) (?:\S+ ){0,2}(?:out of|from) (?:a |the )?(?:fire|burning)",
      r"(?:cough\w*|<BREATHLESS>|wheez\w*|hoarse|voice|throat|black|soot|sooty|singed|burnt|burned|nostrils|<DROWSY>|<CONFUSED>|<DIZZY>|headache|breath\w*|chest)",
      unless=(r"(?:cigarette|cigarettes|smoking|smoker|vape|vaping|second ?hand|passive|bonfire night|bbq smoke|wildfire smoke|haze|air quality)",)),
    R("smoke_inhalation", E, r"singed (?:nostrils|nose hairs?|nasal hairs?|eyebrows|eyelashes|hair)|(?:coughing|spitting) (?:up )?(?:black|soot|sooty)|black (?:stuff|phlegm|spit|mucus|soot) (?:\S+ ){0,2}(?:nose|mouth|cough\w*)"),

    # === envenomation ===========================================================================
    R("envenomation", E, r"(?:bitten|bit|bite|bites|struck|stung|sting) (?:\S+ ){0,7}(?:snake|adder|viper|rattlesnake|rattler|cobra|copperhead|cottonmouth|mamba|taipan|krait|black widow|redback|red back|funnel ?web|brown recluse|scorpion|box jellyfish|stonefish|lionfish|stingray|blue ringed octopus|cone snail|gila)|"
                         r"(?:snake|adder|viper|rattlesnake|rattler|cobra|copperhead|cottonmouth|mamba|taipan|krait|black widow|redback|funnel ?web|brown recluse|scorpion|stingray) (?:\S+ ){0,3}(?:bit|bite|bitten|bites|struck|stung|sting)",
      unless=(r"(?:how do|how to|what (?:snakes|spiders|is)|which (?:snakes|spiders)|are there|are (?:\S+ )?venomous|prevent|avoid|documentary|zoo)", r"(?:dog|cat) (?:bit|bite)")),
    R("envenomation", E, r"(?:stung|sting|stings|bitten|bite|bit) (?:\S+ ){0,4}(?:jellyfish|spider|insect|bug|bee|wasp|hornet|ant|ants|centipede|tick|fish|weever)",
      r"(?:<BREATHLESS>|<CHEST> %3 (?:<PAIN>|<CARDIAC_FEEL>)|<FAINT>|<CONFUSED>|<SEIZURE>|cramps|muscle spasms?|rigid|<SWEAT>|spreading|blister\w* (?:\S+ )?spreading|dying|black|necros\w*|<VOMIT>)",
      unless=(r"(?:itchy|itch)(?! and)",)),

    # === burns ================================================================================
    R("burns", E, r"(?:<BURN_EVENT>)", r"(?:face|chest|neck|whole|large|big|across|all over|back|both|legs|arms|badly|severely|seriously|really bad|genital\w*|privates|groin|airway|eyebrows|eyelashes|singed|hoarse|"
                                        r"white|leathery|charred|black|blackened|waxy|doesn t hurt|no feeling|can t feel|numb|"
                                        r"bigger than (?:\S+ ){0,2}hand|size of (?:\S+ ){0,2}(?:hand|palm|plate|arm)|whole (?:arm|leg|hand|palm|back|chest)|peeling off|skin (?:has |is |s )?(?:come|came|coming|peeled|peeling|hanging|falling|fallen) off|all (?:down|over|up) (?:my|his|her|their) (?:\S+ )?(?:leg|legs|arm|arms|back|chest|body|side|front))",
      r"(?:burn\w*|scald\w*|blister\w*|skin|boiling|fire|flames|explosion|singed|hot|kettle|chip pan)",
      unless=(r"(?:sunburn|sun burn|heartburn|razor burn|carpet burn|friction burn|rug burn|mild|a bit red|small|tiny|healing|healed|scar|burning sensation|burns when|burning when|burning pain|burning feeling|pee|wee|urinat\w*|chest %2 (?:burning|burns)(?! \S+ (?:from|by|with))|stomach %2 burn\w*|indigestion|acid reflux|eyes? %3 burn\w*|throat %2 burn\w*|mouth %2 burn\w*)",
              r"(?:^|\. )i burned my (?:tongue|finger)")),
    R("burns", E, r"(?:<CHEMICAL>|acid|drain cleaner|electrical|electric) (?:\S+ ){0,6}(?:on|onto|over|splashed|spilled|spilt|poured) (?:\S+ ){0,3}(?:skin|leg|legs|arm|arms|hand|hands|face|body|chest|foot|feet|fingers?|toes?|neck|thighs?|scalp)", r"(?:burn\w*|peel\w*|blister\w*|red|pain\w*|sting\w*|raw|white|agony|<SEVERE>)",
      unless=(r"eye", r"(?:small|tiny|little) (?:patch|area|spot|bit)")),
    R("burns", E, r"(?:<INFANT>|<CHILD>|toddler)", r"(?:<BURN_EVENT>)", r"(?:blister\w*|peel\w*|raw|skin (?:came|coming|is coming) off|white|screaming|big|large|whole|across)",
      unless=(r"(?:sunburn|sun burn|mild|tiny|small|healing|healed|scar|nappy rash|a bit red)",)),

    # === gas / carbon monoxide / toxic fumes ====================================================
    R("carbon_monoxide", E, r"(?:carbon monoxide|co alarm|co detector|co monitor|monoxide alarm|monoxide detector|gas alarm|boiler alarm|heater alarm|fumes alarm|(?:alarm|detector) (?:\S+ ){0,3}(?:carbon monoxide|co|gas))", r"(?:beep\w*|going off|went off|sound\w*|alarm|headache|<DIZZY>|<NAUSEA>|<DROWSY>|<CONFUSED>|poison\w*|exposed|think|unwell|collapsed)",
      unless=(r"(?:where should|where do|where (?:s|is) (?:the )?best|best place|how (?:do|often)|buy|install|fit|test(?:ing)? (?:the|my|it)|battery|prevent|symptoms of|signs of|"
              r"should (?:i|we|you) (?:get|have|buy|install|fit) (?:a|an|one)|worth (?:getting|buying|having)|do (?:i|we) need (?:a|an|one))",)),
    R("carbon_monoxide", E, r"(?:smell|smells|smelling|smelt|smelled|stink|stinks|reeks) (?:\S+ ){0,3}(?:of )?(?:gas|fumes|rotten eggs|exhaust)|gas leak|leaking gas|(?:boiler|heater|fire|stove|cooker|oven|generator|bbq|barbecue|charcoal|engine|exhaust|fumes|gas fire|log burner|wood burner|paraffin heater|chimney) (?:\S+ ){0,8}(?:inside|indoors|in the (?:tent|garage|house|room|caravan|cabin|boat|bedroom|kitchen|flat|car)|funny smell|strange smell|smell|soot|sooty|orange flame|yellow flame|leak\w*|broken|fault\w*|running)",
      r"(?:headache|headaches|<DIZZY>|<NAUSEA>|<DROWSY>|<CONFUSED>|<FAINT>|<BREATHLESS>|<UNRESPONSIVE>|unwell|sleepy|tired|<VOMIT>)"),
    R("carbon_monoxide", E, r"(?:mixed|mixing|combined|combining) (?:\S+ ){0,3}(?:bleach|ammonia|cleaners?|chemicals?|acid|vinegar|toilet cleaner|products)|(?:chlorine|ammonia|chemical|toxic|poisonous|noxious|pool) (?:gas|fumes|vapours?|vapors?)|(?:inhaled|breathed in|breathing in|exposed to) (?:\S+ ){0,3}(?:fumes|gas|chemicals?|chlorine|ammonia|vapours?|vapors?|spray|aerosol|solvent)",
      r"(?:cough\w*|<BREATHLESS>|wheez\w*|<CHEST> %3 (?:<PAIN>|<CARDIAC_FEEL>)|<DIZZY>|<NAUSEA>|<DROWSY>|<CONFUSED>|<FAINT>|throat|eyes|burn\w*|headache|unwell|breath\w*)"),
    R("carbon_monoxide", E, r"(?:gas|hob|cooker|oven|ring|fire|heater|boiler|stove) (?:\S+ ){0,4}(?:without (?:a |the |any )?flame|unlit|not lit|(?:flame|pilot light) (?:\S+ ){0,2}(?:went|gone|blew|blown) out|left on|on for (?:hours|ages|a while)|leak\w*)",
      r"headache|headaches|<DIZZY>|<NAUSEA>|<DROWSY>|<CONFUSED>|<FAINT>|<BREATHLESS>|<UNRESPONSIVE>|unwell|sleepy|<VOMIT>"),
    R("carbon_monoxide", E, r"(?:everyone|all of us|whole family|both of us|the whole house|kids and|we all|we ve all|we have all|we re all|we are all|all the family|the family|whole household|all three|all four|my whole family|the kids and i|me and my|(?:my )?(?:wife|husband|partner) and i|we both|the two of us) (?:\S+ ){0,5}(?:headache|headaches|dizzy|sick|nause\w*|drowsy|sleepy|vomit\w*|unwell|ill)",
      r"(?:headache|headaches|dizzy|drowsy|sleepy|confus\w*)", r"(?:house|home|flat|boiler|heater|heating|radiators?|fire|gas|smell|indoors|inside|room|tent|caravan|generator|stove|garage|car|(?:cat|dog|pet|pets) (?:\S+ ){0,2}(?:weird|strange|ill|unwell|sick|sleepy))"),
    R("carbon_monoxide", E, r"(?:so is|so does|and so has|as is|same with|as well as) (?:her|his|my|our|the|their) (?:neighbour|neighbor|husband|wife|partner|kids?|son|daughter|mum|mom|dad|brother|sister|friend|flatmate|dog|cat|baby)",
      r"headache|headaches|<DIZZY>|<DROWSY>|<CONFUSED>|<NAUSEA>", r"gas|hob|cooker|boiler|heater|heating|fire|stove|generator|bbq|barbecue|charcoal|tent|caravan|garage|boat|cabin|fumes|smell"),

    # === major trauma ===========================================================================
    R("major_trauma", E, r"(?:stabbed|stab wound|knifed|shot|gunshot|gun shot|impaled|run over|hit by (?:a |the )?(?:car|van|bus|truck|lorry|train|vehicle|motorbike)|knocked (?:down|over|off) by (?:a |the )?(?:car|van|bus|truck|lorry|vehicle))",
      unless=(r"(?:flu shot|booster shot|covid shot|vaccine|jab|a shot of|shots of|tetanus shot|b12 shot|insulin shot|hit by (?:a |the )?(?:ball|cricket ball|football))",)),
    R("major_trauma", E, r"(?:fell|fallen|fall|jumped|dropped|thrown) (?:\S+ ){0,3}(?:off|from|out of|down) (?:\S+ ){0,3}(?:window|roof|balcony|scaffold\w*|cliff|bridge|building|multi storey|car park|(?:first|second|third|1st|2nd|3rd|\d+) (?:floor|storey|story))|"
                         r"(?:\d+|two|three|four|five|ten|twenty) (?:metres|meters|feet|ft|storeys|stories|floors) (?:\S+ ){0,2}(?:fall|drop|down|onto)|fell (?:\d+|two|three|four|five|ten|twenty) (?:metres|meters|feet|ft|storeys|stories|floors)",
      unless=(r"(?:fell off (?:the|a) (?:sofa|bed|chair|step))",)),
    R("major_trauma", E, r"<HIGH_ENERGY>", r"(?:<PALLOR>|<SWEAT>|<CONFUSED>|<DROWSY>|<DIZZY>|<FAINT>|<BREATHLESS>|<UNRESPONSIVE>|cold|shaking|shivering|(?:can t|cannot|unable to) (?:stand|move|walk|get up|feel|breathe)|bent|deformed|wrong way|funny angle|"
                                          r"(?:<ABDO>|belly|tummy|hips?|pelvis|back|neck|chest|ribs) %3 (?:<PAIN>|bruis\w*|swell\w*)|bruis\w* %4 (?:bigger|spreading|growing)|seatbelt|bleed\w*|blood|unconscious|<SEVERE>)",
      unless=(r"(?:years ago|minor|low speed|bumper|fender bender|no injuries|walked away fine|scratch)",)),
    R("major_trauma", E, r"(?:crushed|crush injury|caught|trapped|stuck|pulled|dragged|mangled) (?:\S+ ){0,3}(?:in|under|between|by|into) (?:a |the |some |an )?(?:machine|machinery|press|roller|rollers|conveyor|forklift|car|vehicle|lorry|truck|tractor|wall|gate|lift|grinder|mincer|blender|chainsaw|saw)|"
                         r"(?:<LIMB>|hand|arm|leg|chest|body|head|pelvis) (?:\S+ ){0,2}(?:got |was |been |is |s )?(?:crushed|mangled|degloved)"),
    R("major_trauma", E, r"(?:bruise|bruising|swelling) (?:\S+ ){0,5}(?:getting bigger|spreading|growing|expanding)", r"(?:<ABDO>|belly|tummy|chest|<ANTICOAG>|<PALLOR>|<DIZZY>|seatbelt|crash|accident)"),

    # === open fracture / amputation ==============================================================
    R("open_fracture", E, r"(?:finger|fingers|toe|toes|thumb|hand|ear|nose|fingertip|tip) (?:\S+ ){0,3}(?:nearly|almost|partly|partially|half|hanging|practically) (?:\S+ )?off|"
                          r"(?:hand|finger|fingers|foot|toes|arm|leg|thumb) (?:\S+ ){0,3}(?:went through|went in|caught in|got caught in|in|into|under) (?:\S+ ){0,2}(?:lawnmower|lawn mower|mower|blade|saw|chainsaw|grinder|angle grinder|machine|blender|shredder|mincer|propeller)"),
    R("open_fracture", E, r"(?:it s|it is|its|is|s|it has been|they re|they are|hanging) (?:\S+ ){0,2}(?:nearly|almost|partly|partially|half|practically) (?:\S+ )?off|hanging (?:on )?by (?:a|the) (?:thread|flap|bit of skin)",
      r"finger|fingers|thumb|toe|toes|hand|foot|ear|nose|fingertip|arm|leg",
      r"cut|saw|chainsaw|grinder|blade|knife|machine|slammed|caught|chopped|sliced|mower|axe|door|bit|bitten|crushed|trapped"),
    R("open_fracture", E, r"bone %4 (?:sticking|poking|coming|showing|visible|through|out of|sticks|pokes|exposed|protruding)|(?:see|seeing|can see|visible) (?:\S+ ){0,2}(?:the |his |her |my )?bone|bone showing|through the skin|compound fracture|open fracture"),
    R("open_fracture", E, r"(?:finger|fingers|toe|toes|thumb|hand|arm|leg|foot|ear|nose|fingertip|tip of (?:\S+ ){0,2}finger) (?:\S+ ){0,4}(?:cut|chopped|sliced|torn|ripped|came|come|severed|hanging|bitten) (?:off|by a thread|on by)|"
                          r"(?:partly|partially|half|nearly|almost) (?:cut|torn|ripped|chopped|sliced|severed) off|hanging (?:off|by (?:a|the) (?:thread|skin|flap))|amputat\w*|de ?glov\w*|severed",
      unless=(r"(?:nail|nails|hair|fringe|tag|stitches|plaster|cast|bandage)(?! and)",)),

    # === arrhythmia ============================================================================
    R("arrhythmia", E, r"(?:heart|pulse|heartbeat|heart rate|heart beat|hr|palpitations) %5 (?:beating (?:\S+ )?(?:strangely|funny|oddly|weird\w*|wrong\w*|irregularly)|(?:very|really|so|super|too|extremely|dangerously) slow(?:ly)?|racing|pounding|going (?:so |really |very |super )?fast|beating (?:really |so |very )?fast|going crazy|all over the place|irregular|skipping|fluttering|thumping|out of rhythm|flip flopping|hammering|galloping|(?:1[5-9]\d|2[0-9]\d)|very slow|really slow|so slow|only (?:[2-4]\d)|[2-3]\d(?! years))",
      r"(?:<FAINT>|<COLLAPSE>|<CHEST> %3 (?:<PAIN>|<CARDIAC_FEEL>)|<BREATHLESS>|<PALLOR>|<SWEAT>|<CONFUSED>|<DIZZY>|going to pass out|grey|gray|(?:very|so|really) weak|weak all over)",
      unless=(r"(?:running|exercise|exercising|workout|gym|jog\w*|training|cardio|spin class|coffee|after (?:a|the) (?:run|race))", r"(?:panic attack|anxiety|anxious|stress)(?! and)", r"<INFECTION_WORD>|<FEVER>")),
    R("arrhythmia", E, r"(?:pulse|heart rate|heart|hr|heartbeat) (?:\S+ ){0,4}(?:is |of |at )?(?:only |just |down to )?(?:[2-3]\d|40)(?! years| weeks| minutes| mins| seconds| bpm when| mg)(?: bpm| beats)?|(?:[2-3]\d|40) (?:bpm|beats a minute|beats per minute)",
      r"(?:<FAINT>|<DIZZY>|<CONFUSED>|<BREATHLESS>|<CHEST>|<PALLOR>|<DROWSY>|tired|weak)", unless=(r"(?:athlete|runner|marathon|cyclist|asleep|sleeping|at night)",)),
    R("arrhythmia", E, r"(?:heart|pulse|heart rate|hr) (?:\S+ ){0,4}(?:at |is |of )?(?:1[6-9]\d|2\d\d)|(?:1[6-9]\d|2\d\d) (?:bpm|beats)", r"(?:rest|resting|sitting|lying|doing nothing|won t (?:slow|come down|stop)|for (?:an hour|hours|\d+ minutes)|<FAINT>|<DIZZY>|<CHEST>|<BREATHLESS>)",
      unless=(r"(?:running|exercise|exercising|workout|gym|jog\w*|training|cardio|spin class|sprint\w*|max heart rate|zone)",)),
    R("arrhythmia", E, r"(?:heart|heartbeat|pulse) (?:\S+ ){0,4}(?:stopping|stops|stopped|pausing|pauses|missing beats|skipping beats) (?:\S+ ){0,2}(?:and starting|and restarting|then starting)?", r"(?:<FAINT>|<DIZZY>|<COLLAPSE>|<BREATHLESS>|<CHEST>)"),
    R("arrhythmia", E, r"(?:defibrillator|icd|defib|implanted device|pacemaker) %4 (?:shocked|fired|went off|zapped|shocks|shocking|going off|beeping)|(?:shocked|zapped) (?:\S+ ){0,3}by (?:my|his|her) (?:defibrillator|icd|defib|device)"),
    R("arrhythmia", E, r"(?:collapsed|passed out|fainted|blacked out) (?:\S+ ){0,3}(?:while|when|during|after|in the middle of) (?:\S+ ){0,2}(?:running|exercis\w*|playing|sport|football|training|match|swimming|race|game|pe)"),

    # === pulmonary embolism ======================================================================
    R("pulmonary_embolism", E, r"(?:<LEG>|calf|calves) %5 (?:<SWELL>|<PAIN>|red|hot|tender|hard|dvt|clot)|(?:dvt|blood clot|clot in (?:my|his|her) leg)|(?:surgery|operation|op|flight|long haul|plaster|cast|immobil\w*|bed ?bound|the pill|contraceptive pill|hrt|pregnan\w*|postpartum|gave birth|c section|replacement|<SURGERY>)",
      r"(?:<BREATHLESS>|cough\w* (?:up )?(?:\S+ )?blood|blood (?:\S+ ){0,3}cough\w*|(?:pain|hurts|sharp|stabbing|catch\w*) (?:\S+ ){0,4}(?:breathe|breath|breathing|breathe in|deep breath)|<CHEST> %3 (?:<PAIN>|<CARDIAC_FEEL>)|heart (?:is )?(?:racing|pounding)|<FAINT>)",
      r"(?:<LEG>|calf|calves|dvt|clot|surgery|operation|flight|long haul|cast|plaster|pill|hrt|pregnan\w*|birth|bed)",
      unless=(r"(?:always has|for years|asthma|when (?:i |he |she )?(?:run|running|exercise))",)),
    R("pulmonary_embolism", E, r"(?:having|just had|s having|is having|think(?: \S+){0,3}|could (?:this|it) be|is (?:this|it)|might be|signs of) (?:a )?(?:pulmonary embolism|pe|blood clot (?:in|on) (?:my|his|her|the) lungs?|clot (?:in|on) (?:my|his|her|the) lungs?)"),

    # === heat stroke ============================================================================
    R("heat_stroke", E, r"(?:heat|heatwave|heat wave|hot (?:day|weather|sun|car|room|weather)|in the sun|sun all day|sunstroke|sun stroke|marathon|race|sauna|hot tub|outside all day|working outside|no (?:ac|air con|air conditioning|aircon)|overheat\w*|scorching|(?:3[5-9]|4\d) degrees (?:outside|today|heat))",
      r"(?:<CONFUSED>|<COLLAPSE>|<UNRESPONSIVE>|<SEIZURE>|(?:stopped|not|isn t|no longer|has stopped) sweating|<DROWSY_SEVERE>|drowsy|stumbling|staggering|not making sense|passed out|fainted|talking nonsense)",
      r"(?:heat|hot|sun|sunstroke|marathon|race|sauna|overheat\w*|temperature|fever|heatwave|sweating|working outside|outside)",
      unless=(r"(?:hot flush|hot flash|hot water bottle|bath|menopause)", r"<INFECTION_WORD>")),
    R("heat_stroke", E, r"(?:left|locked|forgot|forgotten|trapped) (?:\S+ ){0,3}in (?:a |the )?(?:hot )?car", r"(?:<CHILD>|<INFANT>|hot|heat|sun|dog)"),

    # === seriously unwell infant / child (NICE NG143 red features) ================================
    R("sick_infant", E, r"<INFANT_YOUNG>", r"(?:<FEVER>|<HIGH_FEVER_NUMBER>|burning up|hot to touch|feels hot)",
      unless=(r"(?:normal temperature|temperature (?:is|of|was) (?:36|37)(?:\.[0-7])?(?! ?\.[89])|is (?:36|37)(?:\.[0-7])?\b|37 (?:point|\.) [0-7]|room temperature|bath temperature|temperature of (?:the|his|her) (?:room|bath|milk|bottle))",)),
    R("sick_infant", E, r"(?:<INFANT>|<CHILD>)", r"(?:<DROWSY_SEVERE>|floppy|limp|lethargic|listless|(?:barely|not|hardly|won t|doesn t|isn t) (?:\S+ ){0,1}(?:moving|crying|cries|responding|reacting|opening (?:his|her) eyes)|(?:weak|high pitched|constant|continuous|strange|moaning|whimper\w*) (?:\S+ ){0,2}(?:cry|crying|cries|whimpering)|whimpering|moaning|"
                                                   r"mottled|blotchy(?! (?:red |pink )?(?:rash|spots|patch\w*)|(?: \S+){0,3} when (?:she|he|they) (?:s |is |was |has |have )?(?:been )?(?:crying|cries|cried|upset|screaming|hot|warm))|ashen|(?:pale|grey|gray|blue(?! inhaler| pump| puffer| badge| murder| in the face| moon| eyes| tooth)) and (?:floppy|limp|sleepy|drowsy|cold)|grunting|(?:pauses|pausing|stops|stopping|stopped) (?:\S+ ){0,2}breath\w*|(?:breath\w*) (?:\S+ ){0,2}(?:pauses|pausing|stops|stopped)|not (?:\S+ )?(?:responding|reacting)|"
                                                   r"(?:won t|isn t|not|hasn t|refusing to|refuses to) (?:\S+ )?(?:feed|feeding|fed|take (?:any|her|his) (?:milk|bottle|feeds?)) (?:\S+ ){0,4}(?:<FEVER>|<DROWSY>|sleepy|vomit\w*|hours|all day)|"
                                                   r"not (?:interested|bothered) in (?:anything|feeding|milk)|(?:very|really|so|unusually) sleepy|hard to wake|sleepy and|not waking (?:for|up for) feeds|"
                                                   r"(?:really|very|unusually|too|strangely) quiet|(?:hasn t|not) (?:been )?fed (?:since|for|all))",
      unless=(r"(?:teething|grumpy|a bit tired|normal|tired after|growth spurt|going to sleep|sleep through|nap|bedtime|at night)(?! and (?:floppy|limp|mottled))",)),
    R("sick_infant", E, r"(?:<INFANT>)", r"(?:turned|turning|went|goes|going|gone) (?:\S+ ){0,2}(?:blue(?! inhaler| pump| puffer| badge| murder| in the face| moon| eyes| tooth)|grey|gray|purple|floppy|limp|stiff)|stopped breathing|(?:pale|white|grey) and (?:limp|floppy)"),
    R("sick_infant", E, r"<INFANT_YOUNG>", r"(?:<VOMIT>|not feeding|won t feed|isn t feeding|refusing feeds|no wet|rash|yellow|jaundic\w*|<BREATHLESS>|breathing fast|cough\w*)", r"(?:<DROWSY>|sleepy|<FEVER>|floppy|all day|won t|every feed|projectile|green|blood|hours|breath\w*)",
      unless=(r"(?:a little|small amount|bit of milk|spit up|spits up|possets|normal|sneez\w*|hiccup\w*)",)),

    # === severe dehydration =====================================================================
    R("dehydration", E, r"(?:<NO_URINE>|sunken (?:soft spot|fontanelle|eyes)|(?:soft spot|fontanelle) (?:\S+ ){0,2}sunken|no tears|(?:dry|parched|cracked) (?:lips|mouth|tongue))", r"(?:hasn t fed|not fed|not feeding|won t feed|(?:really|very|unusually) quiet|not (?:herself|himself)|<DROWSY>|<CONFUSED>|floppy|limp|<FAINT>|<DIZZY>|racing|<VOMIT>|diarrh\w*|<PALLOR>|cold (?:hands|feet)|sunken|no tears|sleepy|<INFANT>|<ELDERLY>|not drinking|won t drink|can t keep)",
      r"(?:<INFANT>|<CHILD>|<ELDERLY>|<DROWSY>|<CONFUSED>|floppy|limp|<FAINT>|racing|nearly fainted|dizzy)",
      unless=(r"(?:how do i know|enough milk|how much water)",)),
    R("dehydration", E, r"(?:can t|cannot|couldn t|unable to|not) (?:keep|keeping|kept) (?:anything|any fluids?|fluids|water|food|drinks?|liquids?) down|(?:vomit\w*|diarrh\w*|d and v|throwing up|being sick) (?:\S+ ){0,4}(?:all day|days|hours|non ?stop|constantly|every hour)",
      r"(?:<NO_URINE>|<DROWSY>|<CONFUSED>|floppy|limp|<FAINT>|nearly fainted|racing|<PALLOR>|sunken|no tears|cold hands)"),

    # === early pregnancy: ectopic ====================================================================
    R("ectopic_pregnancy", E, r"(?:<EARLY_PREGNANCY>|<PREGNANT>)", r"(?:(?:<ABDO>|side|one side|pelvis|pelvic|groin) %4 (?:<PAIN>)|(?:<PAIN>) %4 (?:<ABDO>|side|one side|pelvis|groin)|(?:tummy|stomach|belly) ?ache|one sided (?:\S+ ){0,2}pain)",
      r"(?:shoulder tip|shoulder|<FAINT>|<DIZZY>|passed out|<COLLAPSE>|<SEVERE>|<SUDDEN>|sharp|one sided|one side|left side|right side|spotting|bleeding|<PALLOR>)",
      r"(?:<EARLY_PREGNANCY>|shoulder tip|<FAINT>|passed out|<COLLAPSE>|<DIZZY>|ectopic)",
      unless=(r"<LATE_PREGNANCY>",)),
    R("ectopic_pregnancy", E, r"(?:<EARLY_PREGNANCY>|<PREGNANT>)", r"(?:<FAINT>|<COLLAPSE>|passed out|shoulder tip pain|pain in (?:my|her) shoulder tip)", unless=(r"<LATE_PREGNANCY>",)),
    R("ectopic_pregnancy", E, r"(?:having|just had|s having|is having|think(?: \S+){0,3}|could (?:this|it) be|is (?:this|it)|might be|signs of|symptoms of) (?:an? )?ectopic"),

    # === pregnancy: pre-eclampsia, bleeding, labour ==================================================
    R("pre_eclampsia", E, r"(?:<PREGNANT>|<LATE_PREGNANCY>)", r"(?:(?:severe|bad|awful|terrible|really bad|pounding|splitting|worst) headache|headache (?:\S+ ){0,4}(?:won t go|not going|isn t going|won t shift|painkillers)|"
                                                          r"(?:vision|sight|eyes) %3 (?:blurry|blurred|blurring|spots|flashing|sparkl\w*|funny|strange|fuzzy|zig ?zag)|(?:flashing|flashes of) lights?|seeing (?:spots|stars|flashing)|"
                                                          r"(?:pain|ache) (?:\S+ ){0,3}(?:under|below) (?:\S+ ){0,2}ribs|(?:sudden|suddenly) (?:\S+ ){0,3}(?:swelling|swollen|puffy)|(?:blood pressure|bp) (?:\S+ ){0,4}(?:1[4-9]\d|2\d\d)/(?:9\d|1\d\d)|(?:1[5-9]\d|2\d\d)/(?:1[0-4]\d|9\d)|protein in (?:my|her) (?:urine|wee))",
      r"(?:headache|vision|sight|eyes|flashing|spots|ribs|swelling|swollen|puffy|blood pressure|bp|/)", unless=(r"<EARLY_PREGNANCY>",)),
    R("pre_eclampsia", E, r"(?:<PREGNANT>|<LATE_PREGNANCY>|<POSTPARTUM>)", r"(?:<SEIZURE>|fitting|having a fit|(?<!pre )eclampsia)"),
    R("pregnancy_bleeding", E, r"(?:<PREGNANT>|<LATE_PREGNANCY>|<EARLY_PREGNANCY>|miscarr\w*)", r"(?:<BLEED>|spotting|clots)",
      r"(?:heav\w*|soak\w*|clots|lots|a lot|loads|gushing|pouring|bright red|fresh|<FAINT>|<DIZZY>|<PALLOR>|<SEVERE>|<BLOOD_A_LOT>|constant (?:\S+ ){0,2}pain|pain (?:\S+ ){0,3}all the time|hard (?:tummy|belly|stomach|bump)|(?:tummy|belly|stomach|bump) (?:\S+ ){0,2}(?:hard|rigid|tight and painful)|baby (?:\S+ ){0,3}(?:not moving|isn t moving|moving less|less movement|moving as much))",
      unless=(r"(?:light spotting|a little spotting|spotting only|small amount|brown discharge)(?! and)", r"(?:<POSTPARTUM>)(?! (?:\S+ ){0,3}pregnan)")),
    R("pregnancy_bleeding", E, r"(?:<LATE_PREGNANCY>|<PREGNANT>)", r"(?:constant|severe|terrible|sharp|sudden) (?:\S+ ){0,3}(?:tummy|abdominal|belly|stomach|bump) (?:\S+ ){0,1}pain|(?:tummy|belly|bump|stomach) (?:\S+ ){0,2}(?:rock hard|really hard|hard and painful)", r"(?:<BLEED>|baby (?:\S+ ){0,3}(?:not moving|moving less|isn t moving|moving as much)|<FAINT>)"),
    R("postpartum_haemorrhage", E, r"<POSTPARTUM>", r"(?:<BLEED>|soak\w*|clots|pads?)", r"(?:heav\w*|soak\w*|(?:big|large|huge|golf ball|lots of|loads of) (?:\S+ )?clots|every hour|an hour|lots|a lot|loads|gushing|pouring|<FAINT>|<DIZZY>|<PALLOR>|<BLOOD_A_LOT>|racing|sudden\w*|pad (?:\S+ ){0,2}(?:hour|minutes))",
      unless=(r"(?:normal bleeding|lochia|how long|like a (?:heavy |normal |bad )?period|like (?:my|a) (?:normal )?period)",)),
    R("labour", E, r"cord (?:\S+ ){0,3}(?:coming out|hanging|visible|can see|showing|out|poking|coming first|prolapse\w*)|(?:can see|seeing|see) (?:\S+ ){0,2}(?:the )?cord|"
                   r"(?:(?:baby s|babys|the baby s) (?:head|feet|foot|bottom|bum|arm|legs?)|the (?:head|feet|bottom|bum)) (?:\S+ ){0,2}(?:is |are )?(?:coming out|out|showing|visible|crowning|poking out)|crowning|"
                   r"(?:giving birth|having the baby|baby is coming|baby s coming|baby coming) (?:\S+ ){0,3}(?:now|in the car|at home|right now|fast|on the floor)|(?:need|urge) to push|"
                   r"(?:can see|seeing|see) (?:the |its |the baby s |a )?(?:head|hair|feet|bum|bottom) (?:\S+ ){0,3}(?:coming|crowning|out)|(?:can see|seeing) (?:the |its |the baby s )?(?:head|feet)(?! lice)"),
    R("labour", E, r"<PREGNANT>|<LATE_PREGNANCY>|labour|contractions|push\w*|waters|baby (?:is |s )?(?:coming|come)",
      r"(?:can see|see|seeing|saw|can feel|feel|feeling|felt) (?:the |its |the baby s |a |his |her )?(?:head|hair|feet|foot|bum|bottom)(?! lice)|"
      r"(?:won t|don t think (?:i|we|she) ll|not going to|never going to|can t) make it (?:to (?:the )?hospital|in time)(?! (?:\S+ )?(?:appointment|for))|"
      # round 7: the birth told by the mother's urge ("keeps bearing down", "wants to push")
      r"(?:i|she|wife|partner|girlfriend) (?:\S+ ){0,2}(?:has|have|got|needs?|wants?) to push|bearing down|(?:a|one|1) minute apart",
      unless=(r"(?:scan|ultrasound|screen|monitor|photo|picture|x ray)",)),
    R("labour", E, r"<PRETERM>", r"(?:contractions|tightenings?|tightening (?:\S+ ){0,3}every|regular (?:\S+ )?(?:pains|cramps|tightenings?)|(?:pains|cramps|period pains) (?:\S+ ){0,2}every (?:\d+|few|couple of|five|ten) minutes|waters (?:\S+ ){0,2}(?:broke|broken|gone|went|leaking)|waters? (?:is |are |s )?(?:coming|came|come|leak\w*|gush\w*|pour\w*|running)|labour pains|in labour|going into labour|contracting|baby (?:is |s )?coming)",
      unless=(r"(?:braxton|practice contractions|how do i know|when labour|irregular|(?:go|goes|went) away (?:when|if|after|with)|(?:stopped|stop|stops|eased|settled|went away) (?:\S+ ){0,2}(?:when|with|after|once))",)),
    # round 7: preterm labour told as regular, strengthening tightenings or a leak, even when the writer asks
    # whether it is only Braxton Hicks (NICE NG25 Preterm labour and birth; RCOG 'Preterm labour')
    R("labour", E, r"<PRETERM>", r"(?:contractions|tightenings?|pains|cramps)",
      r"(?:every (?:\d+|few|couple of|two|three|four|five|ten) minutes|minutes apart|getting (?:\S+ )?(?:stronger|closer|worse)|waters|watery|leak\w*|gush\w*|fluid)",
      unless=(r"(?:how do i know|when labour|irregular|(?:go|goes|went) away|settle\w* (?:when|with|after)|no leak\w*|not leaking)",)),
    # round 7: a cord felt or seen after the waters go ("something soft hanging down, like a cord") (RCOG GTG 50 Umbilical cord prolapse)
    R("labour", E, r"(?:<PREGNANT>|<LATE_PREGNANCY>|waters|labour|contractions)",
      r"(?:can feel|feel|felt|feeling|see|saw|something|loop of|like a) (?:\S+ ){0,4}cord|cord (?:\S+ ){0,3}(?:down there|between (?:my|her) legs|in (?:my|her) (?:knickers|pants|vagina))",
      unless=(r"(?:spinal cord|vocal cords?|cord blood|cord clamp\w*|cord stump|cord care|what to do if|how common)",)),

    # === severe asthma ===========================================================================
    R("severe_asthma", E, r"@(?:<ASTHMATIC>)", r"(?:(?:not (?:helping|working|touching it|doing anything)|isn t (?:helping|working)|doesn t (?:help|work|seem to help))(?! as (?:well|much|good)| so well| like (?:it|they) used)|no (?:help|use|difference|effect)|(?:didn t|hasn t|haven t) (?:help|helped|worked|made)|"
                                             r"(?:every|each) (?:\d+|few|couple of) minutes|(?:\d{2}|ten|twelve|fifteen|twenty) (?:puffs|times)|(?:10|ten) puffs|used it (?:\S+ ){0,2}(?:times|puffs)|keeps needing)",
      r"(?:<ASTHMATIC>|puffs|inhaler|wheez\w*|breath\w*|attack)", unless=(r"(?:every (?:4|four|few) hours|for a few hours|helps for)",)),
    R("severe_asthma", E, r"@(?:<ASTHMATIC>|wheez\w*|asthma attack)", r"(?:can t (?:\S+ (?:or|and|nor) )?(?:talk|speak|finish|get (?:\S+ ){0,2}words)|(?:getting|gone|going|so|very|really) (?:tired|exhausted|worn out)|tiring|can only say|(?:chest|breathing) (?:\S+ ){0,2}(?:gone |going |is )?(?:quiet|silent)|silent chest|too (?:tired|exhausted|breathless) to|exhausted|<DROWSY>|<CONFUSED>|blue(?! inhaler| pump| puffer| badge| murder| in the face| moon| eyes| tooth)|grey|gray|<PALLOR>|<FAINT>|ribs|sucking in|gasping|"
                                                                      r"peak flow (?:\S+ ){0,5}(?:a third|third|half|quarter|under half|below half|less than half|(?:[1-4]\d|50) ?(?:%|percent))|"
                                                                      r"(?:chest|lungs|breathing) (?:\S+ ){0,3}(?:barely|hardly|not|no longer) (?:\S+ )?(?:makes?|making) (?:any |a |much )?(?:noise|sound)|gone (?:really |very )?quiet)"),

    # === aorta ====================================================================================
    R("aortic_dissection", E, r"(?:tearing|ripping|torn|ripped|tear|rip|shredding) (?:\S+ ){0,3}(?:pain|feeling|sensation|agony)|(?:pain|feeling) (?:\S+ ){0,3}(?:tearing|ripping)|like (?:something|i m) (?:is )?(?:being )?(?:torn|ripped|tearing|ripping)",
      r"(?:<CHEST>|back|shoulder blades|<ABDO>|through to|between)", unless=(r"(?:muscle|hamstring|ligament|tendon|acl|calf|groin strain)",)),
    R("aortic_dissection", E, r"(?:aneurysm|aortic|aorta|triple a|aaa)", r"(?:<SUDDEN>|<SEVERE>|<FAINT>|<DIZZY>|<PALLOR>|<PAIN>)", r"(?:<SUDDEN>|<SEVERE>|<FAINT>|<COLLAPSE>|<DIZZY>)",
      unless=(r"(?:screen\w*|check\w*|who gets|what s|what is|family history|monitor\w*|surveillance)(?! (?:\S+ ){0,4}(?:now|suddenly|today))",)),

    # === electrocution ============================================================================
    R("electrocution", E, r"(?:electrocuted|electrocution|live wire|live cable|mains (?:electricity|power|socket|cable|wire|voltage)|from the mains|high voltage|power line|power lines|pylon|third rail|struck by lightning|lightning (?:strike|struck|hit)|hit by lightning|taser\w*)",
      unless=(r"(?:prevent|childproof|safety|how to)",)),
    R("electrocution", E, r"(?:electric|electrical) shock|shocked by (?:a |the )?(?:socket|plug|cable|wire|appliance|fence|cooker|light switch)|(?:stuck|put|poked|pushed|shoved) (?:\S+ ){0,3}(?:in|into) (?:the |a )?(?:plug )?(?:socket|outlet|power point|plug|toaster|fuse box|light fitting|wiring)|(?:got|had|gave (?:him|her|me)) a shock (?:from|off) (?:a |the )?(?:socket|plug|cable|wire|appliance|fence|cooker|light|switch|kettle|toaster)",
      r"(?:burn\w*|heart|chest|palpitations|racing|irregular|<FAINT>|<UNRESPONSIVE>|<CONFUSED>|thrown|numb|tingling|can t move|<PAIN>|mark|<BREATHLESS>|<SEIZURE>)",
      unless=(r"(?:static|tens machine|electric fence for cattle|tiny|small shock|little shock)",)),
    R("electrocution", E, r"plug|socket|wire|wires|wiring|rewir\w*|cable|mains|fuse|appliance|electric\w*|outlet|light switch|toaster|kettle|fence|light fitting|power|volt\w*",
      r"(?:got|had|took|received|gave (?:him|her|me)) (?:a |an )?(?:\S+ ){0,2}(?:shock|jolt|zap|belt)|shocked|zapped|electrocuted",
      r"heart|chest|palpitations|racing|irregular|flutter\w*|skipping|burn\w*|<FAINT>|<UNRESPONSIVE>|<CONFUSED>|thrown|numb|tingl\w*|can t move|<BREATHLESS>|<SEIZURE>|mark",
      unless=(r"(?:static|tens machine|tiny|small shock|little shock|car door|jumper|trampoline)",)),

    # === hypothermia ==============================================================================
    R("hypothermia", E, r"(?:ice cold|icy cold|freezing cold|freezing|frozen|cold to (?:the )?touch|very cold|so cold|really cold|stone cold|hypothermi\w*|icy (?:river|water|lake|sea|pond)|(?:fell|fallen|went) (?:\S+ ){0,2}through (?:the )?ice|out (?:\S+ ){0,3}all night|in the snow|frost ?bite|<LOW_TEMPERATURE>)",
      r"(?:<CONFUSED>|<DROWSY>|mumbling|slurr\w*|stumbling|(?:stopped|not|no longer|isn t) shivering|shivering (?:has )?stopped|<UNRESPONSIVE>|<LOW_TEMPERATURE>|can t (?:move|stand|walk|feel)|stiff|blue(?! inhaler| pump| puffer| badge| murder| in the face| moon| eyes| tooth)|grey|pale)",
      r"(?:cold|icy|ice|freez\w*|frozen|snow|temp|hypotherm\w*|river|water|outside|all night|frost)",
      unless=(r"(?:cold hands in winter|raynaud|common cold|head cold|a cold|chest cold|cold sore)(?! (?:\S+ ){0,4}(?:confus|drowsy|mumbl))",)),

    # === cauda equina ============================================================================
    R("cauda_equina", E, r"@(?:back|sciatica|spine|spinal|disc|disk|slipped disc)", r"(?:(?:trying|tried|try) to (?:pee|wee|urinate) (?:\S+ ){0,4}(?:nothing|can t|won t|hours)|nothing (?:comes|will come|coming|came) out|numb\w* (?:\S+ ){0,4}(?:between (?:my|his|her) legs|around (?:my|his|her) (?:bottom|bum|back passage|anus|genitals|privates|groin)|saddle|bottom|bum|genitals|privates|groin|inner thighs)|saddle (?:numbness|area)|"
                                                                         r"(?:can t|cannot|couldn t|don t|didn t) feel (?:\S+ ){0,3}(?:toilet paper|wipe|wiping|bottom|bum|genitals|privates|when i pee|when i wee|myself)|"
                                                                         r"(?:can t|cannot|couldn t|unable to|lost|losing|no) (?:\S+ ){0,2}(?:control|control of) (?:\S+ ){0,3}(?:bladder|bowel|bowels|pee|wee|poo|when i pee|when i wee)|"
                                                                         r"(?:bottom|bum|groin|genitals|privates|saddle|back passage|between (?:my|his|her) legs|inner thighs) %3 (?:numb|numbness|tingly|dead)|can t feel (?:when|if) (?:i|he|she) (?:need|needs) to (?:pee|wee|poo|go)|"
                                                                         r"(?:wet|soiled) (?:myself|himself|herself)|incontinen\w*|(?:can t|cannot|couldn t|unable to|struggling to|trouble|difficulty) (?:\S+ ){0,1}(?:pee|wee|urinate|pass urine|empty (?:my|his|her) bladder)|"
                                                                         r"both legs|sciatica (?:\S+ ){0,2}both|legs (?:\S+ ){0,3}(?:weak|numb|giving way)|(?:impotence|erection|sex) (?:\S+ ){0,3}(?:numb|can t feel))",
      r"(?:numb\w*|feel|control|wet|soiled|incontinen\w*|pee|wee|urinate|urine|bladder|bowel|both|legs|erection)",
      unless=(r"(?:pregnan\w*|uti|urine infection|water infection)(?! (?:\S+ ){0,4}back)",)),

    # === acute limb ischaemia =====================================================================
    R("limb_ischaemia", E, r"(?:<LIMB>) %4 (?:cold|white|pale|blue(?! inhaler| pump| puffer| badge| murder| in the face| moon| eyes| tooth)|mottled|grey|gray|purple|icy)|(?:cold|white|pale|blue(?! inhaler| pump| puffer| badge| murder| in the face| moon| eyes| tooth)|mottled) (?:\S+ ){0,2}(?:<LIMB>)",
      r"(?:<SUDDEN>|no pulse|can t feel (?:a |the |any )?pulse|can t (?:move|feel)|numb|agony|<SEVERE>|paralys\w*)",
      r"(?:<PAIN>|numb|can t move|no pulse|pulse)",
      unless=(r"(?:in the cold|when it s cold|winter|raynaud|chilblain|always cold|cold weather|snow)",)),
    R("limb_ischaemia", E, r"no pulse (?:\S+ ){0,3}(?:in|at) (?:my|his|her|the) (?:wrist|foot|feet|ankle|leg|arm|groin)"),
    # An injured or dislocated limb whose hand or foot has lost its blood supply: cold, pale or
    # blue below the injury, or no pulse (NHS 'Broken leg' / 'Broken arm or wrist': call 999; NICE NG37).
    R("limb_ischaemia", E, r"dislocat\w*|popped out|(?:out of|not in) (?:its |the )?(?:place|socket|joint)|broke|broken|fractur\w*|snapped|shattered|crushed|deformed|"
                          r"(?:bent|pointing|facing) (?:\S+ ){0,2}(?:wrong way|funny angle|odd angle|backwards|sideways)|wrong (?:way|angle)|funny angle|injur\w*|twisted|"
                          r"fell|fall|crash\w*|tackle\w*|trapped|caught|kicked|landed",
      r"(?:<LIMB>|below (?:the |it|that)\w*|under (?:the |it)\w*) (?:\S+ ){0,4}(?:cold|white|pale|(?<!black and )blue(?! inhaler| pump| puffer| badge| murder| in the face| moon| eyes| tooth)|grey|gray|mottled|icy|dusky)|"
      r"(?:cold|white|pale|(?<!black and )blue(?! inhaler| pump| puffer| badge| murder| in the face| moon| eyes| tooth)|grey|gray|mottled|icy|dusky) (?:\S+ ){0,2}(?:<LIMB>)|"
      r"no pulse|(?:can t|cannot|couldn t) (?:feel|find) (?:a |the |any |his |her |my )?pulse",
      unless=(r"(?:ice|icepack|ice pack|cold pack|frozen|cold compress|in the cold|outside|snow|winter|raynaud|chilblain|always cold|cold weather|paint|ink)",
              r"~(?:weeks ago|months ago|years ago|last year|a bit|slightly|a little|a tad)")),

    R("compartment_syndrome", E, r"(?:cast|plaster|splint|bandage|crush\w*|fracture|broken|broke|injury|injured|tight)",
      r"(?:pain|hurts|hurting|agony) (?:\S+ ){0,4}(?:unbearable|getting worse|worse and worse|excruciating|out of proportion|not helped|no better)|(?:<SEVERE>) (?:\S+ ){0,3}pain|painkillers (?:aren t|are not|don t|not) (?:\S+ )?(?:helping|working|touching)",
      r"(?:numb\w*|tingl\w*|pins and needles|can t (?:move|feel) (?:\S+ ){0,2}(?:toes|fingers)|toes|fingers|swollen|tight|pale|blue(?! inhaler| pump| puffer| badge| murder| in the face| moon| eyes| tooth)|cold)",
      unless=(r"(?:weeks ago|months ago|years ago)",)),

    # === chemical eye injury =====================================================================
    R("chemical_eye", E, r"(?:<CHEMICAL>) (?:\S+ ){0,6}(?:in|into|on|got in|went in|splashed|sprayed|squirted) (?:\S+ ){0,2}(?:my|his|her|their|the|both) (?:\S+ )?eyes?|"
                         r"eyes? (?:\S+ ){0,4}(?:splashed|sprayed|squirted|hit) (?:\S+ ){0,2}(?:with|by) (?:\S+ ){0,2}(?:<CHEMICAL>)|(?:splashed|sprayed|squirted|got) (?:\S+ ){0,3}(?:<CHEMICAL>) (?:\S+ ){0,3}(?:eye|eyes)",
      unless=(r"(?:shampoo|soap|sun ?cream|suncream|sunscreen|eye drops|contact lens solution|saline|water)(?! and)", r"(?:how (?:do|does|should|to|can|would)|what (?:should|to do|do you|do i do if|if|happens|are|is the)|prevent)")),

    R("chemical_eye", E, r"<CHEMICAL>", r"\beyes?\b", r"(?:in|into) (?:it|them|my eyes?|his eyes?|her eyes?|their eyes?|the eyes?|both eyes)|splash\w*|spray\w*|squirt\w*|got in|went in|flew in|getting (?:\S+ ){0,2}in",
      unless=(r"(?:shampoo|soap|sun ?cream|suncream|sunscreen|eye drops|contact lens solution|saline)(?! and)", r"(?:how (?:do|does|should|to|can|would)|what (?:should|to do|do you|do i do if|if|happens|are|is the)|prevent|should you)", r"~(?:smell|fumes|hands?|skin)")),
    R("chemical_eye", E, r"(?:<CHEMICAL>)", r"(?:splash\w*|spray\w*|squirt\w*|got|getting|went|flew|spat|spilled|spilt|blew|puffed|rubbed|rubbing|touched|wiped) (?:\S+ ){0,6}(?:eye|eyes)",
      unless=(r"(?:shampoo|soap|sun ?cream|suncream|sunscreen|eye drops|contact lens solution|saline)(?! and)", r"(?:how (?:do|does|should|to|can|would)|what (?:should|to do|do you|do i do if|if|happens|are|is the)|prevent|should you)")),

    # === neutropenic fever ======================================================================
    R("neutropenic_fever", E, r"@<CHEMO>", r"(?:<FEVER>|<RIGORS>|(?:temp|temperature|thermometer) (?:\S+ ){0,4}(?:37\.[5-9]|3[89](?:\.\d)?|[4][0-1](?:\.\d)?)|feel (?:\S+ )?(?:hot|shivery|unwell|awful|rough|terrible)|feels (?:\S+ )?(?:hot|shivery|unwell|awful))",
      unless=(r"(?:why do|why does|watch their temperature|what temperature|should (?:i|we) check|how often)(?! (?:\S+ ){0,3}now)", r"(?:years ago|in remission|finished chemo (?:\S+ ){0,2}years)")),

    # === choking =================================================================================
    R("choking", E, r"(?:chok\w*)(?! (?:hazard|back|policy|policies|risk|risks|assessment|procedure|plan|guidance|training|poster|course|prevention|first aid|drill|on (?:my|his|her) (?:words|tears)|on (?:all )?(?:the |this |that |my )?(?:paperwork|admin|emails|bills|debt|work|traffic|jealousy|laughter|cuteness|red tape|forms)))", unless=(r"(?:choked up|choking hazard|choke hold|choked (?:me|him|her)|choking (?:me|him|her)|strangl\w*|smoke|fumes)",)),
    R("choking", E, r"(?:can t|cannot|couldn t|unable to|won t) (?:\S+ ){0,1}swallow (?:\S+ ){0,2}(?:own )?(?:spit|saliva|spittle|dribble)|"
                    r"(?:stuck|lodged|caught) (?:\S+ ){0,2}(?:in|down) (?:my|his|her|their|the) (?:throat|windpipe|airway|gullet|food pipe|oesophagus|esophagus)",
      unless=(r"(?:pill|tablet|fish ?bone|lump in (?:my|the) throat|feeling of something)(?! (?:\S+ ){0,4}(?:can t breathe|drool|saliva|spit))",)),

    R("choking", E, r"(?:swallowed|inhaled|breathed in|choked on|put (?:\S+ ){0,2}in (?:his|her|their) mouth|sucked|ate) (?:\S+ ){0,3}(?:<SMALL_OBJECT>)|"
                    r"(?:put|stuck|shoved|popped) (?:a |an |the |some |one of )?(?:\S+ )?(?:<SMALL_OBJECT>) (?:\S+ ){0,2}(?:in|into|up) (?:his|her|their|my) (?:mouth|nose)",
      r"(?:cough\w*|wheez\w*|struggl\w*|<BREATHLESS>|breath\w*|chok\w*|gag\w*|blue(?! inhaler| pump| puffer| badge| murder| in the face| moon| eyes| tooth)|noisy|can t (?:talk|speak|cry|swallow))", unless=(r"(?:allerg\w*|hives)",)),
    R("caustic_ingestion", E, r"!(?:swallowed|ate|eaten|sucked) (?:\S+ ){0,3}(?:coins?|marbles?|beads?|buttons?|lego|a toy|pin|pins|needle|tack|screw|nail|earring|ring|stone|pebble|glass|razor|blade|toothpick|fish ?bone|chicken bone|bone)",
      r"(?:drool\w*|dribbl\w*|won t (?:eat|drink|swallow)|can t (?:swallow|eat)|refusing (?:food|to eat)|<VOMIT>|(?:chest|throat|neck|tummy|stomach) (?:\S+ ){0,2}(?:<PAIN>)|stuck|blood)"),

    # === spinal injury ===========================================================================
    R("spinal_injury", E, r"(?:<HIGH_ENERGY>|dived|dove|diving|fell|fall|fallen|tackle\w*|landed|thrown|crash\w*|trampoline|rugby|horse|accident|hit|collision|whiplash)",
      r"(?:(?:can t|cannot|couldn t|unable to|won t) (?:move|feel|lift)(?: (?:or|and|nor) (?:move|feel|lift))? (?:\S+ ){0,2}(?:legs|arms|feet|hands|toes|body|anything below)|paralys\w*|"
      r"(?:no|lost (?:all |the )?|losing (?:all |the )?) (?:feeling|sensation|movement) (?:\S+ ){0,3}(?:in|below|from) (?:his|her|my|their|both|the) (?:\S+ )?(?:legs|arms|feet|hands|waist|chest|neck|toes)|(?:legs|arms|hands) (?:\S+ ){0,3}(?:numb|tingling|weak|won t move|not moving)|"
      r"(?:neck|back|spine) (?:\S+ ){0,4}(?:hurts|<PAIN>|<SEVERE>) (?:\S+ ){0,6}(?:tingl\w*|numb|weak|pins and needles)|(?:tingl\w*|numb\w*|pins and needles|weak\w*) (?:\S+ ){0,4}(?:hands|arms|legs|feet|fingers) (?:\S+ ){0,6}(?:neck|back|spine))"),

    R("spinal_injury", E, r"(?:<HIGH_ENERGY>|dived|dove|diving|fell|fall|fallen|tackle\w*|landed|thrown|crash\w*|trampoline|rugby|horse|accident|collision|whiplash|head first|on (?:his|her|my) head)",
      r"(?:neck|back|spine) (?:\S+ ){0,3}(?:hurts|<PAIN>|stiff|cracked|clicked)", r"(?:arms|legs|hands|feet|fingers) (?:\S+ ){0,3}(?:weird|funny|strange|numb|tingl\w*|weak|heavy|dead|buzzing|electric)"),

    # === priapism ================================================================================
    R("priapism", E, r"(?:erection|hard on|boner|priapism) %6 (?:(?:[4-9]|[1-9]\d|four|five|six|seven|eight|several|many) hours|hours|won t (?:go|come) (?:down|away)|will not (?:go|come) (?:down|away)|not (?:going|gone) (?:down|away)|since (?:last night|this morning|yesterday)|all night|painful)|priapism",
      unless=(r"(?:what is|side effect|is priapism|medications?)(?! (?:\S+ ){0,3}(?:now|hours))",)),

    # === thunderclap headache =====================================================================
    R("thunderclap_headache", E, r"(?:worst|most severe|worse|most painful|most intense) (?:\S+ ){0,2}headache (?:\S+ ){0,4}(?:ever|life|i ve ever had|i ve had|ever had)|headache (?:\S+ ){0,3}(?:worst|most severe) (?:\S+ ){0,3}(?:ever|life)|thunderclap|"
                                 r"(?:sudden|suddenly|explosive|instant|came on (?:in seconds|suddenly|instantly)|out of nowhere|like being hit|like a (?:bat|hammer|thunderclap|gunshot|explosion|bomb)|hit (?:me )?like a) (?:\S+ ){0,4}(?:headache|head pain|pain in (?:my|his|her) head)|"
                                 r"(?:headache|head pain) (?:\S+ ){0,4}(?:came on|started|hit|began|struck) (?:\S+ ){0,3}(?:suddenly|in seconds|instantly|out of nowhere|like a|within (?:a )?(?:second|seconds|minute))|(?:headache|head) (?:\S+ ){0,4}like (?:being hit|a bat|a hammer|an explosion|a thunderclap|someone hit me)",
      unless=(r"(?:migraine (?:like|as) usual|my usual migraine|hangover|every day for weeks)",)),
    R("thunderclap_headache", E, r"(?:headache|head pain|migraine)", r"(?:during sex|after sex|orgasm|while straining|lifting weights)", r"(?:<SEVERE>|<SUDDEN>|stiff|<VOMIT>)"),

    # === alcohol withdrawal ========================================================================
    R("alcohol_withdrawal", E, r"(?:stopped|quit|gave up|giving up|stopping|cut out|cold turkey|no (?:\S+ )?(?:drink|alcohol|booze)|without (?:a )?(?:drink|alcohol)|withdraw\w*|detox\w*)", r"(?:drink\w*|alcohol|booze|boozing|drinker|alcoholic|vodka|wine|beer|cold turkey)",
      r"(?:<SEIZURE>|<HALLUCINATING>|<CONFUSED>|shaking (?:\S+ ){0,2}(?:badly|violently|uncontrollabl\w*|a lot|all over|like (?:mad|crazy|a leaf))|delirium|the dts|dts|agitated)"),

    # === delirium / sudden confusion ===============================================================
    R("delirium", E, r"(?:<SUDDEN>|today|since (?:this morning|last night|yesterday)|this morning|overnight|in the last (?:few )?(?:hours?|day)|all at once|just started|out of character|new)", r"<CONFUSED>",
      unless=(r"(?:gradual\w*|over (?:the )?(?:months|years)|for (?:months|years)|dementia (?:has been|is) (?:getting|slowly))",)),
    R("delirium", E, r"(?:<SUDDEN>|today|since (?:this morning|last night|yesterday)|overnight)", r"(?:very drowsy|really drowsy|so drowsy|drowsy|<DROWSY_SEVERE>|(?:won t|can t|not) (?:\S+ ){0,1}(?:eat|drink) (?:or drink )?anything)",
      r"(?:<ELDERLY>|<CHILD>|<INFANT>|drowsy|won t|floppy|limp)", unless=(r"(?:antihistamine|piriton|after (?:the )?(?:vaccine|jab|jabs)|hay fever|tablets? make)",)),
    R("delirium", E, r"<CONFUSED>", r"(?:<DROWSY>|<FEVER>|<VOMIT>|<FAINT>|<COLLAPSE>|<BREATHLESS>|<PALLOR>|<HEAD_BLOW>|fall|fell|headache|not eating|not drinking|stopped eating)",
      unless=(r"(?:gradual\w*|over (?:the )?(?:months|years)|for (?:months|years))", r"~(?:lately|recently|(?:past|last) (?:few |couple of )?(?:weeks|months|years))")),

    # === hip fracture / long lie ==================================================================
    # Someone seen lying on the floor who has been there a long time or does not move (a long lie).
    R("hip_fracture", E, r"(?:lying|laid|lay|sprawled|face down|collapsed|found(?: \S+){1,3}) (?:\S+ ){0,3}on (?:the|his|her|their) (?:\S+ )?(?:floor|ground|pavement)",
      # round 6: "found my grandad on his kitchen floor ... doesn't know how long he's been there", "freezing cold"
      r"(?:doesn t|don t|didn t|can t|no idea) (?:\S+ )?(?:know|remember|tell me|say) how long|how long (?:he s|she s|he has|she has|they ve) been (?:there|down|lying)|freezing|ice cold|icy cold|cold to (?:the )?touch|barely (?:talking|conscious|responding|awake|breathing)|"
      r"(?:all|the whole) (?:weekend|day|night|morning|afternoon)|for (?:hours|days|ages|a long time)|since (?:yesterday|last night|this morning|friday|saturday|sunday|monday|tuesday|wednesday|thursday)|"
      r"(?:not|isn t|hasn t been|hasn t) moving|won t (?:answer|open|respond|get up)|no answer|not answering|(?:through|in) the (?:window|letterbox|letter box)|looked in|hasn t (?:answered|been seen|come out|opened)",
      unless=(r"(?:yoga|stretch\w*|exercis\w*|pilates|tantrum|playing|watching|reading|sunbath\w*|relax\w*|sleeping bag|camping|my back (?:\S+ ){0,3}(?:better|helps))",
              r"~(?:dog|cat|puppy|kitten|pet)\b")),
    R("hip_fracture", E, r"(?:fell|fall|fallen|had a fall|slipped|tripped|on the floor|on the ground)", r"(?:(?:can t|cannot|couldn t|unable to|won t|not can|no can|not able to) (?:\S+ ){0,1}(?:get up|stand|stand up|walk|bear weight|put weight|move (?:her|his|my) leg)|leg (?:\S+ ){0,3}(?:shorter|turned out|turn out|turns out|turning out|rotated|twisted outwards|at an angle|pointing out)|"
                                                                                                             r"(?:on|lying on) the (?:floor|ground) (?:\S+ ){0,4}(?:hours|all night|since|overnight|a long time)|(?:hours|all night|overnight) on the (?:floor|ground))",
      r"(?:<ELDERLY>|hip|hours|all night|overnight|osteoporosis|shorter|turned out)", unless=(r"(?:ankle|wrist|toe|knee) (?:\S+ ){0,3}(?:swollen|sprain\w*|twist\w*)",)),

    # Round 6: someone found lying outdoors or somewhere odd who does not move, or is blue and cold
    # ("my neighbour's lying in his garden, his skin is blue and cold and he's not moving"; RC UK BLS).
    R("unresponsive", E, r"(?:lying|laid|lay|sprawled|slumped|face down|found (?:him|her|them)) (?:\S+ ){0,4}(?:in|on|at|by) (?:the |his |her |their |a |our )?(?:\S+ )?(?:garden|street|road|grass|snow|yard|driveway|drive|path|pavement|alley|park|field|stairs|bottom of the stairs|bath|car|shed|garage|doorway|hallway)",
      r"(?:not|isn t|hasn t been|won t|doesn t|no) (?:\S+ )?(?:moving|move|responding|respond|answering|waking|wake|breathing|movement)|(?:skin|lips|face|he|she|hands) (?:\S+ ){0,2}(?:blue|grey|gray) and cold|cold and (?:blue|grey|gray|stiff)",
      unless=(r"(?:sunbath\w*|reading|relax\w*|sleeping bag|camping|tantrum|playing|yoga|stargazing)", r"~(?:dog|cat|puppy|kitten|pet|bird|fox|hedgehog)\b")),

    # === mouth / neck infections that threaten the airway =============================================
    R("airway_infection", E, r"(?:swelling|swollen|swell\w*|abscess|infection|lump|puffed) (?:\S+ ){0,6}(?:neck|jaw|under (?:my|his|her) (?:tongue|chin|jaw)|floor of (?:my|his|her|the) mouth|throat|tonsil\w*|one side of (?:my|his|her) throat)|(?:neck|jaw|throat) (?:\S+ ){0,3}(?:swelling|swollen|swell\w*)|"
         # round 7: the place named first ("the floor of the mouth is swollen and hard")
         r"(?:floor of (?:my|his|her|the) mouth|under (?:my|his|her) (?:tongue|chin)) (?:\S+ ){0,6}(?:swelling|swollen|swell\w*|hard)",
      r"(?:(?:can t|cannot|couldn t|unable to|hard to|harder to|difficult to|struggling to|trouble|difficulty|painful to) (?:\S+ ){0,1}(?:swallow|breathe|breath|open (?:my|his|her) mouth|talk|speak)|(?:can t|cannot|couldn t|unable to|won t) (?:\S+ ){0,4}open (?:my|his|her|their) mouth|can t swallow|drool\w*|muffled|hot potato|<BREATHLESS>|saliva|spit|noisy breathing|stridor|"
         r"tongue (?:\S+ ){0,3}(?:pushed up|pushed back|lifted|raised|sticking out)|(?:throat|airway) (?:\S+ ){0,2}(?:closing|closing up)|struggling to get air)",
      unless=(r"(?:no trouble|no difficulty|not struggling)",)),
    R("airway_infection", E, r"(?:can t|cannot|couldn t|unable to|won t) (?:\S+ ){0,1}swallow (?:\S+ ){0,2}(?:spit|saliva|dribble)", r"(?:<FEVER>|swollen|swelling|muffled|tonsil\w*|throat|one side)"),

    # === necrotising soft tissue infection ==========================================================
    R("necrotising_infection", E, r"(?:redness|red|swelling|infection|it|rash|skin|area|cellulitis|bruise|bruising|wound) (?:\S+ ){0,4}(?:spreading|spreads|spread|growing|getting bigger) (?:\S+ ){0,4}(?:really |very |so )?(?:fast|quickly|rapidly|by the hour|every hour|before my eyes|you can see it)",
      r"(?:(?:pain|hurts|agony) (?:\S+ ){0,3}(?:unbearable|out of proportion|excruciating|severe|so bad|worst)|<SEVERE>|(?:dark|black|purple|grey|gray|dusky|blistering|blisters|crackl\w*|dying) |(?:feel|feels|feeling) (?:really |very |so )?(?:ill|unwell|awful|terrible|rough)|<FEVER>|<CONFUSED>|<DIZZY>|<FAINT>)"),

    R("necrotising_infection", E, r"(?:wound|skin|cut|bite|toe|toes|finger|fingers|foot|leg|area|scab|blister|sore|ulcer|redness) (?:\S+ ){0,4}(?:turning|gone|going|turned|went|is|looks|getting) (?:\S+ ){0,1}(?:black|purple|dark|grey|gray|dusky|blue black)",
      r"(?:<PAIN>|<FEVER>|<SEVERE>|spreading|smell\w*|numb|unwell|ill|worse)", unless=(r"(?:bruis\w*|tattoo|toenail|nail|hair|dye|ink|mole|birthmark|henna)",)),
    R("necrotising_infection", E, r"(?:<LIMB>|wound|skin|cut|bite|area|redness|swelling|it) (?:\S+ ){0,5}(?:swollen|swelling|red|purple|black|dark|dusky|blistering)",
      r"(?:within (?:hours|a few hours|an hour)|by the hour|in hours|(?:really|very|so) (?:fast|quickly)|rapidly|before my eyes|overnight)",
      r"(?:<SEVERE>|unbearable|purple|black|dusky|<FEVER>|<FAINT>|<CONFUSED>)", unless=(r"(?:bruis\w*|sprain\w*|twist\w*|sting|stung|bite from a (?:mosquito|midge))",)),
    R("necrotising_infection", E, r"(?:pain|hurts|hurting|agony) (?:\S+ ){0,3}(?:way |much |far |a lot )?(?:worse|more|bigger|greater) than (?:it looks|it should|you d expect|the wound|expected|it looks like)|pain (?:\S+ ){0,2}out of proportion"),

    # === strangulation ============================================================================
    R("strangulation", E, r"(?:strangled|strangling|strangle|choked|choking|throttled|throttling) (?:me|him|her|them|my)|(?:hands?|arm|rope|belt|cord|ligature) (?:\S+ ){0,2}(?:around|round|on) (?:my|his|her|their) (?:neck|throat)|"
                          r"(?:tried|trying) to strangle|non fatal strangulation|strangulation|(?:hanging|hanged|hung) (?:him|her)self|found (?:\S+ ){0,3}hanging"),

    # === hypertensive crisis ======================================================================
    R("hypertensive_crisis", E, r"(?:blood pressure|bp|reading) (?:\S+ ){0,4}(?:(?:1[89]\d|2\d\d)/\d{2,3}|\d{2,3}/(?:1[2-9]\d))|(?:1[89]\d|2\d\d)/(?:1[1-9]\d|\d{2})",
      r"(?:headache|<CHEST>|vision|blurr\w*|<CONFUSED>|<BREATHLESS>|<VOMIT>|nose ?bleed|<DIZZY>|weak|numb|pounding|<SEVERE>)", unless=(r"<PREGNANT>",)),

    # === adrenal crisis ===========================================================================
    R("adrenal_crisis", E, r"(?:addison\w*|adrenal insufficiency|adrenal|hydrocortisone|steroid dependent|on (?:long term )?steroids|hypopituitar\w*|cah)", r"(?:<VOMIT>|can t keep (?:\S+ ){0,2}down|<DIZZY>|<FAINT>|<CONFUSED>|<DROWSY>|<COLLAPSE>|diarrh\w*|<PALLOR>)",
      r"(?:<VOMIT>|<FAINT>|<CONFUSED>|<DROWSY>|<COLLAPSE>|can t keep)"),

    # === round 2: intent, combinations of severity that are emergencies wherever they occur =========
    # Intent or a plan for suicide told without the word: tablets saved up or about to be taken all
    # at once, or a farewell together with a means at hand or having started.
    R("crisis", E, r"(?:saving|saved|stockpil\w*|hoard\w*|collect\w*|stashed|stashing|squirrelled|squirreled) (?:up |away )?(?:\S+ ){0,3}(?:<DRUG>|insulin)|"
                   r"(?:<DRUG>|insulin) (?:\S+ ){0,3}(?:saved up|stockpiled|hoarded|stashed|collected)|"
                   r"(?:going to|gonna|planning to|plan to|decided to|about to|ready to|will|ll|want to) (?:\S+ ){0,2}(?:take|swallow|down|neck) (?:them|these|those|it|the lot|every one|all) (?:all|at once|in one go|together)|"
                   r"(?:take|swallow|down|neck) (?:all|the whole lot|every one) of (?:them|my|his|her|the|these)",
      unless=(r"(?:dispose|get rid|pharmacy take back|safely|expired)",)),
    R("crisis", E, r"(?:texted|messaged|posted|sent|wrote|written|left) (?:\S+ ){0,3}(?:goodbye|good bye|farewell)|(?:goodbye|farewell) (?:letter|note|message|text|post)s?|"
                   r"(?:saying|said|say) goodbye (?:to (?:everyone|us all|me for good)|forever|for good|for the last time)|"
                   r"(?:not|isn t|wasn t) (?:anyone|anybody|your|their|his|her|my family) s? ?fault|(?:wanted|want|just wanted) (?:someone|somebody|you|people|them|my \S+) to know|"
                   r"done pretending|tired of (?:living|life|being alive)|this is (?:the end|goodbye)|(?:said|says|saying|texted|messaged|wrote|sent) (?:\S+ ){0,5}this is it|i m ready to go|it s time (?:for me )?to go|see you on the other side|(?:sorry|apologi\w*) for everything|(?:i|we) love you all|"
                   r"(?:saying|said|says|texted|messaged|wrote|telling|told) (?:\S+ ){0,3}(?:she|he|they) (?:loves?|love) (?:us|me|you|them|everyone|her \S+|his \S+)|(?:nothing|no one|nobody|not much) (?:left )?to live for|no reason (?:left )?to (?:live|go on|stay|be here)|"
                   r"(?:better|easier) (?:off )?without me|won t be (?:here|around|alive) (?:\S+ ){0,2}(?:tomorrow|much longer|any ?more|by morning)|"
                   r"(?:don t|do not) want (?:anyone|anybody|them|you|my \S+) to find me|find me too (?:early|soon)|"
                   r"(?:written|wrote|writing|left) (?:\S+ ){0,2}letters? (?:to|for) (?:my (?:kids|children|family|wife|husband|partner|parents|mum|dad|son|daughter)|everyone)|"
                   r"(?:look after|take care of) (?:my|the) (?:kids|children|dog|cat|pets?) (?:for me|when i m gone)|"
                   r"(?:can t|cannot) (?:do|take) (?:this|it) (?:\S+ )?(?:any ?more|any longer)",
      r"<DRUG>|insulin|(?:bottle|bottles) of (?:whisky|whiskey|vodka|wine|gin|rum)|rope|noose|ligature|razor|blades?|knife|gun|shotgun|rifle|"
      r"bridge|cliff|(?:train|railway) (?:tracks?|line)|motorway|(?:car|engine) (?:\S+ ){0,2}running|exhaust|hose|charcoal|garage|"
      r"(?:already|just) (?:taken|took|swallowed|had|started|done)|(?:today|now|tonight) is the (?:day|night)|"
      r"gone missing|(?:been|is|s|was) (?:really |very |so )?(?:low|depressed|suicidal)"),
    R("crisis", E, r"(?:nothing|no one|nobody) (?:left )?to live for|no reason (?:left )?to (?:live|go on|stay alive)|tired of (?:living|being alive)|"
                   r"(?:wish|wished) (?:i|he|she) (?:was|were) dead|(?:won t|will not) be (?:here|around|alive) (?:tomorrow|by morning)"),
    # Harm to others: a weapon taken together with a threat or a grievance.
    R("crisis", E, r"(?:taken|took|grabbed|picked up|got|has got|s got|carrying|hiding|hid|bought|holding|waving) (?:a |the |his |her |my |our |dad s |mum s |some )?(?:\S+ )?(?:knife|knives|gun|shotgun|rifle|machete|blade|axe|hammer|baseball bat|weapon|petrol|lighter fluid|matches)",
      r"(?:make (?:\S+ ){0,5}pay|get (?:him|her|them|back at|even with)|revenge|teach (?:him|her|them) a lesson|sort (?:him|her|them) out|"
      r"going to (?:get|hurt|kill|stab|do|sort)|kill|hurt|stab|shoot|deserves? (?:it|to die|what)|show (?:them|him|her)|threaten\w*|furious|rage)",
      unless=(r"(?:cutting|chopping|slicing|cooking|peeling|carving|to cut|sharpen\w*)",)),
    # A seriously disturbed mind after a birth, or with a weapon.
    R("postpartum_psychosis", E, r"<POSTPARTUM>", r"<PSYCHOSIS>"),
    R("crisis", E, r"<PSYCHOSIS>", r"knife|knives|weapon|gun|(?:hurt|harm|kill|attack|protect) (?:\S+ ){0,2}(?:him|her|them|me|us|the baby|someone|people|himself|herself|themselves)|jump (?:off|out|from)"),
    # Dizziness with a second sign of the back of the brain: double vision, veering, slurring.
    R("stroke", E, r"<DIZZY>|vertigo|(?:room|world|everything|head) (?:\S+ ){0,2}(?:spinning|spins|spun|started spinning)",
      r"<DOUBLE_VISION>|veer\w*|(?:falling|fall|falls|leaning|lean|leans|pulled|pulling|tipping|toppling|stagger\w*) (?:over )?(?:to|towards) (?:one side|the (?:left|right))|slurr\w*|"
      r"(?:can t|cannot|couldn t|unable to) (?:walk|stand) (?:straight|properly|without|in a straight line|up straight)|(?:face|arm|leg|side) (?:\S+ ){0,2}(?:numb|weak)|(?:can t|cannot) (?:swallow|speak)",
      unless=(r"(?:stood up too|stand up too|standing up too|bppv|labyrinthitis|ear infection|hangover|hung over|drunk|drinking|alcohol|intoxicat\w*|beers?|pints|vodka|wine|boat|seasick|motion sickness|dentist|dental|filling|anaesthetic|anesthetic)",
              r"~(?:for (?:weeks|months|years)|on and off|(?:past|last) (?:few |couple of )?(?:weeks|months|years)|migraines?|every time|whenever|usually|always|lately|(?:when|if) (?:i|he|she) (?:move|roll|turn|lie|look up|get up|stand|bend))")),
    # Narrow-margin medicines with signs of toxicity.
    R("medicine_toxicity", E, r"@(?:lithium|priadel|camcolit|digoxin|lanoxin|phenytoin|carbamazepine|tegretol|theophylline|aminophylline)",
      r"<VOMIT>|<DIARRHOEA>", r"shak\w*|trembl\w*|tremor|wobbly|unsteady|<DIZZY>|twitch\w*|jerk\w*|stagger\w*|clumsy",
      r"slurr\w*|words (?:\S+ ){0,3}(?:slow|slurred|wrong|funny)|<CONFUSED>|<MILD_CONFUSION>|<DROWSY>|(?:yellow|green) (?:vision|tinge)|seeing (?:yellow|green)|halos|"
      r"(?:heart|pulse) (?:\S+ ){0,3}(?:slow|irregular)|<FAINT>", at_least=3, strong=1),
    # A venomous animal with any sign that the venom is acting.
    R("envenomation", E, r"<VENOMOUS>", r"(?:bit|bite|bites|bitten|struck|stung|sting|stings|got (?:me|him|her|them|my \S+|his \S+|her \S+)|puncture\w*|fang\w*|(?:two|2) (?:\S+ )?(?:marks|holes|dots|wounds)|stepped on|trod on|grabbed)",
      r"<SWELL>|<NAUSEA>|<FAINT>|<DIZZY>|<BREATHLESS>|<DROWSY>|<CONFUSED>|numb\w*|tingl\w*|bleed\w*|bruis\w*|spreading|moving up|going up|<SEVERE>|<PAIN>|<SWEAT>|<PALLOR>|blurr\w*|droop\w*",
      unless=(r"(?:corn snake|python|grass snake|garter snake|king ?snake|milk snake|pet snake|how (?:do|to|can)|prevent|avoid|documentary|zoo|(?:nearly|almost) (?:stepped|trod))",)),
    # Fever after a birth or an operation with rigors, a racing heart, confusion or breathlessness.
    R("sepsis", E, r"<POSTPARTUM>|<SURGERY>", r"<FEVER>|<RIGORS>|<INFECTION_WORD>",
      r"<TACHY>|<RIGORS>|shaking|(?:a bit |slightly )?(?:confused|muddled)|<CONFUSED>|<BREATHLESS>|<PALLOR>|<FAINT>|<DROWSY_SEVERE>|<LOW_BP>",
      unless=(r"~(?:years ago|months ago|last year|healed|healing well|recovered)",)),
    # A child with a household chemical or poison and any sign, in any order ("found her with the
    # bleach, she's coughing, I think she drank some").
    R("poisoning", E, r"<CHILD>|\bhe\b|\bshe\b", r"!(?:<TOXIC>|<CHEMICAL>|vape(?: \S+)?|refill|e cig\w*)",
      r"!(?:drank|drunk|drink some|swallowed|swallow some|ate|eaten|licked|sucked|chewed|sipped|had (?:some|a sip|a mouthful|a swig|a taste|a lick|a drink)|got (?:some |it )?in (?:his|her|their) mouth|put (?:it|some) in (?:his|her|their) mouth)",
      r"<VOMIT>|<NAUSEA>|cough\w*|chok\w*|gag\w*|drool\w*|dribbl\w*|crying|screaming|burn\w*|(?:mouth|lips|tongue|throat) (?:\S+ ){0,3}(?:red|sore|burn\w*|blister\w*|swollen|white)|"
      r"smell\w* (?:of|like)|think (?:\S+ ){0,2}(?:drank|swallowed|ate|had|licked)|might have|may have|open|empty|lid (?:was )?off|missing|<DROWSY>|<BREATHLESS>|<SWEAT>|<CONFUSED>",
      unless=(r"toothpaste|a lick of soap|a tiny bit of soap|bubble bath|(?:water|juice|milk) (?:from|out of) (?:a|the) (?:clean|rinsed|new)",)),
    # A spiked drink with any sign that it is working.
    R("poisoning", E, r"(?:drink|drinks|glass|pint) (?:\S+ ){0,3}(?:spiked|drugged|tampered with)|spiked (?:my|her|his|their|our|the) (?:drink|drinks)|(?:been|was|got|get|getting|were|think i was) (?:\S+ )?(?:drugged|roofied)|"
                      r"(?:i|she|he|we|they) (?:\S+ ){0,2}(?:was|were|been|got) spiked|put something in (?:my|her|his|their) drink",
      r"<DROWSY>|<CONFUSED>|<FAINT>|<DIZZY>|<VOMIT>|<UNRESPONSIVE>|<DOUBLE_VISION>|can (?:barely|hardly) (?:stand|walk|move|keep)|can t (?:stand|walk|move|keep (?:my|his|her) eyes open)|<BREATHLESS>|paralys\w*|floppy|<SEIZURE>",
      unless=(r"~(?:last (?:week|weekend|month|year)|weeks ago|months ago|get tested|test for|tested for)",)),
    # Oxygen saturation of 92% or less (NHS pulse oximetry: 92% or lower, A&E or 999); too breathless to get a sentence out.
    R("breathing", E, r"(?:oxygen|o2|sats|saturations?|spo2|oximeter|pulse ox\w*|oxygen (?:level|levels|reading)) (?:\S+ ){0,4}(?:[5-8]\d|9[0-2])(?: ?%| percent)?(?! years| weeks| mg| kg| minutes)",
      unless=(r"~(?:usually|normally|always|baseline|target|is it|what should|when i was|normal for (?:me|him|her))",)),
    R("breathing", E, r"too (?:\S+ ){0,2}(?:breathless|puffed|winded|out of breath|short of breath) to (?:speak|talk|get (?:a |the )?(?:sentence|words?) out)|"
                      r"(?:can t|cannot|couldn t|can barely|can hardly) (?:get|finish|complete|say) (?:a |the |my |his |her )?(?:full |whole )?(?:sentence|sentences)(?: out)?"),
    # Acute angle-closure glaucoma: a painful red eye with haloes; an eye injury with blood or lost sight.
    R("vision_loss", E, r"<EYE>", r"halos?|haloes|rainbows?|(?:rings?|circles?) (?:\S+ ){0,2}(?:round|around) (?:\S+ ){0,2}lights?", r"<SEVERE>|\bred\b|<NAUSEA>|headache|aching like|agony",
      unless=(r"~(?:screens?|contact lens\w*|night driving|driving at night|cataract|for (?:weeks|months|years)|always)",)),
    R("vision_loss", E, r"(?:hit|struck|punched|elbowed|poked|whacked|smacked|caught|kicked|jabbed) (?:\S+ ){0,4}(?:in|on) (?:the |my |his |her )?eye|"
                        r"(?:ball|stick|branch|fist|elbow|cork|firework|stone|paintball|pellet|bungee|bb|dart|finger) (?:\S+ ){0,4}(?:in|into|hit|struck|caught) (?:\S+ ){0,2}eye",
      r"blood (?:\S+ ){0,3}(?:in|inside|behind|filling|across) (?:\S+ ){0,2}(?:eye|it)|(?:full of|filled with|pool of|layer of) blood|"
      r"(?:can t|cannot|couldn t|unable to) see (?:out of|with|anything|much|properly|a thing)|(?:can hardly|can barely) see|"
      r"(?:lost|losing|no) (?:\S+ )?(?:vision|sight)|(?:vision|sight) (?:\S+ ){0,2}(?:gone|lost|dark|black|blurr\w*)|pupil (?:\S+ ){0,3}(?:odd|strange|misshapen|funny|different|tear\w*)|<DOUBLE_VISION>"),
    R("dialysis", E, r"@(?:dialysis|kidney failure|renal failure|end stage kidney)", r"missed|skipped|didn t go|couldn t go|not had (?:\S+ ){0,2}(?:dialysis|session)|no dialysis|<BREATHLESS>",
      r"heart (?:\S+ ){0,4}(?:strange\w*|funny|odd\w*|irregular\w*|slow|racing|skipping|weird\w*|flutter\w*|pounding|wrong)|palpitations|weak|weakness|<BREATHLESS>|<FAINT>|<CONFUSED>|<DROWSY>|numb|tingl\w*|<CHEST> %3 (?:<PAIN>|<CARDIAC_FEEL>)|<SWELL>"),
    # A known allergy, the allergen taken, and any sign beyond the skin (RC UK 2021: airway, breathing, gut).
    R("anaphylaxis", E, r"(?:allergic|allergy|allergies) (?:\S+ ){0,2}(?:to )?(?:<ALLERGEN_STRICT>|sesame|milk|eggs?|fish|kiwi|wheat|soy\w*|lupin|mustard|celery)|"
                        r"(?:<ALLERGEN_STRICT>|sesame|milk|egg|fish|kiwi|wheat|soy\w*) (?:allergy|allergic)|epipen|epi pen|anaphyla\w*",
      r"(?:ate|eaten|eating|had|swallowed|tasted|bit|licked|touched|kissed|stung|exposed|took|taken|contained|containing|with (?:\S+ )?(?:in it|nuts|sesame))",
      r"cough\w*|throat|voice|wheez\w*|<BREATHLESS>|<VOMIT>|(?:lips?|tongue|face|mouth|eyes) (?:\S+ ){0,3}<SWELL>|<SWELL> (?:\S+ ){0,2}(?:lips?|tongue|face|mouth)|<DIZZY>|<FAINT>|floppy|<DROWSY>|<PALLOR>|(?:tummy|stomach) (?:\S+ ){0,2}(?:pain|ache|cramps)",
      unless=(r"~(?:years ago|as a (?:child|kid|baby)|last (?:year|time)|grew out|outgrown|a cold|the flu|covid|hay fever|chest infection)", r"(?:how|what|should i carry|school|nursery|plan)(?! (?:\S+ ){0,4}(?:now|just))")),
    # Alcohol in a child or teenager who is slurring, can't stand, vomiting or drowsy.
    R("poisoning", E, r"<CHILD>|teen\w*|\b1[2-7]\b", r"vodka|alcohol|drunk|spirits|booze|gin|rum|whisky|whiskey|wine|beer|cider|alcopops?|shots",
      r"slurr\w*|(?:can t|cannot|can barely|can hardly|couldn t) (?:stand|walk|stay awake|wake)|<UNRESPONSIVE>|<DROWSY>|<CONFUSED>|floppy|<SEIZURE>|passed out",
      unless=(r"(?:cook\w*|recipe|sauce|trifle|how much|what age|legal|allowed|let (?:him|her) have)",)),
    # Evidence of what was taken: an empty bottle or packet found.
    R("poisoning", E, r"!(?:empty|half empty|opened|open) (?:\S+ ){0,2}(?:packet|packets|bottle|bottles|box|boxes|blister packs?|strips?|tub|jar) (?:\S+ ){0,2}(?:of )?(?:<DRUG>|vodka|alcohol|pills|tablets)|"
                      r"!(?:<DRUG>) (?:\S+ ){0,2}(?:packet|bottle|box|strip)s? (?:\S+ ){0,2}(?:empty|half empty)",
      r"<UNRESPONSIVE>|<DROWSY>|<CONFUSED>|<VOMIT>|slurr\w*|(?:can t|cannot) (?:stand|walk|wake)|floppy|<BREATHLESS>|<SEIZURE>|<FAINT>|<COLLAPSE>"),
    # Pregnant with waters broken and something felt or seen in the vagina: a cord until shown otherwise.
    R("labour", E, r"<PREGNANT>|<LATE_PREGNANCY>|labour|contractions", r"waters|gush\w*|fluid|leaking",
      r"(?:feel|felt|see|saw|can feel|something|loop|cord) (?:\S+ ){0,4}(?:in|coming out of|hanging (?:out of|from)|out of|at) (?:my|her|the) (?:vagina|birth canal|down below|privates|opening)|"
      r"(?:something|a loop) (?:\S+ ){0,3}(?:coming out|hanging out|hanging down)"),
    # A dislocated hip (often a replaced one), or a major joint out with a limb that won't move.
    R("major_trauma", E, r"hip (?:replacement )?(?:\S+ ){0,2}(?:dislocated|popped out|come out|came out)|dislocated (?:his|her|my|the) (?:new |replaced )?hip"),
    R("fracture", U, r"dislocat\w*|popped out|came out of (?:the )?socket|out of (?:its |the )?socket"),
    # A sting or bite with swelling past the next joint: a large local reaction.
    R("allergy", U, r"stung|sting|stings|bitten|bite|bit", r"<SWELL> (?:\S+ ){0,4}(?:to|up to|past|all the way to|right up to|as far as) (?:the |his |her |my )?(?:elbow|knee|wrist|shoulder|ankle|armpit|whole)|(?:whole|entire) (?:arm|leg|hand|foot) (?:\S+ ){0,2}<SWELL>"),
    # A painful, hot lump with a fever: an abscess.
    R("skin_infection", U, r"(?:lump|swelling|boil|abscess) (?:\S+ ){0,4}(?:armpit|groin|bum|bottom|buttock|breast|neck|leg|arm|back)|(?:swollen|painful|tender|red|hot) (?:\S+ ){0,2}lump",
      r"<FEVER>|<PAIN>|hot|red|pus|growing|bigger"),
    # Angina that the GTN spray does not relieve (NHS: call 999 if no better after the second dose).
    R("cardiac", E, r"@(?:angina|gtn|glyceryl|nitro\w*|heart spray|(?:my|his|her|the) spray)",
      r"<TREATMENT_FAILING>|(?:second|2nd|third|3rd|two|three|another) (?:dose|puffs?|sprays?)|(?:\d+|twenty|fifteen|ten|thirty) minutes|still (?:got|have|there|going|hurting)|worse than (?:usual|normal)",
      unless=(r"(?:prescri\w*|how (?:do|often|many)|side effects?|headache from)",)),
    # Someone on the edge of a bridge, roof or cliff who won't come back.
    R("crisis", E, r"(?:on|standing on|sitting on|climbed|climbing|over) (?:the |a )?(?:\S+ )?(?:edge|ledge|railing|railings|parapet|wrong side) (?:of )?(?:\S+ ){0,2}(?:bridge|building|cliff|car park|multi storey|balcony|roof|tower|flats)|"
                   r"(?:bridge|cliff|roof|balcony|ledge) (?:\S+ ){0,4}(?:won t come (?:down|back|in|off)|refus\w* to (?:come|move)|threatening to jump|going to jump)|"
                   r"(?:standing|sitting) on (?:the |a )?(?:bridge|roof|ledge) (?:\S+ ){0,4}(?:railing|edge|won t|threatening)"),
    # Round 6: at a height or a railway, thinking of stepping off or in front ("standing on the railway bridge
    # for an hour thinking about stepping off"); a rope taken somewhere (NICE NG225; Samaritans).
    R("crisis", E, r"(?:use|turn|point|pointing|using) (?:it|the knife|a knife|the blade|the gun|a gun|them|the razor) on (?:my|him|her|them) ?sel(?:f|ves)"),
    R("crisis", E, r"(?:think\w*|thought|want\w*|going|urge\w*|tempted|ready|close|about) (?:\S+ ){0,2}(?:to |about |of )?(?:stepping|step|jumping|jump|throwing (?:my|him|her)self|walk\w*|driving|drive|lying down|lie down) (?:off|over|in front of|into|under|on the)|step off|stepping off",
      r"bridge|cliff|roof|ledge|edge|platform|tracks?|railway|train|motorway|balcony|car park|multi storey|tower|river",
      unless=(r"(?:bus|kerb|curb|pavement|ladder|stage|boat|plane|scales|diving board|pool|bungee|zip ?wire|parachute|skydiv\w*)",)),
    R("crisis", E, r"(?:got|has|have|bought|taken|took|packed|carrying|with|brought|hidden|hid|hiding) (?:a |the |some |his |her |my )?(?:\S+ (?:and|,) (?:a |the |some |his |her |my )?)?(?:rope|noose|ligature|hose ?pipe)",
      r"(?:driving|going|heading|walking|gone|went|drove|off) (?:\S+ ){0,3}(?:woods|forest|bridge|cliff|railway|garage|loft|attic|somewhere quiet|beach)|tonight|goodbye|no one will|nobody will|"
      r"(?:giving|gave|given) (?:\S+ ){0,3}away|walked out|left the house|storm\w* out|(?:saying|said|says) sorry (?:to everyone|for everything)|left (?:a|me a|us a) (?:note|voicemail|message|letter)",
      unless=(r"(?:swing|climb\w*|camping|tent|boat|washing line|tow\w*|dog|lead|hammock|knot|sailing|abseil\w*|skipping|tug of war|tree ?house|gym|garden)",)),
    # round 7: a plan told by its preparations, without the word suicide: affairs put in order or pets and
    # things given away, with a time, a place or a means ("tonight feels like the right time", "I know exactly
    # how and when", "got the pills ready ... how many would be enough") (NICE NG225 Self-harm; Samaritans and NHS 'Help for suicidal
    # thoughts': giving things away, putting affairs in order and sudden calm are warning signs)
    R("crisis", E, r"(?:given|gave|giving|give) (?:\S+ ){0,3}(?:away|to (?:my|his|her|a) \S+)|rehom\w*|(?:sister|brother|friend|neighbour|mum|dad|parents) (?:is |are )?(?:taking|having|will take|will have|ll take|ll have) (?:the|my|his|her) (?:cats?|dogs?|pets?|kids|children|rabbit)|"
                   r"sorted (?:out )?(?:all )?(?:my|the|his|her) (?:bank|money|finances|affairs|will|stuff|accounts|bills|paperwork)|paid (?:off|back) (?:what|all|everything|my|his|her|the)|(?:affairs|things|everything) in order|"
                   r"(?:written|wrote|made|updated|sorted|done) (?:my|a|his|her|the) will|cancel\w* (?:my|his|her) (?:phone|contract|subscriptions?|gym)|said goodbye|saying goodbye|"
                   r"(?:handing|handed|hand|hands|giving|gave|given) (?:out|away) (?:\S+ ){0,2}(?:stuff|things|belongings|possessions)|cleared out (?:my|his|her) (?:flat|room|house|desk|locker)|"
                   r"left (?:my|his|her) (?:dog|cat|pets?|kids|children) with|(?:written|wrote|left) (?:a|my|his|her) (?:note|letter)s? (?:for|to)|"
                   r"made (?:my |his |her )?peace with (?:everyone|everybody|everything|the world|it all)|sorted (?:out )?who gets (?:what|my|his|her)|"
                   r"paid (?:off |back )?(?:all )?(?:my|his|her) debts|(?:instructions|plans|arrangements|wishes) for (?:my|his|her) funeral|(?:planned|arranged) (?:my|his|her) (?:own )?funeral|"
                   r"not (?:scared|afraid|frightened|worried) (?:any ?more|now)|at peace|(?:strangely|weirdly|oddly|so|really|very|feel|feeling|felt) calm|everything s sorted|everyone (?:will|would|ll) be better off",
      r"(?:know|decided|worked out|planned|picked|chosen|sorted) (?:\S+ ){0,3}(?:where|when|how) (?:i m|i am|i ll|i will|he s|she s|he ll|she ll|to) (?:going to |gonna )?(?:do it|end (?:it|things|my life)|go through with it)|"
      r"(?:going to|gonna|will|ll) do it (?:on|this|tonight|tomorrow|at the weekend|next|soon)|(?:i m|i am|he s|she s|he is|she is) doing it (?:on|this|tonight|tomorrow|at the weekend|next|soon)|"
      r"(?:got|have|ve got|has|s got) (?:the|my|his|her|enough) (?:tablets|pills|rope|insulin|pens)|(?:got|have|ve got|has|s got) (?:\S+ ){0,10}(?:pills|tablets)(?: \.)? (?:tonight|today)|know (?:exactly )?(?:how|when|where) and (?:how|when|where)|"
      r"(?:make sure|so that|so) (?:i|he|she) (?:don t|doesn t|won t|never|will not|do not) wake (?:up)?(?! (?:\S+ ){0,2}(?:in the night|at night|early|the baby|the kids|everyone|anyone|tired|with|feeling))|"
      r"(?:tonight|today|tomorrow|this weekend) (?:feels like|is) the (?:right )?(?:time|night|day)|"
      r"how (?:many|much) (?:\S+ ){0,3}(?:would|will|is|are) (?:be )?(?:enough|kill|fatal|lethal)|"
      r"(?:enough|saved|stockpiled|hoarded) (?:\S+ ){0,3}(?:insulin|pills|tablets|pens|paracetamol)|(?:just )?wonder\w* how long (?:it|does it|will it|would it) takes?|how (?:i m|i am|he s|she s) going to end|want (?:it|this) to be over",
      unless=(r"(?:moving (?:abroad|house|away|out)|emigrat\w*|retir\w*|downsiz\w*|travel\w*|training|warning signs?|course|holiday)",)),
    # Clutching the chest with any sign of shock or distress.
    R("cardiac", E, r"(?:clutch\w*|grabb\w*|grasp\w*|gripping|holding|pointing at|pressing on|hand on) (?:his|her|my|their) (?:chest|heart|left arm)",
      r"<PALLOR>|<SWEAT>|<BREATHLESS>|<FAINT>|<DIZZY>|<NAUSEA>|(?:sat|sit|sitting|lay|lie) down|can t (?:talk|speak)|<COLLAPSE>|<CONFUSED>",
      unless=(r"~(?:cough\w*|sneez\w*|laugh\w*)",)),
    # Vomit with "blood in it": the vomit is named in an earlier clause.
    R("gi_bleed", E, r"<VOMIT>", r"(?:blood|bloody|black bits|coffee grounds?) (?:\S+ ){0,2}in (?:it|them|there)|it s (?:\S+ ){0,2}(?:bloody|got blood)|(?:streaks?|clots?|flecks?) of blood",
      unless=(r"~(?:poo|stool|diarrh\w*|wee|urine|pee|nappy|tissue|snot|phlegm|spit|nose)",)),
    # A cast or plaster with a numb, discoloured or swelling limb, even without pain mentioned.
    R("compartment_syndrome", E, r"cast|plaster|splint|brace|bandage", r"can t feel|numb\w*|pins and needles|tingl\w*|dead",
      r"purple|blue(?! inhaler| pump| puffer| badge| murder| in the face| moon| eyes| tooth)|white|grey|gray|dusky|cold|black", r"<SWELL>|tight|(?:can t|cannot) (?:move|wiggle)|<SEVERE>|agony",
      at_least=3, strong=1, unless=(r"~(?:weeks ago|months ago|years ago|came off|taken off)",)),
    # An unseen sting or spike (in the sea, on the beach) with systemic signs.
    R("envenomation", E, r"(?:two|2) (?:\S+ )?(?:puncture marks|puncture wounds|fang marks|little holes|tiny holes|holes|marks|dots)|(?:stung|bitten|bit|stepped on|trod on|stood on|spiked|jabbed) (?:\S+ ){0,4}(?:something|by something|a fish|a sea urchin|an urchin|a weever|a stingray|a jellyfish|a spider|a scorpion)|"
                         r"(?:in the sea|in the water|rock pool|on the beach|in the sand) (?:\S+ ){0,4}(?:stung|bitten|stepped|trod|spiked)",
      r"<NAUSEA>|<DIZZY>|<FAINT>|<BREATHLESS>|<SWEAT>|<CONFUSED>|cramps|spasm\w*", r"<SEVERE>|agony|<SWELL>|spreading|numb\w*",
      unless=(r"(?:glass|broken|shell|sight of (?:the )?blood|seeing (?:the )?blood)",)),
    # A cut or stab to the chest, neck or belly with breathlessness, blood or a weapon (NICE NG39).
    R("major_trauma", E, r"(?:cut|slashed|stabbed|knifed|wounded|gashed|pierced|punctured|impaled|glassed) (?:\S+ ){0,4}(?:in|to|on|across|into) (?:the |his |her |my |their )?"
                         r"(?:chest|ribs|back|neck|throat|stomach|belly|tummy|abdomen|side|groin|armpit)|(?:chest|neck|stomach|belly|abdominal|tummy) (?:\S+ ){0,2}(?:wound|stab wound|gash)",
      r"<BREATHLESS>|cough\w*|<PALLOR>|<FAINT>|<DIZZY>|<SWEAT>|<CONFUSED>|bubbl\w*|<BLEED>|<SEVERE>|weapon|knife|blade|machete|glass|bottle|fight|attack\w*|mugg\w*|assault\w*",
      unless=(r"~(?:a little|small|tiny|scratch|graze|shaving|paper cut|surface)",)),
    # Collapse or fainting with pain in the belly or a positive test: bleeding inside until shown otherwise.
    R("danger_signs", E, r"fainted|passed out|passing out|blacked out|blacking out|keeled over|<COLLAPSE>|nearly (?:fainted|passed out|blacked out)|"
                         r"(?:everything|it all|my vision|his vision|her vision) (?:\S+ )?(?:went|goes|going|turned|gone) (?:\S+ )?(?:black|dark|grey|gray|white)|(?:came round|came to|woke up) (?:\S+ ){0,3}on the (?:\S+ )?(?:floor|ground)",
      r"(?:<ABDO>|pelvi\w*|groin|shoulder tip) %4 <PAIN>|<PAIN> %4 (?:<ABDO>|pelvi\w*|groin|shoulder tip)|<POSTPARTUM>|<EARLY_PREGNANCY>",
      unless=(r"(?:at the sight of blood|sight of blood|blood test|giving blood|donat\w*|needle|injection|jab|period pain|periods|every month)",
              r"~(?:a bit|slightly|when i stand up too|stood up too|stand up too|years ago|as a (?:child|kid|teenager))")),

    # === general danger signs (ESI 1-2, NICE red features, UK Sepsis Trust) =========================
    # Three different warning signs at once, whatever the cause: the backstop for kinds of emergency
    # no rule above names. Measured: no routine message in the five labelled sets has three.
    R("danger_signs", E, r"<PALLOR>|clammy|<LOOKS_UNWELL>", r"<SWEAT>", r"<FAINT>|<COLLAPSE>", r"<DIZZY>", r"<VOMIT>", r"<CONFUSED>",
      r"<DROWSY>", r"<BREATHLESS>|wheez\w*", r"<SEVERE>", r"<SUDDEN>", r"<FEVER>|<RIGORS>",
      r"numb|numbness|tingling|tingly|very weak|so weak|really weak|weakness (?:in|down|on)|paralys\w*|can t (?:lift|move|feel)",
      r"<CHEST> %3 (?:<PAIN>|<CARDIAC_FEEL>)", r"bleed\w*|bled|haemorrhag\w*|hemorrhag\w*|(?:lots of|coughing|vomiting|passing|losing) (?:\S+ )?blood",
      r"(?:heart|pulse) (?:\S+ ){0,3}(?:racing|pounding|irregular|very fast|very slow)|palpitations",
      r"@(?:<INFANT>|<ELDERLY>|<PREGNANT>|<ANTICOAG>|<CHEMO>|<DIABETIC>)", at_least=3,
      unless=(r"~(?:lately|recently|for (?:weeks|months|years)|(?:past|last) (?:few |couple of )?(?:weeks|months|years)|on and off|from time to time|a bit|slightly|mild|mildly)",)),
    # Two warning signs, one of them a sign of collapse, shock or altered consciousness.
    R("danger_signs", E, r"<PALLOR>|clammy|<LOOKS_UNWELL>", r"<FAINT>|<COLLAPSE>", r"<CONFUSED>",
      r"<DROWSY_SEVERE>|very drowsy|really drowsy|so drowsy|very sleepy|really sleepy",
      r"(?:can t|couldn t|unable to|won t) (?:breathe|swallow|speak|talk|see|wake|stop (?:shaking|bleeding|vomiting))",
      r"<SEVERE>", r"<SUDDEN>", r"<VOMIT>", r"<FEVER>", r"<BREATHLESS>", at_least=2, strong=5,
      unless=(r"~(?:lately|recently|for (?:weeks|months|years)|(?:past|last) (?:few |couple of )?(?:weeks|months|years)|on and off|from time to time|a bit|slightly|mild|mildly)",)),
    R("danger_signs", E, r"(?:can t|cannot|can not|unable to|couldn t|lost (?:the )?(?:ability|power) to) (?:move|feel|lift|use)(?: (?:or|and|nor) (?:move|feel|lift|use))? (?:\S+ ){0,2}(?:legs|both legs|both arms|arms|anything below|lower body|body)|(?:legs|arms) (?:\S+ ){0,2}(?:gave way|have gone|went) (?:\S+ )?(?:dead|numb|paralysed|paralyzed|floppy)|paralys\w*",
      unless=(r"(?:sleep paralysis|after (?:the )?(?:gym|workout|leg day|run|marathon)|stiff|aching|achy|sore)",)),
    R("severe_bleeding", E, r"(?:cough\w*|spitting|bringing) (?:up )?(?:\S+ ){0,2}(?:lots of|a lot of|loads of|a cupful of|cupfuls of|mouthfuls of|clots of|handfuls of|so much|pure|fresh|bright red) (?:\S+ ){0,2}blood"),
    # round 7: coughed blood told by its amount, anywhere in the message ("coughing blood into a bowl and it's nearly half
    # full", "a huge amount ... when he coughed", "about half a cup so far") (NICE CKS Haemoptysis: massive haemoptysis
    # is an emergency; BTS; NHS 'Coughing up blood': call 999 if you're coughing up more than a few teaspoons)
    R("severe_bleeding", E, r"cough\w*|brought up|bringing up|brings up", r"blood|bright red",
      r"(?:cupfuls?|mouthfuls?|half a cup|(?:a|about a) cup|into a (?:bowl|bucket|sink|basin|cup|mug)|half full|more than a (?:tablespoon|spoonful)|tablespoons?|mug\w*|huge amount|large amount|(?:a )?lot of|lots of|loads of|pure blood|not streaks|not specks|still coming|keeps coming|won t stop|pouring|all over|filling)",
      unless=(r"~(?:streak\w*|specks?|flecks?|tinged|spots of|a little|a bit of|tiny)(?! of (?:\S+ )?blood (?:\S+ ){0,2}(?:not|but))",)),
    R("danger_signs", E, r"sickle ?cell", r"(?:<FEVER>|<CHEST>|<BREATHLESS>|<SEVERE>|erection|yellow|weak\w*|<DROWSY>|<CONFUSED>|crisis)"),
    R("danger_signs", E, r"(?:<PREGNANT>|<LATE_PREGNANCY>)", r"(?:<HIGH_ENERGY>|fell (?:\S+ ){0,3}(?:on|onto) (?:my|her|the) (?:bump|tummy|belly|stomach)|(?:punched|kicked|hit) (?:\S+ ){0,3}(?:bump|tummy|belly|stomach))"),
    R("danger_signs", E, r"(?:he|she|they|someone|partner|husband|boyfriend|wife|girlfriend|nanny|babysitter|childminder|i) (?:\S+ ){0,2}(?:shook|shaken|was shaking) (?:the|my|our|his|her|their) baby"),
    R("major_trauma", E, r"(?:dog|dogs|animal|horse) (?:\S+ ){0,3}(?:bit|bitten|bite|bites)|(?:bit|bitten|bites|bite) (?:\S+ ){0,3}(?:by )?(?:a |the |our |my |his |her )?(?:dog|dogs)",
      r"(?:face|neck|eye|throat|deep|gaping|lots of blood|pouring|won t stop|torn|ripped|chunk|hanging)", unless=(r"(?:small|tiny|little|scratch|didn t break|nip|graze)",)),
    R("major_trauma", E, r"(?:dog|dogs|animal) (?:\S+ ){0,2}(?:attacked|mauled|savaged|ripped|tore)|(?:attacked|mauled|savaged) by (?:a |the |two |our |their )?(?:dog|dogs|animal)|(?:fireworks?|banger|rocket|explosive) (?:\S+ ){0,5}(?:hand|face|eye|fingers|blew|exploded|went off)|nail gun|impaled|through (?:my|his|her) (?:hand|foot|eye)"),
    R("hypothermia", E, r"frost ?bite|frostbitten", r"(?:black|white|grey|gray|blue(?! inhaler| pump| puffer| badge| murder| in the face| moon| eyes| tooth)|numb|hard|waxy|blister\w*|can t feel)"),
    # (round 6: the dive pattern ended in a space and so never matched before a word; a scuba dive now,
    # with a sign of decompression illness)
    R("danger_signs", E, r"scuba|(?:a|the|my|his|her|our|deep|wreck|night|open water|last|first) dive\b|dive (?:boat|trip|computer|instructor|site|course)|"
                         r"diving (?:trip|holiday|course|instructor|boat|today|earlier|this morning|yesterday)|came up from (?:a |the |my |his |her )?dive|"
                         r"(?:went|been|was|were|go|gone|going) (?:\S+ )?diving|surfac\w* (?:too )?(?:fast|quickly)|decompression|the bends|"
                         # round 7: "a wreck dive", "a 30 metre dive", "came up too quickly", "after an ascent that was too fast"
                         r"(?:deep|two|three|few|several|our|my|the|repeated|wreck) dives\b|\d+ ?(?:metres?|meters?|m|ft|feet) dive|(?:came|come|coming) up too (?:fast|quickly)|(?:ascent|ascended) (?:\S+ ){0,3}(?:too )?(?:fast|quick\w*)",
      r"(?:joint pain|joints? (?:\S+ ){0,2}(?:ache|aching|hurt\w*|pain\w*)|aching joints|numb\w*|tingl\w*|<BREATHLESS>|<CONFUSED>|rash|mottled|<DIZZY>|weak\w*|paralys\w*|<CHEST> %3 (?:<PAIN>|<CARDIAC_FEEL>)|can t (?:walk|stand|feel))",
      unless=(r"(?:dived into (?:the )?shallow|diving board|dived for|sky ?diving)",)),
    R("danger_signs", E, r"(?:altitude|mountain|trek\w*|climbing|high up|metres up|everest|kilimanjaro|andes)", r"(?:<CONFUSED>|<BREATHLESS>|stumbling|staggering|cough\w* (?:up )?(?:\S+ )?(?:froth|pink|blood))", r"(?:<CONFUSED>|at rest|stumbling|staggering|froth|pink|blood|worse)"),
    R("sepsis", E, r"(?:kidney stones?|renal colic|(?:flank|side|loin) (?:\S+ ){0,2}pain|pain (?:\S+ ){0,2}in waves)", r"(?:<FEVER>|<RIGORS>)", r"(?:<FEVER>|<RIGORS>|<VOMIT>|<CONFUSED>)"),
    R("danger_signs", E, r"(?:<SUDDEN>) (?:\S+ ){0,4}(?:<SEVERE>) (?:\S+ ){0,3}(?:<PAIN>)|(?:<SEVERE>) (?:\S+ ){0,3}(?:<SUDDEN>) (?:\S+ ){0,3}(?:<PAIN>)|(?:<SEVERE>) (?:\S+ ){0,2}(?:<PAIN>) (?:\S+ ){0,6}(?:came on |started )?(?:<SUDDEN>)",
      unless=(r"(?:period|menstrual|tooth|toothache|cramp in my (?:calf|leg|foot)|stubbed|paper cut|cramp\w* (?:at night|when))",)),
    R("danger_signs", E, r"(?:worst|most severe|most painful|worse than (?:\S+ ){0,2}(?:childbirth|labour|giving birth)) (?:\S+ ){0,2}(?:pain|agony) (?:\S+ ){0,3}(?:ever|of (?:my|his|her) life|i ve ever|i ve had|ever had|imaginable)"),
    R("danger_signs", E, r"(?:<CONFUSED>)", r"(?:<DROWSY>|<FEVER>|<VOMIT>|<FAINT>|<COLLAPSE>|<BREATHLESS>|<PALLOR>|<SWEAT>|<SEVERE>|<RIGORS>|<DIABETIC>|<ELDERLY>|<INFANT>|<SUDDEN>|can t (?:stand|walk)|<HEAD_BLOW>|<HIGH_ENERGY>|hot|cold|not eating|not drinking)",
      unless=(r"(?:dementia|alzheimer\w*)(?! (?:\S+ ){0,6}(?:sudden|today|worse|overnight))", r"(?:gradual\w*|over (?:the )?(?:months|years)|for (?:months|years)|more forgetful)")),
    R("danger_signs", E, r"(?:<DROWSY_SEVERE>)", unless=(r"(?:tired after|after (?:the )?(?:vaccine|jab|jabs|injections?|nap)|limp (?:\S+ ){0,2}(?:walk|walking|leg|when)|(?:walk|walking|walks) with a limp|limping)",)),
    R("danger_signs", E, r"(?:<DROWSY>)", r"(?:<INFANT>|<VOMIT>|<FEVER>|<HEAD_BLOW>|<PALLOR>|<BREATHLESS>|<NO_URINE>|<RIGORS>|<DIABETIC>|<CHEMO>|<ELDERLY>|<SEVERE>|<FAINT>)",
      unless=(r"(?:tired after|after (?:the )?(?:vaccine|jab|jabs|injections?|nap)|antihistamine|piriton|hay fever|a bit sleepy|bit drowsy|slightly drowsy|normal)", r"(?:limp (?:\S+ ){0,2}(?:walk|walking|leg|when)|(?:walk|walking|walks) with a limp|limping)", r"<VOMIT> (?:\S+ ){0,3}(?:once|a bit|a little)")),
    R("danger_signs", E, r"(?:<PALLOR>)", r"(?:<SWEAT>|cold|clammy)", r"(?:<FAINT>|<DIZZY>|<BREATHLESS>|<CONFUSED>|<DROWSY>|racing|<SEVERE>|<PAIN>|<VOMIT>|<NAUSEA>|going to be sick|<BLEED>|unwell|weak|stung|sting|bitten|<LOOKS_UNWELL>)",
      unless=(r"(?:hangover|hung over|panic attack)",)),
    R("danger_signs", E, r"(?:<FAINT>)", r"(?:<CHEST> %3 (?:<PAIN>|<CARDIAC_FEEL>)|<BREATHLESS>|(?:heart|pulse) (?:\S+ ){0,3}(?:racing|pounding|irregular|slow|fast)|palpitations|<BLEED>|<PREGNANT>|<HEAD_BLOW>|<SEVERE>|<ANTICOAG>|<VOMIT_BLOOD>|(?:while|when|during) (?:\S+ ){0,2}(?:exercis\w*|running)|<CONFUSED>|<PALLOR>|<SEIZURE>)",
      unless=(r"(?:at the sight of blood|sight of blood|blood test|giving blood|donat\w*|needle|injection|jab)",)),
    R("danger_signs", E, r"(?:<UNRESPONSIVE>|<SEIZURE>)", r"(?:<INFANT>|<CHILD>|<ELDERLY>|<PREGNANT>)", unless=(r"<DEVELOPMENT_QUESTION>",)),
    R("danger_signs", E, r"(?:<PREGNANT>|<POSTPARTUM>)", r"(?:<FAINT>|<COLLAPSE>|<SEIZURE>|<CONFUSED>|<BREATHLESS>|<SEVERE> (?:\S+ ){0,3}(?:<PAIN>|headache))",
      unless=(r"(?:a bit|slightly|mildly|mild|when i stand up too|after (?:climbing|walking|stairs))",)),
    R("danger_signs", E, r"(?:<CHILD>|<INFANT>)", r"(?:<SEVERE> (?:\S+ ){0,3}(?:<PAIN>))", r"(?:<VOMIT>|<FEVER>|<DROWSY>|<PALLOR>|<SUDDEN>|can t walk|won t walk|screaming)",
      unless=(r"(?:teething|growing pains|period|toothache|ear ?ache|earache)",)),
    R("danger_signs", E, r"(?:<VOMIT>)", r"(?:<SEVERE>) (?:\S+ ){0,3}(?:headache|head pain)", r"(?:<SUDDEN>|<CONFUSED>|<DROWSY>|stiff|light|worst|<FEVER>)"),

    # ==================================================================================================
    # URGENT: see a clinician today
    # ==================================================================================================
    R("urinary", U, r"(?:burn\w*|sting\w*|stings|hurts|pain\w*|sore) (?:\S+ ){0,3}(?:when|to|as) (?:i |he |she )?(?:pee|wee|urinate|go to the toilet|pass water)|(?:pee|wee|urine|urinating|peeing|weeing) (?:\S+ ){0,3}(?:burn\w*|sting\w*|hurts|painful)|uti|urine infection|water infection|cystitis|bladder infection",
      r"(?:<FEVER>|back|side|flank|kidney|loin|blood|<PREGNANT>|man|male|boy|son|<CHILD>|<VOMIT>|shiver\w*)"),
    R("urinary", U, r"(?:can t|cannot|couldn t|unable to|hasn t|haven t|not) (?:\S+ ){0,1}(?:pee|wee|urinate|pass urine|pass water|peed|weed) (?:\S+ ){0,3}(?:at all|since|all day|for hours|this morning|today)",
      unless=(r"(?:<INFANT>|<CHILD>)",)),
    R("urinary", U, r"blood (?:\S+ ){0,3}(?:in|when) (?:my |his |her |the )?(?:urine|pee|wee)|(?:pee|urine|wee) (?:\S+ ){0,3}(?:blood|red|pink)|kidney infection|pyelonephritis"),
    R("fracture", U, r"(?:can t|cannot|couldn t|unable to|won t|not able to) (?:\S+ ){0,2}(?:(?:put (?:any )?weight|bear weight|stand on|walk on|move|use|bend|straighten) (?:\S+ ){0,3}(?:it|ankle|foot|leg|wrist|hand|arm|knee|finger|toe|elbow|shoulder)|grip)|(?:<LIMB>) (?:\S+ ){0,3}(?:swollen|swelling) (?:\S+ ){0,4}(?:painful to move|hurts to move|can t move)",
      r"(?:fell|fall|twist\w*|rolled|landed|dropped|hit|banged|trapped|injur\w*|sport|football|trampoline|tackl\w*|swollen|swelling|<PAIN>|bruis\w*)"),
    R("fracture", U, r"(?:think(?: \S+){0,3}|might be|could be|probably|possibly|looks|feels) (?:broken|fractured|a fracture|a break|dislocated)|(?:bent|crooked|deformed|wrong angle|funny angle|out of place|looks (?:a bit )?bent|wrong shape)|(?:broken|fractured|broke) (?:\S+ ){0,2}(?:arm|leg|wrist|ankle|toe|finger|collarbone|rib|ribs|nose|foot|hand|hip)",
      unless=(r"(?:weeks ago|months ago|years ago|cast|healing|physio|penis|peyronie\w*)",)),
    R("wound", U, r"(?:deep|gaping|gaping open|wide open|split|long) (?:\S+ ){0,2}(?:cut|wound|gash|laceration|slash)|(?:cut|wound|gash) (?:\S+ ){0,4}(?:deep|gaping|open|won t close|edges)|(?:need|needs|needed) (?:\S+ ){0,1}(?:stitches|stitching|glue|steri ?strips)|stitches|"
                     r"(?:rusty|dirty) (?:nail|metal|wire)|(?:stepped on|went through|puncture\w*) (?:\S+ ){0,3}(?:nail|glass|needle|metal|fork)|tetanus (?:jab|shot|booster)|needle ?stick|(?:split|cut) (?:\S+ ){0,2}(?:head|chin|lip|eyebrow|forehead) (?:\S+ ){0,3}open"),
    R("wound", U, r"(?:cut|sliced|gashed|split|slashed|wound|gash|laceration)", r"(?:it s|it is|is|looks|very|really|quite|pretty) (?:really |very |quite )?(?:deep|gaping|wide open)",
      unless=(r"(?:small|tiny|little|shallow|paper cut|graze)",)),
    R("bite", U, r"(?:dog|cat|animal|fox|rat|monkey|horse|human|someone|person|child) (?:\S+ ){0,2}(?:bit|bite|bitten|scratched)|(?:bitten|bit) by (?:a |the |my |our |his |her |their )?(?:\S+ ){0,2}(?:dog|cat|animal|fox|rat|bat|monkey|person|human|kid|child)|bat (?:\S+ ){0,5}(?:room|bedroom|bite|bit|house|scratch)",
      unless=(r"(?:lightly|surface scratch|just a scratch|didn t break)",)),
    R("skin_infection", U, r"(?:red|redness|swelling|swollen|patch|area|rash) (?:\S+ ){0,5}(?:bigger|spreading|growing|getting worse|hot|warm)|(?:boil|abscess|carbuncle|cyst) (?:\S+ ){0,6}(?:bigger|painful|red|swollen|pus|growing|throbbing)|cellulitis|pus|infected",
      r"(?:<PAIN>|hot|warm|<FEVER>|unwell|red|swollen|throbbing|bigger|spreading)"),
    R("eye", U, r"(?:painful|sore|red|bloodshot|swollen) (?:\S+ )?(?:red |sore |painful )?eye|(?:<EYE>) (?:\S+ ){0,4}(?:red|bloodshot|painful|<PAIN>|light sensitive|sensitive to light|scratch\w*|something in|stuck|won t open|watering|poked)|(?:light|bright) (?:\S+ ){0,2}hurts (?:my|his|her) eyes?|shingles (?:\S+ ){0,6}(?:eye|nose|forehead)|(?:something|metal|dust|grit) (?:\S+ ){0,3}in (?:my|his|her) eye|poked (?:\S+ ){0,2}eye|"
                    r"(?:scratched|scraped|caught|jabbed|poked|hit) (?:\S+ ){0,2}eye|(?:sand|grit|gravel|dust|sawdust|something|a bit of|metal|wood|a fleck|an eyelash) (?:\S+ ){0,2}in (?:it|my eye|his eye|her eye)|"
                    r"(?:can t|cannot) (?:stand|bear|look at) (?:\S+ ){0,2}light",
      unless=(r"(?:hay fever|itchy eyes|dry from|dry eyes|computer work|screens?)(?! and)",)),
    R("child_fever", U, r"(?:<INFANT>|<CHILD>)", r"(?:<HIGH_FEVER_NUMBER>|<FEVER> (?:\S+ ){0,6}(?:(?:[3-9]|three|four|five|six|seven) days|week|not going down|won t go down|won t come down|keeps coming back)|(?:[3-9]|three|four|five|six|seven) days (?:\S+ ){0,4}<FEVER>|<FEVER>)",
      unless=(r"(?:slight temperature|37\.\d|mild temperature|playing happily|playing normally|low grade)(?! (?:\S+ ){0,3}(?:days|week))", r"(?:normal temperature|what is the normal)")),
    R("vomiting", U, r"(?:<VOMIT>|<DIARRHOEA>|tummy bug|stomach bug|gastro)", r"(?:(?:[2-9]|two|three|four|several) days|since (?:last night|yesterday)|all night|all day|can t keep|can only keep|sips|thirsty|tired|tummy ache|stomach ache|won t stop|every hour|<CHILD>|<ELDERLY>|<PREGNANT>)",
      unless=(r"(?:how long (?:after|should)|stay off|a little|small amount|once|spit up|possets)",)),
    R("asthma", U, r"(?:<ASTHMATIC>|wheez\w*)", r"(?:worse|getting worse|every (?:\d|two|three|four) hours|more often|at night|wheez\w*|tight|cough\w*|struggl\w*)",
      unless=(r"(?:action plan|how does|how do i use|spacer|which inhaler|grow out)",)),
    R("dvt", U, r"(?:<LEG>|calf|calves) (?:\S+ ){0,5}(?:swollen|swelling|red|hot|tender|painful|<PAIN>)|(?:swollen|swelling|tender|painful) (?:\S+ ){0,3}(?:calf|calves|leg)",
      r"(?:flight|long haul|got back from|travel\w*|long (?:drive|journey|trip)|plane|surgery|operation|pill|pregnan\w*|one (?:of my )?legs?|the other|left|right|days|clot|dvt|hrt|cast|bed)",
      unless=(r"(?:cramp at night|sprain|twisted|(?:ankle|knee) (?:is |s )?(?:\S+ )?(?:swollen|sprained|twisted|injur\w*|replacement)|after (?:a |the )?run|stiff after|bruise)",)),
    R("abdominal", U, r"(?:<ABDO>|belly button) (?:\S+ ){0,5}(?:<PAIN>)|(?:<PAIN>) (?:\S+ ){0,5}(?:<ABDO>|belly button)|(?:tummy|stomach|belly) ?ache",
      r"(?:lower right|right side|moved|moving|getting worse|worse|fatty|yellow|jaundic\w*|constant|<FEVER>|<VOMIT>|hours|all day|since)",
      unless=(r"(?:period|periods|menstrual|every month|ibs|trapped wind|bloated after)",)),
    R("abdominal", U, r"(?:eyes|skin|whites of (?:my|his|her) eyes) (?:\S+ ){0,3}(?:yellow|yellowish)|jaundice\w*", unless=(r"<INFANT_YOUNG>|newborn",)),
    R("kidney_stone", U, r"(?:<PAIN>) (?:\S+ ){0,6}(?:comes in waves|in waves|coming and going|comes and goes)|(?:side|flank|back|loin) (?:\S+ ){0,6}(?:groin|waves)|kidney stones?"),
    R("ear", U, r"(?:sudden|suddenly|overnight|woke up with|woke up and|woke up|since this morning) (?:\S+ ){0,4}(?:hearing loss|lost (?:my |the |his |her )?hearing|deaf|can t hear|muffled)|(?:hearing|ear) (?:\S+ ){0,3}(?:suddenly|since this morning) (?:\S+ ){0,3}(?:muffled|gone|lost|deaf)|sudden hearing loss"),
    R("dental", U, r"(?:tooth|teeth|toothache|gum|dental|jaw|wisdom)", r"(?:swollen|swelling|abscess|face|cheek|pus|<FEVER>)"),
    R("pregnancy_bleeding", E, r"(?:<PREGNANT>|<LATE_PREGNANCY>)", r"baby (?:\S+ ){0,2}(?:hasn t moved|has not moved|not moved|hasn t been moving|stopped moving|isn t moving) (?:\S+ ){0,2}(?:at all|all day|since (?:yesterday|last night|this morning))|no (?:baby |fetal |foetal )?movements? (?:at all|all day|since)|stopped (?:feeling|felt) (?:\S+ ){0,2}(?:kick|move)"),
    R("pregnancy", U, r"(?:<PREGNANT>|<LATE_PREGNANCY>)", r"(?:baby (?:\S+ ){0,4}(?:not moving|hasn t been moving|moving less|less movement|not as much|isn t moving|stopped moving|fewer movements|quieter)|reduced (?:fetal |foetal |baby )?movements?|"
                                                           r"can t keep (?:\S+ ){0,3}down|vomiting all day|(?:spotting|bleeding|cramp\w*)|headache|leaking|waters|itch\w* (?:\S+ ){0,3}(?:hands|feet)|<FEVER>|<VOMIT>)",
      unless=(r"(?:can i|is it safe|safest|should i take|vitamins|fly|exercise|diet|eat)(?! (?:\S+ ){0,6}(?:bleed|spotting|moving))",)),
    R("mental_health", U, r"(?:feeling|feel|been) (?:\S+ ){0,2}(?:really |very |so )?(?:low|depressed|hopeless|desperate|worthless)|can t cope|not coping|panic attacks? (?:\S+ ){0,3}(?:every day|daily|constantly|can t leave)|can t leave the house|"
                             r"dark thoughts|struggling with my mental health|(?:need|want) (?:\S+ ){0,2}(?:talk|speak) to someone|can t get out of bed|(?:stopped|not|isn t) eating (?:\S+ ){0,3}(?:properly|lost (?:\S+ ){0,2}weight)|lost (?:a lot of|loads of) weight|eating disorder|anorexi\w*|bulimi\w*|psychotic|paranoid(?! (?:i ll|i will|i might|i d|that i (?:ll|will|might)|about (?:forgetting|leaving|locking|germs)))|mental health crisis|breakdown|need help",
      unless=(r"(?:exams?|a bit anxious|tips|stay calm|burnout)(?! (?:\S+ ){0,5}(?:can t cope|hopeless))",)),
    R("allergy", U, r"(?:hives|urticaria|welts|allergic reaction|rash|itch\w*|swollen lips?|lip (?:\S+ ){0,2}swollen|swelling (?:\S+ ){0,2}(?:lip|eye|face))", r"(?:<ALLERGEN>|allerg\w*|reaction|after (?:eating|taking|using|starting|trying|touching|applying|wearing)|"
                                                                                                                                                 r"new (?:\S+ ){0,2}(?:powder|soap|cream|lotion|shampoo|detergent|product|medicine|medication|tablets?|food|perfume|dye|make ?up)|hives (?:\S+ ){0,2}all over)",
      unless=(r"(?:hay fever|itchy eyes|eczema|dandruff|athlete)", r"(?:a bit red|a bit itchy|just a bit|bit red and itchy)")),
    R("minor_burn", U, r"(?:burn\w*|scald\w*|blister\w*) (?:\S+ ){0,6}(?:blister\w*|size of|red|sore|pain\w*)|(?:blister\w*) (?:\S+ ){0,4}(?:burn\w*|oven|iron|kettle|pan)|(?:burnt|burned|scalded) (?:my|his|her) (?:hand|arm|finger|fingers|leg|foot)",
      unless=(r"(?:sunburn|sun burn|weeks ago|healing|scar|heartburn)",)),
    R("minor_head_injury", U, r"<HEAD_BLOW>", unless=(r"(?:funny bone|elbow)",)),
    R("infection", U, r"(?:<FEVER>)", r"(?:(?:[3-9]|three|four|five|six|seven) days|a week|green (?:phlegm|mucus)|chest (?:\S+ ){0,2}(?:hurts|pain)|cough\w*|headache|awful|terrible|really unwell|infection|pneumonia)",
      unless=(r"(?:slight|mild|low grade|37\.\d)(?! (?:\S+ ){0,3}days)", r"(?:normal temperature|what is the normal)")),
    R("infection", U, r"(?:chest infection|pneumonia|bad cough|coughing a lot)", r"(?:<ELDERLY>|<FEVER>|worse|tired|breath\w*|phlegm)"),
    R("sexual_assault", U, r"(?:sexually )?(?:assaulted|raped|rape|sexual assault|attacked sexually|spiked)"),
    R("medication", U, r"(?:took|taken|swallowed|gave|given|had) (?:\S+ ){0,4}(?:<DRUG>) (?:\S+ ){0,3}(?:twice|by mistake|by accident|double|extra)|(?:accidentally|mistakenly|by mistake) (?:\S+ ){0,3}(?:took|take|gave|given|swallowed|double)|(?:<CHILD>) (?:\S+ ){0,3}(?:swallowed|ate|took|had) (?:\S+ ){0,4}(?:vitamin|tablet|pill|medicine)|double dose"),
    R("diabetes", U, r"(?:blood sugars?|sugars?|glucose|bm|readings?|levels?) (?:\S+ ){0,4}(?:over|above|at|of|is|been|around) (?:1[5-9]|2\d)|(?:blood sugar|sugar|glucose) (?:\S+ ){0,3}(?:high|very high|won t come down)|ketones"),
    R("gout", U, r"(?:big toe|toe|joint|knee|ankle|wrist)", r"(?:red|hot)", r"(?:swollen|so painful|really painful|agony|can t (?:put|bear|walk|touch)|<SEVERE>)", unless=(r"(?:stubbed|sprain\w*|twist\w*|fell|dropped|kicked)",)),
    R("gout", U, r"(?:big toe|toe|joint|knee|ankle) (?:\S+ ){0,4}(?:red|hot) (?:\S+ ){0,4}(?:swollen|painful|<PAIN>|so painful|can t)|(?:red|hot) (?:\S+ ){0,2}swollen (?:joint|knee|toe)|gout"),
    R("blood_loss_minor", U, r"blood (?:\S+ ){0,3}(?:in|on) (?:my |his |her |the )?(?:poo|stool|stools|toilet paper|paper|phlegm|spit|sputum)|(?:cough\w*|spat|spitting) (?:up )?(?:\S+ ){0,3}(?:blood|streak)|(?:black|tarry) (?:\S+ ){0,2}(?:poo|stool|stools)|rectal bleeding|bleeding from (?:my|his|her) (?:bottom|back passage)"),
    R("foreign_body", U, r"(?:pushed|put|stuck|shoved|got) (?:\S+ ){0,4}(?:up|in|into) (?:his|her|my|their) (?:nose|nostril|ear)|(?:nose|ear) (?:\S+ ){0,3}stuck|stuck (?:up|in) (?:\S+ ){0,2}(?:nose|ear)"),
    R("tick", U, r"tick (?:\S+ ){0,12}(?:rash|red|ring|circle|bullseye|bull s eye)|(?:bullseye|bull s eye|circular|target) (?:\S+ ){0,2}rash|lyme"),
    R("tick", U, r"tick (?:bite|bit|bitten)|ticks?(?= (?:on|in|off) (?:my|his|her))|bitten by a tick", r"rash|\bring\b|circle|bullseye|bull s eye|target|spreading|red patch"),
    R("palpitations", U, r"(?:heart|pulse) (?:\S+ ){0,3}(?:racing|pounding|fluttering|flutter|skipping|irregular|missing beats|jumping)|palpitations|fluttering (?:\S+ ){0,3}(?:chest|heart)",
      unless=(r"(?:running|exercise|coffee|caffeine|workout)(?! (?:\S+ ){0,4}(?:dizzy|faint))",)),
    R("faint", U, r"(?:fainted|passed out|blacked out|fainting)", unless=(r"(?:sight of blood|blood test|needle|injection|jab)",)),
    R("severe_pain", U, r"(?:<SEVERE>) (?:\S+ ){0,3}(?:<PAIN>)|(?:<PAIN>) (?:\S+ ){0,3}(?:<SEVERE>)",
      unless=(r"(?:period|periods|menstrual|every month|what painkillers|best painkiller|which painkiller)",)),
    # === round 2: same-day problems ==================================================================
    # A possible fracture: an injured limb that is swollen or bruised and hurts to move or take weight.
    R("fracture", U, r"<LIMB>|collarbone|collar bone|shoulder|hip|ribs?|nose|thumb|heel",
      r"<SWELL>|bruis\w*|purple|black and blue|deformed|bent|crack\w*|snap\w*|crunch\w*|lump",
      r"(?:<PAIN>|agony) (?:\S+ ){0,3}(?:to move|to walk|to touch|to put weight|to bear weight|to stand|when (?:i|he|she) (?:move|walk|touch|put|stand|try)|on it)|"
      r"(?:can|could) (?:barely|hardly|only) (?:walk|move|hobble|stand|put (?:any )?weight|bear weight|use|bend)|hobbl\w*|limp\w*|"
      r"(?:can t|cannot|couldn t|won t|unable to) (?:\S+ ){0,2}(?:walk on|move|bend|straighten|use|grip|put (?:any )?weight|bear weight|lift)|heard (?:a |it )?(?:crack|snap|pop|crunch)",
      r"fell|fall|fallen|tripped|slipped|twist\w*|rolled|landed|dropped|hit|banged|bashed|trapped|caught|stubbed|kicked|tackl\w*|crash\w*|came off|injur\w*|"
      r"sport|football|rugby|netball|hockey|trampoline|skiing|skat\w*|punched|jammed|heard|dumbbell|weight",
      unless=(r"~(?:weeks ago|months ago|years ago|for (?:weeks|months|years))", r"(?:gout|arthritis|cast|physio|sprained (?:it )?(?:\S+ )?(?:weeks|months) ago)")),
    # A burn that blisters, from any hot thing or a chemical.
    R("minor_burn", U, r"<BURN_EVENT>|straighteners|curling (?:tongs|iron|wand)|hair (?:dryer|tongs)|(?:the|an|hot|clothes|steam) iron|radiator|exhaust|steam|candle|hot glue|bonfire|sparkler|fireworks?|embers|barbecue|bbq|<CHEMICAL>",
      r"blister\w*|peel\w*|raw|weep\w*|(?:skin|it) (?:\S+ ){0,2}(?:came|come|coming|peeling) off",
      unless=(r"(?:sunburn|sun burn|heartburn|razor burn|carpet burn|friction burn|weeks ago|healing|healed|scar|burning sensation|burns when|burning when|pee|wee|urinat\w*|cold sore|chickenpox|shingles|eczema|new shoes|trainers|walking)",)),
    # A breast infection: a hot, red or lumpy breast with a fever or flu-like aches.
    R("breast_infection", U, r"breast\w*|boob\w*|nipple\w*|breastfeed\w*", r"\bred\b|redness|\bhot\b|warm|lump|hard|wedge|swollen|<PAIN>",
      r"<FEVER>|flu ?like|fluey|flu y|flu ish|shivery|achy all over|aching all over|(?:feel|feeling) (?:\S+ )?(?:unwell|poorly|rough|awful|ill)"),
    # A painful or swollen testicle, however it came on.
    R("testicular", U, r"testicles?|testes|testis|scrotum|scrotal|testicular|(?:my|his|right|left|one|both) (?:balls?|nuts)|ball sack|nut sack",
      r"<PAIN>|<SWELL>|bigger|red|\bhot\b|heavy|tender|sorer|lump",
      unless=(r"~(?:for (?:months|years)|how (?:do|to|often)|check(?:ing)? (?:for|my)|self exam\w*|vasectomy)",)),
    # A very high blood pressure reading without symptoms (with symptoms it is hypertensive_crisis).
    R("high_blood_pressure", U, r"(?:blood pressure|bp|reading|pressure|machine|monitor) (?:\S+ ){0,5}(?:(?:1[89]\d|2\d\d)/\d{2,3}|\d{2,3}/(?:1[1-9]\d))|(?:1[89]\d|2\d\d)/(?:1[0-9]\d|[6-9]\d)",
      unless=(r"~(?:years ago|last year|normal now|came down|back down|(?:1[0-4]\d|[6-9]\d)/[5-9]\d now)",)),
    # Something embedded that will not come out: a fish hook, glass, a needle.
    R("wound", U, r"fish ?hook|\bhook\b|glass|needle|\bnail\b|metal|wire|staple|shard|\bbarb\b",
      r"stuck|embedded|lodged|buried|under the skin|(?:can t|cannot|couldn t) (?:get|pull) (?:it|them|the \S+) out|won t come out",
      unless=(r"(?:splinter|thorn|eyelash|ear ?wax|nail polish|nail varnish|false nails?|stuck on (?:the|my|a) (?:finger|wrist))",)),
    # Redness or swelling that is spreading or tracking.
    R("skin_infection", U, r"\bred\b|redness|swollen|swelling|\bhot\b|warm|infected|inflamed|pus",
      r"spreading|creeping|tracking|(?:moving|going|spreading) up|getting bigger|growing|red (?:line|lines|streak|streaks)|(?:line|streak) (?:\S+ ){0,3}(?:up|along) (?:my|his|her) (?:arm|leg)",
      unless=(r"(?:sunburn|nappy|eczema|acne|spots|pimple|hay fever|rash (?:\S+ ){0,3}(?:chest|tummy|back) (?:\S+ ){0,3}(?:fine|happy))",)),
    # Shingles near the eye: a blistering rash on the forehead or the tip of the nose.
    R("eye", U, r"(?:rash of blisters|blisters?|blister(?:ing|y) (?:rash|spots)|shingles) (?:\S+ ){0,6}(?:forehead|tip of (?:my|his|her|the) nose|(?:round|around|near|by|above) (?:my|his|her|the) eye|eyelid|eyebrow)",
      unless=(r"(?:acne|pimple|chickenpox)",)),
    # Painful swelling with a fever, anywhere (an abscess, mastoiditis, a septic joint).
    R("infection", U, r"<SWELL>|lump", r"<PAIN>|tender|\bred\b|\bhot\b", r"<FEVER>", unless=(r"~(?:glands? (?:in|on) (?:my|his|her) neck (?:\S+ ){0,3}(?:cold|flu))",)),
    # A headache that the usual painkillers do not shift, or that lasts days.
    R("warning_signs", U, r"headache|migraine", r"(?:\d+|two|three|four|five|several) days|won t (?:go|shift|ease)|(?:not|isn t) (?:going|getting better)|<TREATMENT_FAILING>|worse than (?:usual|ever)"),
    # Thirst, passing a lot of urine, weight loss: possible new diabetes (NICE NG18/NG28: same-day test).
    R("diabetes", U, r"(?:weeing|peeing|urinating|going to the toilet|wee|pee) (?:\S+ ){0,3}(?:a lot|loads|all the time|constantly|more|every hour)",
      r"(?:lost|losing) (?:\S+ ){0,2}weight|weight loss|thirsty|tired|<CHILD>"),
    # Unable to pass urine with a full, painful bladder.
    # round 7: no urine at all for hours with a bladder that is swollen, bulging or in agony: acute retention
    R("urinary_retention", E, r"(?:can t|cannot|couldn t|unable to|hasn t|haven t|has not|have not|not|still can t|no) (?:been able to )?(?:\S+ ){0,1}(?:pee|wee|urinate|pass (?:any )?urine|pass(?:ed)? (?:any )?water|passed (?:any )?urine|peed|weed|had a wee)",
      r"(?:at all|since|for (?:\d+|hours|\S+ hours)|all (?:day|night)|despite|this morning|last night|hours)",
      r"bladder (?:\S+ ){0,4}(?:bulging|distended|hard|burst|tender|huge)|(?:belly|tummy|abdomen|stomach) (?:\S+ ){0,4}(?:bulging|distended|hard|like a ball)|bulging|going to burst|agony|unbearable|excruciating|crying (?:with|in) pain|screaming (?:with|in) pain",
      unless=(r"(?:catheter (?:\S+ ){0,3}(?:in|fitted|put in)|public toilets?|shy bladder|when someone|in front of)",)),
    R("urinary", U, r"(?:can t|cannot|unable to|haven t been able to|struggling to|not able to) (?:\S+ ){0,1}(?:pee|wee|urinate|pass urine|empty (?:my|his|her) bladder)",
      r"bladder|full|<PAIN>|swollen|hours|since|all day|today|at all"),
    R("warning_signs", U, r"(?:<CONFUSED>|<MILD_CONFUSION>|<DROWSY>|<BREATHLESS>|<FAINT>|<DIZZY> (?:\S+ ){0,3}(?:all day|won t go|keeps))",
      unless=(r"(?:slowly|gradually|over (?:\S+ ){0,2}(?:years|months))", r"(?:stand up too quickly|standing up too fast|stood up too fast|when i stand up quickly|a bit dizzy when|walking up hills|always has|sleepy after|tired lately|after lunch)",
              r"~(?:sight of (?:\S+ ){0,2}blood|blood tests?|needles?|injection|jab|(?:having|had) blood taken)")),
    # --- Round 3: classes from the second blind set's misses -------------------------------
    # Sudden loss of sight in one eye, however phrased (NHS: sudden loss of vision, call 999 / A&E).
    R("vision_loss", E, r"(?:lost|losing|loss of|lose|gone) (?:\S+ ){0,3}(?:sight|vision|eyesight) (?:\S+ ){0,2}(?:in|of|from) (?:my|his|her|their|one|the|both) (?:\S+ )?eyes?|"
                        r"(?:<SUDDEN>|just|now) (?:\S+ ){0,2}(?:vision|sight) loss (?:\S+ ){0,2}(?:in|of) (?:my|his|her|their|one|the|both) (?:\S+ )?eyes?|"
                        r"(?:vision|sight|eyesight) (?:in|of|from) (?:my|his|her|their|one|the) (?:\S+ )?eye (?:\S+ ){0,3}(?:gone|went|going|turned|become|became) (?:\S+ ){0,3}(?:dark|black|blank|dim|grey|gray|blind)",
      unless=(r"(?:slowly|gradually|over (?:\S+ ){0,2}(?:years|months)|for years|glaucoma|cataract|macular)",)),
    # Giant-cell arteritis: headache + pain in the jaw on chewing + a change in vision (NICE CKS GCA).
    R("vision_loss", E, r"jaw (?:\S+ ){0,5}(?:chew\w*|eat\w*)|(?:chew\w*|eat\w*) (?:\S+ ){0,4}jaw", r"headache|temple|temples|scalp",
      r"(?:vision|sight|eyes?) (?:\S+ ){0,6}(?:blurr\w*|dim|dark|lost|gone|double|grey|misty)|(?:blurr\w*|double|dim|lost|losing) (?:\S+ ){0,2}(?:vision|sight)"),
    # Bleeding described by its effect, and a person shot or stabbed.
    R("severe_bleeding", E, r"<BLEED>|blood",
      r"soak\w* (?:\S+ ){0,3}(?:jeans|trousers|clothes|shirt|top|towels?|through|bandages?|dressings?|sheets|bed)|blood (?:is )?everywhere|(?:pool|puddle|pools) of blood|(?:gone|going|went|getting) through (?:\S+ ){0,2}(?:towels?|tea towels?|bandages?|dressings?|t shirts?|cloths?)|(?:pooling|puddling|pooled) (?:\S+ ){0,3}(?:floor|ground|carpet|bed)|(?:bleeding|blood) (?:\S+ ){0,2}keeps (?:going|coming|pouring)|"
      r"(?:spurting|pumping|gushing|pouring|squirting) (?:\S+ ){0,2}(?:out|blood)|blood (?:\S+ ){0,2}(?:spurting|pumping|gushing|pouring|squirting)",
      unless=(r"(?:period|nose ?bleed|tampon|pad|pads)",)),
    R("major_trauma", E, r"(?:heard|hear|there were|been|were) (?:\S+ ){0,2}(?:shots|gunshots|gun shots|gunfire|shooting)|shots fired|(?:shot|stabbed|knifed|glassed) (?:\S+ ){0,3}(?:in|through|with)",
      r"<BLEED>|blood|injured|hurt|wound|lying|on the (?:ground|floor|pavement|road)",
      unless=(r"(?:flu shot|booster|covid shot|vaccine|jab|a shot of|shots of|tetanus shot|b12 shot|insulin shot|film|movie|game|tv)",)),
    # Suicide intent by place or means, without the word (Samaritans; NICE NG225).
    R("crisis", E, r"(?:want|wants|wanted|need|needs|wish) (?:\S+ ){0,2}(?:it all|everything|all of it|the whole thing) to (?:stop|end|be over)|end it all|ending it all|"
                   r"(?:want|wants|going) (?:\S+ ){0,1}to (?:jump|end it|end my life|not wake up|disappear forever)",
      unless=(r"(?:pain|noise|itch\w*|crying|headache|vomit\w*|cough\w*|bleeding|contractions) (?:\S+ ){0,4}(?:to stop|to end)",)),
    R("crisis", E, r"(?:on|at|by|under|standing on|sitting on|near) (?:the |a )?(?:bridge|cliff|cliff edge|ledge|roof|rooftop|railway|train tracks|tracks|track|platform edge|motorway bridge|edge)",
      r"(?:can t go on|can t do (?:this|it)(?: any ?more)?(?= \.| ,|$)|can t take (?:it|this|any more|anymore)(?= \.| ,|$)|want (?:\S+ ){0,3}(?:stop|end|over|die|jump)|goodbye|no point|burden|better off|end it|kill (?:my|him|her)sel\w*|jump|not coming (?:down|back)|"
      # round 6: "I'm in the car on the motorway bridge. I've had enough. I'm going to do it."
      r"(?:i ve|i have|i m|i am) (?:had|done|finished) (?:enough|with (?:it|this|everything|life))|(?:i m|i am) (?:going to|gonna) do it(?= \.| ,|$)|(?:i m|i am) done(?= \.| ,|$))",
      unless=(r"(?:view|photo|picture|walk|walking|holiday|bungee|fishing|train (?:is |was )?late|delayed|fixing|repair\w*|gutter|tiles|terrace|roof garden|studying|homework)",)),
    R("crisis", E, r"(?:a|being a|such a|the) burden|better off without (?:me|him|her|them)|(?:no|nothing) (?:left )?to live for|can t go on|"
                   # Hopelessness without the word suicide (round 4): "I don't see the point any more".
                   r"(?:don t|do not|can t|cannot|didn t) see (?:the|any) point(?: any ?more| in (?:living|life|going on|carrying on|anything|being (?:alive|here)|it all|trying|waking up)|(?= \.| ,|$))|"
                   r"what s the point(?: any ?more| of (?:living|life|going on|anything|being here|it all)|(?= \.| ,|$))|no point (?:in )?(?:living|going on|carrying on|any ?more)|"
                   r"had enough of (?:life|living|everything|it all)|no way out|done with (?:life|living|everything|it all)",
      r"hose ?pipe|hose|tape|exhaust|charcoal|rope|noose|ligature|(?:saved|saving|stockpil\w*|hoard\w*) (?:\S+ ){0,2}(?:pills|tablets)|gun|guns|shotgun|rifle|pistol|handgun|firearm|gun cabinet|"
      r"bridge|ledge|cliff|(?:train|railway) (?:tracks?|line)|razor blades?|(?:car|engine) (?:\S+ ){0,3}(?:garage|running)|(?:garage) (?:\S+ ){0,3}(?:car|engine)",
      unless=(r"(?:skipping|climbing|tow|jump) rope|rope (?:skipping|swing|ladder|climb\w*)|(?:gun|rifle|shotgun) (?:licen[cs]e|club|range|cabinet key)|shooting (?:range|club)|clay pigeon|airsoft|paintball|nerf|water pistol|toy gun|video game",)),
    R("crisis", E, r"hose ?pipe|hose", r"tape|exhaust|(?:in|into) (?:\S+ ){0,2}car|garage",
      unless=(r"(?:garden|watering|plants|lawn|wash\w* (?:the )?car|leak\w*)",)),
    # Opioid toxidrome by its signs: very slow breathing, pinpoint pupils, after taking something.
    R("poisoning", E, r"(?:breathing|breaths|breathes|breath) (?:\S+ ){0,3}(?:really |very |so |super |dead |weirdly |)(?:slow\w*|shallow)|(?:slow|shallow) (?:\S+ ){0,1}breath\w*|\b[1-8] breaths (?:a|per) minute|pupils? (?:\S+ ){0,3}(?:tiny|pinpoint|pin point|pinpricks?|pin pricks?)|pinpoint pupils",
      r"(?:took|taken|had|swallowed|snorted|smoked|injected|using|used|on) (?:\S+ ){0,3}(?:something|stuff|drugs|pills|tablets|<DRUG>|<RECREATIONAL>)|party|pupils|pinpoint|<DROWSY>|<UNRESPONSIVE>|blue|needle|overdos\w*|heroin|fentanyl|methadone|opioids?|opiates?|morphine|oxy\w*|codeine|tramadol",
      at_least=2),
    # Accidental double- or week-dosing of heart medicines with symptoms (NPIS / TOXBASE).
    R("medicine_toxicity", E, r"(?:took|taken|had|swallowed|given) (?:\S+ ){0,4}(?:whole week|week s worth|week of|all (?:of )?(?:his|her|my|the|their) (?:\S+ )?(?:tablets|pills|meds|medication)|double|twice|extra|too many|two lots|both doses|(?:\d+|two|three|several) days? worth)|"
                              r"(?:mixed|muddled|got mixed|confused) (?:\S+ ){0,3}(?:dosette|pill box|pill organi[sz]er|blister pack|tablets|pills|meds|doses)|dosette box",
      r"heart|digoxin|bisoprolol|atenolol|propranolol|metoprolol|verapamil|diltiazem|amlodipine|beta blockers?|blood pressure|bp (?:tablets|pills|meds)|warfarin|apixaban|rivaroxaban|amiodarone|flecainide|ramipril|lisinopril",
      r"<DIZZY>|<FAINT>|<NAUSEA>|<VOMIT>|<CONFUSED>|<DROWSY>|slow (?:\S+ ){0,2}(?:pulse|heart)|(?:pulse|heart rate|heartbeat) (?:\S+ ){0,3}(?:slow|low|[2-4]\d\b)|collapsed|sick|unwell|weak|yellow|seeing"),
    # Near-drowning with any after-sign (RLSS / NHS: everyone pulled from the water with symptoms goes to hospital).
    R("drowning", E, r"(?:dragged|pulled|sucked|swept|got|went|pushed|held|dunked|taken) (?:\S+ ){0,2}under(?:water)?|(?:dunked|ducked|knocked|tumbled|rolled) (?:\S+ ){0,2}(?:in|into|under|by) (?:the |a |big )?(?:sea|pool|water|river|lake|bath|waves?|surf)|(?:swallowed|inhaled|breathed in) (?:\S+ ){0,3}(?:water|seawater|pool water)|rip (?:current|tide)",
      r"cough\w*|froth\w*|foam\w*|<CONFUSED>|<DROWSY>|<BREATHLESS>|breath\w*|blue|<VOMIT>|chest|<UNRESPONSIVE>|limp|<PALLOR>",
      unless=(r"(?:snorkel\w*|goggles|ear|ears)",)),
    R("drowning", E, r"(?:cough\w*|spitting|bringing up) (?:\S+ ){0,3}(?:pink |frothy |foamy |white )?(?:froth|foam)|(?:pink|frothy) (?:\S+ ){0,2}(?:spit|sputum|phlegm|mucus)",
      r"beach|sea|pool|water|river|lake|waves|swim\w*|drown\w*|under|<BREATHLESS>|<CONFUSED>"),
    # Round 8: muscle breakdown told by cola-coloured urine with muscle pain or swelling after exertion or a crush.
    R("rhabdomyolysis", E, r"(?:pee|urine|wee|piss) (?:\S+ ){0,3}(?:cola|coca cola|coke|tea|brown|dark brown|black)(?! tea)|(?:cola|coke|dark brown|black) (?:coloured |colored )?(?:pee|urine|wee)",
      r"(?:muscles?|thighs?|legs?|arms?|calves|calf|shoulders?|back) (?:\S+ ){0,4}(?:pain\w*|ach\w*|agony|swollen|swelling|weak\w*|sore|tight|rock hard|hard)|"
      r"(?:pain\w*|agony|swollen|swelling|weak\w*|sore|aching) (?:\S+ ){0,3}(?:muscles?|thighs?|legs?|arms?|calves)|crossfit|spin class|marathon|workout|crush\w*|"
      r"(?:on|lying on) the floor (?:\S+ ){0,3}(?:hours|all night)"),
    # Round 8: insulin taken on purpose or by mistake in a large dose (TOXBASE: insulin overdose, admit).
    R("poisoning", E, r"(?:injected|took|taken|gave|given|done|did|put in) (?:\S+ ){0,3}(?:[2-9]\d|[1-9]\d\d) units|(?:whole|entire|full) (?:\S+ )?(?:insulin )?pen",
      r"on purpose|deliberately|intentionally|meant to|wanted to|to end (?:it|things)|by mistake|by accident|accidentally|instead of|wrong (?:pen|insulin|dose)|double|twice|too much"),
    # Round 8: a delusion about someone together with a weapon at hand (NICE CG178: risk of harm to others).
    R("crisis", E, r"<PSYCHOSIS>|(?:has|have|got) to stop (?:him|her|them)|out to get|spying on|after (?:him|her|me|us)",
      r"knife|knives|gun|machete|blade|axe|hammer|weapon|baseball bat|crowbar"),
    # Round 8: fluid on the lungs told by its sputum and by breathlessness lying flat (NICE CG187).
    R("heart_failure", E, r"(?:cough\w*|bringing up|brought up|hacking up) (?:\S+ ){0,3}(?:pink|frothy|foamy) (?:\S+ ){0,2}(?:spit|sputum|phlegm|mucus|froth|foam)|"
                          r"(?:pink|frothy|foamy) (?:\S+ ){0,2}(?:sputum|phlegm)",
      r"<BREATHLESS>|breath\w*|(?:lie|lay|lying|laying) (?:down|flat)|sit\w* up|propped up|in a chair|crackl\w*|rattl\w*|gurgl\w*|heart|furosemide|water tablets?"),
    R("heart_failure", U, r"(?:can t|cannot|unable to|couldn t) (?:\S+ ){0,1}(?:lie|lay) (?:down|flat)|(?:sleep|sleeping|slept) (?:\S+ ){0,3}(?:sitting up|in a chair|propped up on (?:\d+|three|four|five) pillows)",
      r"<BREATHLESS>|breath\w*|cough\w*|wheez\w*|swollen (?:ankles|legs|feet)|ankles (?:\S+ ){0,2}swollen"),
    # Large or deep burns described by the skin (NHS: white or charred skin, larger than the hand).
    R("burns", E, r"<BURN_EVENT>|fire|flames|caught fire|chip pan",
      r"skin (?:\S+ ){0,3}(?:peel\w*|white|leathery|charred|black|waxy|hanging|coming off|came off|falling off)|(?:peel\w*|coming off|came off) (?:\S+ ){0,2}skin|bigger than (?:\S+ ){0,3}(?:arms?|hands?|legs?|palms?)|(?:both|whole) (?:\S+ ){0,1}(?:arms|legs|arm|leg|chest|back|face|hands)",
      unless=(r"(?:sunburn|sun burn|after sun|peeling (?:\S+ ){0,2}days|healing|healed|scar)",)),
    # Chemical in the eye with pain, cloudiness or an eye that will not open (RCOphth: irrigate and go to A&E).
    R("chemical_eye", E, r"<CHEMICAL>|oven cleaner|drain cleaner|caustic|ammonia|deodorant|hair ?spray|perfume|aerosol|fly spray|insect spray|nail varnish remover|acetone|turps|petrol|chlorine|pool chemicals?|washing powder|laundry (?:pod|capsule|liquid|tablet)s?|detergent|disinfectant|dettol|descaler|limescale remover|paint stripper|dishwasher (?:tablet|powder|liquid)|cleaning (?:\S+ )?(?:spray|fluid|product)|hair dye|relaxer|pepper spray|superglue|super glue",
      r"\beyes?\b",
      r"(?:can t|cannot|won t|unable to) (?:\S+ ){0,1}open|cloud\w*|burn\w*|sting\w*|agony|<PAIN>|<SEVERE>|blurr\w*|can t see|white|red",
      unless=(r"(?:shampoo|soap|sun ?cream|suncream|sunscreen|eye drops|contact lens solution|saline)(?! and)", r"(?:how (?:do|does|should|to|can|would)|what (?:should|to do|do you|if|happens)|prevent|should you|fumes|smell)", r"(?:for a (?:second|moment|minute)|(?:fine|ok|okay|better|gone|settled) now)")),
    # Pre-eclampsia from 20 weeks and up to six weeks after birth (NICE NG133; NHS 'Pre-eclampsia').
    R("pre_eclampsia", E, r"<LATE_PREGNANCY>|<POSTPARTUM>|(?:[5-9]|five|six|seven|eight|nine) months pregnant|(?:\d|one|two|three|four|five|six|a few|few|couple of) (?:days?|weeks?) (?:after|since|post) (?:my |the |her |giving )?(?:c section|caesarean|section|delivery|birth|labour|baby)|(?:2\d|3\d|4[0-2]) weeks pregnant|(?:had|delivered|born) (?:\S+ ){0,3}(?:\d|one|two|three|four|five|six|a few|few|couple of) (?:days?|weeks?) ago",
      r"headache (?:\S+ ){0,3}(?:awful|terrible|severe|bad|really bad|unbearable|pounding|splitting|horrendous|worst|killing)|(?:awful|terrible|severe|bad|pounding|splitting|worst|thumping|horrendous|blinding) (?:\S+ ){0,1}headache|"
      r"(?:head|head s|head is) (?:\S+ ){0,1}(?:pounding|splitting|killing|throbbing|thumping|exploding)|zig ?zags?|(?:everything|things|it s all|all) (?:\S+ ){0,2}blurr\w*|sparkl\w*|flashing|flashes|seeing (?:spots|stars|lights|sparkles)|(?:vision|sight|eyes) (?:\S+ ){0,3}(?:blurr\w*|fuzzy|funny|spotty|strange|weird)|blurr\w* (?:\S+ ){0,1}(?:vision|sight)|"
      r"(?:face|hands|fingers|eyes) (?:\S+ ){0,5}(?:swollen|swelled|swelling|puffed|puffy|ballooned)(?: up)?|(?:swollen|puffy) (?:\S+ ){0,2}(?:face|hands|fingers)|"
      r"(?:1[6-9]\d|2\d\d) ?/ ?(?:1[0-9]\d|9\d)|(?:1[4-9]\d|2\d\d) ?/ ?(?:1[1-9]\d)",
      r"headache|head|vision|sight|eyes|sparkl\w*|flash\w*|spots|swollen|swelled|swelling|puff\w*|blurr\w*|zig ?zags?|/",
      unless=(r"<EARLY_PREGNANCY>", r"~(?:a bit|slightly|a little|from the delivery|from delivery|baby s face)", r"(?:[7-9]|1\d|\d\d) weeks (?:ago|postpartum|post partum|since)|months? (?:ago|old)|(?:month|months) (?:since|after)")),
    # The backstop: a sudden onset paired with a vital function lost, whatever the cause.
    R("danger_signs", E, r"(?:suddenly|all of a sudden|out of nowhere|just now|in the (?:last|past) (?:hour|half hour|few minutes|\d+ minutes|\d+ mins|minute)|right now|(?:\d+|a few|few|ten|twenty|five) minutes ago)",
      r"(?:can t|cannot|couldn t|unable to|can no longer|not able to|lost the ability to) (?:\S+ ){0,1}(?:see(?! (?:the|a|my|his|her|it|properly at night|well|far|clearly|small))|speak|talk|get (?:\S+ ){0,1}words out|breathe|wake (?:him|her|them|up)|be woken|stop (?:the )?bleeding|"
      r"move (?:his|her|my|their|the|one|either) (?:\S+ )?(?:arm|leg|side|face|legs|arms)|feel (?:his|her|my|their|the|one) (?:\S+ )?(?:arm|leg|side|face|legs|arms))",
      unless=(r"(?:asleep|sleep|a cold|blocked nose|stuffy|cramp|pins and needles|hiccups)",)),

    R("crisis", E, r"(?:on|at|in|by|up) (?:the )?(?:top (?:floor|level|deck)|multi storey|car park roof|tower block roof|top of (?:the |a )?(?:\S+ )?(?:car park|building|tower|cliff|multi storey))",
      r"done with (?:everything|it all|life|living)|can t do (?:this|it) any ?more|had enough of (?:everything|life|living)|(?:want|wants) (?:\S+ ){0,3}(?:stop|end|over|die|jump)|goodbye|no point|burden|better off|end it|jump"),
    R("crisis", E, r"(?:i m|i am|i feel|feeling|so) (?:\S+ ){0,1}done with (?:life|living)|had enough of (?:life|living)"),
    # Sitting in a car in a closed garage with the engine running (carbon monoxide; a means of suicide).
    R("crisis", E, r"garage", r"engine (?:is |s |still )?(?:\S+ )?running|(?:car|engine) (?:\S+ ){0,2}running|exhaust|hose ?pipe",
      r"(?:sitting|sat|locked|shut|lying|slumped|won t (?:come out|answer|open)|in the car|inside|he s in|she s in)",
      unless=(r"(?:mechanic|fixing|repair\w*|warm\w* (?:\S+ ){0,2}up|door (?:\S+ ){0,2}open|how long|is it safe)",)),
    # Pre-eclampsia after a birth, told by the baby's age: the mother's own headache, sight or blood pressure.
    R("pre_eclampsia", E, r"(?:baby|newborn|son|daughter|little one) (?:is |s |who s |who is )?(?:only |just )?(?:\d|one|two|three|four|five|six|a few|few|ten|\d\d) (?:days?|weeks?) old",
      r"\bi (?:ve|m|have|am|feel|had)\b|\bmy (?:head|vision|sight|eyes|face|hands|bp|blood pressure)\b",
      r"headache (?:\S+ ){0,3}(?:awful|terrible|severe|unbearable|pounding|splitting|horrendous|worst)|(?:awful|terrible|severe|pounding|splitting|worst|thumping|horrendous|blinding) (?:\S+ ){0,1}headache|"
      r"sparkl\w*|flashing lights|seeing (?:spots|stars|lights|sparkles)|(?:vision|sight|eyes) (?:\S+ ){0,3}(?:blurr\w*|fuzzy|spotty)|blurr\w* (?:\S+ ){0,1}(?:vision|sight)|(?:1[6-9]\d|2\d\d) ?/ ?(?:1[0-9]\d)",
      unless=(r"(?:[7-9]|1\d|\d\d) weeks old|months? old",)),

    # Something sticking into the body (NHS: do not pull it out; call 999).
    R("major_trauma", E, r"(?:glass|knife|blade|metal|nail|rod|pole|pipe|shard|branch|screwdriver|spike|railing|arrow|bolt|skewer|scissors|stick) (?:\S+ ){0,3}(?:sticking out of|stuck in|lodged in|embedded in|gone through|went through|through|impaled in) (?:\S+ ){0,2}(?:leg|legs|arm|chest|belly|tummy|stomach|abdomen|back|neck|head|eye|thigh|side|body|him|her|groin|buttock|bum|hand|foot)",
      unless=(r"(?:splinter|earring|piercing|jewellery|ring|cast|x ray shows|years ago)",)),
    # Going to sleep and never waking, said of oneself (Samaritans: passive wishes with a means or a plan).
    R("crisis", E, r"(?:go to sleep|sleep|fall asleep|close my eyes) (?:\S+ ){0,2}(?:forever|and never wake up|and not wake up|and never wake|and not wake)|never wake up again|want (?:\S+ ){0,2}(?:to )?not (?:wake|be here)",
      unless=(r"(?:scared|afraid|frightened|worried|worry|fear|terrified|anxious|panic) (?:\S+ ){0,6}(?:sleep|wake)",)),

    # A plan to crash a car on purpose (NICE NG225: a plan and a means).
    R("crisis", E, r"(?:going to|gonna|want to|wants to|will|plan(?:ning)? to|about to|threatening to|threatened to) (?:\S+ ){0,2}(?:drive|crash|steer|swerve) (?:\S+ ){0,3}(?:into (?:a |the )?(?:wall|tree|lorry|truck|bridge|river|sea|oncoming traffic|traffic)|off (?:a |the )?(?:cliff|bridge|road)|on purpose)",
      unless=(r"(?:game|video game|film|movie|dream|nightmare|scared|afraid|worried i (?:ll|will|might))",)),

    # A wound from a heavy blade or a power tool.
    R("major_trauma", E, r"machete|sword|axe|hatchet|chainsaw|angle grinder|circular saw|table saw|meat cleaver",
      r"gash\w*|cut|wound|bleed\w*|blood|slash\w*|caught|sliced|deep|hit",
      unless=(r"(?:how to|safety|sharpen\w*|video|film|game|bought|buy)",)),

    # "took 20 of them": a number of tablets told by a word pointing back to a named medicine.
    R("poisoning", E, r"!(?:took|taken|swallowed|downed|necked|had|eaten|ate) (?:\d\d+|[6-9]|a whole|the whole|all|all of) (?:of )?(?:them|those|these|the packet|the bottle|the box|the lot)",
      r"<DRUG>|pills|tablets|capsules|meds",
      unless=(r"(?:over|across|during|in) (?:\S+ ){0,3}(?:week|weeks|month|months|days|year)|(?:a|per|each|every) day|course|as prescribed",)),

    # === Round 4 (issue 13): classes from the third blind set, and kinds no rule named before ========
    # Weakness that climbs from the feet or hands over hours or days, with a function lost: standing,
    # walking, gripping, swallowing, breathing (NHS 'Guillain-Barré syndrome': call 999 or go to A&E).
    R("neuromuscular_weakness", E,
      r"(?:tingl\w*|numb\w*|pins and needles|weak\w*|heavy|jelly|wobbly) (?:\S+ ){0,4}(?:feet|toes|legs|hands|fingers)|(?:feet|toes|legs|hands|fingers) (?:\S+ ){0,4}(?:tingl\w*|numb\w*|pins and needles|weak\w*|heavy|like jelly|giving way|gave way)",
      r"(?:spreading|spread|moving|creeping|climbing|travelling|traveling|working its way|gone|going|went|crept|moved) (?:\S+ ){0,2}(?:up|into|to) (?:\S+ ){0,2}(?:legs|thighs|arms|hands|body|chest|face|hips|waist)|"
      r"(?:now|and now|then|also|too|as well) (?:\S+ ){0,6}(?:arms|hands|face|chest|body)|(?:arms|hands|face) (?:\S+ ){0,3}(?:getting|going|now|also|too|started|starting|becoming|become) (?:\S+ )?(?:weak\w*|numb\w*|tingl\w*)|(?:arms|hands|face|chest) (?:too|as well|also)|(?:face|smile) (?:\S+ ){0,3}(?:weak|droop\w*|numb)|"
      r"(?:getting|got|gets|growing) (?:\S+ ){0,1}(?:weaker|worse) (?:\S+ ){0,3}(?:every|each|by the) (?:day|hour)|(?:every|each) (?:day|hour) (?:\S+ ){0,3}(?:weaker|worse)",
      r"(?:too weak to|can t|cannot|can no longer|couldn t|struggling to|unable to|hard to|harder to|difficult to|can (?:barely|hardly)|barely able to) (?:\S+ ){0,2}(?:stand|walk|climb|get up|lift (?:my|his|her) (?:arms|legs)|grip|hold (?:a|my|his|her|anything)|swallow|breathe|breath|take a (?:deep |full )?breath)|"
      r"<BREATHLESS>|(?:breathing|breath|swallowing|speech|talking) (?:\S+ ){0,3}(?:harder|weak|difficult|struggl\w*|shallow)|legs (?:\S+ ){0,2}(?:giving way|gave way|buckl\w*|collaps\w*)|(?:face|smile) (?:\S+ ){0,3}(?:weak|droop\w*|numb|can t move)|<DOUBLE_VISION>",
      unless=(r"(?:gym|workout|leg day|marathon|after (?:a |the )?(?:run|race|hike|match)|sat on|cross legged|slept on|panic|anxiety|anxious|hyperventilat\w*|carpal|neuropathy|for (?:years|months)|"
              r"when (?:i m|i am|it s|i get) cold|in the cold|cold weather|raynaud)",
              r"~(?:years ago|months ago|last year|used to|chronic)")),
    # Known myasthenia or Guillain-Barré with breathing or swallowing getting harder (NHS: myasthenic crisis).
    R("neuromuscular_weakness", E, r"@(?:myasthenia|myasthenic|guillain)",
      r"(?:can t|cannot|struggling to|hard to|harder to|difficult to|unable to|trouble|difficulty) (?:\S+ ){0,2}(?:breathe|breath|swallow\w*|speak|talk|hold (?:my|his|her) head up|lift (?:my|his|her) head)|<BREATHLESS>|"
      r"(?:breathing|breath|swallowing|voice|speech) (?:\S+ ){0,3}(?:weak|harder|worse|difficult|struggl\w*|shallow)|chok\w* on (?:\S+ ){0,2}(?:saliva|spit|food|drink)",
      unless=(r"(?:how (?:is|do|does|can|long)|what is|what are|risk|prognosis|life expectancy)(?! (?:\S+ ){0,4}(?:now|today|getting))",)),
    # Skin that blisters or comes off, with sore mouth, eyes or genitals, a fever or a new medicine
    # (NHS 'Stevens-Johnson syndrome'; BAD SJS/TEN guidelines 2016).
    R("severe_skin_reaction", E,
      r"skin (?:\S+ ){0,6}(?:blister\w*|peel\w*|coming off|come off|came off|falling off|sloughing|shedding|slid\w* off|rubbing off)|(?:blisters?|blistering|peeling) (?:\S+ ){0,3}(?:all over|everywhere|spreading|(?:my|his|her) body|chest|back|trunk|face)|in sheets",
      r"(?:mouth|lips|eyes?|genitals|privates|inside (?:of )?(?:my|his|her) (?:mouth|cheeks)|throat|down below|vagina|penis) (?:\S+ ){0,4}(?:raw|sore|blister\w*|ulcer\w*|bleed\w*|crust\w*|burn\w*|peel\w*|red|painful|stinging)|"
      r"(?:sores|ulcers|blisters) (?:\S+ ){0,3}(?:in|on|around) (?:my|his|her|the) (?:mouth|lips|eyes|genitals|privates)",
      r"(?:new|started|starting|began|begun|since) (?:\S+ ){0,4}(?:<DRUG>|tablets?|medicine|medication|antibiotic\w*|lamotrigine|allopurinol|carbamazepine|phenytoin)|"
      r"lamotrigine|allopurinol|carbamazepine|phenytoin|co trimoxazole|septrin|nevirapine|<FEVER>|all over|in sheets|spreading|<SEVERE>",
      unless=(r"<SKIN_LOOKALIKE>",)),
    R("severe_skin_reaction", E,
      r"(?:peeling|blistering|blisters|skin (?:\S+ ){0,2}(?:coming|came|falling|sliding) off) (?:\S+ ){0,3}(?:all over|everywhere|in sheets|spreading|large (?:areas|patches))|in sheets|skin (?:\S+ ){0,2}(?:coming|came|falling|sliding) off",
      r"(?:new|started|starting|began|since) (?:\S+ ){0,4}(?:<DRUG>|tablets?|medicine|medication|antibiotic\w*)|lamotrigine|allopurinol|carbamazepine|phenytoin|co trimoxazole|septrin|nevirapine",
      unless=(r"<SKIN_LOOKALIKE>",)),
    # Round 5: a rash with blisters, a sore mouth or eyes, after a new medicine (a fever and a rash
    # with blisters alone is also hand, foot and mouth, so the medicine is required here).
    R("severe_skin_reaction", E,
      r"(?:rash|spots|patches) (?:\S+ ){0,3}blister\w*|blister\w* (?:\S+ ){0,2}rash|blistery rash|rash (?:\S+ ){0,3}(?:spreading|all over)|(?:spreading|painful|purple|dusky) (?:\S+ ){0,2}rash",
      r"(?:mouth|lips|eyes?|genitals|privates|inside (?:of )?(?:my|his|her) (?:mouth|cheeks)|down below|vagina|penis) (?:\S+ ){0,4}(?:raw|sore|blister\w*|ulcer\w*|bleed\w*|crust\w*|burn\w*|peel\w*|painful|stinging)|"
      r"(?:sores|ulcers|blisters) (?:\S+ ){0,3}(?:in|on|around) (?:my|his|her|the) (?:mouth|lips|eyes|genitals|privates)",
      r"(?:new|started|starting|began|begun|since) (?:\S+ ){0,4}(?:<DRUG>|tablets?|medicine|medication|antibiotic\w*|lamotrigine|allopurinol|carbamazepine|phenytoin)|"
      r"lamotrigine|allopurinol|carbamazepine|phenytoin|co trimoxazole|septrin|nevirapine",
      unless=(r"<SKIN_LOOKALIKE>",)),
    # A foreskin stuck behind the head, or a crack or snap of the erect penis (NHS 'Penis pain': A&E).
    R("genital_emergency", E,
      r"foreskin (?:\S+ ){0,4}(?:stuck (?:back|behind|pulled back)|pulled back and (?:\S+ ){0,2}(?:stuck|won t|can t|swollen)|won t (?:go|come|slide|roll|pull) (?:back )?(?:forward|down|over)|"
      r"can t (?:get|pull|push|put|roll|slide) (?:it )?(?:back )?(?:forward|down|over))|paraphimosis",
      r"stuck|won t|can t|swollen|swelling|<PAIN>|purple|blue|tight|paraphimosis|hours",
      unless=(r"(?:how (?:do|to|can|should)|is it normal|phimosis(?! and)|cleaning)(?! (?:\S+ ){0,4}(?:now|stuck))",)),
    R("genital_emergency", E, r"(?:pulled|pushed|rolled|slid) (?:\S+ ){0,2}foreskin (?:\S+ ){0,1}back",
      r"(?:won t|can t|cannot|doesn t|will not) (?:\S+ ){0,3}(?:back|forward|over|down)|stuck",
      unless=(r"(?:how (?:do|to|can|should)|is it normal)(?! (?:\S+ ){0,4}(?:now|stuck))",)),
    R("genital_emergency", E,
      r"(?:crack|snap|pop|popping|cracking|snapping|crunch) (?:\S+ ){0,6}(?:penis|willy|dick|cock|erection|shaft)|(?:penis|willy|dick|cock|erection|shaft) (?:\S+ ){0,6}(?:crack|cracked|cracking|snap|snapped|snapping|popped|popping|broke|broken|fractured|bent (?:\S+ ){0,2}(?:wrong|sideways|awkward\w*|the wrong way))|"
      r"broken (?:penis|willy|dick|cock)|penile fracture|fractured (?:my |his )?penis",
      r"<SWELL>|bruis\w*|purple|black|blood|bent|lost (?:the|my|his) erection|went (?:soft|down)|<PAIN>|aubergine",
      unless=(r"(?:peyronie\w*|always (?:been )?(?:bent|curved)|curve\w* (?:\S+ ){0,3}(?:years|always))",)),
    # A wound, then a stiff or locked jaw with spasms or trouble swallowing (NHS 'Tetanus': go to A&E).
    R("tetanus", E,
      r"(?:stiff|locked|clenched|tight|can t open) (?:\S+ ){0,3}jaw|jaw (?:\S+ ){0,3}(?:stiff|locked|clenched|tight|won t open|can t open|seized)|lockjaw|lock jaw|tetanus",
      r"(?:muscle )?spasms?|stiff (?:neck|back|muscles|stomach|tummy)|(?:back|neck|body|tummy|stomach) (?:\S+ ){0,3}(?:arch\w*|rigid|stiff|spasm\w*)|(?:hard|difficult|struggling) to swallow|(?:can t|cannot) swallow",
      r"wound|cut|stood on|stepped on|nail|rusty|splinter|thorn|bite|bitten|graze|puncture|garden\w*|soil|manure|injur\w*|scratch\w*|gash|tattoo|piercing|needle|injected",
      unless=(r"(?:tmj|grinding|clench\w* (?:\S+ ){0,3}(?:night|sleep|stress)|dentist|dental|wisdom|tooth|teeth|braces|mdma|ecstasy|molly)",)),
    # A fever during or after travel to a malaria area (NHS 'Malaria': a medical emergency; UKHSA).
    R("malaria", E,
      r"(?:back|came back|come back|got back|returned|returning|home|flew back|flown back|just back|been back|since (?:coming|getting|i got|we got) back|after (?:\S+ ){0,2}(?:trip|holiday|travel\w*|visit\w*|safari|gap year)|"
      r"travell\w*|traveled|visited|visiting|holiday|trip|safari|been (?:to|in)|was in|were in|went to|stayed in) (?:\S+ ){0,5}<MALARIA_AREA>|"
      r"<MALARIA_AREA> (?:\S+ ){0,4}(?:trip|holiday|visit|safari|last (?:week|month)|(?:\d+|a|two|three|few|a few|couple of) (?:days|weeks|months?) ago)",
      r"<FEVER>|<RIGORS>|sweats|shaking|chills|flu ?like|fluey",
      unless=(r"(?:(?:going|travelling|traveling|flying|heading|off|moving) (?:to|on) (?:\S+ ){0,4}<MALARIA_AREA>|(?:which|what|best) (?:\S+ ){0,2}malaria (?:tablets|pills|prevention|medication)|(?:do i|should i|will i) need (?:malaria|to take|jabs|vaccin\w*)|"
              r"(?:next|upcoming|planned|planning|future) (?:\S+ ){0,3}(?:trip|holiday|visit)|before (?:i|we) (?:go|travel|leave|fly))",
              r"~(?:years ago|last year|(?:[2-9]|1\d) years? ago)")),
    # Yellow in the first day of life (NICE CG98: jaundice in the first 24 hours needs urgent review).
    R("sick_infant", E,
      r"(?:\d|1\d|2[0-3]|one|two|three|a few|few|twelve|eighteen|twenty) hours? old|born (?:\S+ ){0,2}(?:today|this morning|this afternoon|this evening|last night|yesterday|(?:\d+|a few|few|two|three) hours ago)|(?:1|one) day old|(?:less than|under) (?:a |one |24 hours? )?(?:day|24 hours) old|first day (?:of (?:his|her|their) life|home)",
      r"(?:looks?|looking|gone|going|turned|turning|is|s|seems|skin|eyes|face|whites of (?:his|her|their) eyes|tinge|tinged|colour|color) (?:\S+ ){0,2}(?:yellow\w*|orange)|jaundic\w*",
      unless=(r"(?:yellow (?:poo|poos|poop|stool|stools|nappy|nappies|vomit|discharge|milk|sick|crust|bits)|colostrum|how long (?:does|will)|when (?:does|will))",)),
    # A blocked shunt: headache with vomiting, drowsiness or a fit (NHS 'Hydrocephalus': call 999).
    R("post_procedure", E, r"@(?:shunt|vp shunt|hydrocephalus)",
      r"headache|<VOMIT>|<DROWSY>|<CONFUSED>|<SEIZURE>|(?:eyes|gaze) (?:\S+ ){0,2}(?:down|sunset\w*)|bulging|swelling (?:\S+ ){0,3}(?:along|over) (?:the )?(?:shunt|tube)",
      r"<SEVERE>|<VOMIT>|<DROWSY>|<CONFUSED>|<SEIZURE>|keeps|won t|bulging|sunset\w*|all day|(?:eyes|gaze) (?:\S+ ){0,2}(?:down|sunset\w*)",
      unless=(r"(?:mild|a bit of|slight)(?! (?:\S+ ){0,3}(?:vomit|sick|drowsy))",)),
    # The placenta not out an hour after a birth (NICE NG235: retained placenta, urgent transfer).
    R("labour", E,
      r"placenta (?:\S+ ){0,3}(?:not|hasn t|has not|won t|still not|didn t|isn t) (?:\S+ ){0,2}(?:come|came|delivered|out|coming)|placenta (?:\S+ ){0,2}(?:still (?:in|inside|not)|stuck|retained)|retained placenta",
      r"gave birth|had (?:the|my|her|our) baby|born|delivered|home birth|birth|baby (?:came|arrived)|\d+ (?:minutes|hours?)|an hour|hours",
      unless=(r"(?:what happens if|how long (?:does|should|can)|in my last|last time|(?:previous|first) (?:birth|labour|pregnancy)|is it normal)(?! (?:\S+ ){0,3}now)",)),
    # An acute dystonic reaction to an antipsychotic or anti-sickness medicine (BNF): a twisted neck,
    # eyes stuck looking up, a locked jaw or a protruding tongue.
    R("medicine_toxicity", E, r"haloperidol|metoclopramide|maxolon|prochlorperazine|stemetil|chlorpromazine|risperidone|aripiprazole|olanzapine|droperidol|anti ?psychotics?|anti ?sickness|antiemetic",
      r"(?:neck|head) (?:\S+ ){0,3}(?:twist\w*|pulled|stuck|turned|jerk\w*|spasm\w*)|eyes? (?:\S+ ){0,3}(?:stuck|rolled|rolling|fixed|locked) (?:\S+ ){0,2}(?:up|upwards|back|to one side)|"
      r"jaw (?:\S+ ){0,2}(?:locked|stuck|clenched|won t (?:open|close))|tongue (?:\S+ ){0,3}(?:sticking out|stuck out|pushing out|won t go back)|(?:can t|cannot) (?:close|open) (?:my|his|her) mouth|oculogyric|dystoni\w*",
      unless=(r"(?:how (?:do|does|common|likely)|what is|side effects? (?:of|include)|could (?:it|this) cause)(?! (?:\S+ ){0,4}(?:now|today))",)),
    # Gallstones with a fever and yellow skin: ascending cholangitis (NICE CKS Gallstone disease).
    R("sepsis", E, r"gall ?stones?|gall ?bladder|biliary|bile duct|stent in (?:my|his|her) bile",
      r"<FEVER>|<RIGORS>", r"yellow|jaundic\w*|dark (?:pee|urine|wee)|<CONFUSED>|<RIGORS>",
      unless=(r"~(?:years ago|months ago|removed|taken out|last year)",)),
    # Pain, redness or worse sight days after eye surgery or an eye injection (RCOphth: endophthalmitis).
    R("post_procedure", E, r"(?:cataract|eye|retina\w*|laser|lens|vitrectomy|glaucoma|squint) (?:\S+ ){0,2}(?:operation|surgery|op|procedure|injection|jab)|(?:injection|injections) (?:\S+ ){0,2}(?:in|into) (?:my|his|her|the) eye|eye injection",
      r"(?:eye|it) (?:\S+ ){0,3}(?:<PAIN>|<SEVERE>|red|redder|sticky|pus|swollen)|(?:<PAIN>|<SEVERE>) (?:\S+ ){0,3}eye",
      r"(?:vision|sight|see|seeing|eyesight) (?:\S+ ){0,3}(?:worse|worsening|blurr\w*|dim|cloudy|misty|gone|going|dark)|(?:can t|cannot|can hardly|can barely) see|<SEVERE>|getting worse",
      unless=(r"(?:years ago|months ago|last year|a bit gritty|slightly gritty|itchy)",)),
    # A blood transfusion or infusion followed within hours by fever, rigors, breathlessness or back pain (SHOT).
    R("post_procedure", E, r"(?:blood )?transfusion|(?:iron|blood|immunoglobulin|ivig) (?:infusion|drip)",
      r"<FEVER>|<RIGORS>|shaking|<BREATHLESS>|wheez\w*|(?:back|chest|loin) (?:\S+ ){0,2}(?:pain|hurts|ache)|<FAINT>|<DIZZY>|rash|hives|<SWELL>|dark (?:pee|urine|wee)",
      r"(?:\d+|an|a few|few|couple of) (?:minutes?|hours?) ago|today|this (?:morning|afternoon|evening)|during|after|since|just had|yesterday|tonight",
      unless=(r"(?:years ago|months ago|last year|what is|how long|can i have|should i have|am i (?:able|allowed))",)),
    # A headache with signs of raised pressure in the skull: worse lying down or on waking, with
    # vomiting and a change in sight (NICE CG150 red flags; idiopathic intracranial hypertension, CVST).
    R("danger_signs", E, r"headache|head pain",
      r"worse (?:\S+ ){0,3}(?:lying down|lying flat|when i lie|when (?:i|he|she) (?:bend|cough|strain)|in the morning|on waking|when i wake)|wakes? (?:me|him|her) up (?:\S+ ){0,2}(?:at night|in the night)",
      r"<VOMIT>|sick",
      r"(?:vision|sight|eyes?) (?:\S+ ){0,3}(?:blurr\w*|double|dim|grey|greying|going|funny)|blurr\w* (?:\S+ ){0,1}(?:vision|sight)|<DOUBLE_VISION>|<CONFUSED>|<DROWSY>|(?:pill|pregnan\w*|postpartum|gave birth|clot)",
      unless=(r"(?:hangover|hung over|migraines? (?:\S+ ){0,3}(?:usual|normal|always)|for (?:months|years))",)),
    # A clinician or a result that says to go to hospital now: a potassium of 6.5 or more, or being told
    # to go to A&E.
    R("told_to_attend", E, r"potassium (?:\S+ ){0,4}(?:6\.[5-9]|[7-9](?:\.\d)?)(?! years| weeks)|(?:k|k plus) (?:\S+ ){0,2}(?:6\.[5-9]|[7-9]\.\d)\b",
      unless=(r"(?:what (?:is|does)|normal range|is (?:it|that) (?:high|dangerous))(?! (?:\S+ ){0,4}(?:now|today|told))",)),
    R("told_to_attend", E, r"(?:gp|doctor|dr|hospital|surgery|nurse|lab|consultant|midwife|111|pharmacist|optician|clinic|they|she|he) (?:\S+ ){0,3}(?:rang|called|phoned|told|said|says|wants|advised|sent) (?:\S+ ){0,4}(?:go|come|get|going) (?:\S+ ){0,2}"
                             r"(?:a and e|a e|casualty|emergency department|the er|emergency room|resus|(?:hospital|in|the eye hospital|eye casualty|maternity|labour ward) (?:\S+ ){0,2}(?:now|straight|straight away|immediately|right away|urgently|tonight|today|asap))",
      unless=(r"if (?:\S+ ){0,3}(?:worse|gets?|got|becomes?|start\w*|develop\w*|any)|(?:a and e|a e|casualty|emergency department|the er|emergency room|hospital) (?:\S+ ){0,3}(?:if|should|in case)|should (?:it|he|she|they|things)|last (?:week|time|month|year)|years ago|(?:went|were|was) (?:\S+ ){0,3}(?:and|but) (?:they|it) (?:said|was|found)|next (?:week|time)",)),
    # Unexplained bruising with bleeding gums or nosebleeds (NICE NG12: very urgent blood count).
    R("warning_signs", U,
      r"bruis\w* (?:\S+ ){0,3}(?:all over|everywhere|for no reason|without (?:\S+ ){0,2}(?:reason|knock|injury|bump|fall)|unexplained|keep appearing|appearing|out of nowhere)|(?:unexplained|random|lots of|loads of|strange) bruis\w*|petechiae",
      r"gums? (?:\S+ ){0,3}bleed\w*|bleeding gums|nose ?bleeds?|nose (?:\S+ ){0,2}bleed\w*|tired|pale|<FEVER>|bone pain|lumps?|blood in"),

    # === Round 5 (issue 13): classes from the fourth blind set's first half, and kinds no rule named ====
    # A fuel-burning appliance with symptoms that start when it is used, or with more than one person
    # (or a pet) affected: two symptoms, or one severe, are an emergency, one mild symptom a same-day
    # check (NHS 'Carbon monoxide poisoning'; UKHSA). Electric heating makes no carbon monoxide.
    R("carbon_monoxide", E, r"<FUEL_APPLIANCE>", r"<CO_LINK>",
      r"(?:headaches?|head (?:aches|hurts|is pounding|pounding|thumping)|<DIZZY>|<NAUSEA>|<DROWSY>|<CONFUSED>|<FAINT>|<BREATHLESS>) (?:\S+ ){0,8}(?:headaches?|<DIZZY>|<NAUSEA>|<DROWSY>|<CONFUSED>|<FAINT>|<BREATHLESS>|sleepy|tired|weak|drunk)|<DROWSY>|<CONFUSED>|<FAINT>|<UNRESPONSIVE>",
      unless=(r"<ELECTRIC_HEAT>", r"<CO_QUESTION>")),
    R("carbon_monoxide", U, r"<FUEL_APPLIANCE>", r"<CO_LINK>", r"headaches?|head (?:aches|hurts|is pounding|pounding|thumping)|<DIZZY>|<NAUSEA>|sleepy|tired|drowsy",
      unless=(r"<ELECTRIC_HEAT>", r"<CO_QUESTION>")),
    # Any fresh bleeding in the days after a tonsillectomy or adenoidectomy, or a child who keeps
    # swallowing (blood running down the throat) (NHS 'Tonsillitis: surgery'; ENT UK: go to A&E).
    R("post_procedure", E, r"<THROAT_SURGERY>",
      r"<BLEED>|blood|clots?|(?:keeps|keep|kept|constantly|repeatedly) swallowing|swallowing (?:\S+ ){0,2}(?:over and over|again and again|all the time|constantly|repeatedly|non stop)",
      unless=(r"(?:years|months) ago|last year|as a (?:kid|child|teenager)|when (?:i|he|she) was (?:a |little|young|\d)",
              r"(?:will|might|could|would|can|does|do) (?:\S+ ){0,2}(?:bleed|bleeding)|risk of (?:\S+ ){0,2}bleed\w*|chance of (?:\S+ ){0,2}bleed\w*|waiting list|should (?:i|he|she|we) (?:have|get)")),
    # Paracetamol taken too often or doubled with another paracetamol product, over days or with
    # symptoms (a staggered overdose; NHS 'Paracetamol for adults': go to A&E if you take too much).
    R("poisoning", E,
      r"!(?:been|ve|have|has|i|he|she|was|were|kept) (?:\S+ ){0,2}(?:taking|having|took|taken|giving|given|popping|necking|using) (?:\S+ ){0,6}<PARACETAMOL>",
      r"!every (?:[1-3]|one|two|three|couple of)(?: (?:or |to )?(?:[1-4]|two|three|four))? hours?|every hour|hourly|every half hour|"
      r"(?:9|1\d|2\d|nine|ten|twelve|fourteen|sixteen|twenty) (?:\S+ ){0,2}(?:a|per|each|in a|every) day|more than (?:8|eight|the max\w*|the recommended|it says|the packet says|you re supposed)|double (?:the )?(?:dose|amount)|"
      r"(?:plus|on top|as well as|with|and|alongside|together with|also) (?:\S+ ){0,2}(?:lemsip|beechams|night nurse|day nurse|cold and flu|flu (?:tablets|sachets|capsules|remedy|remedies)|co codamol|co dydramol|solpadeine|cold remedies|sinus tablets)",
      r"(?:for|over) (?:the (?:last|past) )?(?:\d+|a few|few|two|three|four|five|six|several|couple of) days|all week|(?:since|from) (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|the weekend)|<NAUSEA>|<VOMIT>|"
      r"(?:ribs|right side|liver|tummy|stomach) (?:\S+ ){0,2}<PAIN>|<PAIN> (?:\S+ ){0,3}(?:ribs|right side|liver)|yellow|jaundic\w*",
      unless=(r"alternat\w*|in between (?:doses|them)|swap\w* (?:\S+ ){0,2}(?:between|with)",)),
    # A knock to the belly, ribs or flank followed by signs of shock: bleeding inside (a spleen or
    # liver injury; NICE NG39 Major trauma). Glandular fever with pain under the left ribs after a knock.
    R("major_trauma", E, r"<BLUNT_HIT>",
      r"<PAIN> (?:\S+ ){0,4}(?:ribs|tummy|belly|stomach|abdomen|side|flank|left shoulder|shoulder tip|kidney|spleen|liver)|(?:ribs|tummy|belly|stomach|abdomen|side|flank|shoulder tip|kidney|spleen) (?:\S+ ){0,3}<PAIN>|blood in (?:my|his|her) (?:pee|urine|wee)",
      r"<DIZZY>|<FAINT>|<PALLOR>|look(?:s|ing|ed)? (?:\S+ )?white|clammy|<TACHY>|heart (?:\S+ ){0,2}(?:racing|pounding)|light ?headed|going to pass out",
      unless=(r"(?:when|if) (?:i|he|she) (?:stand|stood|get up|got up) (?:\S+ ){0,2}(?:too )?(?:fast|quickly)",)),
    R("major_trauma", E, r"@(?:glandular fever|mono|mononucleosis|enlarged spleen|big spleen|spleen is enlarged)",
      r"(?:left|upper left) (?:\S+ ){0,3}(?:ribs|side|tummy|belly|abdomen|shoulder)|spleen|shoulder tip",
      r"<SUDDEN>|<SEVERE>|<DIZZY>|<FAINT>|<PALLOR>|look(?:s|ing|ed)? (?:\S+ )?white|<BLUNT_HIT>|knock\w*|bump\w*",
      unless=(r"(?:when can|how long (?:until|before|should)|can (?:i|he|she) (?:play|go back|return))(?! (?:\S+ ){0,4}(?:now|today))",)),
    # Giant-cell arteritis without a change in sight: a same-day check (NICE CKS Giant cell arteritis).
    R("gca", U,
      r"(?:headaches?|head pain|pain|throbbing) (?:\S+ ){0,5}(?:temple|temples|side of (?:my|his|her|the) head|sides of (?:my|his|her|the) head)|(?:temple|temples) (?:\S+ ){0,3}(?:<PAIN>|tender|throbbing)|"
      r"scalp (?:\S+ ){0,3}(?:tender|sore|hurts|painful)|(?:combing|brushing) (?:\S+ ){0,3}hair (?:\S+ ){0,2}(?:hurts|sore|painful)",
      r"jaw (?:\S+ ){0,5}(?:chew\w*|eat\w*)|(?:chew\w*|eat\w*) (?:\S+ ){0,4}jaw|(?:hurts|painful|pain|aches?) (?:\S+ ){0,2}(?:to chew|when (?:i |he |she )?(?:chew|eat)\w*|on chewing)|scalp (?:\S+ ){0,3}(?:tender|sore|hurts|painful)|(?:combing|brushing|comb|brush) (?:\S+ ){0,3}hair",
      unless=(r"<GCA_LOOKALIKE>",)),
    # A swallowed coin or other small object without symptoms: a same-day check (NHS 111).
    R("foreign_body", U, r"!(?:swallowed|ate|eaten|gulped|swallow) (?:\S+ ){0,3}(?:<SMALL_OBJECT>|penny|pound coin|1 p|2 p|5 p|10 p|20 p|50 p|screw|nail|pin|earring|key|ring|stone|pebble)",
      unless=(r"(?:what (?:happens|should)|how long does|will it pass)(?! (?:\S+ ){0,4}(?:now|today|ago))",)),
    # A sore throat worse on one side with a fever or trouble swallowing: possible quinsy (NHS 'Quinsy').
    R("infection", U, r"(?:sore throat|tonsil\w*|throat) (?:\S+ ){0,6}(?:one side|one sided|(?:on )?the (?:left|right)(?: side)?|(?:left|right) side)|(?:one side|one sided) (?:\S+ ){0,4}(?:throat|tonsil\w*)",
      r"<FEVER>|\btemp\b|(?:hard|struggling|struggle|difficult|difficulty|hurts|painful|can barely|can hardly|can t) (?:\S+ ){0,2}(?:to )?(?:swallow\w*|open (?:my|his|her) mouth)|muffled|hot potato"),
    # --- Round 5: kinds of emergency our own probes found no rule for ---------------------------------
    # A swollen neck or noisy breathing after thyroid or neck surgery: a bleed pressing on the airway
    # (NHS 'Thyroidectomy: risks'; British Thyroid Association: call 999).
    R("post_procedure", E, r"(?:thyroid|neck|parathyroid|carotid) (?:\S+ ){0,2}(?:surgery|operation|op|removed|out)|thyroidectomy|parathyroidectomy",
      r"(?:neck|wound|scar) (?:\S+ ){0,4}(?:<SWELL>|tight|getting bigger)|(?:breathing|breath) (?:\S+ ){0,3}(?:noisy|harder|difficult|whistling|squeaky|tight)|stridor|<BREATHLESS>|(?:can t|struggling to|hard to) (?:\S+ ){0,1}(?:breathe|swallow)",
      unless=(r"(?:years|months) ago|last year|(?:due|going|booked|waiting|scheduled) (?:\S+ ){0,3}(?:to have|for)|next (?:week|month|year)|will (?:my|his|her|it|the|i) (?:\S+ ){0,2}(?:swell|be|get|have)",)),
    # A dental abscess whose swelling reaches the eye or the neck (NHS 'Dental abscess': go to A&E).
    R("airway_infection", E, r"(?:tooth|teeth|dental|wisdom|gum|abscess)",
      r"(?:eye|eyes) (?:\S+ ){0,3}(?:closing|closed|swollen shut|shut|can t open|won t open)|(?:swelling|swollen|spread\w*) (?:\S+ ){0,4}(?:eye|eyes|neck|under (?:my|his|her) (?:jaw|chin|tongue))|can t open (?:my|his|her) (?:eye|mouth)",
      r"<FEVER>|spread\w*|getting (?:bigger|worse)|<SWELL>|closing"),
    # A blow to the eye with blood inside it or a change in sight (RCOphth: hyphaema, go to eye casualty / A&E).
    R("vision_loss", E, r"(?:hit|struck|punched|elbowed|smacked|poked|whacked|ball|squash|cork|bungee|firework|stick) (?:\S+ ){0,6}(?:in|on) (?:the|my|his|her) eye|eye (?:\S+ ){0,3}(?:hit|struck|punched)",
      r"blood (?:\S+ ){0,4}(?:in|inside) (?:\S+ ){0,3}eye|(?:blurr\w*|double|can t see|cannot see|lost (?:\S+ ){0,2}(?:sight|vision)|dark|shadow|curtain)|pupil (?:\S+ ){0,2}(?:odd|strange|different|big|funny)",
      unless=(r"(?:black eye|bruised eye)(?! (?:\S+ ){0,4}(?:blurr|can t see|blood in))",)),
    # Paint, grease or fuel fired into a finger by a high-pressure gun: a surgical emergency however
    # small the wound looks (BSSH; RCEM high-pressure injection injury).
    R("major_trauma", E, r"high pressure|paint gun|grease gun|injection gun|spray gun|airless sprayer|pressure washer|hydraulic",
      r"(?:injected|went into|into (?:my|his|her) (?:finger|hand|thumb|palm)|shot into|pierced|through the skin|under the skin)"),
    # Known diabetes, a reading told as "33 on the meter", and drowsiness (HHS / DKA; JBDS).
    R("hyperglycaemia", E, r"@(?:<DIABETIC>)", r"(?:[3-5]\d|[2-9]\d\d)(?:\.\d)? on (?:the|my|his|her) (?:meter|monitor|libre|sensor|machine)|sugars? (?:\S+ ){0,2}(?:won t|will not|not) (?:come|coming|go|going) down",
      r"<DROWSY>|<DROWSY_SEVERE>|<CONFUSED>|<VOMIT>|can (?:barely|hardly) stay awake|(?:peeing|weeing) (?:\S+ ){0,2}(?:constantly|all the time|loads)|breathing (?:\S+ ){0,2}(?:deep|fast|heavy)"),
    # A baby pulling the legs up and screaming in bouts, with blood or mucus in the nappy (intussusception;
    # NHS: call 999 / A&E).
    R("acute_abdomen", E, r"(?:<INFANT>|<CHILD>|nappy)",
      r"(?:pulling|drawing|pulls|draws|pulled|drew) (?:\S+ ){0,2}(?:legs|knees) up (?:\S+ ){0,4}(?:screaming|crying|scream\w*|inconsolable)|blood and mucus|mucus and blood|slimy (?:\S+ )?blood|bloody (?:\S+ )?mucus",
      r"blood|mucus|every (?:\d+|few|ten|fifteen|twenty) minutes|comes and goes|episodes|<VOMIT>|pale|floppy|screaming"),
    # A fall from a horse, bike, ladder or height with a headache and vomiting, or clear fluid from the nose
    # (NICE NG232: vomiting after a head injury, a dangerous mechanism, clear fluid from the nose).
    R("head_injury", E, r"(?:fell|fallen|falling|thrown|came|come|coming) (?:\S+ ){0,2}(?:off|from|down) (?:\S+ ){0,2}(?:horse|pony|bike|motorbike|ladder|roof|scaffold\w*|trampoline|climbing frame|wall|tree|stairs|balcony)|<HIGH_ENERGY>",
      r"headache|head (?:\S+ ){0,2}(?:hurts|pain|sore)",
      r"<VOMIT>|<DROWSY>|<CONFUSED>|(?:clear|watery) (?:\S+ ){0,2}(?:runny nose|nose|fluid|liquid|drip\w*)|runny nose"),
    # Heavy bleeding after a birth told in simple words ("after the baby born she bleed too much").
    R("postpartum_haemorrhage", E, r"(?:after|since) (?:the |her |my |our )?baby (?:was |is |has been )?(?:born|come|came|arrive\w*)|baby (?:born|come|came) (?:\S+ ){0,3}ago",
      r"bleed\w* (?:\S+ ){0,2}(?:too much|so much|very much|a lot|much|big)|<BLOOD_A_LOT>|(?:bed|sheets|towels?) (?:\S+ ){0,3}(?:full of|soaked|covered in) blood|soak\w* (?:\S+ ){0,3}blood"),
    # A cut followed by a finger or thumb that can't straighten or bend: a cut tendon (NHS 'Cuts': A&E / urgent).
    R("wound", U, r"(?:cut|sliced|gash\w*|knife|glass|blade)",
      r"(?:can t|cannot|can no longer|unable to|won t) (?:\S+ ){0,1}(?:straighten|bend|move|lift|extend) (?:\S+ ){0,2}(?:finger|fingers|thumb|wrist|toe|tip|end of it|top of it)|(?:finger|fingers|thumb) (?:\S+ ){0,3}(?:won t|can t|doesn t) (?:\S+ ){0,1}(?:straighten|bend|move)|(?:fingers?|thumb|hand) (?:\S+ ){0,3}numb"),
    # A child or teenager with hip or knee pain who can't walk or limps (NICE CKS Limp in children: SUFE,
    # septic arthritis; same-day assessment).
    R("fracture", U, r"<CHILD>|(?:[2-9]|1[0-6]) (?:year old|years old|yo)|teen\w*|(?:he|she) s (?:[2-9]|1[0-6])\b",
      r"(?:hip|knee|groin|thigh) (?:\S+ ){0,4}<PAIN>|<PAIN> (?:\S+ ){0,4}(?:hip|knee|groin|thigh)",
      r"(?:can t|cannot|won t|unable to|refus\w* to) (?:\S+ ){0,1}(?:walk|stand|bear weight|put weight)|limp\w*"),
)

# Words used in rules that do not come from the lexicon, for readability above.
EXTRA_LEXICON: dict[str, str] = {
    # Round 5: carbon monoxide told through the appliance and who is affected.
    "FUEL_APPLIANCE": r"(?:gas|paraffin|kerosene|propane|calor|patio|camping|portable|old|new) (?:heater|fire|stove|cooker|boiler|lamp|ring|hob)|boiler|log burner|wood burner|wood stove|multi fuel stove|generator|"
                      r"(?:bbq|barbecue|charcoal|disposable bbq) (?:\S+ ){0,4}(?:inside|indoors|in the|tent|awning|garage|caravan)|chimney|flue|(?:car|engine|van) (?:\S+ ){0,2}running (?:\S+ ){0,3}(?:garage|inside)",
    "CO_LINK": r"(?:since|when|whenever|every time|each time|only when|after|as soon as|ever since) (?:\S+ ){0,4}(?:using|use|used|started|start|turned|turn|turning|lit|light|lighting|switched|switch|put|got|bought|installed|fitted|serviced|moved|on|running|came on)|"
               r"(?:both|all|each) (?:of us |of them |two of us )?(?:\S+ ){0,2}(?:got|have|had|feel|feeling|getting|get)|(?:the whole|whole) (?:family|house|household)|everyone (?:in|at) (?:the|our) (?:house|flat|home)|"
               r"(?:the|our|my) (?:dog|cat|cats|dogs|pets?|budgie|bird|parrot|rabbit|hamster) (?:\S+ ){0,4}(?:sleepy|drowsy|lethargic|wobbly|vomit\w*|sick|unwell|weird|odd|not (?:right|himself|herself)|collapsed|floppy|dead)|"
               r"(?:better|fine|clears?|goes|go|went) (?:\S+ ){0,3}(?:outside|out of the house|at work|away from (?:home|the house)|when (?:i|we) (?:leave|go out))",
    "ELECTRIC_HEAT": r"central heating|radiators?|electric (?:heater|fire|blanket|radiator|hob|cooker)|fan heater|oil filled|heat pump|air ?con\w*|underfloor heating|storage heater|induction",
    "CO_QUESTION": r"(?:should (?:i|we) (?:get|buy|install|fit)|do (?:i|we) need (?:a|an)|how (?:do|can|would) (?:i|we|you) (?:know|tell)|signs of|symptoms of|what are)(?! (?:\S+ ){0,4}(?:now|today))",
    "GCA_LOOKALIKE": r"tmj|grinding|clench\w*|dentist|dental|braces|wisdom|tooth|teeth|sinus\w*|hangover|tension headache|ponytail|hair ?band|tight bun|bun out|hair (?:tie|extensions)|migraines? (?:\S+ ){0,3}(?:usual|always|normal)",
    "THROAT_SURGERY": r"tonsils? (?:\S+ ){0,2}(?:out|removed|taken out)|tonsillectomy|adenoids? (?:\S+ ){0,2}(?:out|removed|taken out)|adenoidectomy|(?:throat|tonsil|adenoid) (?:surgery|operation|op)",
    "PARACETAMOL": r"paracetamol|acetaminophen|tylenol|panadol|calpol|co codamol|co dydramol|solpadeine|lemsip|beechams|night nurse|cold and flu (?:tablets|capsules|sachets)",
    "BLUNT_HIT": r"tackled|tackle|kicked|punched|elbowed|kneed|knee (?:to|in) (?:the|my|his|her)|hit (?:in|by|on)|(?:fell|fallen|landed|came down) (?:\S+ ){0,3}(?:on|onto|against|across)|handlebars?|crashed|collided|collision|blow to|"
                 r"car accident|car crash|rta|(?:came|fell) off (?:\S+ ){0,2}(?:bike|horse|scooter|ladder|motorbike)|thrown (?:off|from)|kicked by|trampled",
    "INFECTION_WORD": r"infection|infected|infections|pneumonia|uti|urine infection|water infection|kidney infection|chest infection|"
                      r"cellulitis|sepsis|septic|abscess|pus|flu|covid|wound|operation|surgery|cut|bite|red and (?:hot|swollen)|"
                      r"(?:red|hot) and swollen|antibiotics|tonsillitis|appendicitis|red streaks?",
    "LOW_BP": r"(?:blood pressure|bp|pressure) (?:\S+ ){0,4}(?:[4-8]\d)/(?:[1-6]\d)|(?:[4-8]\d)/(?:[1-5]\d)|(?:blood pressure|bp) (?:\S+ ){0,3}(?:very |really |dangerously )?low|low blood pressure",
    "SURGERY": r"(?:had|after|since) (?:\S+ ){0,4}(?:surgery|operation|op|removed|(?<!passed )(?<!blacked )(?<!knocked )(?<!freaked )(?<!passing )(?<!went )(?<!found )(?<!worked )(?<!figured )(?<!night )(?<!day )(?<!time )(?<!falling )(?<!fell )(?<!sorted )(?<!ran )(?<!kicked )(?<!zoned )(?<!stressed )out|taken out|c section|caesarean|procedure|biopsy|keyhole|"
               r"appendectomy|hysterectomy|replacement|transplant|scope|endoscopy|colonoscopy|tonsillectomy)|post ?op|(?:surgery|operation|op|procedure) "
               r"(?:\S+ ){0,2}(?:\d+|a|two|three|four|five|few|couple of) (?:days|day|weeks?) ago|stitches|wound|incision|scar",
    "ALLERGEN_STRICT": r"nuts?|peanuts?|cashews?|almonds?|shellfish|prawns?|shrimp|crab|lobster|mussels|sesame|"
                       r"bee|bees|wasp|wasps|hornet|sting|stung|stings|antibiotic|antibiotics|penicillin|amoxicillin|"
                       r"new (?:medicine|medication|tablet|tablets|pill|pills|drug)|latex|allergic|allergy|allergies",
    "LOOKS_UNWELL": r"(?:doesn t|does not|don t) look (?:right|well|good)|not looking (?:right|well|good)|looks? (?:awful|terrible|dreadful|really (?:ill|unwell|poorly|bad)|very (?:ill|unwell|poorly)|grey|gray|like death)|not right at all",
    # A question about development or hearing ("won't respond when I call his name, is this autism?").
    "DEVELOPMENT_QUESTION": r"(?:is|could|might|can) (?:this|it|that|he|she|they) (?:be )?(?:\S+ )?(?:autis\w*|deaf|adhd|asd|glue ear|a hearing problem)|"
                            r"(?:signs?|symptoms?) of (?:autis\w*|deafness|adhd|asd)|hearing (?:test|loss|problem|check)|selective hearing|speech delay",
    # Where malaria is caught (UKHSA malaria risk areas, as people name them).
    "MALARIA_AREA": r"africa|sub saharan|west africa|east africa|central africa|nigeria|ghana|kenya|uganda|tanzania|zanzibar|malawi|zambia|mozambique|"
                    r"sierra leone|liberia|guinea|cameroon|congo|drc|gambia|senegal|mali|burkina faso|ivory coast|cote d ivoire|togo|benin|niger|"
                    r"chad|sudan|south sudan|ethiopia|somalia|angola|madagascar|rwanda|burundi|zimbabwe|the tropics|amazon|papua new guinea|"
                    r"solomon islands|india|pakistan|bangladesh|afghanistan|yemen|malaria (?:area|region|zone|country)",
    # Blisters or peeling that are not a drug reaction: sun, heat, infections of childhood, known skin disease.
    "SKIN_LOOKALIKE": r"sunburn|sun burn|sunbathing|in the sun|burnt|burned|scald\w*|chicken ?pox|hand foot and mouth|hand foot mouth|hfmd|"
                      r"coxsackie|cold sores?|impetigo|shingles|eczema|psoriasis|athlete s foot|chemical peel|peel(?:ing)? mask|dermatitis|"
                      r"isotretinoin|roaccutane|accutane|tretinoin|retinol|retinoid|benzoyl|new shoes|trainers|blisters? (?:\S+ ){0,3}(?:heel|heels|toes|walking|running|hike|hiking)",
    "INFORMATIONAL_DOSE": r"(?:(?<!know )(?<!sure )(?<!idea )(?<!tell )(?<!knows )how much|(?<!know )(?<!sure )(?<!idea )(?<!tell )(?<!knows )how many|what dose|dose of|can i give|should i give|is it safe to give)",
}
