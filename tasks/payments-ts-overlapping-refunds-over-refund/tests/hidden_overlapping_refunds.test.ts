import assert from "node:assert/strict";
import { test } from "node:test";
import { PaymentsError } from "../src/errors";
import type { ChargeRequest, Gateway, GatewayResult, RefundRequest } from "../src/gateway";
import { SandboxGateway } from "../src/gateway";
import { createRefund } from "../src/services/refunds";
import type { Harness } from "./helpers";
import { ACME, createPayment, start } from "./helpers";

/**
 * A processor that holds every refund until `release()`, the way a slow processor keeps requests
 * in flight long enough for the next ones to arrive.
 */
class HeldGateway implements Gateway {
  private readonly sandbox = new SandboxGateway();
  readonly refunds: RefundRequest[] = [];
  private readonly held: Array<() => void> = [];
  private open = false;

  charge(request: ChargeRequest): Promise<GatewayResult> {
    return this.sandbox.charge(request);
  }

  refund(request: RefundRequest): Promise<GatewayResult> {
    this.refunds.push(request);
    const answer: GatewayResult = { ok: true, id: `re_${this.refunds.length}` };
    if (this.open) return Promise.resolve(answer);
    return new Promise((resolve) => {
      this.held.push(() => resolve(answer));
    });
  }

  release(): void {
    this.open = true;
    for (const go of this.held.splice(0)) go();
  }
}

/**
 * Start one refund per amount at once and hold the processor until each has reached it or been
 * answered. A fix that makes the others wait for the first keeps them from arriving: they are let
 * through after a while, which changes how long this takes, never its outcome.
 */
async function overlapping(h: Harness<HeldGateway>, paymentId: number, amounts: string[]): Promise<string[]> {
  let settled = 0;
  const attempts = amounts.map((amount) =>
    createRefund(h.ctx, ACME, paymentId, { amount }).then(
      (refund) => {
        settled += 1;
        return `refunded ${refund.amount_cents}`;
      },
      (err: unknown) => {
        settled += 1;
        return err instanceof PaymentsError ? err.kind : String(err);
      },
    ),
  );
  for (let turn = 0; turn < 400 && h.gateway.refunds.length + settled < amounts.length; turn++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  h.gateway.release();
  return (await Promise.all(attempts)).sort();
}

test("overlapping refunds never give back more than was paid", async () => {
  const h = await start(new HeldGateway());
  try {
    const payment = await createPayment(h, 1000, "ORD-3001");
    const outcomes = await overlapping(h, payment.id, ["6.00", "6.00", "6.00"]);
    assert.deepEqual(outcomes, ["conflict", "conflict", "refunded 600"]);
    assert.deepEqual(h.gateway.refunds, [{ chargeId: "ch_1", amountCents: 600 }]);
    const after = await h.request("GET", `/payments/${payment.id}`);
    assert.equal(after.body.refunded, "6.00");
    assert.equal(after.body.status, "partially_refunded");
  } finally {
    await h.close();
  }
});

test("overlapping refunds that fit go through and the one too many is refused", async () => {
  const h = await start(new HeldGateway());
  try {
    const payment = await createPayment(h, 1000, "ORD-3002");
    const outcomes = await overlapping(h, payment.id, ["3.00", "3.00", "3.00", "3.00"]);
    assert.deepEqual(outcomes, ["conflict", "refunded 300", "refunded 300", "refunded 300"]);
    assert.equal(h.gateway.refunds.length, 3);
    const rows = await h.db.all<{ amount_cents: number }>(
      "SELECT amount_cents FROM refunds WHERE payment_id = ? AND status = 'succeeded'",
      [payment.id],
    );
    assert.equal(rows.length, 3);
    const after = await h.request("GET", `/payments/${payment.id}`);
    assert.equal(after.body.refunded, "9.00");
  } finally {
    await h.close();
  }
});

test("a declined refund frees its amount for the next one", async () => {
  const h = await start();
  try {
    const payment = await createPayment(h, 1000, "ORD-3003");
    h.gateway.declineRefunds = true;
    const declined = await h.request("POST", `/payments/${payment.id}/refunds`, { amount: "10.00" });
    assert.equal(declined.body.status, "failed");
    h.gateway.declineRefunds = false;
    const again = await h.request("POST", `/payments/${payment.id}/refunds`, { amount: "10.00" });
    assert.equal(again.status, 201);
    assert.equal(again.body.status, "succeeded");
    const over = await h.request("POST", `/payments/${payment.id}/refunds`, { amount: "0.25" });
    assert.equal(over.status, 409);
  } finally {
    await h.close();
  }
});

test("refunds one after another still stop at the amount paid", async () => {
  const h = await start(new HeldGateway());
  try {
    h.gateway.release();
    const payment = await createPayment(h, 1000, "ORD-3004");
    const first = await createRefund(h.ctx, ACME, payment.id, { amount: "7.50" });
    assert.equal(first.status, "succeeded");
    await assert.rejects(createRefund(h.ctx, ACME, payment.id, { amount: "2.75" }), (err: unknown) => {
      return err instanceof PaymentsError && err.kind === "conflict";
    });
    const last = await createRefund(h.ctx, ACME, payment.id, { amount: "2.50" });
    assert.equal(last.status, "succeeded");
    assert.equal(h.gateway.refunds.length, 2);
  } finally {
    await h.close();
  }
});
