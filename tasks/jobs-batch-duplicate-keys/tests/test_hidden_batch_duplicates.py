"""POST /jobs/batch: idempotency keys repeated inside one batch, and other batch edges."""


def _email(to, key=None):
    job = {"kind": "send_email", "queue": "emails", "payload": {"to": to, "template": "digest"}}
    if key is not None:
        job["idempotency_key"] = key
    return job


def _stored(client):
    return client.get("/jobs", params={"limit": 200}).json()["items"]


def test_key_repeated_within_batch_resolves_to_one_job(client):
    batch = [
        _email("ana@example.com", key="row-1"),
        _email("bob@example.com"),
        _email("bob@example.com"),
        _email("ana@example.com", key="row-1"),
    ]
    response = client.post("/jobs/batch", json={"jobs": batch})
    assert response.status_code == 201, response.text
    ids = [job["id"] for job in response.json()["jobs"]]
    assert len(ids) == 4, "one entry per request, in request order"
    assert ids[0] == ids[3]
    assert len({ids[0], ids[1], ids[2]}) == 3, "jobs without a key are never merged"
    assert sorted(job["id"] for job in _stored(client)) == sorted(set(ids))

    replay = client.post("/jobs", json=_email("ana@example.com", key="row-1"))
    assert (replay.status_code, replay.json()["id"]) == (200, ids[0])


def test_conflicting_key_within_batch_is_rejected_and_nothing_is_stored(client):
    batch = [
        _email("carl@example.com", key="row-7"),
        _email("ana@example.com", key="row-1"),
        _email("eve@example.com", key="row-1"),
    ]
    response = client.post("/jobs/batch", json={"jobs": batch})
    assert response.status_code == 409, response.text
    assert response.json()["error"]["code"] == "idempotency_conflict"
    assert "row-1" in response.json()["error"]["message"]
    assert _stored(client) == []


def test_batch_repeating_a_stored_key_returns_the_stored_job(client):
    stored = client.post("/jobs", json=_email("ana@example.com", key="row-1")).json()
    response = client.post(
        "/jobs/batch", json={"jobs": [_email("ana@example.com", key="row-1"), _email("ana@example.com", key="row-1")]}
    )
    assert response.status_code == 201, response.text
    assert [job["id"] for job in response.json()["jobs"]] == [stored["id"], stored["id"]]
    assert len(_stored(client)) == 1


def test_empty_batch_creates_nothing(client):
    response = client.post("/jobs/batch", json={"jobs": []})
    assert response.status_code == 201
    assert response.json() == {"jobs": []}
    assert _stored(client) == []
