import { Router } from "express";
import { callerOf } from "../auth";
import type { Order, SortKey } from "../repositories/payments";
import type { Context } from "../services/context";
import * as payments from "../services/payments";
import * as refunds from "../services/refunds";
import { idParam, limitParam, queryAmount, queryChoice, queryText, route } from "./params";

const SORT_KEYS: readonly SortKey[] = ["created", "amount"];
const ORDERS: readonly Order[] = ["asc", "desc"];

export function paymentsRouter(ctx: Context): Router {
  const router = Router();

  router.get(
    "/",
    route(async (req, res) => {
      const found = await payments.listPayments(ctx.db, callerOf(req), {
        reference: queryText(req, "reference"),
        minCents: queryAmount(req, "minAmount"),
        maxCents: queryAmount(req, "maxAmount"),
        sort: queryChoice(req, "sort", SORT_KEYS, "created"),
        order: queryChoice(req, "order", ORDERS, "desc"),
        limit: limitParam(req, payments.DEFAULT_LIMIT, payments.MAX_LIMIT),
      });
      res.json({ payments: found.map(payments.view) });
    }),
  );

  router.post(
    "/",
    route(async (req, res) => {
      const payment = await payments.createPayment(ctx, callerOf(req), req.body ?? {});
      res.status(201).json(payments.view(payment));
    }),
  );

  router.get(
    "/:id",
    route(async (req, res) => {
      const payment = await payments.paymentOf(ctx.db, callerOf(req), idParam(req));
      res.json(payments.view(payment));
    }),
  );

  router.get(
    "/:id/refunds",
    route(async (req, res) => {
      const found = await refunds.listRefunds(ctx.db, callerOf(req), idParam(req));
      res.json({ refunds: found.map(refunds.view) });
    }),
  );

  router.post(
    "/:id/refunds",
    route(async (req, res) => {
      const refund = await refunds.createRefund(ctx, callerOf(req), idParam(req), req.body ?? {});
      res.status(201).json(refunds.view(refund));
    }),
  );

  return router;
}
