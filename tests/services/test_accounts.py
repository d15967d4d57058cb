from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from supplyesg.db.models import PasswordResetRow, SessionRow, UserRow
from supplyesg.db.session import Database
from supplyesg.domain.access import Action, Area, Permission, Role
from supplyesg.domain.accounts import DEFAULT_POLICY, LoginRefusedError, SecurityPolicy
from supplyesg.domain.errors import ConflictError, InvalidInputError, NotFoundError
from supplyesg.domain.suppliers import SupplierProfile
from supplyesg.services import accounts, auth, suppliers
from supplyesg.services.accounts import NewUser
from supplyesg.services.mailer import Email

pytestmark = pytest.mark.usefixtures("fast_passwords")

PASSWORD = "a long and quiet river"
POLICY = SecurityPolicy()


class Outbox:
    """A mailer that keeps what it is asked to send."""

    delivers = True

    def __init__(self) -> None:
        self.sent: list[Email] = []

    def send(self, email: Email) -> None:
        self.sent.append(email)


def _user(db: Database, email: str = "ana@example.com", role: Role = Role.VIEWER) -> UserRow:
    return accounts.create_user(db, NewUser(email, "Ana Lima", role, password=PASSWORD))


def _supplier(db: Database, code: str) -> None:
    profile = SupplierProfile(
        code=code, legal_name=f"{code} Ltd", country="CN", category="axles", tier=1
    )
    suppliers.create_supplier(db, profile, "test")


def test_a_password_is_kept_only_as_an_argon2_hash(db: Database) -> None:
    row = _user(db)
    assert row.password_hash is not None
    assert row.password_hash.startswith("$argon2id$")
    assert PASSWORD not in row.password_hash


def test_an_email_is_stored_normalised_and_used_once(db: Database) -> None:
    assert _user(db, " Ana@Example.com ").email == "ana@example.com"
    with pytest.raises(ConflictError) as refused:
        _user(db, "ANA@example.com")
    assert [p.field for p in refused.value.problems] == ["email"]


def test_a_supplier_user_is_tied_to_a_registered_supplier(db: Database) -> None:
    with pytest.raises(InvalidInputError) as refused:
        accounts.create_user(db, NewUser("li@axle.cn", "Li", Role.SUPPLIER_USER, "NOPE"))
    assert [(p.field, p.value) for p in refused.value.problems] == [("supplier", "NOPE")]
    _supplier(db, "SUP-1")
    row = accounts.create_user(db, NewUser("li@axle.cn", "Li", Role.SUPPLIER_USER, "SUP-1"))
    assert row.supplier_id == suppliers.get_supplier(db, "SUP-1").id


def test_a_weak_password_is_refused_without_saving_anything(db: Database) -> None:
    with pytest.raises(InvalidInputError) as refused:
        accounts.create_user(db, NewUser("bo@example.com", "Bo", Role.VIEWER, password="short"))
    assert [p.field for p in refused.value.problems] == ["password"]
    assert [u.email for u in accounts.list_users(db)] == []


def test_logging_in_opens_a_session_known_only_by_its_hash(db: Database) -> None:
    _user(db)
    opened = auth.log_in(db, "ANA@example.com", PASSWORD)
    assert opened.principal.email == "ana@example.com"
    with db.transaction() as session:
        stored = session.scalars(select(SessionRow.token_hash)).all()
    assert stored == [accounts.digest(opened.secret)]
    principal = auth.session_principal(db, opened.secret)
    assert principal is not None
    assert principal.role is Role.VIEWER


@pytest.mark.parametrize(
    ("email", "password"),
    [("ana@example.com", "wrong password here"), ("nobody@example.com", PASSWORD)],
)
def test_a_wrong_password_and_an_unknown_account_are_refused_alike(
    db: Database, email: str, password: str
) -> None:
    _user(db)
    with pytest.raises(LoginRefusedError) as refused:
        auth.log_in(db, email, password)
    assert refused.value.detail.startswith("The e-mail address or the password is not right.")


def test_five_failures_lock_the_account_even_for_the_right_password(db: Database) -> None:
    row = _user(db)
    for _attempt in range(5):
        with pytest.raises(LoginRefusedError):
            auth.log_in(db, "ana@example.com", "wrong password here")
    locked = accounts.get_user(db, row.id)
    assert locked.failed_logins == 5
    assert locked.locked_until is not None
    remaining = locked.locked_until - datetime.now(UTC)
    assert timedelta(minutes=14) < remaining <= timedelta(minutes=15)
    with pytest.raises(LoginRefusedError):
        auth.log_in(db, "ana@example.com", PASSWORD)


