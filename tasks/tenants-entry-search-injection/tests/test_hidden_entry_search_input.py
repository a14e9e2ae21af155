"""Entry search treats the query as plain text: quotes, wildcards and SQL match literally."""


def _entries(sign_up, make_project, log_time):
    acme = sign_up("acme")
    globex = sign_up("globex")
    website = make_project(acme, "Website")
    other = make_project(acme, "Ops")
    notes = [
        "Call with Mrs O'Brien about the launch",
        "Load test: 100% of users on the new stack",
        "Load test with 100 users",
        "renamed file_name column",
        "renamed filename column",
    ]
    ids = [log_time(acme, website["id"], "2030-01-02", 30, note)["id"] for note in notes]
    log_time(acme, other["id"], "2030-01-02", 30, "internal ops note")
    foreign = make_project(globex, "Globex secret")
    log_time(globex, foreign["id"], "2030-01-02", 30, "globex payroll")
    return acme, website, ids


def _search(client, account, project_id, q):
    response = client.get(f"/projects/{project_id}/entries", params={"q": q}, headers=account.headers)
    assert response.status_code == 200, (q, response.status_code, response.text)
    return [entry["id"] for entry in response.json()]


def test_quotes_in_the_query_match_literally(client, sign_up, make_project, log_time):
    acme, website, ids = _entries(sign_up, make_project, log_time)

    assert _search(client, acme, website["id"], "O'Brien") == [ids[0]]
    assert _search(client, acme, website["id"], 'say "hi"') == []


def test_sql_in_the_query_cannot_widen_the_search(client, sign_up, make_project, log_time):
    acme, website, ids = _entries(sign_up, make_project, log_time)

    for attack in (
        "' OR 1=1 --",
        "%' OR entries.project_id != -1 OR note LIKE '",
        "x' UNION SELECT * FROM entries --",
    ):
        response = client.get(f"/projects/{website['id']}/entries", params={"q": attack}, headers=acme.headers)
        assert response.status_code == 200, (attack, response.text)
        assert response.json() == [], attack


def test_wildcards_in_the_query_match_literally(client, sign_up, make_project, log_time):
    acme, website, ids = _entries(sign_up, make_project, log_time)

    assert _search(client, acme, website["id"], "100%") == [ids[1]]
    assert _search(client, acme, website["id"], "file_name") == [ids[3]]
    assert _search(client, acme, website["id"], "%") == [ids[1]]
    assert len(_search(client, acme, website["id"], "_")) == 1  # only "file_name" holds an underscore
