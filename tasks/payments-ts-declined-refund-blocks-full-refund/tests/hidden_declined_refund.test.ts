import assert from "node:assert/strict";
import { test } from "node:test";
import type { Harness } from "./helpers";
import { createPayment, start } from "./helpers";

/** A refund of `amount` on the payment that the issuer declines. */
async function declined(h: Harness, paymentId: number, amount: string): Promise<number> {
  h.gateway.declineRefunds = true;
  const res = await h.request("POST", `/payments/${paymentId}/refunds`, { amount });
  h.gateway.declineRefunds = false;
  assert.equal(res.status, 201);
  assert.equal(res.body.status, "failed");
  return res.body.id;
}

test("the whole amount can be refunded after a declined refund of it", async () => {
  const h = await start();
  try {
    const payment = await createPayment(h, 2550, "ORD-4001");
    await declined(h, payment.id, "25.50");
    const res = await h.request("POST", `/payments/${payment.id}/refunds`, { amount: "25.50" });
    assert.equal(res.status, 201);
    assert.equal(res.body.status, "succeeded");
    const after = await h.request("GET", `/payments/${payment.id}`);
    assert.equal(after.body.status, "refunded");
  } finally {
    await h.close();
  }
});

test("a declined refund of the whole amount can be retried", async () => {
  const h = await start();
  try {
    const payment = await createPayment(h, 2550, "ORD-4002");
    const refundId = await declined(h, payment.id, "25.50");
    const res = await h.request("POST", `/refunds/${refundId}/retry`);
    assert.equal(res.status, 200);
    assert.equal(res.body.status, "succeeded");
    assert.deepEqual(
      h.gateway.refunds.map((r) => r.amountCents),
      [2550, 2550],
    );
    const after = await h.request("GET", `/payments/${payment.id}`);
    assert.equal(after.body.refunded, "25.50");
  } finally {
    await h.close();
  }
});

test("several declined refunds leave the whole amount refundable", async () => {
  const h = await start();
  try {
    const payment = await createPayment(h, 2550, "ORD-4003");
    await declined(h, payment.id, "20.25");
    await declined(h, payment.id, "20.25");
    const first = await h.request("POST", `/payments/${payment.id}/refunds`, { amount: "20.25" });
    assert.equal(first.status, 201);
    const rest = await h.request("POST", `/payments/${payment.id}/refunds`, { amount: "5.25" });
    assert.equal(rest.status, 201);
    const over = await h.request("POST", `/payments/${payment.id}/refunds`, { amount: "0.25" });
    assert.equal(over.status, 409);
  } finally {
    await h.close();
  }
});

test("a declined refund cannot be retried once the rest was refunded", async () => {
  const h = await start();
  try {
    const payment = await createPayment(h, 2550, "ORD-4004");
    const refundId = await declined(h, payment.id, "25.50");
    const other = await h.request("POST", `/payments/${payment.id}/refunds`, { amount: "20.25" });
    assert.equal(other.status, 201);
    const retry = await h.request("POST", `/refunds/${refundId}/retry`);
    assert.equal(retry.status, 409);
    assert.equal(retry.body.error, "conflict");
    assert.equal(h.gateway.refunds.length, 2);
    const refund = await h.request("GET", `/refunds/${refundId}`);
    assert.equal(refund.body.status, "failed");
  } finally {
    await h.close();
  }
});

test("a refund still in flight counts against what is left", async () => {
  const h = await start();
  try {
    const payment = await createPayment(h, 2550, "ORD-4005");
    await h.db.run("INSERT INTO refunds (payment_id, amount_cents, reason, status) VALUES (?, 2000, NULL, 'pending')", [
      payment.id,
    ]);
    const over = await h.request("POST", `/payments/${payment.id}/refunds`, { amount: "10.00" });
    assert.equal(over.status, 409);
    const fits = await h.request("POST", `/payments/${payment.id}/refunds`, { amount: "5.50" });
    assert.equal(fits.status, 201);
  } finally {
    await h.close();
  }
});

test("a retried refund is counted once", async () => {
  const h = await start();
  try {
    const payment = await createPayment(h, 2550, "ORD-4006");
    const refundId = await declined(h, payment.id, "12.50");
    const retry = await h.request("POST", `/refunds/${refundId}/retry`);
    assert.equal(retry.body.status, "succeeded");
    const rest = await h.request("POST", `/payments/${payment.id}/refunds`, { amount: "13.00" });
    assert.equal(rest.status, 201);
    const over = await h.request("POST", `/payments/${payment.id}/refunds`, { amount: "0.25" });
    assert.equal(over.status, 409);
  } finally {
    await h.close();
  }
});
