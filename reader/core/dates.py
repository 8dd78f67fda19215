"""Dates as articles print them ("25.05.2011", "June 29, 2014", "29 June 2014")."""

from __future__ import annotations

import re
from datetime import date

MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
"""The months' English names, lower case, in order."""

MONTHS = {name: i for i, name in enumerate(MONTH_NAMES, start=1)} | {
    short: i
    for i, names in enumerate(
        ["jan", "feb", "mar", "apr", "", "jun", "jul", "aug", "sep sept", "oct", "nov", "dec"],
        start=1,
    )
    for short in names.split()
}
"""A month's number by its name or its abbreviation, lower case."""

WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


_WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"


_DATE_DOTS = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")


_DATE_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


_DATE_MDY = re.compile(_WEEKDAY + r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$", re.I)


_DATE_DMY = re.compile(_WEEKDAY + r"(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})$", re.I)


def parse_date(text: str) -> str | None:
    """A date line as an ISO date ("25.05.2011" → "2011-05-25"), else ``None``."""
    text = text.strip().rstrip(".").strip()
    if len(text) > 40:
        return None
    year: int
    try:
        if m := _DATE_DOTS.match(text):
            day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        elif m := _DATE_ISO.match(text):
            year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
        elif m := _DATE_MDY.match(text):
            month, day, year = MONTHS.get(m.group(1).lower(), 0), int(m.group(2)), int(m.group(3))
        elif m := _DATE_DMY.match(text):
            day, month, year = int(m.group(1)), MONTHS.get(m.group(2).lower(), 0), int(m.group(3))
        else:
            return None
        return date(year, month, day).isoformat()
    except ValueError:
        return None
