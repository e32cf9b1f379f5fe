"""Administration pages: institutions, users and roles, partnerships (PZK), API tokens."""

from __future__ import annotations

import pytest

from engine.dto import InstitutionInfo
from engine.errors import NotAuthenticated
from engine.roles import INSTITUTION_KINDS, SYSTEM_ROLES
from tests.factories import add_person
from tests.processes.people import AN, PS
from tests.web.pages.conftest import Browser
from tests.web.pages.html import checked, choices, error_at, options, summary_links, text, unlabelled, value_of
from tests.web.pages.rebuild import directory_changed

PASSWORD = "haslo-z-administracji"
PAGES = (
    "/admin",
    "/admin/instytucje",
    "/admin/instytucje/nowa",
    "/admin/instytucje/{gops}",
    "/admin/uzytkownicy",
    "/admin/uzytkownicy?instytucja={gops}",
    "/admin/uzytkownicy/nowy",
    "/admin/uzytkownicy/{user}",
    "/admin/partnerstwa",
    "/admin/partnerstwa/nowe",
    "/admin/partnerstwa/{pzk}",
    "/admin/tokeny",
)


@pytest.fixture
def administrator(engine, people, database_url):
    actor = add_person(engine, "a.administrator", people.institution["rops"], "Administrator")
    yield actor
    directory_changed(database_url)


@pytest.fixture
def admin(app, administrator) -> Browser:
    return Browser(app, administrator)


def pages(people) -> list[str]:
    ids = {"gops": people.institution["gops"], "user": people.user[PS].user_id, "pzk": people.partnership_id}
    return [page.format(**ids) for page in PAGES]


def other_gops(engine, people) -> int:
    return engine.directory.user(people.outsider.user_id).institution_id


# ---------------------------------------------------------------------------- access


def test_every_admin_page_opens_for_an_administrator_with_every_control_labelled(admin, people):
    for path in pages(people):
        response = admin.get(path)
        assert response.status_code == 200, path
        assert unlabelled(response) == [], path


def test_admin_pages_are_refused_to_a_worker_and_a_supervisor_and_need_a_login(browser, people):
    for path in pages(people):
        assert browser(PS).get(path).status_code == 403, path
        assert browser(actor=people.supervisor).get(path).status_code == 403, path
        response = browser().get(path)
        assert response.status_code == 302 and response.headers["Location"].startswith("/login?next=/admin"), path
    assert browser(PS).post("/admin/instytucje/nowa", {"name": "MOPS", "kind": "OPS"}).status_code == 403
    assert browser(PS).post("/admin/tokeny", {"name": "Sąd"}).status_code == 403


def test_only_an_administrator_sees_administration_in_the_menu(admin, browser):
    assert "Administracja" in text(admin.get("/admin"))
    assert "Administracja" not in text(browser(PS).get("/konto"))


def test_unknown_ids_are_not_found(admin):
    for path in (
        "/admin/instytucje/999999",
        "/admin/instytucje/gops",
        "/admin/uzytkownicy/999999",
        "/admin/uzytkownicy?instytucja=999999",
        "/admin/partnerstwa/999999",
    ):
        assert admin.get(path).status_code == 404, path
    assert admin.post("/admin/tokeny/uniewaznij", {"name": "nie-ma-takiego"}).status_code == 404


def test_the_start_page_counts_what_there_is(admin, engine):
    page = text(admin.get("/admin"))
    active = sum(user.active for user in engine.directory.users())
    assert f"{len(engine.directory.institutions())} Instytucje" in page
    assert f"{active} Aktywni użytkownicy" in page
    assert "1 Partnerstwa (PZK)" in page and "0 Ważne tokeny API" in page


# ---------------------------------------------------------------------------- institutions


