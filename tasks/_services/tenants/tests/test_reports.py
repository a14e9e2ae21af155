def test_report_is_queued_then_built_by_the_worker(
    client, sign_up, make_project, log_time, request_report, run_worker
):
    acme = sign_up("acme")
    website = make_project(acme, "Website")
    log_time(acme, website["id"], "2030-01-02", 90)
    log_time(acme, website["id"], "2030-01-03", 30)

    job = request_report(acme, "2030-01-01", "2030-01-31")
    assert (job["status"], job["result"]) == ("queued", None)
    assert run_worker() == [job["id"]]

    built = client.get(f"/reports/{job['id']}", headers=acme.headers).json()
    assert built["status"] == "succeeded"
    assert built["attempts"] == 1
    assert built["result"] == {
        "since": "2030-01-01",
        "until": "2030-01-31",
        "projects": [
            {
                "project_id": website["id"],
                "name": "Website",
                "entry_count": 2,
                "total_minutes": 120,
                "average_minutes": 60.0,
            }
        ],
        "total_minutes": 120,
    }


def test_reports_only_cover_own_tenant(
    client, sign_up, make_project, log_time, request_report, run_worker
):
    acme = sign_up("acme")
    globex = sign_up("globex")
    mine = make_project(acme, "Website")
    theirs = make_project(globex, "Secret")
    log_time(acme, mine["id"], "2030-01-02", 60)
    log_time(globex, theirs["id"], "2030-01-02", 600, "confidential")

    hours = request_report(acme, "2030-01-01", "2030-01-31")
    export = request_report(acme, "2030-01-01", "2030-01-31", kind="entries_csv")
    run_worker()

    listed = client.get("/reports", headers=acme.headers).json()
    assert [r["id"] for r in listed] == [hours["id"], export["id"]]
    assert client.get("/reports", headers=globex.headers).json() == []
    result = client.get(f"/reports/{hours['id']}", headers=acme.headers).json()["result"]
    assert [p["name"] for p in result["projects"]] == ["Website"]
    csv = client.get(f"/reports/{export['id']}", headers=acme.headers).json()["result"]["csv"]
    assert "Secret" not in csv and "confidential" not in csv


def test_entries_csv_export(client, sign_up, invite, make_project, log_time, request_report, run_worker):
    acme = sign_up("acme")
    ana = invite(acme, "ana@acme.example")
    website = make_project(acme, "Website")
    log_time(ana, website["id"], "2030-01-02", 90, "kick-off, with client")
    log_time(acme, website["id"], "2030-01-03", 30, "review")

    job = request_report(acme, "2030-01-01", "2030-01-31", kind="entries_csv")
    run_worker()

    result = client.get(f"/reports/{job['id']}", headers=acme.headers).json()["result"]
    assert result["rows"] == 2
    assert result["csv"].splitlines() == [
        "day,project,user,minutes,note",
        '2030-01-02,Website,ana@acme.example,90,"kick-off, with client"',
        "2030-01-03,Website,admin@acme.example,30,review",
    ]


def test_report_period_is_validated(client, sign_up):
    acme = sign_up("acme")

    response = client.post(
        "/reports",
        json={"kind": "hours_by_project", "since": "2030-02-01", "until": "2030-01-01"},
        headers=acme.headers,
    )

    assert response.status_code == 422
    assert response.json()["code"] == "invalid_request"


def test_viewers_read_reports_but_cannot_request_them(client, sign_up, invite, request_report):
    acme = sign_up("acme")
    vic = invite(acme, "vic@acme.example", "viewer")
    job = request_report(acme, "2030-01-01", "2030-01-31")

    denied = client.post(
        "/reports",
        json={"kind": "hours_by_project", "since": "2030-01-01", "until": "2030-01-31"},
        headers=vic.headers,
    )

    assert denied.status_code == 403
    assert client.get(f"/reports/{job['id']}", headers=vic.headers).status_code == 200


def test_unknown_report_is_not_found(client, sign_up):
    acme = sign_up("acme")

    response = client.get("/reports/999", headers=acme.headers)

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
