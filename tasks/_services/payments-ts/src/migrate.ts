import { Database } from "./db";
import { currentVersion, LATEST, migrate } from "./migrations";

/** `node dist/src/migrate.js [version]`: move PAYMENTS_DB to that schema version (the latest by default). */
async function main(): Promise<void> {
  const db = await Database.open(process.env.PAYMENTS_DB ?? "payments.sqlite3");
  const target = process.argv[2] === undefined ? LATEST : Number(process.argv[2]);
  const passed = await migrate(db, target);
  console.log(passed.length ? `passed through ${passed.join(", ")}` : "nothing to do");
  console.log(`current: ${await currentVersion(db)}`);
  await db.close();
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
