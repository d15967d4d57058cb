"""Reader feedback on a published report: what a valid answer is, and how often one may be sent.

The questions follow the feedback form that closes an HKEX ESG report: how the reader rates the
report's clarity, completeness and usefulness (very low 1 to very high 5), which stakeholder
group they belong to, free comments and, if they want a reply, how to reach them. Nothing else
about the reader is asked or kept: the answer holds only what they typed.

The form is public, so it is limited: one client address may send a few answers an hour (the
way password-reset links are limited per account), and a field people cannot see (a honeypot)
tells form-filling robots apart; their answers are thanked for and thrown away.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from supplyesg.domain.errors import DomainError, Problem, refuse_if

RATING_QUESTIONS = ("clarity", "completeness", "usefulness")
"""The aspects of the report the reader rates, in the order the form asks."""
RATING_WORDS = {5: "Very high", 4: "High", 3: "Neutral", 2: "Low", 1: "Very low"}
"""The scale of every rating, best first, as the example report's form words it (the words are
listed for translation in web/ui/code_labels.py)."""
MAX_COMMENTS = 2000
MAX_CONTACT = 200
MAX_REPORT_KEY = 40
HONEYPOT_FIELD = "website"
"""A field hidden from people; only a robot filling every field fills it."""
REFUSED = "The feedback was not sent."


class ReaderGroup(StrEnum):
    """The stakeholder group a reader says they belong to."""

    SHAREHOLDER = "shareholder"
    EMPLOYEE = "employee"
    CUSTOMER = "customer"
    SUPPLIER = "supplier"
    GOVERNMENT = "government"
    COMMUNITY = "community"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class FeedbackAnswer:
    """One reader's answer to the feedback form of a report of a year."""

    report: str
    year: int
    clarity: int
    completeness: int
    usefulness: int
    reader_group: ReaderGroup
    comments: str = ""
    contact: str = ""


@dataclass(frozen=True, slots=True)
class FeedbackPolicy:
    """How many answers one client address may send in a window of time."""

    max_answers: int = 5
    window: timedelta = timedelta(hours=1)


DEFAULT_FEEDBACK_POLICY = FeedbackPolicy()


class FeedbackLimitError(DomainError):
    """Too many answers from one client address in the window; `retry_after` says for how long."""

    title = "Too many answers"

    def __init__(self, retry_after: timedelta) -> None:
        self.retry_after = retry_after
        super().__init__(
            "We have had several answers from your address within the hour. "
            f"Please try again in {self.retry_after_minutes} minutes."
        )

    @property
    def retry_after_seconds(self) -> int:
        """The wait in whole seconds, rounded up (for an HTTP Retry-After header)."""
        return max(1, math.ceil(self.retry_after.total_seconds()))

    @property
    def retry_after_minutes(self) -> int:
        """The wait in whole minutes, rounded up (for people)."""
        return max(1, math.ceil(self.retry_after.total_seconds() / 60))


def wait_before_next_answer(
    sent_at: Iterable[datetime], now: datetime, policy: FeedbackPolicy = DEFAULT_FEEDBACK_POLICY
) -> timedelta | None:
    """How long the address must wait before sending again, given when it sent before; None
    if it may send now."""
    recent = sorted(at for at in sent_at if now - policy.window < at <= now)
    if len(recent) < policy.max_answers:
        return None
    frees_at = recent[len(recent) - policy.max_answers] + policy.window
    return frees_at - now


def is_from_a_robot(honeypot: str) -> bool:
    """Whether the hidden field was filled in: no person sees it."""
    return bool(honeypot.strip())


def feedback_answer(
    form: Mapping[str, str], reports: Collection[str], years: range
) -> FeedbackAnswer:
    """The answer a posted form gives, or InvalidInputError naming each field that is wrong."""
    problems = feedback_problems(form, reports, years)
    refuse_if(problems, REFUSED)
    ratings = {question: int(form[question]) for question in RATING_QUESTIONS}
    return FeedbackAnswer(
        report=form["report"],
        year=int(form["year"]),
        reader_group=ReaderGroup(form["reader_group"]),
        comments=form.get("comments", "").strip(),
        contact=form.get("contact", "").strip(),
        **ratings,
    )


def feedback_problems(
    form: Mapping[str, str], reports: Collection[str], years: range
) -> list[Problem]:
    """Every field of the form that is missing, too long or not one of its choices."""
    problems = _report_problems(form, reports, years)
    for question in RATING_QUESTIONS:
        value = form.get(question, "")
        if value not in {str(score) for score in RATING_WORDS}:
            problems.append(Problem(question, "choose one of the five answers", value[:20]))
    group = form.get("reader_group", "")
    if group not in {g.value for g in ReaderGroup}:
        problems.append(Problem("reader_group", "choose the group you belong to", group[:40]))
    for name, most in (("comments", MAX_COMMENTS), ("contact", MAX_CONTACT)):
        length = len(form.get(name, "").strip())
        if length > most:
            problems.append(Problem(name, f"at most {most} characters (this has {length})"))
    return problems


def _report_problems(
    form: Mapping[str, str], reports: Collection[str], years: range
) -> list[Problem]:
    problems = []
    report, year = form.get("report", ""), form.get("year", "")
    if report not in reports:
        problems.append(
            Problem("report", f"must be one of {', '.join(reports)}", report[:MAX_REPORT_KEY])
        )
    if not (year.isascii() and year.isdigit() and int(year) in years):
        reason = f"must be a year from {years.start} to {years.stop - 1}"
        problems.append(Problem("year", reason, year[:10]))
    return problems
