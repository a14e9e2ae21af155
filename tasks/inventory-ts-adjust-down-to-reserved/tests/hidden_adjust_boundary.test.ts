import assert from "node:assert/strict";
import { test } from "node:test";
import { createItem, start } from "./helpers";

test("stock can be counted down to exactly what is reserved", async () => {
  const h = await start();
  try {
    const item = await createItem(h, "WASHER-M6", "Washer M6", 5);
    await h.request("POST", `/items/${item.id}/reservations`, { quantity: 4, orderRef: "SO-1" });
    const res = await h.request("POST", `/items/${item.id}/adjustments`, { delta: -1 });
    assert.equal(res.status, 200);
    assert.equal(res.body.onHand, 4);
    assert.equal(res.body.available, 0);
    const after = await h.request("GET", `/items/${item.id}`);
    assert.equal(after.body.onHand, 4);
    assert.equal(after.body.reserved, 4);
  } finally {
    await h.close();
  }
});

test("the last unreserved units can be written off", async () => {
  const h = await start();
  try {
    const item = await createItem(h, "SPRING-S2", "Spring S2", 3);
    const res = await h.request("POST", `/items/${item.id}/adjustments`, { delta: -3 });
    assert.equal(res.status, 200);
    assert.equal(res.body.onHand, 0);
    const after = await h.request("GET", `/items/${item.id}`);
    assert.equal(after.body.onHand, 0);
  } finally {
    await h.close();
  }
});

test("an adjustment below what is reserved is refused and changes nothing", async () => {
  const h = await start();
  try {
    const item = await createItem(h, "WASHER-M8", "Washer M8", 5);
    await h.request("POST", `/items/${item.id}/reservations`, { quantity: 4, orderRef: "SO-2" });
    const res = await h.request("POST", `/items/${item.id}/adjustments`, { delta: -2 });
    assert.equal(res.status, 409);
    const after = await h.request("GET", `/items/${item.id}`);
    assert.equal(after.body.onHand, 5);
    assert.equal(after.body.reserved, 4);
  } finally {
    await h.close();
  }
});

test("stock cannot go negative", async () => {
  const h = await start();
  try {
    const item = await createItem(h, "SPRING-S3", "Spring S3", 3);
    const res = await h.request("POST", `/items/${item.id}/adjustments`, { delta: -4 });
    assert.equal(res.status, 409);
    const after = await h.request("GET", `/items/${item.id}`);
    assert.equal(after.body.onHand, 3);
  } finally {
    await h.close();
  }
});

test("a zero delta is rejected", async () => {
  const h = await start();
  try {
    const item = await createItem(h, "SPRING-S4", "Spring S4", 3);
    const res = await h.request("POST", `/items/${item.id}/adjustments`, { delta: 0 });
    assert.equal(res.status, 422);
  } finally {
    await h.close();
  }
});
