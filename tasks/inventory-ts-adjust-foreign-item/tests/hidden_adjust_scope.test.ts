import assert from "node:assert/strict";
import { test } from "node:test";
import { createItem, SOUTH_TOKEN, start } from "./helpers";

test("another warehouse cannot adjust an item and learns nothing about it", async () => {
  const h = await start();
  try {
    const item = await createItem(h, "BOLT-M6", "Bolt M6", 40);
    const res = await h.request("POST", `/items/${item.id}/adjustments`, { delta: -30 }, SOUTH_TOKEN);
    assert.equal(res.status, 404);
    assert.equal(res.body.error, "not_found");
    const after = await h.request("GET", `/items/${item.id}`);
    assert.equal(after.body.onHand, 40);
  } finally {
    await h.close();
  }
});

test("a foreign adjustment looks like one on a missing item", async () => {
  const h = await start();
  try {
    const item = await createItem(h, "BOLT-M6", "Bolt M6", 40);
    const foreign = await h.request("POST", `/items/${item.id}/adjustments`, { delta: 5 }, SOUTH_TOKEN);
    const missing = await h.request("POST", `/items/9999/adjustments`, { delta: 5 }, SOUTH_TOKEN);
    assert.equal(foreign.status, missing.status);
    assert.equal(foreign.body.error, missing.body.error);
  } finally {
    await h.close();
  }
});

test("a warehouse still adjusts its own items", async () => {
  const h = await start();
  try {
    const item = await createItem(h, "NUT-M6", "Nut M6", 10, SOUTH_TOKEN);
    const res = await h.request("POST", `/items/${item.id}/adjustments`, { delta: -4 }, SOUTH_TOKEN);
    assert.equal(res.status, 200);
    assert.equal(res.body.onHand, 6);
    assert.equal(res.body.available, 6);
  } finally {
    await h.close();
  }
});

test("another warehouse cannot reserve an item", async () => {
  const h = await start();
  try {
    const item = await createItem(h, "BOLT-M6", "Bolt M6", 40);
    const res = await h.request("POST", `/items/${item.id}/reservations`, { quantity: 1, orderRef: "X" }, SOUTH_TOKEN);
    assert.equal(res.status, 404);
  } finally {
    await h.close();
  }
});
