import type { Migration } from "./types";

export const refunds: Migration = {
  version: 2,
  name: "refunds",
  async up(db) {
    await db.exec(`
      CREATE TABLE refunds (
        id INTEGER PRIMARY KEY,
        payment_id INTEGER NOT NULL REFERENCES payments(id),
        amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
        reason TEXT,
        status TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
        gateway_id TEXT,
        decline_code TEXT
      );
      CREATE INDEX refunds_payment ON refunds (payment_id);
    `);
  },
  async down(db) {
    await db.exec("DROP TABLE refunds;");
  },
};
