"""Train the triage's learned backstop (medgguf/chat/triage/backstop.py) and write its weights.

    .venv/bin/python scripts/train_triage_backstop.py            # writes medgguf/chat/triage/data/triage_backstop.json
    .venv/bin/python scripts/train_triage_backstop.py --check    # retrains and compares with the shipped file

Run it after any change to the rules, the lexicon, framing or text normalization (a test fails
until you do: the features come from them). About a minute on 2 cores.

1. Messages. Positives: the emergencies of every labelled set in tests/data (triage*.jsonl).
   Negatives: their urgent and routine messages (near misses included), half of the ChatDoctor
   patient messages in ../shared/data that the rules do not call emergencies (real people's
   wording; the other half is kept back to count what the backstop adds there), and 1,500
   MedQuAD questions (informational). Seeded, so the same files give the same weights.
2. Features: ``medgguf.chat.triage.backstop_features``, what the backstop reads at run time.
3. Threshold: 5-fold cross-validation over the labelled sets; the threshold is the lowest score
   at which out-of-fold false alarms on their routine messages (those the rules leave routine)
   stay at or under 1%.
4. Fit: L2-regularised logistic regression (classes balanced, L-BFGS in float64 on CPU) on all
   of it; weights written atomically with the threshold, the measurements, the source
   fingerprint and the sha256 of each training file.
"""
from __future__ import annotations

import argparse
import collections
import hashlib
import json
import math
import random
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from medgguf import atomic, paths
from medgguf.chat.triage import backstop, evaluation

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
SEED = 13
FOLDS = 5
MAX_FALSE_ALARMS = 0.01
L2 = 1.0            # inverse regularisation strength (C)
MIN_COUNT = 2       # a feature seen in fewer training messages gets no weight
MEDQUAD_QUESTIONS = 1500


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=backstop.MODEL_PATH)
    parser.add_argument("--check", action="store_true",
                        help="retrain and compare with --out instead of writing it; exit 1 if they differ")
    args = parser.parse_args(argv)

    labelled, negatives, heldout, sources = load_messages()
    labelled_rows = featurize(labelled, "labelled sets")
    # Negatives the rules call emergencies are dropped: the rules answer for them, and some are real.
    negative_rows = [row for row in featurize(negatives, "ChatDoctor + MedQuAD") if not row.rules_emergency]
    threshold, cv = choose_threshold(labelled_rows, negative_rows)
    weights, bias = fit(labelled_rows + negative_rows)
    model = backstop.Model(weights, bias, threshold, backstop.fingerprint())
    held = [row for row in featurize(heldout, "held-out ChatDoctor") if not row.rules_emergency]
    added = sum(model.score(row.features) >= threshold for row in held)
    report = {
        "fingerprint": model.fingerprint,
        "threshold": round(threshold, 4),
        "bias": round(bias, 6),
        "training": {
            "labelled_sets": sources,
            "emergencies": sum(row.label for row in labelled_rows),
            "labelled_non_emergencies": sum(1 - row.label for row in labelled_rows),
            "chatdoctor_and_medquad_negatives": len(negative_rows),
            "seed": SEED, "folds": FOLDS, "l2_c": L2, "min_count": MIN_COUNT,
        },
        "cross_validation": cv,
        "chatdoctor_heldout": {"messages_the_rules_leave_below_emergency": len(held),
                               "raised_to_emergency": int(added)},
        "weights": {name: round(value, 5) for name, value in sorted(weights.items()) if abs(value) >= 5e-5},
    }
    print(f"threshold {threshold:.3f}: out-of-fold recall of emergencies by the backstop alone "
          f"{cv['emergency_recall_alone']:.3f}, false alarms on routine {cv['routine_false_alarms']:.4f}; "
          f"held-out ChatDoctor raised {added}/{len(held)}; {len(report['weights'])} weights", file=sys.stderr)
    if args.check:
        return compare(report, json.loads(args.out.read_text(encoding="utf-8")))
    atomic.write_json(args.out, report)
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


@dataclass(frozen=True)
class Row:
    features: frozenset[str]
    label: int
    rules_emergency: bool


def load_messages() -> tuple[list[tuple[str, int]], list[tuple[str, int]], list[tuple[str, int]], dict[str, str]]:
    """(labelled, extra negatives, held-out ChatDoctor messages, sha256 of each labelled set)."""
    labelled: list[tuple[str, int]] = []
    sources: dict[str, str] = {}
    for path in sorted(DATA.glob("triage*.jsonl")):
        sources[path.name] = hashlib.sha256(path.read_bytes()).hexdigest()
        labelled += [(message.text, int(message.level == "emergency")) for message in evaluation.load(path)]
    chatdoctor_file = paths.SHARED_DATA_DIR / "chatdoctor" / "chatdoctor5k.json"
    medquad_file = paths.SHARED_DATA_DIR / "medquad" / "medquad.jsonl"
    for needed in (chatdoctor_file, medquad_file):
        if not needed.is_file():
            raise SystemExit(f"error: {needed} is missing: the backstop trains on ../shared/data "
                             "(or set MEDGGUF_SHARED_DATA)")
    rng = random.Random(SEED)
    chatdoctor = [row["input"] for row in json.loads(chatdoctor_file.read_text(encoding="utf-8"))
                  if row["input"].strip()]
    rng.shuffle(chatdoctor)
    half = len(chatdoctor) // 2
    questions = sorted({json.loads(line)["Question"] for line in medquad_file.read_text(encoding="utf-8").splitlines()
                        if line.strip()})
    rng.shuffle(questions)
    negatives = [(text, 0) for text in chatdoctor[:half] + questions[:MEDQUAD_QUESTIONS]]
    heldout = [(text, 0) for text in chatdoctor[half:]]
    return labelled, negatives, heldout, sources


