import type { Migration } from "./types";

/** payments.amount was a REAL of currency units (19.99); from 3 on it is amount_cents, an INTEGER (1999). */
export const paymentAmountCents: Migration = {
  version: 3,
  name: "payment_amount_cents",
  async up(db) {
    await db.exec(`
      ALTER TABLE payments ADD COLUMN amount_cents INTEGER NOT NULL DEFAULT 0;
      UPDATE payments SET amount_cents = CAST(ROUND(amount * 100) AS INTEGER);
      ALTER TABLE payments DROP COLUMN amount;
    `);
  },
  async down(db) {
    await db.exec(`
      ALTER TABLE payments ADD COLUMN amount REAL NOT NULL DEFAULT 0;
      UPDATE payments SET amount = amount_cents / 100.0;
      ALTER TABLE payments DROP COLUMN amount_cents;
    `);
  },
};
