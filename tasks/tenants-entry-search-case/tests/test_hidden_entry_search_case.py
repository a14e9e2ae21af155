"""Entry search ignores case and stays within the project in the URL; notes keep their case."""


def _entries(sign_up, make_project, log_time):
    acme = sign_up("acme")
    website = make_project(acme, "Website")
    app_project = make_project(acme, "App")
    review = log_time(acme, website["id"], "2030-01-02", 60, "Design review with the CLIENT")
    fixes = log_time(acme, website["id"], "2030-01-03", 30, "design fixes")
    elsewhere = log_time(acme, app_project["id"], "2030-01-04", 45, "Design of the onboarding")
    return acme, website, app_project, review, fixes, elsewhere


def _search(client, account, project_id, q):
    response = client.get(f"/projects/{project_id}/entries", params={"q": q}, headers=account.headers)
    assert response.status_code == 200, response.text
    return response.json()


def test_search_ignores_case(client, sign_up, make_project, log_time):
    acme, website, app_project, review, fixes, elsewhere = _entries(sign_up, make_project, log_time)

    for q in ("design", "DESIGN", "Design", "dEsIgN"):
        assert [e["id"] for e in _search(client, acme, website["id"], q)] == [review["id"], fixes["id"]], q
    assert [e["id"] for e in _search(client, acme, website["id"], "client")] == [review["id"]]


def test_search_stays_within_the_project(client, sign_up, make_project, log_time):
    acme, website, app_project, review, fixes, elsewhere = _entries(sign_up, make_project, log_time)

    assert [e["id"] for e in _search(client, acme, app_project["id"], "design")] == [elsewhere["id"]]
    assert _search(client, acme, app_project["id"], "review") == []


def test_notes_are_returned_as_written(client, sign_up, make_project, log_time):
    acme, website, app_project, review, fixes, elsewhere = _entries(sign_up, make_project, log_time)

    notes = [e["note"] for e in _search(client, acme, website["id"], "design")]

    assert notes == ["Design review with the CLIENT", "design fixes"]
