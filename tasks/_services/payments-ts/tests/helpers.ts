import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { createApp } from "../src/app";
import type { Caller } from "../src/auth";
import { Database } from "../src/db";
import type { Gateway } from "../src/gateway";
import { SandboxGateway } from "../src/gateway";
import { migrate } from "../src/migrations";
import type { Context } from "../src/services/context";

export const ACME_KEY = "sk_test_acme";
export const GLOBEX_KEY = "sk_test_globex";
export const ACME: Caller = { merchantId: 1 };
export const GLOBEX: Caller = { merchantId: 2 };

export interface Harness<G extends Gateway = SandboxGateway> {
  db: Database;
  gateway: G;
  ctx: Context;
  url: string;
  request(method: string, path: string, body?: unknown, key?: string): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

/** Two merchants (acme = 1, globex = 2) in a fresh in-memory database at the latest schema. */
export async function openDatabase(): Promise<Database> {
  const db = await Database.open(":memory:");
  await migrate(db);
  await db.exec(`
    INSERT INTO merchants (id, name) VALUES (1, 'acme'), (2, 'globex');
    INSERT INTO api_keys (key, merchant_id) VALUES ('${ACME_KEY}', 1), ('${GLOBEX_KEY}', 2);
  `);
  return db;
}

/** The app on a free port, over a fresh database and the sandbox gateway (or the one given). */
export async function start<G extends Gateway = SandboxGateway>(gateway?: G): Promise<Harness<G>> {
  const db = await openDatabase();
  const gw = (gateway ?? new SandboxGateway()) as G;
  const ctx: Context = { db, gateway: gw };
  const server: Server = await new Promise((resolve) => {
    const s: Server = createApp(ctx).listen(0, "127.0.0.1", () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    db,
    gateway: gw,
    ctx,
    url,
    async request(method, path, body, key = ACME_KEY) {
      const res = await fetch(url + path, {
        method,
        headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
      await db.close();
    },
  };
}

export async function createPayment(
  h: Harness<Gateway>,
  amountCents: number,
  reference: string,
  key?: string,
): Promise<any> {
  const res = await h.request("POST", "/payments", { amountCents, currency: "EUR", reference }, key);
  if (res.status !== 201) throw new Error(`paying ${reference}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
