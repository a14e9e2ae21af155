"""A built report is a snapshot; the dashboard is live; a new report picks up new time."""


def _setup(client, sign_up, make_project, log_time, request_report, run_worker):
    acme = sign_up("acme")
    website = make_project(acme, "Website")
    log_time(acme, website["id"], "2030-03-02", 120)
    first = request_report(acme, "2030-03-01", "2030-03-31")
    assert run_worker() == [first["id"]]
    log_time(acme, website["id"], "2030-03-20", 90, "logged after the report was built")
    return acme, website, first


def test_built_report_keeps_its_figures(client, sign_up, make_project, log_time, request_report, run_worker):
    acme, website, first = _setup(client, sign_up, make_project, log_time, request_report, run_worker)

    again = client.get(f"/reports/{first['id']}", headers=acme.headers).json()
    assert run_worker() == []
    later = client.get(f"/reports/{first['id']}", headers=acme.headers).json()

    for report in (again, later):
        assert report["status"] == "succeeded"
        assert report["attempts"] == 1
        assert report["result"]["total_minutes"] == 120


def test_dashboard_and_summary_show_new_time_at_once(client, sign_up, make_project, log_time, request_report, run_worker):
    acme, website, first = _setup(client, sign_up, make_project, log_time, request_report, run_worker)

    assert client.get("/dashboard", headers=acme.headers).json()["total_minutes"] == 210
    summary = client.get(f"/projects/{website['id']}/summary", headers=acme.headers).json()
    assert (summary["entry_count"], summary["total_minutes"]) == (2, 210)


def test_a_new_report_includes_the_new_time(client, sign_up, make_project, log_time, request_report, run_worker):
    acme, website, first = _setup(client, sign_up, make_project, log_time, request_report, run_worker)

    second = request_report(acme, "2030-03-01", "2030-03-31")
    assert run_worker() == [second["id"]]

    result = client.get(f"/reports/{second['id']}", headers=acme.headers).json()["result"]
    assert result["total_minutes"] == 210
    assert client.get(f"/reports/{first['id']}", headers=acme.headers).json()["result"]["total_minutes"] == 120
