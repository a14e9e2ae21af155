import assert from "node:assert/strict";
import { test } from "node:test";
import { Database } from "../src/db";
import { currentVersion, LATEST, migrate } from "../src/migrations";

async function columns(db: Database, table: string): Promise<string[]> {
  const rows = await db.all<{ name: string }>(`SELECT name FROM pragma_table_info('${table}') ORDER BY cid`);
  return rows.map((row) => row.name);
}

test("migrates an empty database to the latest version", async () => {
  const db = await Database.open(":memory:");
  try {
    assert.deepEqual(await migrate(db), [1, 2, 3]);
    assert.equal(await currentVersion(db), LATEST);
    assert.deepEqual(await columns(db, "payments"), [
      "id",
      "merchant_id",
      "reference",
      "currency",
      "charge_id",
      "amount_cents",
    ]);
    assert.deepEqual(await migrate(db), []);
  } finally {
    await db.close();
  }
});

test("upgrades payments kept in currency units to cents", async () => {
  const db = await Database.open(":memory:");
  try {
    await migrate(db, 2);
    await db.exec(`
      INSERT INTO merchants (id, name) VALUES (1, 'acme');
      INSERT INTO payments (merchant_id, reference, currency, amount, charge_id)
        VALUES (1, 'ORD-1', 'EUR', 19.99, 'ch_1'), (1, 'ORD-2', 'EUR', 0.29, 'ch_2'), (1, 'ORD-3', 'USD', 120, 'ch_3');
    `);
    assert.deepEqual(await migrate(db), [3]);
    const rows = await db.all<{ amount_cents: number }>("SELECT amount_cents FROM payments ORDER BY id");
    assert.deepEqual(
      rows.map((row) => row.amount_cents),
      [1999, 29, 12000],
    );
  } finally {
    await db.close();
  }
});

test("refuses a version that does not exist", async () => {
  const db = await Database.open(":memory:");
  try {
    await assert.rejects(migrate(db, LATEST + 1), RangeError);
    assert.equal(await currentVersion(db), 0);
  } finally {
    await db.close();
  }
});
