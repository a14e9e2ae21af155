import { Router } from "express";
import { callerOf } from "../auth";
import type { Context } from "../services/context";
import * as refunds from "../services/refunds";
import { idParam, route } from "./params";

export function refundsRouter(ctx: Context): Router {
  const router = Router();

  router.get(
    "/:id",
    route(async (req, res) => {
      const refund = await refunds.refundOf(ctx.db, callerOf(req), idParam(req));
      res.json(refunds.view(refund));
    }),
  );

  router.post(
    "/:id/retry",
    route(async (req, res) => {
      const refund = await refunds.retryRefund(ctx, callerOf(req), idParam(req));
      res.json(refunds.view(refund));
    }),
  );

  return router;
}
