"""Cancel applies to queued jobs only; a running job keeps its lease and finishes normally."""

import pytest

from app.models import Job


def test_cancel_of_a_running_job_is_refused_and_the_job_finishes(client, enqueue, make_worker, mailer, session_factory):
    job = enqueue(queue="emails")
    worker = make_worker("worker-a")
    claimed = worker.claim_next()
    assert claimed.id == job["id"]

    response = client.post(f"/jobs/{job['id']}/cancel")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "invalid_transition"
    with session_factory() as session:
        current = session.get(Job, job["id"])
        assert (current.status, current.lease_owner) == ("running", "worker-a")
        assert current.finished_at is None

    done = worker.execute(claimed)
    assert done.status == "succeeded"
    assert len(mailer.sent) == 1
    stats = client.get("/queues/emails/stats").json()
    assert (stats["succeeded"], stats["dead"], stats["running"]) == (1, 0, 0)


@pytest.mark.parametrize("outcome", ["succeeded", "dead"])
def test_cancel_of_a_finished_job_is_refused(client, enqueue, make_worker, outcome):
    payload = {"to": "ana@example.com", "template": "welcome"} if outcome == "succeeded" else {"template": "x"}
    job = enqueue(payload=payload)
    assert make_worker().run_once().status == outcome

    response = client.post(f"/jobs/{job['id']}/cancel")
    assert response.status_code == 409
    assert client.get(f"/jobs/{job['id']}").json()["status"] == outcome


def test_cancel_of_a_queued_job_still_works(client, enqueue, make_worker):
    job = enqueue()
    response = client.post(f"/jobs/{job['id']}/cancel")
    assert (response.status_code, response.json()["status"]) == (200, "cancelled")
    assert make_worker().run_once() is None
