import { createApp } from "./app";
import { Database } from "./db";
import { SandboxGateway } from "./gateway";
import { migrate } from "./migrations";

async function main(): Promise<void> {
  const db = await Database.open(process.env.PAYMENTS_DB ?? "payments.sqlite3");
  await migrate(db);
  const port = Number(process.env.PORT ?? 3000);
  createApp({ db, gateway: new SandboxGateway() }).listen(port, () => {
    console.log(`payments listening on :${port}`);
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
