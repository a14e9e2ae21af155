import assert from "node:assert/strict";
import { test } from "node:test";
import { Database } from "../src/db";
import { currentVersion, migrate } from "../src/migrations";
import * as payments from "../src/services/payments";
import { ACME } from "./helpers";

const CENTS = [1999, 29, 12000, 5, 57, 100000001];

/** A database at the latest version holding one payment per amount of `CENTS`. */
async function databaseWithPayments(): Promise<Database> {
  const db = await Database.open(":memory:");
  await migrate(db);
  await db.exec("INSERT INTO merchants (id, name) VALUES (1, 'acme')");
  for (const [i, cents] of CENTS.entries()) {
    await db.run(
      "INSERT INTO payments (merchant_id, reference, currency, amount_cents, charge_id) VALUES (1, ?, 'EUR', ?, ?)",
      [`ORD-${i + 1}`, cents, `ch_${i + 1}`],
    );
  }
  await db.run("INSERT INTO refunds (payment_id, amount_cents, reason, status) VALUES (1, 999, 'damaged', 'succeeded')");
  return db;
}

async function columnNames(db: Database, table: string): Promise<string[]> {
  const rows = await db.all<{ name: string }>(`SELECT name FROM pragma_table_info('${table}')`);
  return rows.map((row) => row.name).sort();
}

test("a downgrade keeps every payment's amount to the cent", async () => {
  const db = await databaseWithPayments();
  try {
    assert.deepEqual(await migrate(db, 2), [3]);
    const rows = await db.all<{ amount: number }>("SELECT amount FROM payments ORDER BY id");
    assert.deepEqual(
      rows.map((row) => row.amount),
      [19.99, 0.29, 120, 0.05, 0.57, 1000000.01],
    );
  } finally {
    await db.close();
  }
});

test("downgrade then upgrade gives back the same payments", async () => {
  const db = await databaseWithPayments();
  try {
    await migrate(db, 2);
    await migrate(db);
    const rows = await db.all<{ amount_cents: number }>("SELECT amount_cents FROM payments ORDER BY id");
    assert.deepEqual(
      rows.map((row) => row.amount_cents),
      CENTS,
    );
    const first = await payments.paymentOf(db, ACME, 1);
    assert.deepEqual(payments.view(first), {
      id: 1,
      reference: "ORD-1",
      currency: "EUR",
      amount: "19.99",
      refunded: "9.99",
      status: "partially_refunded",
    });
  } finally {
    await db.close();
  }
});

test("a downgraded database has the tables of version 2", async () => {
  const db = await databaseWithPayments();
  const fresh = await Database.open(":memory:");
  try {
    await migrate(db, 2);
    await migrate(fresh, 2);
    assert.equal(await currentVersion(db), 2);
    for (const table of ["merchants", "api_keys", "payments", "refunds"]) {
      assert.deepEqual(await columnNames(db, table), await columnNames(fresh, table), table);
    }
    const refunds = await db.all<{ amount_cents: number }>("SELECT amount_cents FROM refunds");
    assert.deepEqual(
      refunds.map((row) => row.amount_cents),
      [999],
    );
  } finally {
    await db.close();
    await fresh.close();
  }
});

test("payments written at version 2 come through the upgrade in cents", async () => {
  const db = await Database.open(":memory:");
  try {
    await migrate(db, 2);
    await db.exec(`
      INSERT INTO merchants (id, name) VALUES (1, 'acme');
      INSERT INTO payments (merchant_id, reference, currency, amount, charge_id)
        VALUES (1, 'ORD-1', 'EUR', 0.57, 'ch_1'), (1, 'ORD-2', 'EUR', 1.1, 'ch_2');
    `);
    await migrate(db);
    const rows = await db.all<{ amount_cents: number }>("SELECT amount_cents FROM payments ORDER BY id");
    assert.deepEqual(
      rows.map((row) => row.amount_cents),
      [57, 110],
    );
  } finally {
    await db.close();
  }
});
