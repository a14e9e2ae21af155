import type { NextFunction, Request, Response } from "express";
import type { Database } from "./db";
import { UnauthorizedError } from "./errors";

export interface Caller {
  warehouseId: number;
}

declare module "express-serve-static-core" {
  interface Request {
    caller?: Caller;
  }
}

export function requireToken(db: Database) {
  return async (req: Request, _res: Response, next: NextFunction): Promise<void> => {
    try {
      const header = req.header("authorization") ?? "";
      const token = header.startsWith("Bearer ") ? header.slice("Bearer ".length) : "";
      const row = token
        ? await db.get<{ warehouse_id: number }>("SELECT warehouse_id FROM api_tokens WHERE token = ?", [token])
        : undefined;
      if (!row) throw new UnauthorizedError();
      req.caller = { warehouseId: row.warehouse_id };
      next();
    } catch (err) {
      next(err);
    }
  };
}

export function callerOf(req: Request): Caller {
  if (!req.caller) throw new UnauthorizedError();
  return req.caller;
}
