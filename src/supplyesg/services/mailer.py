"""Sending e-mail over SMTP. Without an SMTP server configured, e-mails are dropped with a
log line that names the recipient and subject only (bodies can hold reset links).
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Protocol

from supplyesg.config import Settings

log = logging.getLogger(__name__)

SMTP_TIMEOUT_SECONDS = 30


@dataclass(frozen=True, slots=True)
class Email:
    """A plain-text e-mail to one person."""

    to: str
    subject: str
    text: str


class MailError(RuntimeError):
    """The SMTP server could not be reached or refused the e-mail."""


class Mailer(Protocol):
    """Something that delivers e-mails (`delivers` is False when e-mail is switched off)."""

    delivers: bool

    def send(self, email: Email) -> None:
        """Deliver the e-mail, or raise MailError."""


class SmtpMailer:
    """Delivers through the configured SMTP server."""

    delivers = True

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def send(self, email: Email) -> None:
        """Deliver the e-mail, or raise MailError."""
        message = EmailMessage()
        message["From"] = self.settings.mail_from
        message["To"] = email.to
        message["Subject"] = email.subject
        message.set_content(email.text)
        try:
            with self._connect() as smtp:
                smtp.send_message(message)
        except (OSError, smtplib.SMTPException) as error:
            raise MailError(f"e-mail to {email.to} not sent: {type(error).__name__}") from error

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        context = ssl.create_default_context()
        smtp: smtplib.SMTP
        if s.smtp_ssl:
            smtp = smtplib.SMTP_SSL(
                s.smtp_host, s.smtp_port, timeout=SMTP_TIMEOUT_SECONDS, context=context
            )
        else:
            smtp = smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=SMTP_TIMEOUT_SECONDS)
            if s.smtp_starttls:
                smtp.starttls(context=context)
        if s.smtp_username:
            smtp.login(s.smtp_username, s.smtp_password.get_secret_value())
        return smtp


class UnsentMailer:
    """Used when no SMTP server is configured: says what it would have sent, never the body."""

    delivers = False

    def send(self, email: Email) -> None:
        """Log the recipient and subject."""
        log.warning("no SMTP server configured; e-mail %r to %s not sent", email.subject, email.to)


def mailer_for(settings: Settings) -> Mailer:
    """The mailer the settings call for."""
    return SmtpMailer(settings) if settings.smtp_host else UnsentMailer()
