"""Incidental / symptomatic labels for findings (placeholder until the incidental-label issue lands)."""

from __future__ import annotations

from nlp.model import Finding


def label_findings(findings: list[Finding], age: int | None = None, sex: str | None = None) -> None:
    """Set ``label``, ``p_incidental``, ``rationale``, ``sources``, ``rule``, ``benchmark`` in place."""
    return None
