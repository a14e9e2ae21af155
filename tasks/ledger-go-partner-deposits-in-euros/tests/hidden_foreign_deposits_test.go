package tests

import (
	"net/http"
	"testing"
)

func TestADepositInEurosIsNotGuessedIntoDollars(t *testing.T) {
	c := newClient(t)
	a := c.open(acme, "Operating", "5.00")
	status := c.do("POST", "/accounts/"+itoa(a.ID)+"/deposits", acme, map[string]string{"amount": "EUR 100.00"}, nil, nil)
	if status != http.StatusUnprocessableEntity {
		t.Fatalf("a deposit of EUR 100.00 was answered %d; the ledger has no EUR rate to book it with", status)
	}
	if got := c.balance(acme, a.ID); got != "5.00" {
		t.Fatalf("balance %s after a refused EUR deposit, want 5.00", got)
	}
}

func TestDepositsInOurCurrencyAreUnchanged(t *testing.T) {
	c := newClient(t)
	a := c.open(acme, "Operating", "")
	var after account
	if status := c.do("POST", "/accounts/"+itoa(a.ID)+"/deposits", acme, map[string]string{"amount": "12.50"}, nil, &after); status != http.StatusCreated || after.Balance != "12.50" {
		t.Fatalf("status %d, account %+v", status, after)
	}
	if status := c.do("POST", "/accounts/"+itoa(a.ID)+"/deposits", acme, map[string]string{"amount": "abc"}, nil, nil); status != http.StatusUnprocessableEntity {
		t.Fatalf("amount abc: status %d", status)
	}
}