def test_an_administrator_adds_and_renames_an_institution(admin, engine):
    response = admin.post("/admin/instytucje/nowa", {"name": "MOPS Rzeszów", "kind": "OPS", "gmina": "Rzeszów"})
    assert response.status_code == 302 and response.headers["Location"] == "/admin/instytucje"
    listing = text(admin.get("/admin/instytucje"))
    assert "Zapisano instytucję „MOPS Rzeszów”" in listing
    (added,) = [i for i in engine.directory.institutions() if i.name == "MOPS Rzeszów"]
    assert (added.kind, added.gmina) == ("OPS", "Rzeszów")

    form = admin.get(f"/admin/instytucje/{added.id}")
    assert options(form, "kind") == list(INSTITUTION_KINDS)
    assert [value_of(form, field) for field in ("name", "kind", "gmina")] == ["MOPS Rzeszów", "OPS", "Rzeszów"]
    edit = {"name": "MOPS w Rzeszowie", "kind": "OPS", "gmina": ""}
    assert admin.post(f"/admin/instytucje/{added.id}", edit).status_code == 302
    assert engine.directory.institution(added.id) == InstitutionInfo(added.id, "MOPS w Rzeszowie", "OPS", None)


def test_a_refused_institution_shows_each_error_at_its_field_and_keeps_the_input(admin, engine):
    before = engine.directory.institutions()
    response = admin.post("/admin/instytucje/nowa", {"name": " ", "kind": "", "gmina": "Lipiny"})
    assert response.status_code == 422
    assert error_at(response, "name") == "Podaj nazwę instytucji."
    assert error_at(response, "kind") == "Wybierz typ instytucji."
    assert summary_links(response) == ["#name", "#kind"]
    assert value_of(response, "gmina") == "Lipiny"

    response = admin.post("/admin/instytucje/nowa", {"name": "GOPS Brzozowa Wola", "kind": "OPS", "gmina": "Lipiny"})
    assert response.status_code == 409
    assert error_at(response, "name") == "Instytucja o nazwie GOPS Brzozowa Wola już istnieje."
    assert value_of(response, "kind") == "OPS"
    assert engine.directory.institutions() == before


# ---------------------------------------------------------------------------- users


def test_the_roles_offered_are_the_system_roles_the_lanes_and_the_partnership_roles(admin, people):
    form = admin.get(f"/admin/uzytkownicy/nowy?instytucja={people.institution['kpp']}")
    offered = choices(form, "roles")
    assert offered[: len(SYSTEM_ROLES)] == list(SYSTEM_ROLES)
    assert {"Zespół diagnostyczny", "Realizator usługi"} <= set(offered)  # lanes of the deployed processes
    assert {"Policja", "Kurator sądowy", "Szkoła"} <= set(offered)  # roles institutions play in the PZK
    assert len(offered) == len(set(offered))
    assert value_of(form, "institution") == str(people.institution["kpp"])


def test_a_new_user_with_a_password_can_log_in(admin, browser, engine, people):
    police = people.institution["kpp"]
    response = admin.post(
        "/admin/uzytkownicy/nowy",
        [
            ("login", "m.dzielnicowa"),
            ("display_name", "Maria Dzielnicowa"),
            ("email", "m.dzielnicowa@kpp.example.pl"),
            ("institution", str(police)),
            ("roles", "Policja"),
            ("new_role", "Dzielnicowy"),
            ("password", PASSWORD),
        ],
    )
    assert response.status_code == 302
    user = engine.directory.user_by_login("m.dzielnicowa")
    assert response.headers["Location"] == f"/admin/uzytkownicy/{user.id}"
    assert (user.display_name, user.email, user.institution_id) == (
        "Maria Dzielnicowa",
        "m.dzielnicowa@kpp.example.pl",
        police,
    )
    assert (user.roles, user.active) == (("Dzielnicowy", "Policja"), True)
    assert checked(admin.get(response.headers["Location"]), "roles") == ["Dzielnicowy", "Policja"]

    client = browser()
    assert client.post("/login", {"login": "m.dzielnicowa", "password": PASSWORD}).status_code == 302
    assert "Maria Dzielnicowa (KPP w Brzozowej Woli)" in text(client.get("/konto"))


