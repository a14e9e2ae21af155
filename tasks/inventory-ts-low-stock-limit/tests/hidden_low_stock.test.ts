import assert from "node:assert/strict";
import { test } from "node:test";
import { createItem, start } from "./helpers";

test("the low-stock report refuses the limits the item list refuses", async () => {
  const h = await start();
  try {
    await createItem(h, "GLUE-50", "Glue 50ml", 2);
    for (const limit of ["-1", "0", "201", "5000", "ten", "2.5", ""]) {
      const list = await h.request("GET", `/items?limit=${limit}`);
      const report = await h.request("GET", `/items/low-stock?below=10&limit=${limit}`);
      assert.equal(report.status, 422, `limit=${limit}`);
      assert.deepEqual(report.body, list.body, `limit=${limit}`);
    }
  } finally {
    await h.close();
  }
});

test("lists the items with less available than the threshold", async () => {
  const h = await start();
  try {
    await createItem(h, "GLUE-50", "Glue 50ml", 2);
    await createItem(h, "TAPE-19", "Tape 19mm", 30);
    const hinge = await createItem(h, "HINGE-70", "Hinge 70mm", 9);
    await h.request("POST", `/items/${hinge.id}/reservations`, { quantity: 8, orderRef: "SO-1" });
    const res = await h.request("GET", "/items/low-stock?below=5");
    assert.equal(res.status, 200);
    assert.deepEqual(
      res.body.items.map((i: { sku: string; available: number }) => [i.sku, i.available]),
      [
        ["HINGE-70", 1],
        ["GLUE-50", 2],
      ],
    );
  } finally {
    await h.close();
  }
});

test("a valid limit is honoured", async () => {
  const h = await start();
  try {
    await createItem(h, "GLUE-50", "Glue 50ml", 2);
    await createItem(h, "GLUE-100", "Glue 100ml", 1);
    const one = await h.request("GET", "/items/low-stock?below=10&limit=1");
    assert.equal(one.status, 200);
    assert.deepEqual(
      one.body.items.map((i: { sku: string }) => i.sku),
      ["GLUE-100"],
    );
    const max = await h.request("GET", "/items/low-stock?below=10&limit=200");
    assert.equal(max.status, 200);
    assert.equal(max.body.items.length, 2);
  } finally {
    await h.close();
  }
});

test("without a limit the report returns up to the default", async () => {
  const h = await start();
  try {
    for (let n = 0; n < 55; n++) {
      await h.db.run("INSERT INTO items (warehouse_id, sku, name, on_hand) VALUES (1, ?, ?, 1)", [
        `PIN-${String(n).padStart(3, "0")}`,
        `Pin ${n}`,
      ]);
    }
    const res = await h.request("GET", "/items/low-stock?below=5");
    assert.equal(res.status, 200);
    assert.equal(res.body.items.length, 50);
  } finally {
    await h.close();
  }
});
