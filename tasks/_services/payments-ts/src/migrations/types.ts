import type { Database } from "../db";

export interface Migration {
  version: number;
  name: string;
  up(db: Database): Promise<void>;
  down(db: Database): Promise<void>;
}
