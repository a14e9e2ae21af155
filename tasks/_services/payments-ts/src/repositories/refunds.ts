import type { Database } from "../db";
import type { GatewayResult } from "../gateway";

export type RefundStatus = "pending" | "succeeded" | "failed";

export interface Refund {
  id: number;
  payment_id: number;
  /** The merchant of the refund's payment. */
  merchant_id: number;
  charge_id: string;
  amount_cents: number;
  reason: string | null;
  status: RefundStatus;
  gateway_id: string | null;
  decline_code: string | null;
}

const SELECT = `
  SELECT r.id, r.payment_id, p.merchant_id, p.charge_id, r.amount_cents, r.reason, r.status, r.gateway_id,
    r.decline_code
  FROM refunds r JOIN payments p ON p.id = r.payment_id`;

/** What is left to refund on a payment once pending and succeeded refunds are counted, as SQL on `p`. */
const LEFT_ON_PAYMENT = `p.amount_cents - (
  SELECT COALESCE(SUM(o.amount_cents), 0) FROM refunds o
  WHERE o.payment_id = p.id AND o.status IN ('pending', 'succeeded'))`;

export function findById(db: Database, id: number): Promise<Refund | undefined> {
  return db.get<Refund>(`${SELECT} WHERE r.id = ?`, [id]);
}

export function listForPayment(db: Database, paymentId: number): Promise<Refund[]> {
  return db.all<Refund>(`${SELECT} WHERE r.payment_id = ? ORDER BY r.id`, [paymentId]);
}

/** Pending and succeeded refunds of a payment: what is no longer available to refund. */
export async function committedCents(db: Database, paymentId: number): Promise<number> {
  const row = await db.get<{ total: number }>(
    "SELECT COALESCE(SUM(amount_cents), 0) AS total FROM refunds WHERE payment_id = ? AND status IN ('pending', 'succeeded')",
    [paymentId],
  );
  return row ? row.total : 0;
}

/**
 * Record a pending refund of `amountCents` if that much is still left to refund on the payment, in
 * one statement; the new refund's id, or undefined when it does not fit.
 */
export async function insertPendingIfRefundable(
  db: Database,
  paymentId: number,
  amountCents: number,
  reason: string | null,
): Promise<number | undefined> {
  const result = await db.run(
    `INSERT INTO refunds (payment_id, amount_cents, reason, status)
     SELECT p.id, ?, ?, 'pending' FROM payments p WHERE p.id = ? AND ${LEFT_ON_PAYMENT} >= ?`,
    [amountCents, reason, paymentId, amountCents],
  );
  return result.changes === 1 ? result.lastID : undefined;
}

/** Turn a failed refund back into a pending one if its amount still fits; false when it does not. */
export async function rependIfRefundable(db: Database, id: number): Promise<boolean> {
  const result = await db.run(
    `UPDATE refunds SET status = 'pending', decline_code = NULL
     WHERE id = ? AND status = 'failed'
       AND amount_cents <= (SELECT ${LEFT_ON_PAYMENT} FROM payments p WHERE p.id = refunds.payment_id)`,
    [id],
  );
  return result.changes === 1;
}

/** Record the processor's answer on a pending refund. */
export async function settle(db: Database, id: number, result: GatewayResult): Promise<void> {
  if (result.ok) {
    await db.run("UPDATE refunds SET status = 'succeeded', gateway_id = ? WHERE id = ?", [result.id, id]);
  } else {
    await db.run("UPDATE refunds SET status = 'failed', decline_code = ? WHERE id = ?", [result.declineCode, id]);
  }
}
