def test_member_logs_time(client, sign_up, invite, make_project, log_time):
    acme = sign_up("acme")
    ana = invite(acme, "ana@acme.example")
    website = make_project(acme, "Website")

    entry = log_time(ana, website["id"], "2030-01-02", 90, "kick-off")

    assert entry["user_id"] == ana.id
    assert (entry["day"], entry["minutes"], entry["note"]) == ("2030-01-02", 90, "kick-off")


def test_viewer_cannot_log_time(client, sign_up, invite, make_project):
    acme = sign_up("acme")
    vic = invite(acme, "vic@acme.example", "viewer")
    website = make_project(acme, "Website")

    response = client.post(
        f"/projects/{website['id']}/entries",
        json={"day": "2030-01-02", "minutes": 30},
        headers=vic.headers,
    )

    assert response.status_code == 403


def test_entry_minutes_are_validated(client, sign_up, make_project):
    acme = sign_up("acme")
    website = make_project(acme, "Website")

    for minutes in (0, -5, 24 * 60 + 1):
        response = client.post(
            f"/projects/{website['id']}/entries",
            json={"day": "2030-01-02", "minutes": minutes},
            headers=acme.headers,
        )
        assert response.status_code == 422, minutes


def test_cannot_log_time_on_another_tenants_project(client, sign_up, make_project):
    acme = sign_up("acme")
    globex = sign_up("globex")
    website = make_project(acme, "Website")

    response = client.post(
        f"/projects/{website['id']}/entries",
        json={"day": "2030-01-02", "minutes": 30},
        headers=globex.headers,
    )

    assert response.status_code == 404


def test_search_entries_by_note(client, sign_up, make_project, log_time):
    acme = sign_up("acme")
    website = make_project(acme, "Website")
    first = log_time(acme, website["id"], "2030-01-02", 30, "Design review")
    log_time(acme, website["id"], "2030-01-03", 30, "deploy")
    third = log_time(acme, website["id"], "2030-01-04", 30, "design fixes")

    found = client.get(
        f"/projects/{website['id']}/entries", params={"q": "design"}, headers=acme.headers
    )

    assert found.status_code == 200
    assert [e["id"] for e in found.json()] == [first["id"], third["id"]]


def test_search_without_query_lists_the_projects_entries(client, sign_up, make_project, log_time):
    acme = sign_up("acme")
    website = make_project(acme, "Website")
    ops = make_project(acme, "Ops")
    entry = log_time(acme, website["id"], "2030-01-02", 30, "a")
    log_time(acme, ops["id"], "2030-01-02", 30, "b")

    listed = client.get(f"/projects/{website['id']}/entries", headers=acme.headers).json()

    assert [e["id"] for e in listed] == [entry["id"]]
