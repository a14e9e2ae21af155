import type { Caller } from "../auth";
import type { Database } from "../db";
import { conflict, invalid, notFound } from "../errors";
import { formatAmount, parseAmount } from "../lib/money";
import * as refunds from "../repositories/refunds";
import type { Refund, RefundStatus } from "../repositories/refunds";
import type { Context } from "./context";
import { paymentOf } from "./payments";

export interface RefundView {
  id: number;
  paymentId: number;
  amount: string;
  reason: string | null;
  status: RefundStatus;
  declineCode: string | null;
}

export function view(refund: Refund): RefundView {
  return {
    id: refund.id,
    paymentId: refund.payment_id,
    amount: formatAmount(refund.amount_cents),
    reason: refund.reason,
    status: refund.status,
    declineCode: refund.decline_code,
  };
}

/** The caller's refund: a refund of another merchant's payment is reported as not found. */
export async function refundOf(db: Database, caller: Caller, id: number): Promise<Refund> {
  const refund = await refunds.findById(db, id);
  if (!refund || refund.merchant_id !== caller.merchantId) {
    throw notFound("refund", id);
  }
  return refund;
}

function requireAmount(value: unknown): number {
  const cents = typeof value === "string" ? parseAmount(value) : undefined;
  if (cents === undefined || cents <= 0) {
    throw invalid('amount must be a positive decimal string such as "12.50"');
  }
  return cents;
}

function optionalReason(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "string" || value.length > 200) {
    throw invalid("reason must be a string of at most 200 characters");
  }
  return value;
}

/**
 * Refund part or all of a payment (the support dashboard sends decimal amounts). A declined refund
 * is recorded as failed and can be retried.
 */
export async function createRefund(
  ctx: Context,
  caller: Caller,
  paymentId: number,
  input: Record<string, unknown>,
): Promise<Refund> {
  const amountCents = requireAmount(input.amount);
  const reason = optionalReason(input.reason);
  const payment = await paymentOf(ctx.db, caller, paymentId);
  const refundId = await refunds.insertPendingIfRefundable(ctx.db, payment.id, amountCents, reason);
  if (refundId === undefined) {
    const left = payment.amount_cents - (await refunds.committedCents(ctx.db, payment.id));
    throw conflict(`${formatAmount(amountCents)} is more than the ${formatAmount(left)} left to refund`);
  }
  const result = await ctx.gateway.refund({ chargeId: payment.charge_id, amountCents });
  await refunds.settle(ctx.db, refundId, result);
  return refundOf(ctx.db, caller, refundId);
}

/** Send a failed refund to the processor again. */
export async function retryRefund(ctx: Context, caller: Caller, id: number): Promise<Refund> {
  const refund = await refundOf(ctx.db, caller, id);
  if (refund.status !== "failed") {
    throw conflict(`refund ${id} is ${refund.status}: only a failed refund can be retried`);
  }
  if (!(await refunds.rependIfRefundable(ctx.db, refund.id))) {
    throw conflict(`refund ${id} is more than what is left to refund`);
  }
  const result = await ctx.gateway.refund({ chargeId: refund.charge_id, amountCents: refund.amount_cents });
  await refunds.settle(ctx.db, refund.id, result);
  return refundOf(ctx.db, caller, id);
}

export async function listRefunds(db: Database, caller: Caller, paymentId: number): Promise<Refund[]> {
  const payment = await paymentOf(db, caller, paymentId);
  return refunds.listForPayment(db, payment.id);
}
