import express from "express";
import type { Request, Response } from "express";
import { requireToken } from "./auth";
import type { Database } from "./db";
import { errorHandler } from "./errors";
import { itemsRouter } from "./routes/items";

export function createApp(db: Database): express.Express {
  const app = express();
  app.use(express.json());
  app.get("/health", (_req: Request, res: Response) => {
    res.json({ status: "ok" });
  });
  app.use("/items", requireToken(db), itemsRouter(db));
  app.use(errorHandler);
  return app;
}
