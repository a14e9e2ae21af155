package tests

import (
	"net/http"
	"testing"
)

func TestOpenAndReadAccount(t *testing.T) {
	c := newClient(t)
	a := c.open(acme, "Operating", "")
	if a.Balance != "0.00" || a.Name != "Operating" {
		t.Fatalf("opened %+v", a)
	}
	if got := c.balance(acme, a.ID); got != "0.00" {
		t.Fatalf("balance %s", got)
	}
}

func TestRequiresAToken(t *testing.T) {
	c := newClient(t)
	if status := c.do("GET", "/accounts/1", "", nil, nil, nil); status != http.StatusUnauthorized {
		t.Fatalf("status %d", status)
	}
	if status := c.do("GET", "/accounts/1", "tok-nobody", nil, nil, nil); status != http.StatusUnauthorized {
		t.Fatalf("status %d", status)
	}
}

func TestDepositAddsToTheBalance(t *testing.T) {
	c := newClient(t)
	a := c.open(acme, "Operating", "25.00")
	var after account
	status := c.do("POST", "/accounts/"+itoa(a.ID)+"/deposits", acme, map[string]string{"amount": "10.25"}, nil, &after)
	if status != http.StatusCreated || after.Balance != "35.25" {
		t.Fatalf("status %d, account %+v", status, after)
	}
}

func TestRejectsAnInvalidAmount(t *testing.T) {
	c := newClient(t)
	a := c.open(acme, "Operating", "")
	for _, amount := range []string{"", "abc", "1.234", "-5.00", "0"} {
		status := c.do("POST", "/accounts/"+itoa(a.ID)+"/deposits", acme, map[string]string{"amount": amount}, nil, nil)
		if status != http.StatusUnprocessableEntity {
			t.Errorf("amount %q: status %d", amount, status)
		}
	}
}

func TestTransferMovesMoney(t *testing.T) {
	c := newClient(t)
	from := c.open(acme, "Operating", "100.00")
	to := c.open(acme, "Payroll", "")
	var tr transfer
	body := map[string]any{"from": from.ID, "to": to.ID, "amount": "40.00"}
	if status := c.do("POST", "/transfers", acme, body, nil, &tr); status != http.StatusCreated {
		t.Fatalf("status %d", status)
	}
	if tr.Amount != "40.00" || c.balance(acme, from.ID) != "60.00" || c.balance(acme, to.ID) != "40.00" {
		t.Fatalf("transfer %+v, balances %s / %s", tr, c.balance(acme, from.ID), c.balance(acme, to.ID))
	}
}

func TestTransferBeyondTheBalanceIsRefused(t *testing.T) {
	c := newClient(t)
	from := c.open(acme, "Operating", "10.00")
	to := c.open(acme, "Payroll", "")
	body := map[string]any{"from": from.ID, "to": to.ID, "amount": "10.01"}
	if status := c.do("POST", "/transfers", acme, body, nil, nil); status != http.StatusConflict {
		t.Fatalf("status %d", status)
	}
	if c.balance(acme, from.ID) != "10.00" || c.balance(acme, to.ID) != "0.00" {
		t.Fatal("a refused transfer moved money")
	}
}

func TestAnotherTenantsAccountIsNotFound(t *testing.T) {
	c := newClient(t)
	theirs := c.open(globex, "Globex operating", "50.00")
	if status := c.do("GET", "/accounts/"+itoa(theirs.ID), acme, nil, nil, nil); status != http.StatusNotFound {
		t.Fatalf("status %d", status)
	}
	mine := c.open(acme, "Operating", "")
	body := map[string]any{"from": theirs.ID, "to": mine.ID, "amount": "5.00"}
	if status := c.do("POST", "/transfers", acme, body, nil, nil); status != http.StatusNotFound {
		t.Fatalf("transfer out of another tenant's account: status %d", status)
	}
}

func TestStatementListsDepositsAndTransfers(t *testing.T) {
	c := newClient(t)
	from := c.open(acme, "Operating", "30.00")
	to := c.open(acme, "Payroll", "")
	body := map[string]any{"from": from.ID, "to": to.ID, "amount": "12.00"}
	if status := c.do("POST", "/transfers", acme, body, nil, nil); status != http.StatusCreated {
		t.Fatalf("status %d", status)
	}
	var entries []entry
	if status := c.do("GET", "/accounts/"+itoa(from.ID)+"/entries", acme, nil, nil, &entries); status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	if len(entries) != 2 || entries[0].Kind != "deposit" || entries[1].Kind != "transfer_out" || entries[1].Amount != "-12.00" {
		t.Fatalf("entries %+v", entries)
	}
}
