import assert from "node:assert/strict";
import { test } from "node:test";
import { createPayment, start } from "./helpers";

test("a refund of the full amount gives back every cent", async () => {
  const h = await start();
  try {
    const payment = await createPayment(h, 1999, "ORD-5101");
    const res = await h.request("POST", `/payments/${payment.id}/refunds`, { amount: "19.99", reason: "not delivered" });
    assert.equal(res.status, 201);
    assert.equal(res.body.amount, "19.99");
    assert.deepEqual(h.gateway.refunds, [{ chargeId: "ch_1", amountCents: 1999 }]);
    const after = await h.request("GET", `/payments/${payment.id}`);
    assert.equal(after.body.refunded, "19.99");
    assert.equal(after.body.status, "refunded");
  } finally {
    await h.close();
  }
});

test("refund amounts are taken to the cent", async () => {
  const h = await start();
  try {
    const amounts = ["0.29", "0.57", "1.10", "5.5", "8.20", "4.35"];
    const shown: string[] = [];
    for (const [i, amount] of amounts.entries()) {
      const payment = await createPayment(h, 5000, `ORD-${i + 1}`);
      const res = await h.request("POST", `/payments/${payment.id}/refunds`, { amount });
      assert.equal(res.status, 201, amount);
      shown.push(res.body.amount);
    }
    assert.deepEqual(shown, ["0.29", "0.57", "1.10", "5.50", "8.20", "4.35"]);
    assert.deepEqual(
      h.gateway.refunds.map((r) => r.amountCents),
      [29, 57, 110, 550, 820, 435],
    );
  } finally {
    await h.close();
  }
});

test("the payment list filters on decimal amounts to the cent", async () => {
  const h = await start();
  try {
    await createPayment(h, 1999, "ORD-1");
    await createPayment(h, 2000, "ORD-2");
    await createPayment(h, 29, "ORD-3");
    const upTo = await h.request("GET", "/payments?maxAmount=19.99&sort=amount&order=asc");
    assert.equal(upTo.status, 200);
    assert.deepEqual(
      upTo.body.payments.map((p: { reference: string }) => p.reference),
      ["ORD-3", "ORD-1"],
    );
    const exactly = await h.request("GET", "/payments?minAmount=0.29&maxAmount=0.29");
    assert.deepEqual(
      exactly.body.payments.map((p: { reference: string }) => p.reference),
      ["ORD-3"],
    );
  } finally {
    await h.close();
  }
});

test("a refund cannot take more than the payment, cent for cent", async () => {
  const h = await start();
  try {
    const payment = await createPayment(h, 1999, "ORD-7");
    const over = await h.request("POST", `/payments/${payment.id}/refunds`, { amount: "20.00" });
    assert.equal(over.status, 409);
    const first = await h.request("POST", `/payments/${payment.id}/refunds`, { amount: "19.50" });
    assert.equal(first.status, 201);
    const rest = await h.request("POST", `/payments/${payment.id}/refunds`, { amount: "0.50" });
    assert.equal(rest.status, 409);
  } finally {
    await h.close();
  }
});

test("amounts that are not plain decimals are still refused", async () => {
  const h = await start();
  try {
    const payment = await createPayment(h, 5000, "ORD-8");
    for (const amount of ["1.999", "-1.00", "1e3", " 5", "5.", ".5", "0x10"]) {
      const res = await h.request("POST", `/payments/${payment.id}/refunds`, { amount });
      assert.equal(res.status, 422, `amount ${JSON.stringify(amount)}`);
    }
    const filter = await h.request("GET", "/payments?maxAmount=1e3");
    assert.equal(filter.status, 422);
    assert.equal(h.gateway.refunds.length, 0);
  } finally {
    await h.close();
  }
});
