"""Translations: the gettext catalogues kept beside this module, and the language of the
request being served.

English is written in the code and templates; `messages.pot` lists every text to translate
(`pybabel extract`, see README.md here) and `<locale>/LC_MESSAGES/messages.po` holds a language.
The .po files are read directly (no compiled .mo to build or ship). The language of a request
comes from its Accept-Language header, or the `lang` cookie once a user has chosen one.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextvars import ContextVar
from functools import cache
from gettext import NullTranslations
from io import BytesIO
from pathlib import Path

from babel import Locale, UnknownLocaleError, negotiate_locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from starlette.types import ASGIApp, Receive, Scope, Send

LOCALE_DIR = Path(__file__).resolve().parent
DEFAULT = "en"
SUPPORTED: tuple[str, ...] = (DEFAULT, "zh_Hant")
LANGUAGE_NAMES: Mapping[str, str] = {"en": "English", "zh_Hant": "繁體中文"}
COOKIE = "lang"
_ALIASES = {"zh_TW": "zh_Hant", "zh_HK": "zh_Hant", "zh_MO": "zh_Hant", "zh": "zh_Hant"}

current_locale: ContextVar[str] = ContextVar("supplyesg_locale", default=DEFAULT)


@cache
def translations(locale: str) -> NullTranslations:
    """The catalogue of a language (English: none, the texts are already English)."""
    po = LOCALE_DIR / locale / "LC_MESSAGES" / "messages.po"
    if locale == DEFAULT or not po.is_file():
        return NullTranslations()
    with po.open("rb") as source:
        catalog = read_po(source, locale=locale)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(fp=compiled)


def translate(message: str) -> str:
    """The message in the language of the current request (itself when not translated)."""
    return translations(current_locale.get()).gettext(message)


def translate_plural(singular: str, plural: str, count: int) -> str:
    """The singular or plural form of a message for `count`, in the current language."""
    return translations(current_locale.get()).ngettext(singular, plural, count)


def chosen_locale(accept_language: str, cookie: str | None) -> str:
    """The supported language a request asks for: the cookie's, else the best of the header's."""
    if cookie in SUPPORTED:
        return cookie
    preferred = []
    for part in accept_language.split(","):
        tag = part.split(";", 1)[0].strip().replace("-", "_")
        if tag and tag != "*":
            preferred.append(_ALIASES.get(_script_form(tag), _script_form(tag)))
    return negotiate_locale(preferred, SUPPORTED, sep="_") or DEFAULT


def _script_form(tag: str) -> str:
    """zh_TW and zh_Hant_TW both mean Traditional Chinese; other tags stay as they are."""
    try:
        parsed = Locale.parse(tag)
    except (ValueError, UnknownLocaleError):
        return tag
    if parsed.language == "zh" and parsed.script == "Hant":
        return "zh_Hant"
    return tag


class LocaleMiddleware:
    """Serves each HTTP request in the language it asks for (an ASGI middleware)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers", ()))
        accept = headers.get(b"accept-language", b"").decode("latin-1")
        cookie = _cookie(headers.get(b"cookie", b"").decode("latin-1"), COOKIE)
        token = current_locale.set(chosen_locale(accept, cookie))
        try:
            await self.app(scope, receive, send)
        finally:
            current_locale.reset(token)


def _cookie(header: str, name: str) -> str | None:
    for part in header.split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return None