def featurize(messages: list[tuple[str, int]], what: str) -> list[Row]:
    from rich.progress import Progress

    from medgguf.chat.triage import backstop_features

    rows = []
    with Progress(transient=True) as progress:
        for text, label in progress.track(messages, description=f"features: {what}"):
            features, rules_emergency = backstop_features(text)
            rows.append(Row(features, label, rules_emergency))
    return rows


def choose_threshold(labelled: list[Row], negatives: list[Row]) -> tuple[float, dict]:
    """The lowest threshold whose out-of-fold false alarms on the labelled routine messages that
    the rules leave below emergency stay at or under MAX_FALSE_ALARMS of all routine messages."""
    order = list(range(len(labelled)))
    random.Random(SEED).shuffle(order)
    out_of_fold = [0.0] * len(labelled)
    for fold in range(FOLDS):
        held = set(order[fold::FOLDS])
        weights, bias = fit([row for i, row in enumerate(labelled) if i not in held] + negatives)
        fold_model = backstop.Model(weights, bias, threshold=math.inf, fingerprint="")
        for i in held:
            out_of_fold[i] = fold_model.score(labelled[i].features)
    routine = [i for i, row in enumerate(labelled) if row.label == 0]
    candidates = sorted((out_of_fold[i] for i in routine if not labelled[i].rules_emergency), reverse=True)
    allowed = math.floor(MAX_FALSE_ALARMS * len(routine))
    threshold = candidates[allowed] + 1e-6 if allowed < len(candidates) else -math.inf
    emergencies = [i for i, row in enumerate(labelled) if row.label == 1]
    cv = {
        "emergency_recall_alone": round(sum(out_of_fold[i] >= threshold for i in emergencies) / len(emergencies), 4),
        "routine_false_alarms": round(
            sum(out_of_fold[i] >= threshold for i in routine if not labelled[i].rules_emergency) / len(routine), 4),
    }
    return threshold, cv


def fit(rows: list[Row]) -> tuple[dict[str, float], float]:
    """L2-regularised logistic regression, classes balanced; L-BFGS, float64, deterministic."""
    import torch

    counts = collections.Counter(feature for row in rows for feature in row.features)
    vocabulary = {name: i for i, name in enumerate(sorted(f for f, n in counts.items() if n >= MIN_COUNT))}
    cells = [(r, vocabulary[f]) for r, row in enumerate(rows) for f in row.features if f in vocabulary]
    x = torch.sparse_coo_tensor(torch.tensor(cells, dtype=torch.long).T, torch.ones(len(cells), dtype=torch.float64),
                                (len(rows), len(vocabulary))).coalesce()
    y = torch.tensor([row.label for row in rows], dtype=torch.float64)
    positives = y.sum()
    balance = torch.where(y == 1, (len(rows) - positives) / positives, torch.ones_like(y))
    w = torch.zeros(len(vocabulary), dtype=torch.float64, requires_grad=True)
    b = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.LBFGS([w, b], lr=1, max_iter=500, history_size=20, tolerance_grad=1e-9,
                                  tolerance_change=1e-12, line_search_fn="strong_wolfe")

    def loss_and_grad():
        optimizer.zero_grad()
        logits = torch.sparse.mm(x, w[:, None]).squeeze(1) + b
        per_row = torch.nn.functional.binary_cross_entropy_with_logits(logits, y, reduction="none")
        loss = (balance * per_row).sum() / balance.sum() + (w @ w) / (2 * L2 * len(rows))
        loss.backward()
        return loss

    optimizer.step(loss_and_grad)
    weights = w.detach().tolist()
    return {name: weights[i] for name, i in vocabulary.items()}, float(b.detach())


def compare(trained: dict, shipped: dict) -> int:
    """0 if the shipped weights are what training gives now (to 1e-3), else 1 with the reason."""
    problems = []
    if trained["fingerprint"] != shipped.get("fingerprint"):
        problems.append("the rules, lexicon, framing or text normalization changed since the shipped weights")
    shipped_threshold = shipped.get("threshold", math.nan)
    if not math.isfinite(shipped_threshold) or abs(trained["threshold"] - shipped_threshold) > 1e-3:
        problems.append(f"threshold {shipped.get('threshold')} shipped, {trained['threshold']} trained")
    mine, theirs = trained["weights"], shipped.get("weights", {})
    worst = max((abs(mine.get(k, 0.0) - theirs.get(k, 0.0)) for k in set(mine) | set(theirs)), default=0.0)
    if worst > 1e-3:
        problems.append(f"weights differ by up to {worst:.4f}")
    for problem in problems:
        print(f"error: {problem}: run scripts/train_triage_backstop.py", file=sys.stderr)
    if not problems:
        print("the shipped weights are what training gives", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
