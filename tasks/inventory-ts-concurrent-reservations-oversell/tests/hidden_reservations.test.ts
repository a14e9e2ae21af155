import assert from "node:assert/strict";
import { test } from "node:test";
import * as stock from "../src/services/stock";
import { createItem, start } from "./helpers";

const NORTH = { warehouseId: 1 };

test("concurrent reservations never promise more than is on hand", async () => {
  const h = await start();
  try {
    const item = await createItem(h, "BOLT-M6", "Bolt M6", 5);
    const attempts = ["SO-1", "SO-2", "SO-3", "SO-4"].map((orderRef) =>
      stock.reserve(h.db, NORTH, item.id, { quantity: 2, orderRef }).then(
        () => "reserved",
        (err: unknown) => (err instanceof Error ? err.name : "unknown"),
      ),
    );
    const outcomes = (await Promise.all(attempts)).sort();
    assert.deepEqual(outcomes, ["ConflictError", "ConflictError", "reserved", "reserved"]);
    const after = await stock.getItem(h.db, NORTH, item.id);
    assert.equal(after.reserved, 4);
    const rows = await h.db.all<{ quantity: number }>("SELECT quantity FROM reservations WHERE item_id = ?", [item.id]);
    assert.equal(rows.length, 2);
  } finally {
    await h.close();
  }
});

test("a reservation of exactly what is left succeeds", async () => {
  const h = await start();
  try {
    const item = await createItem(h, "NUT-M6", "Nut M6", 5);
    const res = await h.request("POST", `/items/${item.id}/reservations`, { quantity: 5, orderRef: "SO-9" });
    assert.equal(res.status, 201);
    assert.equal(res.body.available, 0);
    assert.equal(res.body.reserved, 5);
  } finally {
    await h.close();
  }
});

test("a refused reservation changes nothing", async () => {
  const h = await start();
  try {
    const item = await createItem(h, "NUT-M8", "Nut M8", 3);
    const res = await h.request("POST", `/items/${item.id}/reservations`, { quantity: 4, orderRef: "SO-5" });
    assert.equal(res.status, 409);
    const after = await h.request("GET", `/items/${item.id}`);
    assert.equal(after.body.reserved, 0);
    const rows = await h.db.all("SELECT id FROM reservations");
    assert.equal(rows.length, 0);
  } finally {
    await h.close();
  }
});
