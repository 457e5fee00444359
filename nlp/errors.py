"""Input checking with clear messages: bad values become ``errors`` entries, never exceptions."""

from __future__ import annotations

import math
from typing import Any

MAX_CHARS = 2_000_000  # longer texts are truncated (and say so) to keep memory bounded


def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return isinstance(value, float) and math.isnan(value)
    except TypeError:
        return False


def coerce_inputs(text, age, sex, clinical, symptoms):
    """Return ``(text, age, sex, clinical, symptoms, problems)`` with each value checked.

    ``text`` is ``None`` when it cannot be used as a report (the caller then yields empty findings).
    """
    problems: list[str] = []
    if _is_missing(text):
        problems.append("E001: no report text")
        text = None
    elif isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    elif not isinstance(text, str):
        problems.append(f"E002: report text must be a string, got {type(text).__name__}")
        text = None
    if text is not None and not text.strip():
        problems.append("E001: no report text (empty or whitespace only)")
    if text is not None:
        text = text.replace("\x00", " ")
        if len(text) > MAX_CHARS:
            problems.append(f"W001: report longer than {MAX_CHARS} characters was truncated")
            text = text[:MAX_CHARS]
    if _is_missing(age) or age == "":
        age = None
    else:
        try:
            age_f = float(age)
            if not math.isfinite(age_f) or age_f < 0 or age_f > 120:
                raise ValueError
            age = int(round(age_f))
        except (TypeError, ValueError):
            problems.append(f"E003: age must be a number of years between 0 and 120, got {str(age)[:20]!r}")
            age = None
    if _is_missing(sex) or sex == "":
        sex = None
    else:
        s = str(sex).strip().upper()[:1]
        if s in ("F", "M"):
            sex = s
        else:
            problems.append(f"E004: sex must be F or M, got {str(sex)[:10]!r}")
            sex = None
    if _is_missing(clinical) or clinical == "":
        clinical = None
    elif not isinstance(clinical, str):
        problems.append(f"E005: clinical must be a string, got {type(clinical).__name__}")
        clinical = None
    if _is_missing(symptoms):
        symptoms = None
    elif isinstance(symptoms, str):
        import json

        try:
            symptoms = json.loads(symptoms) if symptoms.strip() else None
        except ValueError:
            problems.append("E006: symptoms must be a JSON object")
            symptoms = None
    if symptoms is not None and not isinstance(symptoms, dict):
        problems.append(f"E006: symptoms must be an object, got {type(symptoms).__name__}")
        symptoms = None
    return text, age, sex, clinical, symptoms, problems
