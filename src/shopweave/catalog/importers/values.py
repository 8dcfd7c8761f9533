"""Reading cell values from dirty exports: repair what is safe, report it, reject the rest.

Each `parse_*` function is pure: it returns the value and, when it changed the text, the reason
(a repair), or raises `BadValueError` when the text cannot be used. `Cells` applies them to one row
and records every repair with the file, line and field.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from html.parser import HTMLParser
from typing import Any

from shopweave.catalog.importers.report import Rejection, Repair


class BadValueError(ValueError):
    """A value that cannot be used; the message says why."""


class RowError(Exception):
    """A row that must be rejected because of one field."""

    def __init__(self, field: str | None, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


@dataclass
class Issues:
    """Repairs and rejections found while reading one file."""

    file: str
    repairs: list[Repair] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)

    def repair(
        self, line: int | None, name: str | None, original: str | None, value: str | None, reason: str
    ) -> None:
        """Record a repaired (or, with `value=None`, dropped) value."""
        self.repairs.append(
            Repair(file=self.file, line=line, field=name, original=original, value=value, reason=reason)
        )

    def reject(self, line: int | None, name: str | None, reason: str) -> None:
        """Record a rejected row."""
        self.rejections.append(Rejection(file=self.file, line=line, field=name, reason=reason))


_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_THOUSANDS_DOT_DECIMAL = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")
_THOUSANDS_COMMA_DECIMAL = re.compile(r"[+-]?\d{1,3}(\.\d{3})+(,\d+)?")
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,(\d{1,2}|\d{4,})")
_SCIENTIFIC = re.compile(r"[+-]?\d+([.,]\d+)?[eE][+-]?\d+")
_CURRENCY_SIGNS = "$€£¥"


def parse_decimal(text: str) -> tuple[Decimal, str | None]:
    """A decimal number; decimal commas and thousands separators are repaired and reported.

    `1,234` is ambiguous (one thousand or one point two three four) and is rejected.
    """
    raw = text.strip()
    if raw.isdigit():
        return Decimal(raw), None
    value = raw.replace("\u00a0", "").replace(" ", "") if any(c in raw for c in " \u00a0") else raw
    reason: str | None = "spaces removed from a number" if value != raw else None
    if value and value[0] in _CURRENCY_SIGNS:
        value = value[1:]
        reason = "currency sign removed from a number"
    if _PLAIN_NUMBER.fullmatch(value):
        return Decimal(value), reason
    if re.fullmatch(r"[+-]?\d{1,3},\d{3}", value):
        raise BadValueError(
            f"{raw!r} is ambiguous: a thousands separator or a decimal comma; write it without one"
        )
    if _THOUSANDS_DOT_DECIMAL.fullmatch(value):
        return Decimal(value.replace(",", "")), "thousands separators removed"
    if _THOUSANDS_COMMA_DECIMAL.fullmatch(value) and "," in value:
        return Decimal(value.replace(".", "").replace(",", ".")), "decimal comma read as a decimal point"
    if _DECIMAL_COMMA.fullmatch(value):
        return Decimal(value.replace(",", ".")), "decimal comma read as a decimal point"
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise BadValueError(f"{raw!r} is not a number") from None
    if not number.is_finite():
        raise BadValueError(f"{raw!r} is not a number")
    return number, reason


def parse_barcode(text: str) -> tuple[str | None, str | None]:
    """A GTIN/EAN/UPC as digits, or None when the value cannot be trusted.

    Scientific notation (`3.65275E+11`) means a spreadsheet rounded the number: the digits are
    lost, so the barcode is dropped, never rebuilt. A leading apostrophe (the spreadsheet "text"
    marker), spaces, hyphens and a trailing `.0` are removed.
    """
    raw = text.strip()
    if _SCIENTIFIC.fullmatch(raw):
        return None, (
            f"barcode {raw} was turned into scientific notation by a spreadsheet and its digits are lost; "
            "dropped. Re-export the column as text"
        )
    value = raw
    reasons = []
    if value.startswith("'"):
        value = value[1:]
        reasons.append("leading apostrophe (spreadsheet text marker) removed")
    if re.fullmatch(r"[\d \-]+", value) and not value.isdigit():
        value = value.replace(" ", "").replace("-", "")
        reasons.append("spaces and hyphens removed")
    if re.fullmatch(r"\d+\.0+", value) and len(value.split(".")[0]) <= 15:
        value = value.split(".")[0]
        reasons.append("trailing '.0' added by a spreadsheet removed")
    if not value.isdigit():
        return None, f"barcode {raw!r} is not made of digits; dropped"
    return value, "; ".join(reasons) or None


def parse_identifier(text: str) -> tuple[str | None, str | None]:
    """A part number or similar code: kept as text, but scientific notation is dropped."""
    raw = text.strip()
    if _SCIENTIFIC.fullmatch(raw):
        return None, f"{raw} was turned into scientific notation by a spreadsheet; dropped"
    if raw.startswith("'"):
        return raw[1:], "leading apostrophe (spreadsheet text marker) removed"
    return raw, None


_TRUE = {"true", "1", "yes", "y", "t"}
_FALSE = {"false", "0", "no", "n", "f"}


def parse_bool(text: str) -> bool:
    """TRUE/FALSE, 1/0, yes/no in any case."""
    value = text.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise BadValueError(f"{text!r} is not true or false")


def parse_int(text: str) -> tuple[int, str | None]:
    """A whole number; `12.0` is repaired to 12, `12.5` rejected."""
    stripped = text.strip()
    if stripped.isdigit():
        return int(stripped), None
    number, reason = parse_decimal(text)
    if number != number.to_integral_value():
        raise BadValueError(f"{text.strip()!r} is not a whole number")
    if reason is None and not re.fullmatch(r"[+-]?\d+", text.strip()):
        reason = "whole number written as a decimal"
    return int(number), reason


def parse_datetime(text: str) -> datetime:
    """ISO 8601 or Shopify's `2024-03-01 12:34:56 -0500`; naive times are taken as UTC."""
    value = text.strip()
    for pattern in ("%Y-%m-%d %H:%M:%S %z", "%Y-%m-%d %H:%M:%S"):
        try:
            parsed = datetime.strptime(value, pattern)
            break
        except ValueError:
            continue
    else:
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise BadValueError(f"{text!r} is not a date and time (use 2024-03-01T12:00:00Z)") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


