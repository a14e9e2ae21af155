import type { NextFunction, Request, Response } from "express";
import { invalid } from "../errors";
import { parseAmount } from "../lib/money";

type Handler = (req: Request, res: Response) => Promise<void>;

/** Express 4 does not catch rejected promises: hand them to the error handler. */
export function route(handler: Handler) {
  return (req: Request, res: Response, next: NextFunction): void => {
    handler(req, res).catch(next);
  };
}

export function idParam(req: Request): number {
  const id = Number(req.params.id);
  if (!Number.isInteger(id) || id <= 0) {
    throw invalid("id must be a positive integer");
  }
  return id;
}

/** A query parameter given once, or undefined; a repeated one (?a=1&a=2) is refused. */
export function queryText(req: Request, name: string): string | undefined {
  const raw = req.query[name];
  if (raw === undefined) return undefined;
  if (typeof raw !== "string") throw invalid(`${name} must be given once`);
  return raw;
}

/** One of `allowed`, `fallback` when absent; anything else is refused. */
export function queryChoice<T extends string>(req: Request, name: string, allowed: readonly T[], fallback: T): T {
  const raw = queryText(req, name);
  if (raw === undefined) return fallback;
  const found = allowed.find((choice) => choice === raw);
  if (found === undefined) throw invalid(`${name} must be one of ${allowed.join(", ")}`);
  return found;
}

/** A decimal amount in the query ("19.99") as cents. */
export function queryAmount(req: Request, name: string): number | undefined {
  const raw = queryText(req, name);
  if (raw === undefined) return undefined;
  const cents = parseAmount(raw);
  if (cents === undefined) throw invalid(`${name} must be a decimal amount such as "19.99"`);
  return cents;
}

export function limitParam(req: Request, fallback: number, max: number): number {
  const raw = queryText(req, "limit");
  if (raw === undefined) return fallback;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit <= 0 || limit > max) {
    throw invalid(`limit must be between 1 and ${max}`);
  }
  return limit;
}
