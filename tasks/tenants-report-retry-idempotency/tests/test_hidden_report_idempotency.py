"""POST /reports with an Idempotency-Key: a retry gets the first job back instead of a new one."""


def _post(client, account, key, since="2030-01-01", until="2030-01-31", kind="hours_by_project"):
    return client.post(
        "/reports",
        json={"kind": kind, "since": since, "until": until},
        headers={**account.headers, "Idempotency-Key": key},
    )


def test_retry_with_the_same_key_returns_the_first_job(client, sign_up):
    acme = sign_up("acme")

    first = _post(client, acme, "nightly-2030-01")
    retry = _post(client, acme, "nightly-2030-01")

    assert first.status_code == 202, first.text
    assert retry.status_code in (200, 202), retry.text
    assert retry.json()["id"] == first.json()["id"]
    assert [r["id"] for r in client.get("/reports", headers=acme.headers).json()] == [first.json()["id"]]


def test_retry_after_the_report_was_built_queues_nothing(client, sign_up, make_project, log_time, run_worker):
    acme = sign_up("acme")
    website = make_project(acme, "Website")
    log_time(acme, website["id"], "2030-01-02", 60)
    first = _post(client, acme, "nightly-2030-01").json()
    assert run_worker() == [first["id"]]

    retry = _post(client, acme, "nightly-2030-01")

    assert retry.status_code in (200, 202), retry.text
    assert (retry.json()["id"], retry.json()["status"]) == (first["id"], "succeeded")
    assert retry.json()["result"]["total_minutes"] == 60
    assert run_worker() == []


def test_same_key_for_a_different_report_conflicts(client, sign_up):
    acme = sign_up("acme")
    first = _post(client, acme, "nightly").json()

    other_period = _post(client, acme, "nightly", since="2030-02-01", until="2030-02-28")
    other_kind = _post(client, acme, "nightly", kind="entries_csv")

    for response in (other_period, other_kind):
        assert response.status_code == 409, response.text
        assert response.json()["code"] == "idempotency_key_reused"
    assert [r["id"] for r in client.get("/reports", headers=acme.headers).json()] == [first["id"]]


def test_keys_are_per_tenant(client, sign_up):
    acme = sign_up("acme")
    globex = sign_up("globex")
    mine = _post(client, acme, "nightly-2030-01").json()

    theirs = _post(client, globex, "nightly-2030-01")

    assert theirs.status_code == 202, theirs.text
    assert theirs.json()["id"] != mine["id"]
    assert [r["id"] for r in client.get("/reports", headers=globex.headers).json()] == [theirs.json()["id"]]
