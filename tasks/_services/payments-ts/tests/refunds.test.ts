import assert from "node:assert/strict";
import { test } from "node:test";
import { createPayment, start } from "./helpers";

test("refunds part of a payment", async () => {
  const h = await start();
  try {
    const payment = await createPayment(h, 4250, "ORD-1");
    const res = await h.request("POST", `/payments/${payment.id}/refunds`, { amount: "12.50", reason: "damaged" });
    assert.equal(res.status, 201);
    assert.deepEqual(res.body, {
      id: res.body.id,
      paymentId: payment.id,
      amount: "12.50",
      reason: "damaged",
      status: "succeeded",
      declineCode: null,
    });
    assert.deepEqual(h.gateway.refunds, [{ chargeId: "ch_1", amountCents: 1250 }]);
    const after = await h.request("GET", `/payments/${payment.id}`);
    assert.equal(after.body.refunded, "12.50");
    assert.equal(after.body.status, "partially_refunded");
  } finally {
    await h.close();
  }
});

test("refunds the rest in a second refund", async () => {
  const h = await start();
  try {
    const payment = await createPayment(h, 4250, "ORD-1");
    await h.request("POST", `/payments/${payment.id}/refunds`, { amount: "12.50" });
    const rest = await h.request("POST", `/payments/${payment.id}/refunds`, { amount: "29.75" });
    assert.equal(rest.status, 201);
    const after = await h.request("GET", `/payments/${payment.id}`);
    assert.equal(after.body.refunded, "42.25");
    assert.equal(after.body.status, "partially_refunded");
    const last = await h.request("POST", `/payments/${payment.id}/refunds`, { amount: "0.25" });
    assert.equal(last.status, 201);
    const done = await h.request("GET", `/payments/${payment.id}`);
    assert.equal(done.body.status, "refunded");
    const list = await h.request("GET", `/payments/${payment.id}/refunds`);
    assert.deepEqual(
      list.body.refunds.map((r: { amount: string }) => r.amount),
      ["12.50", "29.75", "0.25"],
    );
  } finally {
    await h.close();
  }
});

test("refuses a refund above what is left", async () => {
  const h = await start();
  try {
    const payment = await createPayment(h, 2550, "ORD-1");
    await h.request("POST", `/payments/${payment.id}/refunds`, { amount: "20.25" });
    const res = await h.request("POST", `/payments/${payment.id}/refunds`, { amount: "5.50" });
    assert.equal(res.status, 409);
    assert.equal(res.body.error, "conflict");
    assert.equal(h.gateway.refunds.length, 1);
  } finally {
    await h.close();
  }
});

test("refuses a malformed refund amount", async () => {
  const h = await start();
  try {
    const payment = await createPayment(h, 2550, "ORD-1");
    for (const amount of ["abc", "-5", "1.234", "", 12]) {
      const res = await h.request("POST", `/payments/${payment.id}/refunds`, { amount });
      assert.equal(res.status, 422, `amount ${JSON.stringify(amount)}`);
    }
    assert.equal(h.gateway.refunds.length, 0);
  } finally {
    await h.close();
  }
});

test("records a declined refund as failed and retries it", async () => {
  const h = await start();
  try {
    const payment = await createPayment(h, 2550, "ORD-1");
    h.gateway.declineRefunds = true;
    const declined = await h.request("POST", `/payments/${payment.id}/refunds`, { amount: "12.50" });
    assert.equal(declined.status, 201);
    assert.equal(declined.body.status, "failed");
    assert.equal(declined.body.declineCode, "issuer_declined");
    const unchanged = await h.request("GET", `/payments/${payment.id}`);
    assert.equal(unchanged.body.refunded, "0.00");
    h.gateway.declineRefunds = false;
    const retried = await h.request("POST", `/refunds/${declined.body.id}/retry`);
    assert.equal(retried.status, 200);
    assert.equal(retried.body.status, "succeeded");
    assert.equal(retried.body.declineCode, null);
    const again = await h.request("POST", `/refunds/${declined.body.id}/retry`);
    assert.equal(again.status, 409);
    assert.equal(h.gateway.refunds.length, 2);
  } finally {
    await h.close();
  }
});

test("reads a refund", async () => {
  const h = await start();
  try {
    const payment = await createPayment(h, 2550, "ORD-1");
    const created = await h.request("POST", `/payments/${payment.id}/refunds`, { amount: "2.50" });
    const res = await h.request("GET", `/refunds/${created.body.id}`);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, created.body);
    const missing = await h.request("GET", "/refunds/999");
    assert.equal(missing.status, 404);
  } finally {
    await h.close();
  }
});
