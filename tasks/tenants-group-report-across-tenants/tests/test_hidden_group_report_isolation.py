"""No request of one tenant's user, admins included, yields another tenant's data."""


def _group(sign_up, invite, make_project, log_time):
    uk = sign_up("globex-uk")
    de = sign_up("globex-de")
    de_member = invite(de, "max@globex-de.example")
    berlin = make_project(de, "Berlin office")
    log_time(de_member, berlin["id"], "2030-01-05", 300, "payroll review for Max")
    london = make_project(uk, "London office")
    log_time(uk, london["id"], "2030-01-06", 60)
    return uk, de, berlin, london


def test_a_report_never_covers_another_tenant(client, sign_up, invite, make_project, log_time, run_worker):
    uk, de, berlin, london = _group(sign_up, invite, make_project, log_time)

    responses = [
        client.post(
            "/reports",
            json={"kind": kind, "since": "2030-01-01", "until": "2030-01-31", **extra},
            headers=uk.headers,
        )
        for kind in ("hours_by_project", "entries_csv")
        for extra in (
            {"tenants": ["globex-de"]},
            {"tenant_ids": [de.tenant_id]},
            {"tenant_slugs": ["globex-de"]},
            {"tenant_id": de.tenant_id},
        )
    ]
    run_worker()

    for response in responses:
        if response.status_code >= 400:
            assert "Berlin" not in response.text
            continue
        report = client.get(f"/reports/{response.json()['id']}", headers=uk.headers)
        assert report.status_code == 200, report.text
        assert "Berlin" not in report.text and "payroll" not in report.text and "globex-de" not in report.text


def test_admins_cannot_read_another_tenants_reports(client, sign_up, invite, make_project, log_time, request_report, run_worker):
    uk, de, berlin, london = _group(sign_up, invite, make_project, log_time)
    theirs = request_report(de, "2030-01-01", "2030-01-31", kind="entries_csv")
    run_worker()

    response = client.get(f"/reports/{theirs['id']}", headers=uk.headers)

    assert response.status_code == 404, response.text
    assert "Berlin" not in response.text
    assert [r["id"] for r in client.get("/reports", headers=uk.headers).json()] == []


def test_each_tenant_admin_still_reports_on_their_own_tenant(
    client, sign_up, invite, make_project, log_time, request_report, run_worker
):
    uk, de, berlin, london = _group(sign_up, invite, make_project, log_time)
    mine = request_report(uk, "2030-01-01", "2030-01-31")
    theirs = request_report(de, "2030-01-01", "2030-01-31")
    run_worker()

    uk_result = client.get(f"/reports/{mine['id']}", headers=uk.headers).json()["result"]
    de_result = client.get(f"/reports/{theirs['id']}", headers=de.headers).json()["result"]

    assert [(p["name"], p["total_minutes"]) for p in uk_result["projects"]] == [("London office", 60)]
    assert [(p["name"], p["total_minutes"]) for p in de_result["projects"]] == [("Berlin office", 300)]