def test_the_lock_lifts_after_its_time(db: Database) -> None:
    row = _user(db)
    with db.transaction() as session:
        past = datetime.now(UTC) - timedelta(seconds=1)
        session.execute(update(UserRow).values(failed_logins=5, locked_until=past))
    assert auth.log_in(db, "ana@example.com", PASSWORD).principal.user_id == row.id
    assert accounts.get_user(db, row.id).failed_logins == 0


def test_an_idle_session_no_longer_works(db: Database) -> None:
    _user(db)
    opened = auth.log_in(db, "ana@example.com", PASSWORD)
    with db.transaction() as session:
        session.execute(
            update(SessionRow).values(last_seen_at=datetime.now(UTC) - timedelta(hours=3))
        )
    assert auth.session_principal(db, opened.secret) is None
    assert auth.session_principal(db, opened.secret) is None


def test_deactivating_an_account_ends_its_sessions(db: Database) -> None:
    _user(db, "root@example.com", Role.ADMIN)
    row = _user(db)
    opened = auth.log_in(db, "ana@example.com", PASSWORD)
    accounts.update_user(db, row.id, is_active=False)
    assert auth.session_principal(db, opened.secret) is None
    with pytest.raises(LoginRefusedError):
        auth.log_in(db, "ana@example.com", PASSWORD)


def test_the_last_active_administrator_cannot_be_demoted(db: Database) -> None:
    admin = _user(db, "root@example.com", Role.ADMIN)
    with pytest.raises(ConflictError):
        accounts.update_user(db, admin.id, role=Role.VIEWER)
    with pytest.raises(ConflictError):
        accounts.update_user(db, admin.id, is_active=False)
    _user(db, "second@example.com", Role.ADMIN)
    assert accounts.update_user(db, admin.id, role=Role.VIEWER).role == "viewer"


def test_a_token_is_shown_once_and_stored_hashed(db: Database) -> None:
    owner = _user(db, "erp@example.com", Role.PROCUREMENT)
    issued = accounts.issue_token(db, owner.id, "ERP sync", ["suppliers:read"], "root@example.com")
    assert issued.secret.startswith("sesg_")
    assert issued.row.token_hash == accounts.digest(issued.secret)
    assert issued.row.prefix == issued.secret[:12]
    principal = auth.token_principal(db, issued.secret)
    assert principal is not None
    assert principal.permissions == {
        Permission(Area.SUPPLIERS, Action.READ),
        Permission(Area.ACCOUNT, Action.READ),
    }
    assert principal.actor == "erp@example.com (API token 'ERP sync')"


def test_a_token_cannot_be_scoped_beyond_its_owners_role(db: Database) -> None:
    owner = _user(db)
    with pytest.raises(InvalidInputError) as refused:
        accounts.issue_token(db, owner.id, "too much", ["users:write"], "root@example.com")
    assert [(p.field, p.value) for p in refused.value.problems] == [("scopes", "users:write")]


def test_a_revoked_token_stops_working(db: Database) -> None:
    owner = _user(db)
    issued = accounts.issue_token(db, owner.id, "BI", None, "root@example.com")
    assert auth.token_principal(db, issued.secret) is not None
    accounts.revoke_token(db, issued.row.id)
    assert auth.token_principal(db, issued.secret) is None
    with pytest.raises(NotFoundError):
        accounts.revoke_token(db, 999_999)


def test_a_reset_link_sets_a_new_password_once(db: Database) -> None:
    _user(db)
    outbox = Outbox()
    assert auth.request_password_reset(db, "ana@example.com", outbox, "https://esg.example.com")
    [mail] = outbox.sent
    assert mail.to == "ana@example.com"
    link = next(word for word in mail.text.split() if word.startswith("https://"))
    assert link.startswith("https://esg.example.com/password-reset/")
    secret = link.rsplit("/", 1)[1]
    assert auth.reset_link_works(db, secret)
    auth.reset_password(db, secret, "a brand new passphrase")
    assert auth.log_in(db, "ana@example.com", "a brand new passphrase").principal
    assert not auth.reset_link_works(db, secret)
    with pytest.raises(InvalidInputError) as refused:
        auth.reset_password(db, secret, "yet another passphrase")
    assert [p.field for p in refused.value.problems] == ["link"]


def test_an_expired_reset_link_does_not_work(db: Database) -> None:
    _user(db)
    outbox = Outbox()
    auth.request_password_reset(db, "ana@example.com", outbox, "http://x")
    secret = outbox.sent[0].text.split("/password-reset/")[1].split()[0]
    with db.transaction() as session:
        session.execute(
            update(PasswordResetRow).values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
        )
    with pytest.raises(InvalidInputError):
        auth.reset_password(db, secret, "a brand new passphrase")


