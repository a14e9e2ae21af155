import type { Database } from "../db";
import type { Gateway } from "../gateway";

/** What the services work with: the database and the card processor. */
export interface Context {
  db: Database;
  gateway: Gateway;
}
