package tests

import (
	"net/http"
	"testing"
)

func TestATransferMovesEveryCent(t *testing.T) {
	for _, amount := range []string{"0.29", "0.57", "1.15", "4.35"} {
		c := newClient(t)
		from := c.open(acme, "Operating", "10.00")
		to := c.open(acme, "Payroll", "")
		var tr transfer
		status := c.do("POST", "/transfers", acme, map[string]any{"from": from.ID, "to": to.ID, "amount": amount}, nil, &tr)
		if status != http.StatusCreated || tr.Amount != amount {
			t.Fatalf("transfer of %s: status %d, transfer %+v", amount, status, tr)
		}
		if got := c.balance(acme, to.ID); got != amount {
			t.Fatalf("transfer of %s: the receiving account holds %s", amount, got)
		}
	}
}

func TestTransferAmountsFollowTheDepositRules(t *testing.T) {
	c := newClient(t)
	from := c.open(acme, "Operating", "500.00")
	to := c.open(acme, "Payroll", "")
	for _, amount := range []string{"1.234", "1e2", "+5", "0x10", "abc", ""} {
		status := c.do("POST", "/transfers", acme, map[string]any{"from": from.ID, "to": to.ID, "amount": amount}, nil, nil)
		if status != http.StatusUnprocessableEntity {
			t.Errorf("transfer amount %q: status %d, want 422 like a deposit", amount, status)
		}
	}
	if got := c.balance(acme, to.ID); got != "0.00" {
		t.Fatalf("refused transfers moved money: %s", got)
	}
}

func TestWholeAmountTransfersStillMove(t *testing.T) {
	c := newClient(t)
	from := c.open(acme, "Operating", "20.00")
	to := c.open(acme, "Payroll", "")
	var tr transfer
	if status := c.do("POST", "/transfers", acme, map[string]any{"from": from.ID, "to": to.ID, "amount": "7.00"}, nil, &tr); status != http.StatusCreated || tr.Amount != "7.00" {
		t.Fatalf("status %d, transfer %+v", status, tr)
	}
}
