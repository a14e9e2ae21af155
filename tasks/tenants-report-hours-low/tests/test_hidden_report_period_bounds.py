"""A report period includes both of its end days, in every report kind."""


def _march(sign_up, invite, make_project, log_time):
    globex = sign_up("globex")
    ana = invite(globex, "ana@globex.example")
    site = make_project(globex, "Website")
    ops = make_project(globex, "Ops")
    log_time(ana, site["id"], "2030-02-28", 60, "february")
    log_time(ana, site["id"], "2030-03-01", 90, "first day")
    log_time(ana, ops["id"], "2030-03-15", 30, "mid month")
    log_time(ana, site["id"], "2030-03-31", 240, "month end close")
    log_time(ana, ops["id"], "2030-03-31", 45, "month end ops")
    log_time(ana, site["id"], "2030-04-01", 600, "april")
    return globex, site, ops


def _built(client, account, job, run_worker):
    run_worker()
    report = client.get(f"/reports/{job['id']}", headers=account.headers).json()
    assert report["status"] == "succeeded", report
    return report["result"]


def test_hours_report_includes_the_last_day(client, sign_up, invite, make_project, log_time, request_report, run_worker):
    globex, site, ops = _march(sign_up, invite, make_project, log_time)

    result = _built(client, globex, request_report(globex, "2030-03-01", "2030-03-31"), run_worker)

    assert (result["since"], result["until"]) == ("2030-03-01", "2030-03-31")
    rows = {row["name"]: (row["entry_count"], row["total_minutes"]) for row in result["projects"]}
    assert rows == {"Website": (2, 330), "Ops": (2, 75)}
    assert result["total_minutes"] == 405


def test_csv_export_includes_the_last_day(client, sign_up, invite, make_project, log_time, request_report, run_worker):
    globex, site, ops = _march(sign_up, invite, make_project, log_time)

    job = request_report(globex, "2030-03-01", "2030-03-31", kind="entries_csv")
    result = _built(client, globex, job, run_worker)

    assert (result["since"], result["until"], result["rows"]) == ("2030-03-01", "2030-03-31", 4)
    days = [line.split(",")[0] for line in result["csv"].splitlines()[1:]]
    assert days == ["2030-03-01", "2030-03-15", "2030-03-31", "2030-03-31"]


def test_single_day_report(client, sign_up, invite, make_project, log_time, request_report, run_worker):
    globex, site, ops = _march(sign_up, invite, make_project, log_time)

    result = _built(client, globex, request_report(globex, "2030-03-31", "2030-03-31"), run_worker)

    assert (result["since"], result["until"], result["total_minutes"]) == ("2030-03-31", "2030-03-31", 285)
