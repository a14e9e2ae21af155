import { Router } from "express";
import type { NextFunction, Request, Response } from "express";
import { callerOf } from "../auth";
import type { Database } from "../db";
import { ValidationError } from "../errors";
import * as stock from "../services/stock";

type Handler = (req: Request, res: Response) => Promise<void>;

/** Express 4 does not catch rejected promises: hand them to the error handler. */
function route(handler: Handler) {
  return (req: Request, res: Response, next: NextFunction): void => {
    handler(req, res).catch(next);
  };
}

function idParam(req: Request): number {
  const id = Number(req.params.id);
  if (!Number.isInteger(id) || id <= 0) {
    throw new ValidationError("id must be a positive integer");
  }
  return id;
}

function limitParam(req: Request): number {
  const raw = req.query.limit;
  if (raw === undefined) return stock.DEFAULT_LIMIT;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit <= 0 || limit > stock.MAX_LIMIT) {
    throw new ValidationError(`limit must be between 1 and ${stock.MAX_LIMIT}`);
  }
  return limit;
}

export function itemsRouter(db: Database): Router {
  const router = Router();

  router.get(
    "/",
    route(async (req, res) => {
      const q = typeof req.query.q === "string" ? req.query.q : undefined;
      const found = await stock.searchItems(db, callerOf(req), q, limitParam(req));
      res.json({ items: found.map(stock.view) });
    }),
  );

  router.post(
    "/",
    route(async (req, res) => {
      const item = await stock.createItem(db, callerOf(req), req.body ?? {});
      res.status(201).json(stock.view(item));
    }),
  );

  router.get(
    "/:id",
    route(async (req, res) => {
      const item = await stock.getItem(db, callerOf(req), idParam(req));
      res.json(stock.view(item));
    }),
  );

  router.post(
    "/:id/reservations",
    route(async (req, res) => {
      const item = await stock.reserve(db, callerOf(req), idParam(req), req.body ?? {});
      res.status(201).json(stock.view(item));
    }),
  );

  router.post(
    "/:id/adjustments",
    route(async (req, res) => {
      const item = await stock.adjust(db, callerOf(req), idParam(req), req.body ?? {});
      res.json(stock.view(item));
    }),
  );

  return router;
}
