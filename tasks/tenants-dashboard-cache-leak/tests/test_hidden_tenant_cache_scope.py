"""Cached read models (dashboard, project summaries) must never cross tenants."""


def _two_tenants(sign_up, make_project, log_time):
    acme = sign_up("acme")
    globex = sign_up("globex")
    website = make_project(acme, "Website")
    make_project(acme, "Ops")
    log_time(acme, website["id"], "2030-01-02", 120, "acme work")
    secret = make_project(globex, "Secret merger")
    log_time(globex, secret["id"], "2030-01-02", 15)
    return acme, globex, website, secret


def test_each_tenant_sees_its_own_dashboard(client, sign_up, make_project, log_time):
    acme, globex, website, secret = _two_tenants(sign_up, make_project, log_time)

    seen = [
        (name, client.get("/dashboard", headers=account.headers).json())
        for name, account in (("acme", acme), ("globex", globex), ("acme", acme), ("globex", globex))
    ]

    expected = {
        "acme": {"projects": 2, "active_projects": 2, "archived_projects": 0, "entries": 1, "total_minutes": 120},
        "globex": {"projects": 1, "active_projects": 1, "archived_projects": 0, "entries": 1, "total_minutes": 15},
    }
    assert seen == [(name, expected[name]) for name, _ in seen]


def test_summary_of_another_tenants_project_is_not_found(client, sign_up, make_project, log_time):
    acme, globex, website, secret = _two_tenants(sign_up, make_project, log_time)
    own = client.get(f"/projects/{secret['id']}/summary", headers=globex.headers)
    assert own.status_code == 200 and own.json()["name"] == "Secret merger"

    response = client.get(f"/projects/{secret['id']}/summary", headers=acme.headers)

    assert response.status_code == 404, response.text
    assert "Secret merger" not in response.text


def test_a_write_refreshes_only_the_writing_tenant(client, sign_up, make_project, log_time):
    acme, globex, website, secret = _two_tenants(sign_up, make_project, log_time)
    client.get("/dashboard", headers=acme.headers)
    client.get("/dashboard", headers=globex.headers)
    client.get(f"/projects/{website['id']}/summary", headers=acme.headers)

    log_time(acme, website["id"], "2030-01-03", 30)

    assert client.get("/dashboard", headers=acme.headers).json()["total_minutes"] == 150
    assert client.get("/dashboard", headers=globex.headers).json()["total_minutes"] == 15
    summary = client.get(f"/projects/{website['id']}/summary", headers=acme.headers).json()
    assert (summary["entry_count"], summary["total_minutes"]) == (2, 150)
