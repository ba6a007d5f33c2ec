"""IIN/BIN decoding against hand-computed numbers (the check digits are worked out below)."""

from datetime import date

from adaldyq.names import iin_birth_date, iin_sex, validate_bin, validate_iin

# 8*1+5*2+0*3+7*4+1*5+5*6+3*7+0*8+0*9+0*10+1*11 = 113; 113 mod 11 = 3.
MALE_1985 = "850715300013"
# First pass gives 10; second pass (weights 3..11,1,2) gives 4.
FEMALE_1990_SECOND_PASS = "900101400404"
# Both passes give 10: no valid check digit exists for this prefix.
NO_CHECK_DIGIT_PREFIX = "90010140043"


def test_valid_iin_decodes_birth_date_and_sex() -> None:
    assert validate_iin(MALE_1985)
    assert iin_birth_date(MALE_1985) == date(1985, 7, 15)
    assert iin_sex(MALE_1985) == "M"


def test_second_weight_set_is_used_when_first_gives_ten() -> None:
    assert validate_iin(FEMALE_1990_SECOND_PASS)
    assert iin_birth_date(FEMALE_1990_SECOND_PASS) == date(1990, 1, 1)
    assert iin_sex(FEMALE_1990_SECOND_PASS) == "F"


def test_prefix_without_any_check_digit_is_never_valid() -> None:
    assert not any(validate_iin(NO_CHECK_DIGIT_PREFIX + str(d)) for d in range(10))


def test_wrong_check_digit_length_or_characters_are_invalid() -> None:
    assert not validate_iin("850715300014")
    assert not validate_iin("85071530001")
    assert not validate_iin("85071530001a")
    assert iin_birth_date("850715300014") is None
    assert iin_sex("") is None


def test_separators_typed_inside_the_number_are_ignored() -> None:
    assert validate_iin("850715 300013")
    assert validate_iin("850715-300-013")


def test_bin_uses_the_same_checksum() -> None:
    assert validate_bin(MALE_1985)
    assert not validate_bin("850715300014")


def test_impossible_date_or_unknown_century_decodes_to_none() -> None:
    # 13th month, valid checksum: 8*1+5*2+1*3+3*4+1*5+5*6+3*7+1*11 = 100 -> 1.
    assert validate_iin("851315300011")
    assert iin_birth_date("851315300011") is None
    # Century digit 0 carries no birth data.
    assert iin_sex("850715000012") is None or not validate_iin("850715000012")
