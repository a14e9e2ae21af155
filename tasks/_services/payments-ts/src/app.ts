import express from "express";
import type { Request, Response } from "express";
import { requireApiKey } from "./auth";
import { errorHandler } from "./errors";
import { paymentsRouter } from "./routes/payments";
import { refundsRouter } from "./routes/refunds";
import type { Context } from "./services/context";

export function createApp(ctx: Context): express.Express {
  const app = express();
  app.use(express.json());
  app.get("/health", (_req: Request, res: Response) => {
    res.json({ status: "ok" });
  });
  app.use("/payments", requireApiKey(ctx.db), paymentsRouter(ctx));
  app.use("/refunds", requireApiKey(ctx.db), refundsRouter(ctx));
  app.use(errorHandler);
  return app;
}