def test_a_refused_new_user_shows_the_errors_at_their_fields_and_keeps_the_input(admin, engine, people):
    gops = str(people.institution["gops"])
    typed = [("login", "nowy"), ("display_name", "Nowy Pracownik"), ("institution", gops), ("roles", AN)]
    response = admin.post("/admin/uzytkownicy/nowy", [*typed, ("password", "krotkie")])
    assert response.status_code == 422
    assert error_at(response, "password") == "Hasło musi mieć co najmniej 10 znaków."
    assert (value_of(response, "login"), value_of(response, "display_name")) == ("nowy", "Nowy Pracownik")
    assert value_of(response, "institution") == gops and checked(response, "roles") == [AN]
    assert value_of(response, "password") is None  # a password is never sent back

    response = admin.post(
        "/admin/uzytkownicy/nowy",
        [("login", "z spacja"), ("display_name", " "), ("email", "zly-adres"), ("institution", gops)],
    )
    assert response.status_code == 422
    assert error_at(response, "login") == "Login nie może zawierać spacji."
    assert error_at(response, "display_name") == "Podaj imię i nazwisko."
    assert error_at(response, "email").startswith("Podaj poprawny adres e-mail")
    assert value_of(response, "email") == "zly-adres"

    response = admin.post("/admin/uzytkownicy/nowy", [("login", "n.bez"), ("display_name", "Bez Instytucji")])
    assert response.status_code == 422 and error_at(response, "institution") == "Wybierz instytucję z listy."

    response = admin.post("/admin/uzytkownicy/nowy", [("login", "k.mazur"), ("display_name", "Druga"), *typed[2:]])
    assert response.status_code == 409 and error_at(response, "login") == "Użytkownik k.mazur już istnieje."
    assert [u.login for u in engine.directory.users() if u.login in ("nowy", "z spacja", "n.bez")] == []


def test_an_administrator_changes_roles_and_deactivates_an_account(admin, browser, engine, people):
    worker, gops = people.user[PS], str(people.institution["gops"])
    assert browser(PS).get("/konto").status_code == 200
    form = admin.get(f"/admin/uzytkownicy/{worker.user_id}")
    assert checked(form, "roles") == [PS] and checked(form, "active") == ["1"]
    assert value_of(form, "institution") == gops

    edit = [("display_name", "Katarzyna Mazur"), ("email", ""), ("institution", gops), ("roles", PS), ("roles", AN)]
    response = admin.post(f"/admin/uzytkownicy/{worker.user_id}", edit)  # "active" unticked
    assert response.status_code == 302
    user = engine.directory.user(worker.user_id)
    assert (user.display_name, user.roles, user.active) == ("Katarzyna Mazur", (AN, PS), False)
    assert "nieaktywne" in text(admin.get(f"/admin/uzytkownicy?instytucja={gops}"))
    assert browser(PS).get("/konto").status_code == 302  # the session ended with the account


def test_an_administrator_cannot_lock_themselves_out(admin, administrator, engine, people):
    path = f"/admin/uzytkownicy/{administrator.user_id}"
    details = [("display_name", "Adam Administrator"), ("institution", str(people.institution["rops"]))]
    response = admin.post(path, [*details, ("roles", "Administrator")])
    assert response.status_code == 422
    assert error_at(response, "active") == "Nie możesz dezaktywować własnego konta."
    response = admin.post(path, [*details, ("active", "1"), ("roles", "Superwizor")])
    assert response.status_code == 422
    assert error_at(response, "roles") == "Nie możesz odebrać sobie roli Administrator."
    assert checked(response, "roles") == ["Superwizor"]
    assert engine.directory.user(administrator.user_id).roles == ("Administrator",)


def test_a_new_password_is_checked_at_its_field_then_lets_the_user_log_in(admin, browser, people):
    path = f"/admin/uzytkownicy/{people.user[PS].user_id}/haslo"
    response = admin.post(path, {"password": "krotkie", "repeated": "krotkie"})
    assert response.status_code == 422
    assert error_at(response, "new-password") == "Hasło musi mieć co najmniej 10 znaków."
    assert summary_links(response) == ["#new-password"]
    response = admin.post(path, {"password": PASSWORD, "repeated": "inne-haslo-789"})
    assert response.status_code == 422
    assert error_at(response, "new-repeated") == "Powtórzone hasło różni się od nowego."
    assert browser().post("/login", {"login": "k.mazur", "password": PASSWORD}).status_code == 401

    assert admin.post(path, {"password": PASSWORD, "repeated": PASSWORD}).status_code == 302
    assert browser().post("/login", {"login": "k.mazur", "password": PASSWORD}).status_code == 302


