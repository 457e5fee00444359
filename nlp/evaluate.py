"""Scoring against a gold file, as ``shared/spec/findings.md`` section 4 defines it.

1. Report level (the LIRE measure): per report and type, is the finding affirmed (present/possible)?
   Sensitivity, specificity, precision and F1 per type and micro-averaged.
2. Level level: micro P/R/F1 over the set of ``(type, level, assertion)`` per report.
3. Assertion: accuracy on findings matched by ``(type, level)``.
4. Attributes: accuracy of side, zone and severity on matched findings.

Gold and predicted findings are paired within a report by ``(type, level)``, nearest text position first
(the gold ``evidence`` is located in the text).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, Iterable

from sklearn.metrics import confusion_matrix, precision_recall_fscore_support

from nlp.model import FINDING_TYPES

AFFIRMED = {"present", "possible"}


def read_gold(path: str | Path) -> list[dict[str, Any]]:
    rows = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except ValueError as exc:
                    raise ValueError(f"{path}:{n}: not valid JSON ({exc})") from exc
    return rows


def _binary_scores(y_true, y_pred) -> dict[str, float | int]:
    tn, fp, fn, tp = confusion_matrix(y_true, y_pred, labels=[0, 1]).ravel()
    p, r, f, _ = precision_recall_fscore_support(y_true, y_pred, average="binary", zero_division=0)
    spec = tn / (tn + fp) if (tn + fp) else 1.0
    return {"tp": int(tp), "fp": int(fp), "fn": int(fn), "tn": int(tn), "precision": float(p),
            "sensitivity": float(r), "specificity": float(spec), "f1": float(f)}


def _pair(gold: list[dict], pred: list[dict], text: str):
    """Pair gold and predicted findings with the same (type, level), nearest position first."""
    for g in gold:
        pos = text.find(g.get("evidence") or "\x00")
        g["_pos"] = pos if pos >= 0 else 0
    by_key = defaultdict(list)
    for i, p in enumerate(pred):
        by_key[(p["type"], p["level"])].append(i)
    used: set[int] = set()
    pairs = []
    for g in gold:
        cands = [i for i in by_key.get((g["type"], g["level"]), []) if i not in used]
        if not cands:
            continue
        same = [i for i in cands if pred[i]["assertion"] == g["assertion"]] or cands
        best = min(same, key=lambda i: abs(pred[i]["start"] - g["_pos"]))
        used.add(best)
        pairs.append((g, pred[best]))
    return pairs


def score(gold_rows: Iterable[dict], predictions: dict[Any, list[dict]]) -> dict[str, Any]:
    """Score predicted finding dicts (``{report id: [finding dict, ...]}``) against gold rows."""
    gold_rows = list(gold_rows)
    rep_true: dict[str, list[int]] = defaultdict(list)
    rep_pred: dict[str, list[int]] = defaultdict(list)
    tp = fp = fn = 0
    errors: dict[str, list[str]] = defaultdict(list)
    attr = Counter()
    for row in gold_rows:
        gold = [dict(f) for f in row.get("findings") or []]
        pred = predictions.get(row["id"], [])
        g_aff = {f["type"] for f in gold if f["assertion"] in AFFIRMED}
        p_aff = {f["type"] for f in pred if f["assertion"] in AFFIRMED}
        for t in FINDING_TYPES:
            rep_true[t].append(int(t in g_aff))
            rep_pred[t].append(int(t in p_aff))
        gs = {(f["type"], f["level"], f["assertion"]) for f in gold}
        ps = {(f["type"], f["level"], f["assertion"]) for f in pred}
        tp += len(gs & ps)
        fp += len(ps - gs)
        fn += len(gs - ps)
        for key in sorted(gs - ps, key=str):
            ev = next((f.get("evidence") for f in gold if (f["type"], f["level"], f["assertion"]) == key), "")
            errors[key[0]].append(f"FN {row['id']}: {key[1]} {key[2]} <- {ev[:70]!r}")
        for key in sorted(ps - gs, key=str):
            ev = next((f.get("text") for f in pred if (f["type"], f["level"], f["assertion"]) == key), "")
            errors[key[0]].append(f"FP {row['id']}: {key[1]} {key[2]} <- {ev[:70]!r}")
        for g, p in _pair(gold, pred, row.get("text") or ""):
            attr["matched"] += 1
            attr["assertion"] += g["assertion"] == p["assertion"]
            for a in ("side", "zone", "severity"):
                attr[a] += g.get(a) == p.get(a)
                if g.get(a) != p.get(a) and g["assertion"] == p["assertion"]:
                    errors[g["type"]].append(f"{a} {row['id']}: {g['level']} gold={g.get(a)} got={p.get(a)}"
                                             f" <- {(g.get('evidence') or '')[:50]!r}")
    per_type = {}
    all_true: list[int] = []
    all_pred: list[int] = []
    for t in FINDING_TYPES:
        if any(rep_true[t]) or any(rep_pred[t]):
            per_type[t] = _binary_scores(rep_true[t], rep_pred[t])
        all_true += rep_true[t]
        all_pred += rep_pred[t]
    report_micro = _binary_scores(all_true, all_pred)
    lp = tp / (tp + fp) if tp + fp else 0.0
    lr = tp / (tp + fn) if tp + fn else 0.0
    lf = 2 * lp * lr / (lp + lr) if lp + lr else 0.0
    m = attr["matched"] or 1
    summary = {
        "reports": len(gold_rows),
        "report_level": {k: round(v, 4) if isinstance(v, float) else v for k, v in report_micro.items()},
        "level_level": {"precision": round(lp, 4), "recall": round(lr, 4), "f1": round(lf, 4),
                        "tp": tp, "fp": fp, "fn": fn},
        "assertion_accuracy": round(attr["assertion"] / m, 4),
        "side_accuracy": round(attr["side"] / m, 4),
        "zone_accuracy": round(attr["zone"] / m, 4),
        "severity_accuracy": round(attr["severity"] / m, 4),
        "matched_findings": attr["matched"],
    }
    return {"summary": summary, "per_type": per_type, "errors": dict(errors)}


def predict(gold_rows: Iterable[dict], pipeline=None) -> dict[Any, list[dict]]:
    from nlp.analysis import default_pipeline

    pipeline = pipeline or default_pipeline()
    rows = list(gold_rows)
    out = {}
    for row, doc in zip(rows, pipeline.pipe([r.get("text") or "" for r in rows], batch_size=64)):
        out[row["id"]] = [f.to_dict() for f in doc._.findings]
    return out


def evaluate_file(path: str | Path, pipeline=None) -> dict[str, Any]:
    rows = read_gold(path)
    return score(rows, predict(rows, pipeline))


def format_report(scores: dict[str, Any], max_errors: int = 15) -> str:
    s = scores["summary"]
    rl, ll = s["report_level"], s["level_level"]
    lines = [
        f"reports: {s['reports']}",
        f"report level  micro: P {rl['precision']:.3f}  sensitivity {rl['sensitivity']:.3f}  "
        f"specificity {rl['specificity']:.3f}  F1 {rl['f1']:.3f}",
        f"level level   micro: P {ll['precision']:.3f}  R {ll['recall']:.3f}  F1 {ll['f1']:.3f}  "
        f"(tp {ll['tp']} fp {ll['fp']} fn {ll['fn']})",
        f"assertion accuracy {s['assertion_accuracy']:.3f}  side {s['side_accuracy']:.3f}  "
        f"zone {s['zone_accuracy']:.3f}  severity {s['severity_accuracy']:.3f}  (matched {s['matched_findings']})",
        "",
        f"{'type':32s} {'P':>6s} {'Se':>6s} {'Sp':>6s} {'F1':>6s}   tp  fp  fn",
    ]
    for t, v in scores["per_type"].items():
        lines.append(f"{t:32s} {v['precision']:6.3f} {v['sensitivity']:6.3f} {v['specificity']:6.3f} "
                     f"{v['f1']:6.3f} {v['tp']:4d}{v['fp']:4d}{v['fn']:4d}")
    if max_errors:
        lines.append("")
        lines.append("errors (level level; attribute mismatches):")
        for t, errs in sorted(scores["errors"].items()):
            lines.append(f"  {t}: {len(errs)}")
            lines.extend(f"    {e}" for e in errs[:max_errors])
    return "\n".join(lines)
