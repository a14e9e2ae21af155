import assert from "node:assert/strict";
import { test } from "node:test";
import { createItem, SOUTH_TOKEN, start } from "./helpers";

test("creates and reads an item", async () => {
  const h = await start();
  try {
    const item = await createItem(h, "BOLT-M6", "Bolt M6", 40);
    assert.equal(item.available, 40);
    const res = await h.request("GET", `/items/${item.id}`);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { id: item.id, sku: "BOLT-M6", name: "Bolt M6", onHand: 40, reserved: 0, available: 40 });
  } finally {
    await h.close();
  }
});

test("rejects a duplicate sku", async () => {
  const h = await start();
  try {
    await createItem(h, "BOLT-M6", "Bolt M6", 40);
    const res = await h.request("POST", "/items", { sku: "BOLT-M6", name: "Again", onHand: 1 });
    assert.equal(res.status, 409);
    assert.equal(res.body.error, "conflict");
  } finally {
    await h.close();
  }
});

test("requires a token", async () => {
  const h = await start();
  try {
    const res = await h.request("GET", "/items", undefined, "nope");
    assert.equal(res.status, 401);
  } finally {
    await h.close();
  }
});

test("another warehouse's item is not found", async () => {
  const h = await start();
  try {
    const item = await createItem(h, "NUT-M6", "Nut M6", 10);
    const res = await h.request("GET", `/items/${item.id}`, undefined, SOUTH_TOKEN);
    assert.equal(res.status, 404);
  } finally {
    await h.close();
  }
});

test("lists and searches the warehouse's items", async () => {
  const h = await start();
  try {
    await createItem(h, "BOLT-M6", "Bolt M6", 40);
    await createItem(h, "NUT-M6", "Nut M6", 10);
    await createItem(h, "BOLT-M8", "Bolt M8", 5, SOUTH_TOKEN);
    const all = await h.request("GET", "/items");
    assert.deepEqual(
      all.body.items.map((i: { sku: string }) => i.sku),
      ["BOLT-M6", "NUT-M6"],
    );
    const bolts = await h.request("GET", "/items?q=bolt");
    assert.deepEqual(
      bolts.body.items.map((i: { sku: string }) => i.sku),
      ["BOLT-M6"],
    );
  } finally {
    await h.close();
  }
});

test("reserves stock and refuses more than is available", async () => {
  const h = await start();
  try {
    const item = await createItem(h, "BOLT-M6", "Bolt M6", 5);
    const first = await h.request("POST", `/items/${item.id}/reservations`, { quantity: 3, orderRef: "SO-1" });
    assert.equal(first.status, 201);
    assert.equal(first.body.available, 2);
    const second = await h.request("POST", `/items/${item.id}/reservations`, { quantity: 3, orderRef: "SO-2" });
    assert.equal(second.status, 409);
  } finally {
    await h.close();
  }
});

test("adjusts stock on hand but not below what is reserved", async () => {
  const h = await start();
  try {
    const item = await createItem(h, "BOLT-M6", "Bolt M6", 5);
    await h.request("POST", `/items/${item.id}/reservations`, { quantity: 4, orderRef: "SO-1" });
    const down = await h.request("POST", `/items/${item.id}/adjustments`, { delta: -2 });
    assert.equal(down.status, 409);
    const up = await h.request("POST", `/items/${item.id}/adjustments`, { delta: 10 });
    assert.equal(up.status, 200);
    assert.equal(up.body.onHand, 15);
  } finally {
    await h.close();
  }
});
