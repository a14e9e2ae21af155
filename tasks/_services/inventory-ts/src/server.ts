import { createApp } from "./app";
import { Database } from "./db";

async function main(): Promise<void> {
  const db = await Database.open(process.env.INVENTORY_DB ?? "inventory.sqlite3");
  const port = Number(process.env.PORT ?? 3000);
  createApp(db).listen(port, () => {
    console.log(`inventory listening on :${port}`);
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
