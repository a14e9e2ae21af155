import type { Database } from "../db";
import { initial } from "./001_initial";
import { refunds } from "./002_refunds";
import { paymentAmountCents } from "./003_payment_amount_cents";
import type { Migration } from "./types";

export type { Migration } from "./types";

/** In order; a migration's version is its position (1, 2, ...). */
export const MIGRATIONS: readonly Migration[] = [initial, refunds, paymentAmountCents];
export const LATEST = MIGRATIONS.length;

export async function currentVersion(db: Database): Promise<number> {
  await db.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
  const row = await db.get<{ version: number }>("SELECT version FROM schema_version");
  return row ? row.version : 0;
}

async function setVersion(db: Database, version: number): Promise<void> {
  await db.run("DELETE FROM schema_version");
  await db.run("INSERT INTO schema_version (version) VALUES (?)", [version]);
}

/** One migration step in a transaction of its own: applied whole or not at all. */
async function step(db: Database, migration: Migration, direction: "up" | "down"): Promise<void> {
  await db.exec("BEGIN");
  try {
    if (direction === "up") {
      await migration.up(db);
      await setVersion(db, migration.version);
    } else {
      await migration.down(db);
      await setVersion(db, migration.version - 1);
    }
    await db.exec("COMMIT");
  } catch (err) {
    await db.exec("ROLLBACK");
    throw err;
  }
}

/**
 * Move the database to `target` (the latest by default), upgrading or downgrading one version at a
 * time. Returns the versions passed through, e.g. [3] for an upgrade from 2, [3, 2] for 3 -> 1.
 */
export async function migrate(db: Database, target: number = LATEST): Promise<number[]> {
  if (!Number.isInteger(target) || target < 0 || target > LATEST) {
    throw new RangeError(`schema version must be between 0 and ${LATEST}, not ${target}`);
  }
  const passed: number[] = [];
  let version = await currentVersion(db);
  while (version < target) {
    const migration = MIGRATIONS[version];
    await step(db, migration, "up");
    passed.push(migration.version);
    version = migration.version;
  }
  while (version > target) {
    const migration = MIGRATIONS[version - 1];
    await step(db, migration, "down");
    passed.push(migration.version);
    version = migration.version - 1;
  }
  return passed;
}
