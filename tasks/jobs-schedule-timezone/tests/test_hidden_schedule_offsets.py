"""Datetimes sent with a UTC offset mean that instant, wherever they enter the service."""


def test_job_scheduled_with_positive_offset_runs_at_that_instant(client, enqueue, make_worker, clock):
    job = enqueue(run_at="2030-01-01T13:30:00+01:00")  # 12:30 UTC
    assert job["run_at"] == "2030-01-01T12:30:00"

    worker = make_worker()
    clock.advance(30 * 60 - 1)
    assert worker.run_once() is None
    clock.advance(1)
    assert worker.run_once().id == job["id"]


def test_job_scheduled_with_negative_offset_does_not_run_early(enqueue, make_worker, clock):
    job = enqueue(run_at="2030-01-01T07:15:00-05:00")  # 12:15 UTC
    assert job["run_at"] == "2030-01-01T12:15:00"

    worker = make_worker()
    assert worker.run_once() is None
    clock.advance(15 * 60)
    assert worker.run_once().id == job["id"]


def test_retry_with_offset_schedules_the_same_instant(client, enqueue, make_worker):
    job = enqueue(max_attempts=1, payload={"template": "welcome"})  # missing "to": dead at once
    assert make_worker().run_once().status == "dead"

    response = client.post(f"/jobs/{job['id']}/retry", json={"run_at": "2030-01-01T15:00:00+02:00"})
    assert response.status_code == 200
    assert response.json()["run_at"] == "2030-01-01T13:00:00"


def test_list_scheduled_before_with_offset(client, enqueue):
    early = enqueue(run_at="2030-01-01T12:10:00Z")
    enqueue(run_at="2030-01-01T12:50:00Z")

    response = client.get("/jobs", params={"scheduled_before": "2030-01-01T13:30:00+01:00"})
    assert response.status_code == 200
    assert [item["id"] for item in response.json()["items"]] == [early["id"]]
