"""Archived projects stay readable, but time can no longer be logged on them."""


def _archive(client, account, project_id, status="archived"):
    response = client.patch(f"/projects/{project_id}", json={"status": status}, headers=account.headers)
    assert response.status_code == 200, response.text


def _post_entry(client, account, project_id):
    return client.post(
        f"/projects/{project_id}/entries",
        json={"day": "2030-01-10", "minutes": 60, "note": "late booking"},
        headers=account.headers,
    )


def test_logging_time_on_an_archived_project_is_refused(client, sign_up, invite, make_project, log_time):
    acme = sign_up("acme")
    ana = invite(acme, "ana@acme.example")
    website = make_project(acme, "Website")
    log_time(ana, website["id"], "2030-01-02", 30, "before archiving")
    _archive(client, acme, website["id"])

    response = _post_entry(client, ana, website["id"])

    assert response.status_code == 409, response.text
    assert response.json()["code"] == "project_archived"
    summary = client.get(f"/projects/{website['id']}/summary", headers=acme.headers).json()
    assert (summary["entry_count"], summary["total_minutes"]) == (1, 30)


def test_archived_project_stays_readable(client, sign_up, make_project, log_time):
    acme = sign_up("acme")
    website = make_project(acme, "Website")
    entry = log_time(acme, website["id"], "2030-01-02", 30, "before archiving")
    _archive(client, acme, website["id"])

    assert client.get(f"/projects/{website['id']}", headers=acme.headers).json()["status"] == "archived"
    found = client.get(f"/projects/{website['id']}/entries", params={"q": "before"}, headers=acme.headers)
    assert [e["id"] for e in found.json()] == [entry["id"]]


def test_reactivated_project_accepts_time_again(client, sign_up, make_project):
    acme = sign_up("acme")
    website = make_project(acme, "Website")
    _archive(client, acme, website["id"])
    _archive(client, acme, website["id"], status="active")

    response = _post_entry(client, acme, website["id"])

    assert response.status_code == 201, response.text
