import assert from "node:assert/strict";
import { test } from "node:test";
import { createItem, SOUTH_TOKEN, start } from "./helpers";

function skus(body: { items: { sku: string }[] }): string[] {
  return body.items.map((i) => i.sku);
}

test("search finds a name with an apostrophe", async () => {
  const h = await start();
  try {
    await createItem(h, "HEX-SET-1", "Hex key set (O'Brien)", 12);
    await createItem(h, "HEX-SET-2", "Hex key set (metric)", 7);
    const res = await h.request("GET", `/items?q=${encodeURIComponent("O'Brien")}`);
    assert.equal(res.status, 200);
    assert.deepEqual(skus(res.body), ["HEX-SET-1"]);
  } finally {
    await h.close();
  }
});

test("search text is matched, never run as SQL", async () => {
  const h = await start();
  try {
    await createItem(h, "BOLT-M6", "Bolt M6", 40);
    await createItem(h, "SECRET-1", "Prototype housing", 1, SOUTH_TOKEN);
    const res = await h.request("GET", `/items?q=${encodeURIComponent("') OR 1=1 OR ('")}`);
    assert.equal(res.status, 200);
    assert.deepEqual(skus(res.body), []);
  } finally {
    await h.close();
  }
});

test("search is still case-insensitive and scoped to the warehouse", async () => {
  const h = await start();
  try {
    await createItem(h, "BOLT-M6", "Bolt M6", 40);
    await createItem(h, "BOLT-M8", "Bolt M8", 5, SOUTH_TOKEN);
    const res = await h.request("GET", "/items?q=BOLT");
    assert.deepEqual(skus(res.body), ["BOLT-M6"]);
    const lower = await h.request("GET", "/items?q=m6");
    assert.deepEqual(skus(lower.body), ["BOLT-M6"]);
  } finally {
    await h.close();
  }
});
