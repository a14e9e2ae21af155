import sqlite3 from "sqlite3";

export interface RunResult {
  changes: number;
  lastID: number;
}

/** A promise face on one sqlite3 connection (the schema comes from `migrations/`). */
export class Database {
  private constructor(private readonly conn: sqlite3.Database) {}

  static async open(filename = ":memory:"): Promise<Database> {
    const conn = await new Promise<sqlite3.Database>((resolve, reject) => {
      const db: sqlite3.Database = new sqlite3.Database(filename, (err) => (err ? reject(err) : resolve(db)));
    });
    return new Database(conn);
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
