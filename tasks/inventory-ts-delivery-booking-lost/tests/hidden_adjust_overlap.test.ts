import assert from "node:assert/strict";
import { test } from "node:test";
import * as stock from "../src/services/stock";
import { createItem, start } from "./helpers";

const NORTH = { warehouseId: 1 };

function outcome(p: Promise<unknown>): Promise<string> {
  return p.then(
    () => "ok",
    (err: unknown) => (err instanceof Error ? err.name : "unknown"),
  );
}

test("overlapping adjustments are all counted", async () => {
  const h = await start();
  try {
    const item = await createItem(h, "DOWEL-8", "Dowel 8mm", 40);
    const outcomes = await Promise.all(
      [12, 20, -3].map((delta) => outcome(stock.adjust(h.db, NORTH, item.id, { delta }))),
    );
    assert.deepEqual(outcomes, ["ok", "ok", "ok"]);
    const after = await stock.getItem(h.db, NORTH, item.id);
    assert.equal(after.on_hand, 69);
  } finally {
    await h.close();
  }
});

test("a correction racing a reservation never leaves less on hand than reserved", async () => {
  const h = await start();
  try {
    const item = await createItem(h, "DOWEL-10", "Dowel 10mm", 5);
    const outcomes = await Promise.all([
      outcome(stock.reserve(h.db, NORTH, item.id, { quantity: 4, orderRef: "SO-88" })),
      outcome(stock.adjust(h.db, NORTH, item.id, { delta: -3 })),
    ]);
    assert.deepEqual([...outcomes].sort(), ["ConflictError", "ok"]);
    const after = await stock.getItem(h.db, NORTH, item.id);
    assert.ok(after.on_hand >= after.reserved, `on hand ${after.on_hand}, reserved ${after.reserved}`);
    assert.ok(after.on_hand === 2 || after.on_hand === 5);
  } finally {
    await h.close();
  }
});

test("an adjustment one at a time changes on hand by its delta", async () => {
  const h = await start();
  try {
    const item = await createItem(h, "DOWEL-6", "Dowel 6mm", 40);
    const first = await h.request("POST", `/items/${item.id}/adjustments`, { delta: 12 });
    assert.equal(first.status, 200);
    assert.equal(first.body.onHand, 52);
    const second = await h.request("POST", `/items/${item.id}/adjustments`, { delta: 20 });
    assert.equal(second.body.onHand, 72);
  } finally {
    await h.close();
  }
});

test("an adjustment below what is reserved is refused", async () => {
  const h = await start();
  try {
    const item = await createItem(h, "DOWEL-12", "Dowel 12mm", 5);
    await h.request("POST", `/items/${item.id}/reservations`, { quantity: 4, orderRef: "SO-89" });
    const res = await h.request("POST", `/items/${item.id}/adjustments`, { delta: -2 });
    assert.equal(res.status, 409);
    const after = await h.request("GET", `/items/${item.id}`);
    assert.equal(after.body.onHand, 5);
  } finally {
    await h.close();
  }
});
