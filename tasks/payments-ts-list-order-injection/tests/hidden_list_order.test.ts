import assert from "node:assert/strict";
import { test } from "node:test";
import { createPayment, start } from "./helpers";

// Each would run as part of the ORDER BY clause if `order` went into the SQL text.
const PAYLOADS = [
  "asc, (SELECT CASE WHEN length(key) > 5 THEN 1 ELSE 1 END FROM api_keys WHERE merchant_id = 2)",
  "desc, (SELECT CASE WHEN substr(key, 1, 8) = 'sk_test_' THEN 1 ELSE abs(-9223372036854775808) END FROM api_keys)",
  "desc, p.merchant_id",
  "DESC LIMIT 100 --",
  "asc; DROP TABLE payments",
];

test("an order other than asc or desc is refused like a bad sort", async () => {
  const h = await start();
  try {
    await createPayment(h, 1250, "ORD-1");
    for (const order of ["sideways", ...PAYLOADS]) {
      for (const sort of ["created", "amount"]) {
        const res = await h.request("GET", `/payments?sort=${sort}&order=${encodeURIComponent(order)}`);
        assert.equal(res.status, 422, `sort=${sort} order=${order}`);
        assert.equal(res.body.error, "invalid");
      }
    }
  } finally {
    await h.close();
  }
});

test("the order parameter cannot tell one merchant anything about another's keys", async () => {
  const h = await start();
  try {
    await createPayment(h, 1250, "ORD-1");
    await createPayment(h, 4275, "ORD-2");
    const guess = (prefix: string) =>
      encodeURIComponent(
        `asc, (SELECT CASE WHEN substr(key, 1, ${prefix.length}) = '${prefix}' THEN 1 ` +
          "ELSE abs(-9223372036854775808) END FROM api_keys WHERE merchant_id = 2)",
      );
    const right = await h.request("GET", `/payments?order=${guess("sk_test_g")}`);
    const wrong = await h.request("GET", `/payments?order=${guess("sk_live_x")}`);
    assert.equal(right.status, wrong.status);
    assert.deepEqual(right.body, wrong.body);
    assert.equal(right.status, 422);
  } finally {
    await h.close();
  }
});

test("payments still sort by creation or amount in either order", async () => {
  const h = await start();
  try {
    await createPayment(h, 4275, "ORD-1");
    await createPayment(h, 1250, "ORD-2");
    await createPayment(h, 2550, "ORD-3");
    const refs = async (query: string) => {
      const res = await h.request("GET", `/payments${query}`);
      assert.equal(res.status, 200, query);
      return res.body.payments.map((p: { reference: string }) => p.reference);
    };
    assert.deepEqual(await refs(""), ["ORD-3", "ORD-2", "ORD-1"]);
    assert.deepEqual(await refs("?order=asc"), ["ORD-1", "ORD-2", "ORD-3"]);
    assert.deepEqual(await refs("?order=desc"), ["ORD-3", "ORD-2", "ORD-1"]);
    assert.deepEqual(await refs("?sort=amount&order=asc"), ["ORD-2", "ORD-3", "ORD-1"]);
    assert.deepEqual(await refs("?sort=amount&order=desc"), ["ORD-1", "ORD-3", "ORD-2"]);
    assert.deepEqual(await refs("?sort=amount&order=asc&limit=2&maxAmount=30"), ["ORD-2", "ORD-3"]);
  } finally {
    await h.close();
  }
});

test("the payments table is intact after the refused requests", async () => {
  const h = await start();
  try {
    await createPayment(h, 1250, "ORD-1");
    await h.request("GET", `/payments?order=${encodeURIComponent("asc; DROP TABLE payments")}`);
    const rows = await h.db.all<{ n: number }>("SELECT count(*) AS n FROM payments");
    assert.deepEqual(rows, [{ n: 1 }]);
  } finally {
    await h.close();
  }
});
