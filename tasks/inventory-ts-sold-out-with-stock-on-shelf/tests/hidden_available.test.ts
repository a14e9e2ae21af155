import assert from "node:assert/strict";
import { test } from "node:test";
import { createItem, start } from "./helpers";

test("available is what is on hand less what is reserved", async () => {
  const h = await start();
  try {
    const item = await createItem(h, "CABLE-TIE-200", "Cable ties 200mm (100 pack)", 5);
    await h.request("POST", `/items/${item.id}/reservations`, { quantity: 3, orderRef: "SO-41" });
    await h.request("POST", `/items/${item.id}/reservations`, { quantity: 2, orderRef: "SO-42" });
    const res = await h.request("GET", `/items/${item.id}`);
    assert.deepEqual(res.body, {
      id: item.id,
      sku: "CABLE-TIE-200",
      name: "Cable ties 200mm (100 pack)",
      onHand: 5,
      reserved: 5,
      available: 0,
    });
  } finally {
    await h.close();
  }
});

test("a reservation beyond what is available is refused", async () => {
  const h = await start();
  try {
    const item = await createItem(h, "CABLE-TIE-300", "Cable ties 300mm (100 pack)", 5);
    await h.request("POST", `/items/${item.id}/reservations`, { quantity: 5, orderRef: "SO-43" });
    const res = await h.request("POST", `/items/${item.id}/reservations`, { quantity: 1, orderRef: "PHONE-118" });
    assert.equal(res.status, 409);
    const rows = await h.db.all<{ order_ref: string }>("SELECT order_ref FROM reservations WHERE item_id = ?", [item.id]);
    assert.deepEqual(
      rows.map((r) => r.order_ref),
      ["SO-43"],
    );
  } finally {
    await h.close();
  }
});

test("stock received becomes available", async () => {
  const h = await start();
  try {
    const item = await createItem(h, "CABLE-TIE-100", "Cable ties 100mm (100 pack)", 5);
    await h.request("POST", `/items/${item.id}/reservations`, { quantity: 5, orderRef: "SO-44" });
    const received = await h.request("POST", `/items/${item.id}/adjustments`, { delta: 3 });
    assert.equal(received.status, 200);
    assert.equal(received.body.available, 3);
    const res = await h.request("POST", `/items/${item.id}/reservations`, { quantity: 1, orderRef: "PHONE-118" });
    assert.equal(res.status, 201);
    assert.equal(res.body.available, 2);
  } finally {
    await h.close();
  }
});
