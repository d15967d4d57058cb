"""Fields and labels reach the browser as meant: attributes as attributes, one name per code."""

from __future__ import annotations

from fastapi.testclient import TestClient

from supplyesg.web.ui.forms import FormErrors
from supplyesg.web.ui.rendering import templates


def _input(attrs: dict[str, str]) -> str:
    source = '{% import "_macros.html" as ui %}'
    source += '{{ ui.input("code", "Code", "", errors, attrs=attrs) }}'
    return templates.env.from_string(source).render(attrs=attrs, errors=FormErrors())


def test_input_attributes_are_written_as_attributes_not_as_escaped_text() -> None:
    html = _input({"maxlength": "40", "autocomplete": "off", "autofocus": ""})

    assert 'maxlength="40"' in html
    assert 'autocomplete="off"' in html
    assert 'autofocus=""' in html
    assert "&#34;" not in html


def test_an_attribute_value_cannot_break_out_of_the_input() -> None:
    html = _input({"placeholder": '"><script>alert(1)</script>'})

    assert "<script>" not in html
    assert 'placeholder="&#34;&gt;&lt;script&gt;' in html


def test_the_login_page_hints_the_username_and_limits_its_length(
    anonymous_client: TestClient,
) -> None:
    page = anonymous_client.get("/login")

    assert page.status_code == 200
    assert 'autocomplete="username"' in page.text
    assert 'maxlength="254"' in page.text
    assert 'autocomplete="current-password"' in page.text
    assert "&#34;" not in page.text


def test_portal_and_staff_pages_name_an_audit_type_from_one_table() -> None:
    staff = '{% import "programme/_macros.html" as pg %}{{ pg.audit_type("on_site_announced") }}'
    portal = '{{ "on_site_announced"|audit_type }}'

    assert templates.env.from_string(staff).render() == "On-site, announced"
    assert templates.env.from_string(portal).render() == "On-site, announced"
