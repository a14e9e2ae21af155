"""A report job belongs to its tenant: other tenants cannot read it, not even that it exists."""


def _tenants_with_reports(sign_up, invite, make_project, log_time, request_report, run_worker):
    acme = sign_up("acme")
    globex = sign_up("globex")
    vic = invite(globex, "vic@globex.example", "viewer")
    secret = make_project(globex, "Project Nightingale")
    log_time(globex, secret["id"], "2030-01-05", 480, "due diligence for the merger")
    theirs = request_report(globex, "2030-01-01", "2030-01-31", kind="entries_csv")
    mine = request_report(acme, "2030-01-01", "2030-01-31")
    run_worker()
    return acme, globex, vic, theirs, mine


def test_other_tenants_report_is_not_found(client, sign_up, invite, make_project, log_time, request_report, run_worker):
    acme, globex, vic, theirs, mine = _tenants_with_reports(
        sign_up, invite, make_project, log_time, request_report, run_worker
    )

    response = client.get(f"/reports/{theirs['id']}", headers=acme.headers)

    assert response.status_code == 404, response.text
    assert response.json()["code"] == "not_found"
    assert "Nightingale" not in response.text and "merger" not in response.text


def test_unknown_and_foreign_reports_look_the_same(
    client, sign_up, invite, make_project, log_time, request_report, run_worker
):
    acme, globex, vic, theirs, mine = _tenants_with_reports(
        sign_up, invite, make_project, log_time, request_report, run_worker
    )

    foreign = client.get(f"/reports/{theirs['id']}", headers=acme.headers)
    unknown = client.get("/reports/999", headers=acme.headers)

    assert (foreign.status_code, unknown.status_code) == (404, 404)
    assert foreign.json()["code"] == unknown.json()["code"]


def test_colleagues_still_read_their_tenants_reports(
    client, sign_up, invite, make_project, log_time, request_report, run_worker
):
    acme, globex, vic, theirs, mine = _tenants_with_reports(
        sign_up, invite, make_project, log_time, request_report, run_worker
    )

    by_viewer = client.get(f"/reports/{theirs['id']}", headers=vic.headers)
    own = client.get(f"/reports/{mine['id']}", headers=acme.headers)

    assert by_viewer.status_code == 200
    assert "Project Nightingale" in by_viewer.json()["result"]["csv"]
    assert own.status_code == 200 and own.json()["status"] == "succeeded"
