import type { Migration } from "./types";

export const initial: Migration = {
  version: 1,
  name: "initial",
  async up(db) {
    await db.exec(`
      CREATE TABLE merchants (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL
      );
      CREATE TABLE api_keys (
        key TEXT PRIMARY KEY,
        merchant_id INTEGER NOT NULL REFERENCES merchants(id)
      );
      CREATE TABLE payments (
        id INTEGER PRIMARY KEY,
        merchant_id INTEGER NOT NULL REFERENCES merchants(id),
        reference TEXT NOT NULL,
        currency TEXT NOT NULL,
        amount REAL NOT NULL,
        charge_id TEXT NOT NULL
      );
      CREATE INDEX payments_merchant ON payments (merchant_id);
    `);
  },
  async down(db) {
    await db.exec("DROP TABLE payments; DROP TABLE api_keys; DROP TABLE merchants;");
  },
};
