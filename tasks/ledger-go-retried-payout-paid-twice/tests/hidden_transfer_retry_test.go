package tests

import (
	"net/http"
	"testing"
)

func transferWithKey(c *client, token, key string, from, to int64, amount string) (int, transfer) {
	c.t.Helper()
	var tr transfer
	headers := map[string]string{}
	if key != "" {
		headers["Idempotency-Key"] = key
	}
	body := map[string]any{"from": from, "to": to, "amount": amount}
	status := c.do("POST", "/transfers", token, body, headers, &tr)
	return status, tr
}

func TestRetriedTransferIsAppliedOnce(t *testing.T) {
	c := newClient(t)
	from := c.open(acme, "Operating", "100.00")
	to := c.open(acme, "Payroll", "")
	s1, first := transferWithKey(c, acme, "po-7731", from.ID, to.ID, "30.00")
	s2, retry := transferWithKey(c, acme, "po-7731", from.ID, to.ID, "30.00")
	if s1 != http.StatusCreated || s2 != http.StatusCreated {
		t.Fatalf("statuses %d, %d", s1, s2)
	}
	if retry != first {
		t.Fatalf("the retry answered %+v, the first call %+v", retry, first)
	}
	if got := c.balance(acme, from.ID); got != "70.00" {
		t.Fatalf("source balance %s, want 70.00", got)
	}
	if got := c.balance(acme, to.ID); got != "30.00" {
		t.Fatalf("destination balance %s, want 30.00", got)
	}
	var entries []entry
	c.do("GET", "/accounts/"+itoa(to.ID)+"/entries", acme, nil, nil, &entries)
	if len(entries) != 1 {
		t.Fatalf("destination entries %+v, want one transfer_in", entries)
	}
}

func TestRetryAfterTheBalanceWasSpentStillSucceeds(t *testing.T) {
	c := newClient(t)
	from := c.open(acme, "Operating", "50.00")
	to := c.open(acme, "Payroll", "")
	s1, first := transferWithKey(c, acme, "po-7732", from.ID, to.ID, "50.00")
	s2, retry := transferWithKey(c, acme, "po-7732", from.ID, to.ID, "50.00")
	if s1 != http.StatusCreated || s2 != http.StatusCreated || retry.ID != first.ID {
		t.Fatalf("statuses %d, %d; transfers %+v, %+v", s1, s2, first, retry)
	}
	if got := c.balance(acme, from.ID); got != "0.00" {
		t.Fatalf("source balance %s, want 0.00", got)
	}
}

func TestSameKeyForAnotherTransferIsAConflict(t *testing.T) {
	c := newClient(t)
	from := c.open(acme, "Operating", "100.00")
	to := c.open(acme, "Payroll", "")
	if s, _ := transferWithKey(c, acme, "po-7733", from.ID, to.ID, "10.00"); s != http.StatusCreated {
		t.Fatalf("status %d", s)
	}
	if s, _ := transferWithKey(c, acme, "po-7733", from.ID, to.ID, "20.00"); s != http.StatusConflict {
		t.Fatalf("the key reused for 20.00: status %d, want 409", s)
	}
	if got := c.balance(acme, from.ID); got != "90.00" {
		t.Fatalf("source balance %s, want 90.00", got)
	}
}

func TestTransfersWithDifferentKeysBothApply(t *testing.T) {
	c := newClient(t)
	from := c.open(acme, "Operating", "100.00")
	to := c.open(acme, "Payroll", "")
	s1, first := transferWithKey(c, acme, "po-7734", from.ID, to.ID, "25.00")
	s2, second := transferWithKey(c, acme, "po-7735", from.ID, to.ID, "25.00")
	if s1 != http.StatusCreated || s2 != http.StatusCreated || first.ID == second.ID {
		t.Fatalf("statuses %d, %d; transfers %+v, %+v", s1, s2, first, second)
	}
	if got := c.balance(acme, from.ID); got != "50.00" {
		t.Fatalf("source balance %s, want 50.00", got)
	}
}

func TestTransfersWithoutAKeyAreEachApplied(t *testing.T) {
	c := newClient(t)
	from := c.open(acme, "Operating", "100.00")
	to := c.open(acme, "Payroll", "")
	for i := 0; i < 2; i++ {
		if s, _ := transferWithKey(c, acme, "", from.ID, to.ID, "5.00"); s != http.StatusCreated {
			t.Fatalf("transfer %d: status %d", i, s)
		}
	}
	if got := c.balance(acme, to.ID); got != "10.00" {
		t.Fatalf("destination balance %s, want 10.00", got)
	}
}

func TestIdempotencyKeysBelongToTheirTenant(t *testing.T) {
	c := newClient(t)
	acmeFrom, acmeTo := c.open(acme, "Operating", "100.00"), c.open(acme, "Payroll", "")
	globexFrom, globexTo := c.open(globex, "Operating", "100.00"), c.open(globex, "Payroll", "")
	if s, _ := transferWithKey(c, acme, "batch-1", acmeFrom.ID, acmeTo.ID, "10.00"); s != http.StatusCreated {
		t.Fatalf("acme: status %d", s)
	}
	s, tr := transferWithKey(c, globex, "batch-1", globexFrom.ID, globexTo.ID, "10.00")
	if s != http.StatusCreated || tr.From != globexFrom.ID {
		t.Fatalf("globex with the same key: status %d, transfer %+v", s, tr)
	}
	if got := c.balance(globex, globexTo.ID); got != "10.00" {
		t.Fatalf("globex destination balance %s, want 10.00", got)
	}
}
