from conftest import ADMIN_TOKEN


def test_enqueue_returns_created_job(client):
    response = client.post(
        "/jobs",
        json={"kind": "send_email", "queue": "emails", "payload": {"to": "ana@example.com", "template": "welcome"}},
    )
    assert response.status_code == 201
    job = response.json()
    assert job["status"] == "queued"
    assert job["queue"] == "emails"
    assert job["attempts"] == 0
    assert job["max_attempts"] == 5
    assert job["run_at"] == "2030-01-01T12:00:00"


def test_requests_without_the_admin_token_are_rejected(client):
    assert client.get("/jobs", headers={"X-Admin-Token": ""}).status_code == 401
    response = client.get("/jobs", headers={"X-Admin-Token": ADMIN_TOKEN + "x"})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_admin"


def test_enqueue_rejects_unknown_kind_and_bad_input(client):
    response = client.post("/jobs", json={"kind": "mine_bitcoin"})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "unknown_job_kind"
    assert client.post("/jobs", json={"kind": "send_email", "max_attempts": 0}).status_code == 422
    assert client.post("/jobs", json={"kind": "send_email", "queue": "Has Spaces"}).status_code == 422


def test_enqueue_with_same_idempotency_key_returns_existing_job(client, enqueue):
    first = enqueue(idempotency_key="signup-42")
    again = client.post(
        "/jobs",
        json={
            "kind": "send_email",
            "payload": {"to": "ana@example.com", "template": "welcome"},
            "idempotency_key": "signup-42",
        },
    )
    assert again.status_code == 200
    assert again.json()["id"] == first["id"]
    assert len(client.get("/jobs").json()["items"]) == 1


def test_reusing_idempotency_key_for_a_different_job_conflicts(client, enqueue):
    enqueue(idempotency_key="signup-42")
    response = client.post(
        "/jobs",
        json={"kind": "send_email", "payload": {"to": "bob@example.com", "template": "welcome"}, "idempotency_key": "signup-42"},
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "idempotency_conflict"


def test_enqueue_stores_run_at_in_utc(enqueue):
    job = enqueue(run_at="2030-01-01T12:05:00Z")
    assert job["run_at"] == "2030-01-01T12:05:00"


def test_batch_enqueue_creates_jobs_in_request_order(client):
    jobs = [
        {"kind": "send_email", "payload": {"to": f"user{i}@example.com", "template": "digest"}, "idempotency_key": f"digest-{i}"}
        for i in range(3)
    ]
    response = client.post("/jobs/batch", json={"jobs": jobs})
    assert response.status_code == 201
    created = response.json()["jobs"]
    assert [job["payload"]["to"] for job in created] == [f"user{i}@example.com" for i in range(3)]
    assert len({job["id"] for job in created}) == 3


def test_batch_enqueue_is_all_or_nothing(client):
    jobs = [
        {"kind": "send_email", "payload": {"to": "ana@example.com", "template": "digest"}},
        {"kind": "no_such_kind"},
    ]
    response = client.post("/jobs/batch", json={"jobs": jobs})
    assert response.status_code == 422
    assert client.get("/jobs").json()["items"] == []


def test_list_jobs_filters_and_paginates(client, enqueue):
    ids = [enqueue(queue="emails")["id"] for _ in range(3)]
    enqueue(queue="reports")
    client.post(f"/jobs/{ids[1]}/cancel")

    page = client.get("/jobs", params={"queue": "emails", "limit": 2}).json()
    assert [job["id"] for job in page["items"]] == ids[:2]
    rest = client.get("/jobs", params={"queue": "emails", "limit": 2, "after_id": page["next_after_id"]}).json()
    assert [job["id"] for job in rest["items"]] == ids[2:]
    assert rest["next_after_id"] is None

    cancelled = client.get("/jobs", params={"status": "cancelled"}).json()["items"]
    assert [job["id"] for job in cancelled] == [ids[1]]
    assert client.get("/jobs", params={"status": "bogus"}).status_code == 422


def test_list_jobs_never_exposes_payload(client, enqueue):
    """Payloads carry customer PII (emails, addresses, card fingerprints).

    Security review SEC-112: listings go to dashboards and log shippers, so they must never
    contain payloads or results; only GET /jobs/{id} (audited) may return them. Do not change
    without sign-off from the security team.
    """
    enqueue(payload={"to": "ana@example.com", "template": "welcome"})
    response = client.get("/jobs")
    assert response.status_code == 200
    [item] = response.json()["items"]
    assert "payload" not in item
    assert "result" not in item
    assert "ana@example.com" not in response.text


def test_get_job_includes_payload_and_unknown_job_is_404(client, enqueue):
    job = enqueue()
    body = client.get(f"/jobs/{job['id']}").json()
    assert body["payload"] == {"to": "ana@example.com", "template": "welcome"}
    response = client.get("/jobs/999")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "job_not_found"


def test_cancel_only_applies_to_queued_jobs(client, enqueue, make_worker):
    """A running job cannot be cancelled (ADR-7).

    The worker cannot interrupt a handler, and handlers have side effects (charges, emails)
    that may already have happened. Marking a running job `cancelled` would record that it
    did not run while it did, and its worker would then fail to record the real outcome.
    Cancelling running jobs needs cooperative cancellation in the worker and in every handler,
    which does not exist; until it does, this must stay a 409.
    """
    job = enqueue()
    response = client.post(f"/jobs/{job['id']}/cancel")
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"

    running = enqueue()
    assert make_worker().claim_next().id == running["id"]
    response = client.post(f"/jobs/{running['id']}/cancel")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "invalid_transition"


def test_retry_dead_job_requeues_it_with_fresh_attempts(client, enqueue, make_worker):
    job = enqueue(max_attempts=1, payload={"template": "welcome"})  # missing "to": dead at once
    assert make_worker().run_once().status == "dead"

    response = client.post(f"/jobs/{job['id']}/retry", json={"run_at": "2030-01-01T13:00:00Z"})
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["attempts"], body["run_at"]) == ("queued", 0, "2030-01-01T13:00:00")


def test_retry_is_rejected_for_jobs_that_are_not_dead_or_cancelled(client, enqueue):
    job = enqueue()
    response = client.post(f"/jobs/{job['id']}/retry")
    assert response.status_code == 409
    assert client.post("/jobs/404/retry").status_code == 404


def test_queue_stats_count_outcomes(client, enqueue, make_worker, mailer):
    enqueue(queue="emails")
    enqueue(queue="emails", payload={"template": "welcome"})  # missing "to": dead
    enqueue(queue="emails")
    mailer.failures_left = 1
    worker = make_worker()
    for _ in range(3):
        worker.run_once()

    stats = client.get("/queues/emails/stats").json()
    assert stats == {"queue": "emails", "queued": 1, "running": 0, "succeeded": 1, "retried": 1, "dead": 1}