def test_a_reset_with_a_weak_password_keeps_the_link_usable(db: Database) -> None:
    _user(db)
    outbox = Outbox()
    auth.request_password_reset(db, "ana@example.com", outbox, "http://x")
    secret = outbox.sent[0].text.split("/password-reset/")[1].split()[0]
    with pytest.raises(InvalidInputError):
        auth.reset_password(db, secret, "short")
    assert auth.reset_link_works(db, secret)


def test_the_public_form_sends_one_account_a_few_links_an_hour_at_most(db: Database) -> None:
    row = _user(db)
    outbox = Outbox()
    policy = replace(DEFAULT_POLICY, max_reset_links=2)
    sent = [
        auth.request_password_reset(db, "ana@example.com", outbox, "http://x", policy)
        for _ in range(3)
    ]
    assert sent == [True, True, False]
    assert len(outbox.sent) == 2
    # An administrator sending the link is not held back by the public quota.
    assert auth.send_password_link(db, row.id, outbox, "http://x", policy)
    assert len(outbox.sent) == 3
    # An hour later the quota is free again.
    with db.transaction() as session:
        session.execute(
            update(PasswordResetRow).values(created_at=datetime.now(UTC) - timedelta(hours=2))
        )
    assert auth.request_password_reset(db, "ana@example.com", outbox, "http://x", policy)


def test_no_link_is_sent_for_an_unknown_address(db: Database) -> None:
    outbox = Outbox()
    assert not auth.request_password_reset(db, "nobody@example.com", outbox, "http://x")
    assert outbox.sent == []


def test_an_unknown_address_does_the_same_work_as_a_known_one_up_to_storing_the_link(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    _user(db)
    calls: list[str] = []
    for name in ("user_by_email", "resets_sent_since"):
        real_query = getattr(auth.repo, name)
        monkeypatch.setattr(
            auth.repo, name, lambda *a, _n=name, _f=real_query: (calls.append(_n), _f(*a))[1]
        )
    for name in ("new_secret", "digest", "_reset_email"):
        real = getattr(auth, name)
        monkeypatch.setattr(auth, name, lambda *a, _n=name, _f=real: (calls.append(_n), _f(*a))[1])

    def work_for(address: str) -> list[str]:
        calls.clear()
        auth.request_password_reset(db, address, Outbox(), "http://x")
        return list(calls)

    known, unknown = work_for("ana@example.com"), work_for("nobody@example.com")
    assert (
        known
        == unknown
        == [
            "user_by_email",
            "resets_sent_since",
            "new_secret",
            "digest",
            "_reset_email",
        ]
    )


def test_changing_ones_password_needs_the_current_one_and_ends_sessions(db: Database) -> None:
    row = _user(db)
    opened = auth.log_in(db, "ana@example.com", PASSWORD)
    with pytest.raises(InvalidInputError) as refused:
        auth.change_password(db, row.id, "not my password", "a brand new passphrase")
    assert [p.field for p in refused.value.problems] == ["current_password"]
    auth.change_password(db, row.id, PASSWORD, "a brand new passphrase")
    assert auth.session_principal(db, opened.secret) is None


def test_the_demo_has_one_account_per_role_in_demo_mode_only(db: Database) -> None:
    from programme_builders import MEDIUM, audited, supplier
    from supplyesg.services.demo import accounts as demo_accounts

    supplier(db, "SUP-1")
    audited(db, datetime.now(UTC).date() - timedelta(days=30), "SUP-1", **MEDIUM)
    assert demo_accounts.load(db, demo=False) == 0
    assert accounts.list_users(db) == []
    assert demo_accounts.load(db, demo=True) == 6
    assert demo_accounts.load(db, demo=True) == 0
    users = {u.role: u for u in accounts.list_users(db)}
    assert sorted(users) == sorted(str(r) for r in Role)
    assert users["supplier_user"].supplier_id == suppliers.get_supplier(db, "SUP-1").id
    for role, _name, password in demo_accounts.PEOPLE:
        opened = auth.log_in(db, demo_accounts.email_of(role), password)
        assert opened.principal.role is role


def test_the_readme_lists_every_demo_account_with_its_password() -> None:
    from pathlib import Path

    from supplyesg.services.demo import accounts as demo_accounts

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for role, _name, password in demo_accounts.PEOPLE:
        assert f"`{demo_accounts.email_of(role)}` | `{password}`" in readme
