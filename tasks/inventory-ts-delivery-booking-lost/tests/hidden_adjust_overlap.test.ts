import assert from "node:assert/strict";
import { test } from "node:test";
import * as stock from "../src/services/stock";
import type { Database, RunResult } from "../src/db";
import { createItem, start } from "./helpers";

const NORTH = { warehouseId: 1 };

function outcome(p: Promise<unknown>): Promise<string> {
  return p.then(
    () => "ok",
    (err: unknown) => (err instanceof Error ? err.name : "unknown"),
  );
}

const WINDOW_MS = 20;

/**
 * Makes the interleaving of overlapping requests the same on every run. sqlite3 runs the statements
 * queued on one connection on its thread pool in any order, so without this a lost update shows on
 * some runs only. Here every statement runs one at a time, in one queue: a write joins the queue when
 * it is issued; reads issued within WINDOW_MS of each other join it together, run back to back, and
 * are answered together, in the order they were issued (so each caller has read before any of them
 * writes, as when requests overlap).
 */
function interleaveDeterministically(db: Database): void {
  const get = db.get.bind(db);
  const run = db.run.bind(db);
  let queue: Promise<unknown> = Promise.resolve();
  let batch: Array<{ sql: string; params?: unknown[]; settle: (outcome: PromiseSettledResult<unknown>) => void }> =
    [];
  const enqueue = <T>(job: () => Promise<T>): Promise<T> => {
    const done = queue.then(job);
    queue = done.catch(() => undefined);
    return done;
  };
  db.run = (sql: string, params?: unknown[]): Promise<RunResult> => enqueue(() => run(sql, params));
  db.get = <T>(sql: string, params?: unknown[]): Promise<T | undefined> =>
    new Promise<T | undefined>((resolve, reject) => {
      batch.push({
        sql,
        params,
        settle: (outcome) =>
          outcome.status === "fulfilled" ? resolve(outcome.value as T | undefined) : reject(outcome.reason),
      });
      if (batch.length > 1) return;
      setTimeout(() => {
        const reads = batch;
        batch = [];
        void enqueue(async () => {
          const outcomes: PromiseSettledResult<unknown>[] = [];
          for (const read of reads) {
            outcomes.push(
              await get(read.sql, read.params).then(
                (value): PromiseSettledResult<unknown> => ({ status: "fulfilled", value }),
                (reason): PromiseSettledResult<unknown> => ({ status: "rejected", reason }),
              ),
            );
          }
          reads.forEach((read, i) => read.settle(outcomes[i]));
        });
      }, WINDOW_MS);
    });
}

test("overlapping adjustments are all counted", async () => {
  const h = await start();
  try {
    const item = await createItem(h, "DOWEL-8", "Dowel 8mm", 40);
    interleaveDeterministically(h.db);
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
    interleaveDeterministically(h.db);
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
