package tests

import (
	"math"
	"net/http"
	"testing"

	"ledger/internal/money"
)

func statementAmounts(c *client, token string, id int64) []string {
	c.t.Helper()
	var entries []entry
	if status := c.do("GET", "/accounts/"+itoa(id)+"/entries", token, nil, nil, &entries); status != http.StatusOK {
		c.t.Fatalf("statement of %d: status %d", id, status)
	}
	amounts := make([]string, 0, len(entries))
	for _, e := range entries {
		amounts = append(amounts, e.Amount)
	}
	return amounts
}

func TestStatementShowsMoneyOutWithItsCents(t *testing.T) {
	c := newClient(t)
	from := c.open(acme, "Operating", "100.00")
	to := c.open(acme, "Fees", "")
	for _, amount := range []string{"12.50", "0.05", "3.00"} {
		if status := c.do("POST", "/transfers", acme, map[string]any{"from": from.ID, "to": to.ID, "amount": amount}, nil, nil); status != http.StatusCreated {
			t.Fatalf("transfer %s: status %d", amount, status)
		}
	}
	got := statementAmounts(c, acme, from.ID)
	want := []string{"100.00", "-12.50", "-0.05", "-3.00"}
	if len(got) != len(want) {
		t.Fatalf("statement amounts %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("statement amounts %v, want %v", got, want)
		}
	}
}

func TestNegativeCentsFormatWithOneSign(t *testing.T) {
	for cents, want := range map[money.Cents]string{-5: "-0.05", -99: "-0.99", -100: "-1.00", -1250: "-12.50", -123456789: "-1234567.89"} {
		if got := cents.String(); got != want {
			t.Errorf("Cents(%d).String() = %q; want %q", int64(cents), got, want)
		}
	}
}

func TestPositiveCentsStillFormat(t *testing.T) {
	for cents, want := range map[money.Cents]string{0: "0.00", 7: "0.07", 1250: "12.50", math.MaxInt64: "92233720368547758.07"} {
		if got := cents.String(); got != want {
			t.Errorf("Cents(%d).String() = %q; want %q", int64(cents), got, want)
		}
	}
}

func TestMoneyInOnTheStatementIsUnsigned(t *testing.T) {
	c := newClient(t)
	from := c.open(acme, "Operating", "20.00")
	to := c.open(acme, "Fees", "")
	c.do("POST", "/transfers", acme, map[string]any{"from": from.ID, "to": to.ID, "amount": "0.75"}, nil, nil)
	if got := statementAmounts(c, acme, to.ID); len(got) != 1 || got[0] != "0.75" {
		t.Fatalf("destination statement %v, want [0.75]", got)
	}
}
