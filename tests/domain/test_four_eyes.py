"""Four eyes knows a person by their account, whatever label they act under."""

import pytest

from supplyesg.domain.four_eyes import Person, four_eyes_problems, person, same_person

ANA_SESSION = Person("ana@example.com", 7)
ANA_TOKEN = Person("ana@example.com (API token 'erp')", 7)
BEN_SESSION = Person("ben@example.com", 8)
OPERATOR = Person("root (command line)")


@pytest.mark.parametrize(
    ("one", "other", "same"),
    [
        (ANA_SESSION, ANA_SESSION, True),
        (ANA_TOKEN, ANA_SESSION, True),  # one account, two labels
        (ANA_SESSION, BEN_SESSION, False),
        (Person("ana@example.com", 7), Person("ana@example.com", 9), False),  # ids decide
        (OPERATOR, OPERATOR, True),  # no account on either side: the labels decide
        (OPERATOR, Person("ROOT (command line) "), True),
        (OPERATOR, ANA_SESSION, False),
        (Person("ana@example.com"), ANA_SESSION, True),  # a label recorded without its account
    ],
)
def test_the_same_person_is_recognised_by_account_then_by_label(
    one: Person, other: Person, same: bool
) -> None:
    assert same_person(one, other) is same
    assert same_person(other, one) is same


@pytest.mark.parametrize(
    ("maker", "checker", "refused"),
    [
        (ANA_TOKEN, ANA_SESSION, True),
        (ANA_SESSION, ANA_TOKEN, True),
        (ANA_TOKEN, BEN_SESSION, False),
        (OPERATOR, ANA_SESSION, False),
        (None, ANA_SESSION, False),  # nothing recorded as made by anyone
    ],
)
def test_nobody_checks_what_they_submitted(
    maker: Person | None, checker: Person, refused: bool
) -> None:
    problems = four_eyes_problems(maker, checker, "approve", "a value")
    assert bool(problems) is refused
    if refused:
        assert problems[0].field == "actor"
        assert problems[0].reason == "the person who submitted a value cannot approve it"
        assert problems[0].value == checker.label


def test_a_bare_label_is_a_person_without_an_account() -> None:
    assert person("root (command line)") == Person("root (command line)", None)
    assert person(ANA_TOKEN) is ANA_TOKEN
