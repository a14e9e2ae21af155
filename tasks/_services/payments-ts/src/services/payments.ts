import type { Caller } from "../auth";
import type { Database } from "../db";
import { invalid, notFound, PaymentsError } from "../errors";
import { formatAmount } from "../lib/money";
import * as payments from "../repositories/payments";
import type { ListQuery, Payment } from "../repositories/payments";
import type { Context } from "./context";

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;
export const CURRENCIES: readonly string[] = ["EUR", "USD", "GBP"];

export type PaymentStatus = "captured" | "partially_refunded" | "refunded";

export interface PaymentView {
  id: number;
  reference: string;
  currency: string;
  amount: string;
  refunded: string;
  status: PaymentStatus;
}

export function statusOf(payment: Payment): PaymentStatus {
  if (payment.refunded_cents === 0) return "captured";
  return payment.refunded_cents >= payment.amount_cents ? "refunded" : "partially_refunded";
}

export function view(payment: Payment): PaymentView {
  return {
    id: payment.id,
    reference: payment.reference,
    currency: payment.currency,
    amount: formatAmount(payment.amount_cents),
    refunded: formatAmount(payment.refunded_cents),
    status: statusOf(payment),
  };
}

/** The caller's payment: another merchant's payment is reported as not found, like a missing one. */
export async function paymentOf(db: Database, caller: Caller, id: number): Promise<Payment> {
  const payment = await payments.findById(db, id);
  if (!payment || payment.merchant_id !== caller.merchantId) {
    throw notFound("payment", id);
  }
  return payment;
}

/** Charge the card and record the payment (checkout sends integer cents). */
export async function createPayment(ctx: Context, caller: Caller, input: Record<string, unknown>): Promise<Payment> {
  const { amountCents, currency, reference } = input;
  if (typeof amountCents !== "number" || !Number.isInteger(amountCents) || amountCents <= 0) {
    throw invalid("amountCents must be a positive integer");
  }
  if (typeof currency !== "string" || !CURRENCIES.includes(currency)) {
    throw invalid(`currency must be one of ${CURRENCIES.join(", ")}`);
  }
  if (typeof reference !== "string" || !/^[A-Za-z0-9-]{1,40}$/.test(reference)) {
    throw invalid("reference must be 1-40 characters of letters, digits and '-'");
  }
  const charge = await ctx.gateway.charge({ amountCents, currency, reference });
  if (!charge.ok) {
    throw new PaymentsError("declined", `the card was declined (${charge.declineCode})`);
  }
  const id = await payments.insert(ctx.db, caller.merchantId, { reference, currency, amountCents, chargeId: charge.id });
  return paymentOf(ctx.db, caller, id);
}

export function listPayments(db: Database, caller: Caller, query: ListQuery): Promise<Payment[]> {
  return payments.list(db, caller.merchantId, query);
}
