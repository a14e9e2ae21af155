import type { Database } from "../db";

export interface Payment {
  id: number;
  merchant_id: number;
  reference: string;
  currency: string;
  amount_cents: number;
  charge_id: string;
  /** What succeeded refunds gave back. */
  refunded_cents: number;
}

export interface NewPayment {
  reference: string;
  currency: string;
  amountCents: number;
  chargeId: string;
}

export type SortKey = "created" | "amount";
export type Order = "asc" | "desc";

export interface ListQuery {
  reference?: string;
  minCents?: number;
  maxCents?: number;
  sort: SortKey;
  order: Order;
  limit: number;
}

const SORT_COLUMNS: Record<SortKey, string> = { created: "p.id", amount: "p.amount_cents" };
const ORDER_SQL: Record<Order, string> = { asc: "ASC", desc: "DESC" };

const SELECT = `
  SELECT p.id, p.merchant_id, p.reference, p.currency, p.amount_cents, p.charge_id,
    COALESCE((SELECT SUM(r.amount_cents) FROM refunds r WHERE r.payment_id = p.id AND r.status = 'succeeded'), 0)
      AS refunded_cents
  FROM payments p`;

export function findById(db: Database, id: number): Promise<Payment | undefined> {
  return db.get<Payment>(`${SELECT} WHERE p.id = ?`, [id]);
}

export function list(db: Database, merchantId: number, query: ListQuery): Promise<Payment[]> {
  const where = ["p.merchant_id = ?"];
  const params: unknown[] = [merchantId];
  if (query.reference !== undefined) {
    where.push("p.reference = ?");
    params.push(query.reference);
  }
  if (query.minCents !== undefined) {
    where.push("p.amount_cents >= ?");
    params.push(query.minCents);
  }
  if (query.maxCents !== undefined) {
    where.push("p.amount_cents <= ?");
    params.push(query.maxCents);
  }
  const orderBy = `${SORT_COLUMNS[query.sort]} ${ORDER_SQL[query.order]}, p.id ${ORDER_SQL[query.order]}`;
  return db.all<Payment>(`${SELECT} WHERE ${where.join(" AND ")} ORDER BY ${orderBy} LIMIT ?`, [
    ...params,
    query.limit,
  ]);
}

export async function insert(db: Database, merchantId: number, payment: NewPayment): Promise<number> {
  const result = await db.run(
    "INSERT INTO payments (merchant_id, reference, currency, amount_cents, charge_id) VALUES (?, ?, ?, ?, ?)",
    [merchantId, payment.reference, payment.currency, payment.amountCents, payment.chargeId],
  );
  return result.lastID;
}
