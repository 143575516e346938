# TEMPORARY stub (not committed): the helper's module replaces it.
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Verdict:
    kind: str
    repairable: bool
    detail: str


def assess(chars: str) -> Verdict:
    if not chars.strip():
        return Verdict("no_text", False, "no characters")
    return Verdict("ok", False, "")


def repair_gbk_latin1(chars: str):
    return None
