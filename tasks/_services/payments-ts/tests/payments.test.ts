import assert from "node:assert/strict";
import { test } from "node:test";
import { createPayment, GLOBEX_KEY, start } from "./helpers";

test("creates a payment and charges the card", async () => {
  const h = await start();
  try {
    const payment = await createPayment(h, 1999, "ORD-1001");
    assert.deepEqual(payment, {
      id: payment.id,
      reference: "ORD-1001",
      currency: "EUR",
      amount: "19.99",
      refunded: "0.00",
      status: "captured",
    });
    assert.deepEqual(h.gateway.charges, [{ amountCents: 1999, currency: "EUR", reference: "ORD-1001" }]);
    const res = await h.request("GET", `/payments/${payment.id}`);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, payment);
  } finally {
    await h.close();
  }
});

test("rejects a payment without a positive amount in cents", async () => {
  const h = await start();
  try {
    for (const amountCents of [0, -5, 12.5, "1999"]) {
      const res = await h.request("POST", "/payments", { amountCents, currency: "EUR", reference: "ORD-1" });
      assert.equal(res.status, 422, `amountCents ${JSON.stringify(amountCents)}`);
      assert.equal(res.body.error, "invalid");
    }
    assert.equal(h.gateway.charges.length, 0);
  } finally {
    await h.close();
  }
});

test("requires an api key", async () => {
  const h = await start();
  try {
    const res = await h.request("GET", "/payments", undefined, "sk_test_nope");
    assert.equal(res.status, 401);
    assert.equal(res.body.error, "unauthorized");
  } finally {
    await h.close();
  }
});

test("another merchant's payment is not found", async () => {
  const h = await start();
  try {
    const payment = await createPayment(h, 4250, "ORD-7");
    const res = await h.request("GET", `/payments/${payment.id}`, undefined, GLOBEX_KEY);
    assert.equal(res.status, 404);
    assert.equal(res.body.error, "not_found");
  } finally {
    await h.close();
  }
});

test("lists the merchant's payments newest first", async () => {
  const h = await start();
  try {
    await createPayment(h, 1250, "ORD-1");
    await createPayment(h, 4275, "ORD-2");
    await createPayment(h, 999, "ORD-3", GLOBEX_KEY);
    await createPayment(h, 2550, "ORD-4");
    const res = await h.request("GET", "/payments");
    assert.equal(res.status, 200);
    assert.deepEqual(
      res.body.payments.map((p: { reference: string }) => p.reference),
      ["ORD-4", "ORD-2", "ORD-1"],
    );
    const limited = await h.request("GET", "/payments?limit=2");
    assert.equal(limited.body.payments.length, 2);
  } finally {
    await h.close();
  }
});

test("sorts payments by amount either way", async () => {
  const h = await start();
  try {
    await createPayment(h, 1250, "ORD-1");
    await createPayment(h, 4275, "ORD-2");
    await createPayment(h, 2550, "ORD-3");
    const up = await h.request("GET", "/payments?sort=amount&order=asc");
    assert.deepEqual(
      up.body.payments.map((p: { amount: string }) => p.amount),
      ["12.50", "25.50", "42.75"],
    );
    const down = await h.request("GET", "/payments?sort=amount&order=desc");
    assert.deepEqual(
      down.body.payments.map((p: { amount: string }) => p.amount),
      ["42.75", "25.50", "12.50"],
    );
  } finally {
    await h.close();
  }
});

test("filters payments by reference and amount", async () => {
  const h = await start();
  try {
    await createPayment(h, 1250, "ORD-1");
    await createPayment(h, 4275, "ORD-2");
    await createPayment(h, 2550, "ORD-3");
    const one = await h.request("GET", "/payments?reference=ORD-2");
    assert.deepEqual(
      one.body.payments.map((p: { reference: string }) => p.reference),
      ["ORD-2"],
    );
    const middle = await h.request("GET", "/payments?minAmount=20&maxAmount=30.50&sort=amount&order=asc");
    assert.deepEqual(
      middle.body.payments.map((p: { reference: string }) => p.reference),
      ["ORD-3"],
    );
  } finally {
    await h.close();
  }
});

test("refuses an unknown sort or a bad limit", async () => {
  const h = await start();
  try {
    for (const query of ["sort=merchant_id", "sort=amount;", "limit=0", "limit=500", "minAmount=abc"]) {
      const res = await h.request("GET", `/payments?${query}`);
      assert.equal(res.status, 422, query);
      assert.equal(res.body.error, "invalid");
    }
  } finally {
    await h.close();
  }
});
