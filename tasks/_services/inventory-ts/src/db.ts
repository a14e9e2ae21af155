import sqlite3 from "sqlite3";

export interface RunResult {
  changes: number;
  lastID: number;
}

/** A promise face on one sqlite3 connection. */
export class Database {
  private constructor(private readonly conn: sqlite3.Database) {}

  static async open(filename = ":memory:"): Promise<Database> {
    const conn = await new Promise<sqlite3.Database>((resolve, reject) => {
      const db: sqlite3.Database = new sqlite3.Database(filename, (err) => (err ? reject(err) : resolve(db)));
    });
    const db = new Database(conn);
    await db.exec(SCHEMA);
    return db;
  }

  run(sql: string, params: unknown[] = []): Promise<RunResult> {
    return new Promise((resolve, reject) => {
      this.conn.run(sql, params, function (err) {
        if (err) reject(err);
        else resolve({ changes: this.changes, lastID: this.lastID });
      });
    });
  }

  get<T>(sql: string, params: unknown[] = []): Promise<T | undefined> {
    return new Promise((resolve, reject) => {
      this.conn.get(sql, params, (err, row) => (err ? reject(err) : resolve(row as T | undefined)));
    });
  }

  all<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return new Promise((resolve, reject) => {
      this.conn.all(sql, params, (err, rows) => (err ? reject(err) : resolve(rows as T[])));
    });
  }

  exec(sql: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.conn.exec(sql, (err) => (err ? reject(err) : resolve()));
    });
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.conn.close((err) => (err ? reject(err) : resolve()));
    });
  }
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS warehouses (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS api_tokens (
  token TEXT PRIMARY KEY,
  warehouse_id INTEGER NOT NULL REFERENCES warehouses(id)
);
CREATE TABLE IF NOT EXISTS items (
  id INTEGER PRIMARY KEY,
  warehouse_id INTEGER NOT NULL REFERENCES warehouses(id),
  sku TEXT NOT NULL,
  name TEXT NOT NULL,
  on_hand INTEGER NOT NULL CHECK (on_hand >= 0),
  reserved INTEGER NOT NULL DEFAULT 0 CHECK (reserved >= 0),
  UNIQUE (warehouse_id, sku)
);
CREATE TABLE IF NOT EXISTS reservations (
  id INTEGER PRIMARY KEY,
  item_id INTEGER NOT NULL REFERENCES items(id),
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  order_ref TEXT NOT NULL
);
`;
