import assert from "node:assert/strict";
import { test } from "node:test";
import type { Harness } from "./helpers";
import { createPayment, GLOBEX_KEY, start } from "./helpers";

/** An acme payment whose refund of 12.50 the issuer declined. */
async function declinedRefund(h: Harness): Promise<{ paymentId: number; refundId: number }> {
  const payment = await createPayment(h, 2550, "ORD-1");
  h.gateway.declineRefunds = true;
  const res = await h.request("POST", `/payments/${payment.id}/refunds`, { amount: "12.50", reason: "late" });
  h.gateway.declineRefunds = false;
  assert.equal(res.body.status, "failed");
  return { paymentId: payment.id, refundId: res.body.id };
}

test("another merchant cannot retry a refund and nothing is sent", async () => {
  const h = await start();
  try {
    const { paymentId, refundId } = await declinedRefund(h);
    const res = await h.request("POST", `/refunds/${refundId}/retry`, undefined, GLOBEX_KEY);
    assert.equal(res.status, 404);
    assert.equal(res.body.error, "not_found");
    assert.equal(h.gateway.refunds.length, 1);
    const refund = await h.request("GET", `/refunds/${refundId}`);
    assert.equal(refund.body.status, "failed");
    const payment = await h.request("GET", `/payments/${paymentId}`);
    assert.equal(payment.body.refunded, "0.00");
  } finally {
    await h.close();
  }
});

test("a foreign retry looks like the retry of a missing refund", async () => {
  const h = await start();
  try {
    const { refundId } = await declinedRefund(h);
    const foreign = await h.request("POST", `/refunds/${refundId}/retry`, undefined, GLOBEX_KEY);
    const missing = await h.request("POST", "/refunds/9999/retry", undefined, GLOBEX_KEY);
    assert.equal(foreign.status, missing.status);
    assert.equal(foreign.body.error, missing.body.error);
  } finally {
    await h.close();
  }
});

test("a foreign retry of a refund that went through is not found either", async () => {
  const h = await start();
  try {
    const payment = await createPayment(h, 2550, "ORD-2");
    const done = await h.request("POST", `/payments/${payment.id}/refunds`, { amount: "2.50" });
    assert.equal(done.body.status, "succeeded");
    const res = await h.request("POST", `/refunds/${done.body.id}/retry`, undefined, GLOBEX_KEY);
    assert.equal(res.status, 404);
    assert.equal(res.body.error, "not_found");
  } finally {
    await h.close();
  }
});

test("a merchant still retries its own declined refund", async () => {
  const h = await start();
  try {
    const { paymentId, refundId } = await declinedRefund(h);
    const res = await h.request("POST", `/refunds/${refundId}/retry`);
    assert.equal(res.status, 200);
    assert.equal(res.body.status, "succeeded");
    assert.equal(res.body.amount, "12.50");
    const payment = await h.request("GET", `/payments/${paymentId}`);
    assert.equal(payment.body.refunded, "12.50");
  } finally {
    await h.close();
  }
});

test("another merchant cannot read a refund", async () => {
  const h = await start();
  try {
    const { refundId } = await declinedRefund(h);
    const res = await h.request("GET", `/refunds/${refundId}`, undefined, GLOBEX_KEY);
    assert.equal(res.status, 404);
  } finally {
    await h.close();
  }
});
