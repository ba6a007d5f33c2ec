"""IIN and BIN: Kazakhstan's 12-digit identification numbers for persons and entities.

An IIN is YYMMDD of birth, one digit for century and sex, four serial digits and a
check digit.  The check digit is a weighted sum mod 11 with weights 1..11; when that
gives 10, a second pass with weights 3..11,1,2 is used; if that too gives 10 the
number is invalid.  A BIN (business identification number) uses the same check.
"""

from __future__ import annotations

from datetime import date

_WEIGHTS_1 = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
_WEIGHTS_2 = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)

# Seventh digit: century of birth and sex.  0 is used by foreign citizens'
# numbers issued without those data, so it decodes to nothing.
_CENTURY_SEX: dict[str, tuple[int, str]] = {
    "1": (1800, "M"),
    "2": (1800, "F"),
    "3": (1900, "M"),
    "4": (1900, "F"),
    "5": (2000, "M"),
    "6": (2000, "F"),
}


def clean_number(value: str) -> str:
    """Drop spaces and separators people type inside numbers."""
    return "".join(ch for ch in value if not ch.isspace() and ch not in "-./")


def _check_digit(digits: str) -> int | None:
    total = sum(int(d) * w for d, w in zip(digits[:11], _WEIGHTS_1, strict=True)) % 11
    if total == 10:
        total = sum(int(d) * w for d, w in zip(digits[:11], _WEIGHTS_2, strict=True)) % 11
        if total == 10:
            return None
    return total


def _valid_checksum(value: str) -> bool:
    digits = clean_number(value)
    if len(digits) != 12 or not digits.isascii() or not digits.isdigit():
        return False
    check = _check_digit(digits)
    return check is not None and check == int(digits[11])


def validate_iin(value: str) -> bool:
    """True for 12 digits with a correct check digit."""
    return _valid_checksum(value)


def validate_bin(value: str) -> bool:
    """True for 12 digits with a correct check digit (same rule as the IIN)."""
    return _valid_checksum(value)


def iin_birth_date(value: str) -> date | None:
    """Birth date encoded in a valid IIN, or None when it cannot be decoded."""
    digits = clean_number(value)
    if not validate_iin(digits):
        return None
    century_sex = _CENTURY_SEX.get(digits[6])
    if century_sex is None:
        return None
    try:
        return date(century_sex[0] + int(digits[0:2]), int(digits[2:4]), int(digits[4:6]))
    except ValueError:
        return None


def iin_sex(value: str) -> str | None:
    """ "M" or "F" as encoded in a valid IIN, or None."""
    digits = clean_number(value)
    if not validate_iin(digits):
        return None
    century_sex = _CENTURY_SEX.get(digits[6])
    return century_sex[1] if century_sex else None
