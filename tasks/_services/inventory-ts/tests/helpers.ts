import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { createApp } from "../src/app";
import { Database } from "../src/db";

export const NORTH_TOKEN = "tok-north";
export const SOUTH_TOKEN = "tok-south";

export interface Harness {
  db: Database;
  url: string;
  request(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

/** A fresh in-memory database with two warehouses (north = 1, south = 2) and the app on a free port. */
export async function start(): Promise<Harness> {
  const db = await Database.open(":memory:");
  await db.exec(`
    INSERT INTO warehouses (id, name) VALUES (1, 'north'), (2, 'south');
    INSERT INTO api_tokens (token, warehouse_id) VALUES ('${NORTH_TOKEN}', 1), ('${SOUTH_TOKEN}', 2);
  `);
  const server: Server = await new Promise((resolve) => {
    const s: Server = createApp(db).listen(0, "127.0.0.1", () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    db,
    url,
    async request(method, path, body, token = NORTH_TOKEN) {
      const res = await fetch(url + path, {
        method,
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
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

export async function createItem(h: Harness, sku: string, name: string, onHand: number, token?: string): Promise<any> {
  const res = await h.request("POST", "/items", { sku, name, onHand }, token);
  if (res.status !== 201) throw new Error(`creating ${sku}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
