"""Admin search input must reach the database only as bound parameters."""

from sqlalchemy import event


def _emails(response):
    assert response.status_code == 200, response.text
    return [u["email"] for u in response.json()]


def test_search_finds_name_with_apostrophe(client, make_user, make_admin):
    root = make_admin("root@example.com")
    make_user("siobhan@example.com", display_name="Siobhan O'Brien")
    make_user("brian@example.com", display_name="Brian Obrien")

    response = client.get("/admin/users", params={"q": "O'Brien"}, headers=root.headers)

    assert _emails(response) == ["siobhan@example.com"]


def test_injection_payloads_match_nothing(client, make_user, make_admin):
    root = make_admin("root@example.com")
    make_user("alice@example.com")

    for payload in (
        "zzz' OR 1=1 --",
        "zzz%' OR '1'='1",
        "' UNION SELECT * FROM users --",
        "x'); DROP TABLE users; --",
    ):
        response = client.get("/admin/users", params={"q": payload}, headers=root.headers)
        assert _emails(response) == [], payload

    assert _emails(client.get("/admin/users", params={"q": "alice"}, headers=root.headers)) == [
        "alice@example.com"
    ]


def test_search_term_is_sent_as_bound_parameter(app, client, make_user, make_admin):
    root = make_admin("root@example.com")
    make_user("qx7marker@example.com", display_name="Marker")
    seen = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append((statement, repr(parameters)))

    event.listen(app.state.engine, "before_cursor_execute", record)
    try:
        response = client.get("/admin/users", params={"q": "QX7marker"}, headers=root.headers)
    finally:
        event.remove(app.state.engine, "before_cursor_execute", record)

    assert _emails(response) == ["qx7marker@example.com"]
    search = [(sql, params) for sql, params in seen if "LIKE" in sql.upper()]
    assert search, "admin search did not run a LIKE query"
    for sql, params in search:
        assert "qx7marker" not in sql.lower(), sql
        assert "qx7marker" in params
