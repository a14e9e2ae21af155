import type { NextFunction, Request, Response } from "express";

/** What went wrong, as the API reports it; the error handler maps each kind to its HTTP status. */
export type ErrorKind = "invalid" | "unauthorized" | "not_found" | "conflict" | "declined";

const STATUS: Record<ErrorKind, number> = {
  invalid: 422,
  unauthorized: 401,
  not_found: 404,
  conflict: 409,
  declined: 402,
};

export class PaymentsError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
  ) {
    super(message);
    this.name = "PaymentsError";
  }
}

export function invalid(message: string): PaymentsError {
  return new PaymentsError("invalid", message);
}

export function notFound(what: string, id: string | number): PaymentsError {
  return new PaymentsError("not_found", `${what} ${id} not found`);
}

export function conflict(message: string): PaymentsError {
  return new PaymentsError("conflict", message);
}

export function errorHandler(err: unknown, _req: Request, res: Response, _next: NextFunction): void {
  if (err instanceof PaymentsError) {
    res.status(STATUS[err.kind]).json({ error: err.kind, message: err.message });
    return;
  }
  console.error(err);
  res.status(500).json({ error: "internal", message: "internal error" });
}
