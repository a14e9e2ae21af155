package tests

import (
	"net/http"
	"testing"

	"ledger/internal/money"
)

func TestTransferOfAnAmountWithOneDecimal(t *testing.T) {
	c := newClient(t)
	from := c.open(acme, "Operating", "100.00")
	to := c.open(acme, "Payroll", "")
	var tr transfer
	body := map[string]any{"from": from.ID, "to": to.ID, "amount": "12.5"}
	if status := c.do("POST", "/transfers", acme, body, nil, &tr); status != http.StatusCreated {
		t.Fatalf("status %d", status)
	}
	if tr.Amount != "12.50" {
		t.Fatalf("transfer amount %s, want 12.50", tr.Amount)
	}
	if got := c.balance(acme, from.ID); got != "87.50" {
		t.Fatalf("source balance %s, want 87.50", got)
	}
	if got := c.balance(acme, to.ID); got != "12.50" {
		t.Fatalf("destination balance %s, want 12.50", got)
	}
}

func TestDepositOfAnAmountWithOneDecimal(t *testing.T) {
	c := newClient(t)
	a := c.open(acme, "Operating", "0.5")
	if a.Balance != "0.50" {
		t.Fatalf("balance after depositing 0.5: %s, want 0.50", a.Balance)
	}
}

func TestParseReadsOneDecimalAsTenths(t *testing.T) {
	for text, want := range map[string]money.Cents{"12.5": 1250, "0.5": 50, "-3.5": -350, "7.0": 700} {
		got, err := money.Parse(text)
		if err != nil || got != want {
			t.Errorf("money.Parse(%q) = %d, %v; want %d", text, got, err, want)
		}
	}
}

func TestTwoDecimalAmountsStayExact(t *testing.T) {
	c := newClient(t)
	a := c.open(acme, "Operating", "")
	for _, amount := range []string{"0.29", "19.99", "1.15", "0.07"} {
		c.do("POST", "/accounts/"+itoa(a.ID)+"/deposits", acme, map[string]string{"amount": amount}, nil, nil)
	}
	if got := c.balance(acme, a.ID); got != "21.50" {
		t.Fatalf("balance after 0.29 + 19.99 + 1.15 + 0.07: %s, want 21.50", got)
	}
	for text, want := range map[string]money.Cents{"0.29": 29, "19.99": 1999, "1.15": 115, "1234567.89": 123456789} {
		if got, err := money.Parse(text); err != nil || got != want {
			t.Errorf("money.Parse(%q) = %d, %v; want %d", text, got, err, want)
		}
	}
}

func TestAmountsWithMoreThanTwoDecimalsAreStillRefused(t *testing.T) {
	for _, text := range []string{"12.505", "0.001", "1.", ".5"} {
		if _, err := money.Parse(text); err == nil {
			t.Errorf("money.Parse(%q) accepted it", text)
		}
	}
}