_TAG = re.compile(r"<[^>]+>")


def strip_html(text: str) -> str:
    """Text without tags and with entities decoded, whitespace collapsed."""
    return " ".join(html.unescape(_TAG.sub(" ", text)).split())


def has_html(text: str) -> bool:
    """Whether `text` contains markup."""
    return bool(_TAG.search(text))


_DANGEROUS_ELEMENTS = {"script", "style", "iframe", "object", "embed", "form"}
_MAYBE_DANGEROUS = re.compile(
    r"<\s*/?\s*(script|style|iframe|object|embed|form)|\son\w+\s*=|javascript:|<!--", re.I
)


class _Sanitiser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self.removed: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag(tag, attrs, closed=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag(tag, attrs, closed=True)

    def _tag(self, tag: str, attrs: list[tuple[str, str | None]], *, closed: bool) -> None:
        if tag in _DANGEROUS_ELEMENTS:
            self.removed.append(f"<{tag}>")
            if not closed:
                self.skipping += 1
            return
        if self.skipping:
            return
        kept = []
        for name, value in attrs:
            if name.startswith("on") or (value or "").strip().lower().startswith("javascript:"):
                self.removed.append(f"{name}= on <{tag}>")
                continue
            kept.append(name if value is None else f'{name}="{html.escape(value, quote=True)}"')
        self.out.append("<" + " ".join([tag, *kept]) + (" />" if closed else ">"))

    def handle_endtag(self, tag: str) -> None:
        if tag in _DANGEROUS_ELEMENTS:
            self.skipping = max(0, self.skipping - 1)
            return
        if not self.skipping:
            self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.out.append(data)

    def handle_entityref(self, name: str) -> None:
        if not self.skipping:
            self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        if not self.skipping:
            self.out.append(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        self.removed.append("comment")


def sanitise_html(text: str) -> tuple[str, str | None]:
    """Description HTML with scripts, styles, frames, forms, comments and event handlers removed."""
    if "<" not in text or not _MAYBE_DANGEROUS.search(text):
        return text, None
    parser = _Sanitiser()
    parser.feed(text)
    parser.close()
    if not parser.removed:
        return text, None
    return "".join(parser.out), "unsafe HTML removed from the description: " + ", ".join(
        sorted(set(parser.removed))
    )


def slugify(text: str) -> str:
    """A URL-safe handle: lowercase letters, digits and single hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@dataclass
class Cells:
    """One row's values by column name, read with repairs reported against its line."""

    data: dict[str, Any]
    line: int | None
    issues: Issues

    def raw(self, name: str) -> str:
        """The cell as text ('' when the column is missing or empty)."""
        value = self.data.get(name)
        if value is None:
            return ""
        return value if isinstance(value, str) else str(value)

    def has(self, name: str) -> bool:
        """Whether the cell has a non-blank value."""
        value = self.data.get(name)
        return bool(value) and bool(self.raw(name).strip())

    def text(self, name: str) -> str | None:
        """Trimmed text, or None when blank."""
        value = self.data.get(name)
        if not value:
            return None
        value = (value if isinstance(value, str) else str(value)).strip()
        return value or None

    def required(self, name: str) -> str:
        """Trimmed text; a blank cell rejects the row."""
        value = self.text(name)
        if value is None:
            raise RowError(name, f"{name} is required")
        return value

    def title(self, name: str) -> str | None:
        """A title or name: markup is stripped (and reported)."""
        value = self.text(name)
        if value is not None and has_html(value):
            cleaned = strip_html(value)
            self.issues.repair(self.line, name, value, cleaned, "HTML tags removed from a title")
            return cleaned or None
        return value

    def description(self, name: str) -> str | None:
        """Description HTML with unsafe markup removed (and reported)."""
        value = self.text(name)
        if value is None:
            return None
        cleaned, reason = sanitise_html(value)
        if reason:
            self.issues.repair(self.line, name, value, cleaned, reason)
        return cleaned

    def decimal(self, name: str) -> Decimal | None:
        """A number, or None when blank; unusable text rejects the row."""
        value = self.text(name)
        if value is None:
            return None
        try:
            number, reason = parse_decimal(value)
        except BadValueError as exc:
            raise RowError(name, str(exc)) from None
        if reason:
            self.issues.repair(self.line, name, value, str(number), reason)
        return number

    def integer(self, name: str) -> int | None:
        """A whole number, or None when blank."""
        value = self.text(name)
        if value is None:
            return None
        try:
            number, reason = parse_int(value)
        except BadValueError as exc:
            raise RowError(name, str(exc)) from None
        if reason:
            self.issues.repair(self.line, name, value, str(number), reason)
        return number

    def boolean(self, name: str, default: bool) -> bool:
        """A yes/no cell, or `default` when blank."""
        value = self.text(name)
        if value is None:
            return default
        try:
            return parse_bool(value)
        except BadValueError as exc:
            raise RowError(name, str(exc)) from None

    def barcode(self, name: str) -> str | None:
        """A barcode as digits; mangled values are dropped and reported, never rebuilt."""
        value = self.text(name)
        if value is None:
            return None
        barcode, reason = parse_barcode(value)
        if reason:
            self.issues.repair(self.line, name, value, barcode, reason)
        return barcode

    def identifier(self, name: str) -> str | None:
        """A part number: scientific notation dropped and reported."""
        value = self.text(name)
        if value is None:
            return None
        ident, reason = parse_identifier(value)
        if reason:
            self.issues.repair(self.line, name, value, ident, reason)
        return ident

    def datetime(self, name: str) -> datetime | None:
        """A timestamp, or None when blank."""
        value = self.text(name)
        if value is None:
            return None
        try:
            return parse_datetime(value)
        except BadValueError as exc:
            raise RowError(name, str(exc)) from None

    def choice(self, name: str, allowed: dict[str, str], default: str) -> str:
        """One of a fixed set of values (case-insensitive), `default` when blank."""
        value = self.text(name)
        if value is None:
            return default
        key = value.lower().replace(" ", "_")
        if key not in allowed:
            raise RowError(name, f"{value!r} is not one of: {', '.join(sorted(set(allowed.values())))}")
        return allowed[key]


def explain(exc: Exception) -> tuple[str | None, str]:
    """(field, reason) of a RowError or a pydantic validation error raised while building a row."""
    if isinstance(exc, RowError):
        return exc.field, exc.reason
    errors = getattr(exc, "errors", None)
    if callable(errors):
        problems = errors()
        if problems:
            first = problems[0]
            location = ".".join(str(part) for part in first.get("loc", ())) or None
            return location, str(first.get("msg", exc))
    return None, str(exc)
