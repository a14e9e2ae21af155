def test_member_creates_and_lists_projects(client, sign_up, invite, make_project):
    acme = sign_up("acme")
    ana = invite(acme, "ana@acme.example")

    created = make_project(ana, "Website", ["Design", "web", "design"])

    assert created["tags"] == ["design", "web"]
    assert created["status"] == "active"
    listed = client.get("/projects", headers=acme.headers).json()
    assert [p["name"] for p in listed] == ["Website"]


def test_projects_are_scoped_to_the_tenant(client, sign_up, make_project):
    acme = sign_up("acme")
    globex = sign_up("globex")
    website = make_project(acme, "Website")
    make_project(globex, "Website")

    assert [p["id"] for p in client.get("/projects", headers=acme.headers).json()] == [website["id"]]
    response = client.get(f"/projects/{website['id']}", headers=globex.headers)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_duplicate_project_name_conflicts(client, sign_up, make_project):
    acme = sign_up("acme")
    make_project(acme, "Website")

    response = client.post("/projects", json={"name": "Website"}, headers=acme.headers)

    assert response.status_code == 409


def test_viewers_cannot_create_or_change_projects(client, sign_up, invite, make_project):
    acme = sign_up("acme")
    vic = invite(acme, "vic@acme.example", "viewer")
    website = make_project(acme, "Website")

    assert client.post("/projects", json={"name": "X"}, headers=vic.headers).status_code == 403
    patched = client.patch(f"/projects/{website['id']}", json={"name": "Y"}, headers=vic.headers)
    assert patched.status_code == 403
    assert client.get(f"/projects/{website['id']}", headers=vic.headers).status_code == 200


def test_filter_projects_by_tag(client, sign_up, make_project):
    acme = sign_up("acme")
    make_project(acme, "Website", ["web"])
    app_project = make_project(acme, "App", ["mobile", "web"])
    make_project(acme, "Ops", ["infra"])

    listed = client.get("/projects", params={"tag": "Mobile"}, headers=acme.headers).json()

    assert [p["id"] for p in listed] == [app_project["id"]]


def test_update_tags_and_archive(client, sign_up, make_project):
    acme = sign_up("acme")
    website = make_project(acme, "Website", ["web"])

    response = client.patch(
        f"/projects/{website['id']}",
        json={"tags": ["seo", "web"], "status": "archived"},
        headers=acme.headers,
    )

    assert response.status_code == 200
    assert response.json()["tags"] == ["seo", "web"]
    assert response.json()["status"] == "archived"
    archived = client.get(f"/projects/{website['id']}", headers=acme.headers)
    assert archived.status_code == 200 and archived.json()["status"] == "archived"


def test_tags_with_commas_are_rejected(client, sign_up):
    acme = sign_up("acme")

    response = client.post("/projects", json={"name": "W", "tags": ["a,b"]}, headers=acme.headers)

    assert response.status_code == 422
    assert response.json()["code"] == "invalid_request"


def test_dashboard_counts_projects_and_time(client, sign_up, make_project, log_time):
    acme = sign_up("acme")
    website = make_project(acme, "Website")
    ops = make_project(acme, "Ops")
    log_time(acme, website["id"], "2030-01-02", 90)
    log_time(acme, ops["id"], "2030-01-02", 30)
    client.patch(f"/projects/{ops['id']}", json={"status": "archived"}, headers=acme.headers)

    dashboard = client.get("/dashboard", headers=acme.headers).json()

    assert dashboard == {
        "projects": 2,
        "active_projects": 1,
        "archived_projects": 1,
        "entries": 2,
        "total_minutes": 120,
    }


def test_dashboard_follows_writes(client, sign_up, make_project, log_time):
    acme = sign_up("acme")
    website = make_project(acme, "Website")
    assert client.get("/dashboard", headers=acme.headers).json()["total_minutes"] == 0

    log_time(acme, website["id"], "2030-01-02", 45)

    assert client.get("/dashboard", headers=acme.headers).json()["total_minutes"] == 45


def test_project_summary(client, sign_up, invite, make_project, log_time):
    acme = sign_up("acme")
    ana = invite(acme, "ana@acme.example")
    website = make_project(acme, "Website")
    log_time(acme, website["id"], "2030-01-02", 60)
    log_time(ana, website["id"], "2030-01-03", 30)

    summary = client.get(f"/projects/{website['id']}/summary", headers=acme.headers)

    assert summary.status_code == 200
    assert summary.json() == {
        "project_id": website["id"],
        "name": "Website",
        "status": "active",
        "entry_count": 2,
        "total_minutes": 90,
        "contributors": 2,
    }
