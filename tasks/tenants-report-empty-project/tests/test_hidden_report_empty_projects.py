"""Projects with nothing logged in the period are reported with zeros and no average."""


def _built(client, account, job, run_worker):
    run_worker()
    report = client.get(f"/reports/{job['id']}", headers=account.headers).json()
    assert report["status"] == "succeeded", report
    assert report["attempts"] == 1
    return report["result"]


def test_project_without_entries_in_the_period(client, sign_up, make_project, log_time, request_report, run_worker):
    acme = sign_up("acme")
    website = make_project(acme, "Website")
    new = make_project(acme, "New client")
    old = make_project(acme, "Old client")
    log_time(acme, website["id"], "2030-01-02", 50)
    log_time(acme, website["id"], "2030-01-03", 25)
    log_time(acme, old["id"], "2029-12-30", 120)

    result = _built(client, acme, request_report(acme, "2030-01-01", "2030-01-31"), run_worker)

    assert result["projects"] == [
        {"project_id": website["id"], "name": "Website", "entry_count": 2, "total_minutes": 75, "average_minutes": 37.5},
        {"project_id": new["id"], "name": "New client", "entry_count": 0, "total_minutes": 0, "average_minutes": None},
        {"project_id": old["id"], "name": "Old client", "entry_count": 0, "total_minutes": 0, "average_minutes": None},
    ]
    assert result["total_minutes"] == 75


def test_period_with_no_entries_at_all(client, sign_up, make_project, log_time, request_report, run_worker):
    acme = sign_up("acme")
    website = make_project(acme, "Website")
    log_time(acme, website["id"], "2030-01-02", 50)

    result = _built(client, acme, request_report(acme, "2030-02-01", "2030-02-28"), run_worker)

    assert result["projects"] == [
        {"project_id": website["id"], "name": "Website", "entry_count": 0, "total_minutes": 0, "average_minutes": None}
    ]
    assert result["total_minutes"] == 0


def test_tenant_without_projects(client, sign_up, request_report, run_worker):
    acme = sign_up("acme")

    result = _built(client, acme, request_report(acme, "2030-01-01", "2030-01-31"), run_worker)

    assert (result["projects"], result["total_minutes"]) == ([], 0)
