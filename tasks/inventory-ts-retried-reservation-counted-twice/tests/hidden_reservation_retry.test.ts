import assert from "node:assert/strict";
import { test } from "node:test";
import { createItem, start } from "./helpers";

test("a retried reservation is applied once", async () => {
  const h = await start();
  try {
    const item = await createItem(h, "HEX-KEY-4", "Hex key 4mm", 10);
    const first = await h.request("POST", `/items/${item.id}/reservations`, { quantity: 3, orderRef: "SO-20931" });
    assert.equal(first.status, 201);
    const retry = await h.request("POST", `/items/${item.id}/reservations`, { quantity: 3, orderRef: "SO-20931" });
    assert.equal(retry.status, 201);
    assert.deepEqual(retry.body, first.body);
    const after = await h.request("GET", `/items/${item.id}`);
    assert.equal(after.body.reserved, 3);
    assert.equal(after.body.available, 7);
    const rows = await h.db.all("SELECT id FROM reservations WHERE item_id = ?", [item.id]);
    assert.equal(rows.length, 1);
  } finally {
    await h.close();
  }
});

test("a retry after the order took the last units still succeeds", async () => {
  const h = await start();
  try {
    const item = await createItem(h, "HEX-KEY-5", "Hex key 5mm", 5);
    const first = await h.request("POST", `/items/${item.id}/reservations`, { quantity: 5, orderRef: "SO-7" });
    assert.equal(first.status, 201);
    const retry = await h.request("POST", `/items/${item.id}/reservations`, { quantity: 5, orderRef: "SO-7" });
    assert.equal(retry.status, 201);
    assert.equal(retry.body.reserved, 5);
    assert.equal(retry.body.available, 0);
  } finally {
    await h.close();
  }
});

test("different orders reserve separately", async () => {
  const h = await start();
  try {
    const item = await createItem(h, "HEX-KEY-6", "Hex key 6mm", 10);
    await h.request("POST", `/items/${item.id}/reservations`, { quantity: 2, orderRef: "SO-1" });
    const second = await h.request("POST", `/items/${item.id}/reservations`, { quantity: 3, orderRef: "SO-2" });
    assert.equal(second.status, 201);
    assert.equal(second.body.reserved, 5);
    const rows = await h.db.all("SELECT id FROM reservations WHERE item_id = ?", [item.id]);
    assert.equal(rows.length, 2);
  } finally {
    await h.close();
  }
});

test("one order reserves on two items", async () => {
  const h = await start();
  try {
    const bolts = await createItem(h, "BOLT-M6", "Bolt M6", 10);
    const nuts = await createItem(h, "NUT-M6", "Nut M6", 10);
    const a = await h.request("POST", `/items/${bolts.id}/reservations`, { quantity: 4, orderRef: "SO-3" });
    const b = await h.request("POST", `/items/${nuts.id}/reservations`, { quantity: 4, orderRef: "SO-3" });
    assert.equal(a.status, 201);
    assert.equal(b.status, 201);
    assert.equal(b.body.reserved, 4);
  } finally {
    await h.close();
  }
});

test("a refused reservation leaves nothing behind", async () => {
  const h = await start();
  try {
    const item = await createItem(h, "NUT-M8", "Nut M8", 3);
    const refused = await h.request("POST", `/items/${item.id}/reservations`, { quantity: 4, orderRef: "SO-5" });
    assert.equal(refused.status, 409);
    const later = await h.request("POST", `/items/${item.id}/reservations`, { quantity: 2, orderRef: "SO-5" });
    assert.equal(later.status, 201);
    assert.equal(later.body.reserved, 2);
  } finally {
    await h.close();
  }
});
