import type { NextFunction, Request, Response } from "express";

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends AppError {
  constructor(what: string, id: string | number) {
    super(404, "not_found", `${what} ${id} not found`);
  }
}

export class ValidationError extends AppError {
  constructor(message: string) {
    super(422, "invalid", message);
  }
}

export class ConflictError extends AppError {
  constructor(message: string) {
    super(409, "conflict", message);
  }
}

export class UnauthorizedError extends AppError {
  constructor() {
    super(401, "unauthorized", "a valid API token is required");
  }
}

export function errorHandler(err: unknown, _req: Request, res: Response, _next: NextFunction): void {
  if (err instanceof AppError) {
    res.status(err.status).json({ error: err.code, message: err.message });
    return;
  }
  console.error(err);
  res.status(500).json({ error: "internal", message: "internal error" });
}
