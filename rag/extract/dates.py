"""Dates as documents write them, normalised to YYYY-MM-DD."""
from __future__ import annotations

import datetime as dt
import re

_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], 1)}
_MONTHS.update({m[:3]: i for m, i in list(_MONTHS.items())})
_MONTH = r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|" \
         r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH}\s+(\d{{4}})\b", re.I)
_MONTH_DAY_YEAR = re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I)
_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_PDF_DATE = re.compile(r"^D?:?(\d{4})(\d{2})?(\d{2})?")


def _valid(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _month(name: str) -> int:
    name = name.lower().rstrip(".")
    return _MONTHS.get(name) or _MONTHS[name[:3]]


def first_date(text: str) -> str | None:
    """The earliest-placed full date in `text` ("16 March 2025", "March 16, 2025",
    "2025-03-16"), or None."""
    found: list[tuple[int, str]] = []
    for match in _DAY_MONTH_YEAR.finditer(text):
        date = _valid(int(match.group(3)), _month(match.group(2)), int(match.group(1)))
        if date:
            found.append((match.start(), date))
    for match in _MONTH_DAY_YEAR.finditer(text):
        date = _valid(int(match.group(3)), _month(match.group(1)), int(match.group(2)))
        if date:
            found.append((match.start(), date))
    for match in _ISO.finditer(text):
        date = _valid(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        if date:
            found.append((match.start(), date))
    return min(found)[1] if found else None


def pdf_date(value: object) -> str | None:
    """A PDF date string ("D:20250316171204+01'00'") as YYYY-MM-DD; needs year, month, day."""
    if not isinstance(value, str):
        return None
    match = _PDF_DATE.match(value.strip())
    if not match or not match.group(2) or not match.group(3):
        return None
    return _valid(int(match.group(1)), int(match.group(2)), int(match.group(3)))


def iso_date(value: object) -> str | None:
    """The date part of an ISO timestamp or a datetime, as YYYY-MM-DD."""
    if isinstance(value, (dt.datetime, dt.date)):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, str):
        match = _ISO.search(value)
        if match:
            return _valid(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    return None
