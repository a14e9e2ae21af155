import type { NextFunction, Request, Response } from "express";
import type { Database } from "./db";
import { PaymentsError } from "./errors";

export interface Caller {
  merchantId: number;
}

declare module "express-serve-static-core" {
  interface Request {
    caller?: Caller;
  }
}

function unauthorized(): PaymentsError {
  return new PaymentsError("unauthorized", "a valid API key is required");
}

export function requireApiKey(db: Database) {
  return async (req: Request, _res: Response, next: NextFunction): Promise<void> => {
    try {
      const header = req.header("authorization") ?? "";
      const key = header.startsWith("Bearer ") ? header.slice("Bearer ".length) : "";
      const row = key
        ? await db.get<{ merchant_id: number }>("SELECT merchant_id FROM api_keys WHERE key = ?", [key])
        : undefined;
      if (!row) throw unauthorized();
      req.caller = { merchantId: row.merchant_id };
      next();
    } catch (err) {
      next(err);
    }
  };
}

export function callerOf(req: Request): Caller {
  if (!req.caller) throw unauthorized();
  return req.caller;
}