def test_the_user_list_is_filtered_by_institution(admin, people):
    everyone = text(admin.get("/admin/uzytkownicy"))
    assert "k.mazur" in everyone and "s.dzielnicowy" in everyone
    police = admin.get(f"/admin/uzytkownicy?instytucja={people.institution['kpp']}")
    assert "s.dzielnicowy" in text(police) and "k.mazur" not in text(police)
    assert value_of(police, "instytucja") == str(people.institution["kpp"])


# ---------------------------------------------------------------------------- partnerships


def test_member_rows_are_added_and_removed_on_the_server_keeping_what_was_typed(admin, engine, people):
    gops, pup = str(people.institution["gops"]), str(people.institution["pup"])
    typed = [("name", "PZK Lipiny"), ("gmina", "Lipiny Dolne"), ("institution", gops), ("role", PS)]
    response = admin.post("/admin/partnerstwa/nowe", [*typed, ("_action", "add")])
    assert response.status_code == 200
    assert (value_of(response, "name"), value_of(response, "gmina")) == ("PZK Lipiny", "Lipiny Dolne")
    assert (value_of(response, "member-1-institution"), value_of(response, "member-1-role")) == (gops, PS)
    assert (value_of(response, "member-2-institution"), value_of(response, "member-2-role")) == (None, "")

    rows = [*typed, ("institution", pup), ("role", "PUP")]
    response = admin.post("/admin/partnerstwa/nowe", [*rows, ("_action", "remove-1")])
    assert (value_of(response, "member-1-institution"), value_of(response, "member-1-role")) == (pup, "PUP")
    assert "member-2-role" not in response.get_data(as_text=True)
    assert admin.post("/admin/partnerstwa/nowe", [*rows, ("_action", "remove-7")]).status_code == 400
    assert [p.name for p in engine.directory.partnerships()] == ["PZK Brzozowa Wola"]  # nothing saved yet


def test_an_administrator_creates_and_changes_a_partnership(admin, engine, people):
    other = str(other_gops(engine, people))
    members = [("institution", other), ("role", PS), ("institution", other), ("role", AN)]
    response = admin.post(
        "/admin/partnerstwa/nowe",
        [("name", "PZK Lipiny Dolne"), ("gmina", "Lipiny Dolne"), *members, ("institution", ""), ("role", "")],
    )
    assert response.status_code == 302
    (saved,) = [p for p in engine.directory.partnerships() if p.name == "PZK Lipiny Dolne"]
    assert saved.members == ((int(other), AN), (int(other), PS))
    assert "PZK Lipiny Dolne" in text(admin.get("/admin/partnerstwa"))

    form = admin.get(f"/admin/partnerstwa/{saved.id}")
    assert [value_of(form, f"member-{n}-role") for n in (1, 2)] == [AN, PS]
    response = admin.post(
        f"/admin/partnerstwa/{saved.id}", [("name", "PZK Lipiny"), ("gmina", ""), *members[:2], ("_action", "save")]
    )
    assert response.status_code == 302
    changed = engine.directory.partnership(saved.id)
    assert (changed.name, changed.gmina, changed.members) == ("PZK Lipiny", None, ((int(other), PS),))


