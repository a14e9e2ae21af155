import assert from "node:assert/strict";
import { test } from "node:test";
import { createItem, NORTH_TOKEN, SOUTH_TOKEN, start } from "./helpers";

test("the south token cannot read, reserve or adjust north's items", async () => {
  const h = await start();
  try {
    const item = await createItem(h, "ROOF-NAIL-40", "Roofing nail 40mm", 20);
    const read = await h.request("GET", `/items/${item.id}`, undefined, SOUTH_TOKEN);
    assert.equal(read.status, 404);
    const reserve = await h.request(
      "POST",
      `/items/${item.id}/reservations`,
      { quantity: 1, orderRef: "SO-N1" },
      SOUTH_TOKEN,
    );
    assert.equal(reserve.status, 404);
    const adjust = await h.request("POST", `/items/${item.id}/adjustments`, { delta: -5 }, SOUTH_TOKEN);
    assert.equal(adjust.status, 404);
    const after = await h.request("GET", `/items/${item.id}`, undefined, NORTH_TOKEN);
    assert.equal(after.body.onHand, 20);
    assert.equal(after.body.reserved, 0);
  } finally {
    await h.close();
  }
});

test("a header cannot choose another warehouse", async () => {
  const h = await start();
  try {
    const item = await createItem(h, "ROOF-NAIL-50", "Roofing nail 50mm", 20);
    for (const name of ["x-warehouse-id", "x-warehouse", "x-acting-warehouse"]) {
      const res = await fetch(`${h.url}/items/${item.id}`, {
        headers: { authorization: `Bearer ${SOUTH_TOKEN}`, [name]: "1" },
      });
      assert.equal(res.status, 404, name);
    }
  } finally {
    await h.close();
  }
});

test("each token lists only its own warehouse", async () => {
  const h = await start();
  try {
    await createItem(h, "ROOF-NAIL-40", "Roofing nail 40mm", 20);
    await createItem(h, "GUTTER-CLIP", "Gutter clip", 8, SOUTH_TOKEN);
    const south = await h.request("GET", "/items", undefined, SOUTH_TOKEN);
    assert.deepEqual(
      south.body.items.map((i: { sku: string }) => i.sku),
      ["GUTTER-CLIP"],
    );
    const north = await h.request("GET", "/items?q=nail", undefined, NORTH_TOKEN);
    assert.deepEqual(
      north.body.items.map((i: { sku: string }) => i.sku),
      ["ROOF-NAIL-40"],
    );
  } finally {
    await h.close();
  }
});
