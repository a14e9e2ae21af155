import assert from "node:assert/strict";
import { test } from "node:test";
import { createItem, start } from "./helpers";

test("an adjustment in pallets is not guessed into units", async () => {
  const h = await start();
  try {
    const item = await createItem(h, "BOLT-M6", "Bolt M6", 5);
    const res = await h.request("POST", `/items/${item.id}/adjustments`, { pallets: 2 });
    assert.equal(res.status, 422);
    const after = await h.request("GET", `/items/${item.id}`);
    assert.equal(after.body.onHand, 5);
  } finally {
    await h.close();
  }
});

test("adjustments in units are unchanged", async () => {
  const h = await start();
  try {
    const item = await createItem(h, "NUT-M6", "Nut M6", 10);
    const up = await h.request("POST", `/items/${item.id}/adjustments`, { delta: 7 });
    assert.equal(up.status, 200);
    assert.equal(up.body.onHand, 17);
    const bad = await h.request("POST", `/items/${item.id}/adjustments`, { delta: 0 });
    assert.equal(bad.status, 422);
  } finally {
    await h.close();
  }
});