def test_a_refused_partnership_marks_the_incomplete_rows_and_keeps_them(admin, engine, people):
    gops = str(people.institution["gops"])
    rows = [("institution", gops), ("role", ""), ("institution", ""), ("role", "PUP")]
    response = admin.post("/admin/partnerstwa/nowe", [("name", "PZK Nowa"), *rows, ("_action", "save")])
    assert response.status_code == 422
    assert error_at(response, "member-1-role") == "Członek 1: podaj rolę, którą instytucja pełni w PZK."
    assert error_at(response, "member-2-institution") == "Członek 2: wybierz instytucję."
    assert summary_links(response) == ["#member-1-role", "#member-2-institution"]
    assert (value_of(response, "member-1-institution"), value_of(response, "member-2-role")) == (gops, "PUP")

    response = admin.post("/admin/partnerstwa/nowe", [("name", " "), ("institution", gops), ("role", PS)])
    assert response.status_code == 422 and error_at(response, "name") == "Podaj nazwę partnerstwa."
    taken = [("name", "PZK Brzozowa Wola"), ("institution", gops), ("role", PS)]
    response = admin.post("/admin/partnerstwa/nowe", taken)
    assert response.status_code == 409
    assert error_at(response, "name") == "Partnerstwo PZK Brzozowa Wola już istnieje."
    assert [p.name for p in engine.directory.partnerships()] == ["PZK Brzozowa Wola"]


# ---------------------------------------------------------------------------- API tokens


def _token_form(people, name: str, *operations: str, messages: str = "", expires: str = "") -> list:
    fields = [("name", name), ("institution", str(people.institution["gops"])), ("messages", messages)]
    return [*fields, ("expires", expires), *(("operations", op) for op in operations)]


def test_a_token_is_shown_once_and_works_until_rotated_or_revoked(admin, engine, people):
    form = _token_form(
        people, "Sąd Rejonowy", "messages:send", "cases:read", messages="dokumenty, odpowiedz", expires="2099-12-31"
    )
    response = admin.post("/admin/tokeny", form)
    assert response.status_code == 201
    token = value_of(response, "issued-token")
    assert engine.directory.authenticate_token(token, "cases:read").label == "api:Sąd Rejonowy"
    (info,) = engine.directory.api_tokens()
    assert (info.institution_id, info.operations, info.messages) == (
        people.institution["gops"],
        ("cases:read", "messages:send"),
        ("dokumenty", "odpowiedz"),
    )
    assert info.expires_at.isoformat() == "2099-12-31T23:59:59+00:00"
    listing = admin.get("/admin/tokeny")
    assert "Sąd Rejonowy" in text(listing) and "ważny do" in text(listing) and "GOPS Brzozowa Wola" in text(listing)
    assert token not in listing.get_data(as_text=True)

    rotated = admin.post("/admin/tokeny/odnow", {"name": "Sąd Rejonowy"})
    assert rotated.status_code == 200 and "Poprzedni sekret już nie działa." in text(rotated)
    new = value_of(rotated, "issued-token")
    with pytest.raises(NotAuthenticated):
        engine.directory.authenticate_token(token)
    assert admin.post("/admin/tokeny/uniewaznij", {"name": "Sąd Rejonowy"}).status_code == 302
    with pytest.raises(NotAuthenticated):
        engine.directory.authenticate_token(new)
    assert "unieważniony" in text(admin.get("/admin/tokeny"))


def test_a_token_needs_a_name_not_taken_an_institution_operations_and_a_real_date(admin, engine, people):
    response = admin.post("/admin/tokeny", {"name": " "})
    assert response.status_code == 422
    assert error_at(response, "name") == "Podaj nazwę systemu, który będzie używał tokenu."
    assert error_at(response, "institution") == "Wybierz instytucję, za którą działa system."
    assert error_at(response, "operations") == "Wybierz co najmniej jedną operację."
    response = admin.post("/admin/tokeny", _token_form(people, "PUP", "messages:send"))
    assert error_at(response, "messages") == "Podaj nazwy wiadomości, które system może wysyłać."
    assert checked(response, "operations") == ["messages:send"]
    response = admin.post("/admin/tokeny", _token_form(people, "PUP", "cases:read", expires="31.12.2099"))
    assert response.status_code == 422 and error_at(response, "expires") == "Podaj datę w postaci RRRR-MM-DD."
    admin.post("/admin/tokeny", _token_form(people, "PUP", "cases:read"))
    response = admin.post("/admin/tokeny", _token_form(people, "PUP", "cases:read"))
    assert response.status_code == 409 and error_at(response, "name") == "Token API o nazwie PUP już istnieje."
    assert value_of(response, "name") == "PUP"
    assert [t.name for t in engine.directory.api_tokens()] == ["PUP"]
