"""Logging in through the pages, as a browser does, and a local SMTP server that keeps mail."""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes
from email.message import Message

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from fastapi.testclient import TestClient
from httpx2 import Response

CSRF_FIELD = re.compile(r'name="csrf_token" value="([0-9a-f]{64})"')


def csrf_of(page: Response) -> str:
    """The CSRF token in a page's forms."""
    found = CSRF_FIELD.search(page.text)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


def log_in(client: TestClient, email: str, password: str, next_url: str = "/") -> Response:
    """Fill in and send the login form; the answer is not followed."""
    token = csrf_of(client.get("/login"))
    form = {"email": email, "password": password, "next": next_url, "csrf_token": token}
    return client.post("/login", data=form, follow_redirects=False)


class Mailbox:
    """An aiosmtpd handler keeping every message it receives."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(  # noqa: N802 - the name aiosmtpd calls
        self, server: SMTP, session: Session, envelope: Envelope
    ) -> str:
        content = envelope.original_content or b""
        self.messages.append(message_from_bytes(content))
        return "250 OK"

    def bodies(self) -> list[str]:
        """The text of every message, in order."""
        return [str(m.get_payload(decode=True), "utf-8") for m in self.messages]


def free_port() -> int:
    """A TCP port nobody listens on, on 127.0.0.1."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def smtp_server() -> Iterator[tuple[Mailbox, int]]:
    """A local SMTP server for the duration of the block: (its mailbox, its port)."""
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield mailbox, port
    finally:
        controller.stop()
