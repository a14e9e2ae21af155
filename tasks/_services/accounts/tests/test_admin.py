from sqlalchemy import select

from app.models import User


def test_admin_search_requires_admin(client, make_user):
    alice = make_user("alice@example.com")

    assert client.get("/admin/users", params={"q": "a"}).status_code == 401
    assert client.get("/admin/users", params={"q": "a"}, headers=alice.headers).status_code == 403


def test_admin_search_matches_email_and_name_exact_email_first(client, make_user, make_admin):
    root = make_admin("root@example.com")
    make_user("ann.smith@example.com", display_name="Ann Smith")
    make_user("smith@example.com", display_name="Joe Bloggs")
    make_user("zed@example.com", display_name="Zed Smithers")
    make_user("bob@example.com", display_name="Bob")

    response = client.get("/admin/users", params={"q": "SMITH@example.com"}, headers=root.headers)
    assert [u["email"] for u in response.json()] == [
        "smith@example.com",
        "ann.smith@example.com",
    ]

    response = client.get("/admin/users", params={"q": "smith"}, headers=root.headers)
    assert response.status_code == 200
    assert [u["email"] for u in response.json()] == [
        "ann.smith@example.com",
        "smith@example.com",
        "zed@example.com",
    ]


def test_admin_search_treats_wildcards_literally(client, make_user, make_admin):
    root = make_admin("root@example.com")
    make_user("percent@example.com", display_name="100% Real")
    make_user("plain@example.com", display_name="1000 Real")

    response = client.get("/admin/users", params={"q": "100%"}, headers=root.headers)

    assert [u["email"] for u in response.json()] == ["percent@example.com"]


def test_admin_search_never_exposes_password_hash(app, client, make_user, make_admin):
    root = make_admin("root@example.com")
    make_user("alice@example.com")
    with app.state.session_factory() as db:
        stored = db.scalar(select(User.password_hash).where(User.email == "alice@example.com"))

    response = client.get("/admin/users", params={"q": "alice"}, headers=root.headers)

    assert response.status_code == 200
    assert [set(u) for u in response.json()] == [
        {"id", "email", "display_name", "is_admin", "created_at", "password_changed_at"}
    ]
    assert stored.split("$")[-1] not in response.text
