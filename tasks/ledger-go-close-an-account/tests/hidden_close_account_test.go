package tests

import (
	"net/http"
	"testing"
)

func closeAccount(c *client, token string, id int64) int {
	c.t.Helper()
	return c.do("DELETE", "/accounts/"+itoa(id), token, nil, nil, nil)
}

// errorOf sends the request and returns its status and the error message of its JSON answer.
func errorOf(c *client, method, path, token string, body any) (int, string) {
	c.t.Helper()
	var answer map[string]string
	status := c.do(method, path, token, body, nil, &answer)
	return status, answer["error"]
}

func TestAnEmptyAccountCanBeClosed(t *testing.T) {
	c := newClient(t)
	a := c.open(acme, "Old savings", "")
	if status := closeAccount(c, acme, a.ID); status != http.StatusNoContent {
		t.Fatalf("closing an empty account: status %d, want 204", status)
	}
	if status, _ := errorOf(c, "GET", "/accounts/"+itoa(a.ID), acme, nil); status != http.StatusNotFound {
		t.Fatalf("reading a closed account: status %d, want 404", status)
	}
}

func TestAnAccountEmptiedByATransferCanBeClosed(t *testing.T) {
	c := newClient(t)
	old := c.open(acme, "Old savings", "80.00")
	main := c.open(acme, "Operating", "")
	body := map[string]any{"from": old.ID, "to": main.ID, "amount": "80.00"}
	if status := c.do("POST", "/transfers", acme, body, nil, nil); status != http.StatusCreated {
		t.Fatalf("moving the money out: status %d", status)
	}
	if status := closeAccount(c, acme, old.ID); status != http.StatusNoContent {
		t.Fatalf("closing an account whose balance is 0.00: status %d, want 204", status)
	}
	if got := c.balance(acme, main.ID); got != "80.00" {
		t.Fatalf("the other account's balance %s, want 80.00", got)
	}
}

func TestAnAccountWithMoneyIsNotClosed(t *testing.T) {
	c := newClient(t)
	a := c.open(acme, "Old savings", "0.01")
	status, message := errorOf(c, "DELETE", "/accounts/"+itoa(a.ID), acme, nil)
	if status != http.StatusConflict || message == "" {
		t.Fatalf("closing an account holding 0.01: status %d, error %q; want 409 with a message", status, message)
	}
	if got := c.balance(acme, a.ID); got != "0.01" {
		t.Fatalf("balance %s after the refused close, want 0.01", got)
	}
	if status := c.do("POST", "/accounts/"+itoa(a.ID)+"/deposits", acme, map[string]string{"amount": "1.00"}, nil, nil); status != http.StatusCreated {
		t.Fatalf("depositing after the refused close: status %d, want 201", status)
	}
}

func TestAClosedAccountTakesNoMoney(t *testing.T) {
	c := newClient(t)
	main := c.open(acme, "Operating", "50.00")
	old := c.open(acme, "Old savings", "")
	if status := closeAccount(c, acme, old.ID); status != http.StatusNoContent {
		t.Fatalf("closing: status %d, want 204", status)
	}
	path := "/accounts/" + itoa(old.ID)
	if status, _ := errorOf(c, "POST", path+"/deposits", acme, map[string]string{"amount": "5.00"}); status != http.StatusNotFound {
		t.Errorf("depositing into a closed account: status %d, want 404", status)
	}
	in := map[string]any{"from": main.ID, "to": old.ID, "amount": "5.00"}
	if status, _ := errorOf(c, "POST", "/transfers", acme, in); status != http.StatusNotFound {
		t.Errorf("a transfer to a closed account: status %d, want 404", status)
	}
	out := map[string]any{"from": old.ID, "to": main.ID, "amount": "5.00"}
	if status, _ := errorOf(c, "POST", "/transfers", acme, out); status != http.StatusNotFound {
		t.Errorf("a transfer from a closed account: status %d, want 404", status)
	}
	if status, _ := errorOf(c, "GET", path+"/entries", acme, nil); status != http.StatusNotFound {
		t.Errorf("the statement of a closed account: status %d, want 404", status)
	}
	if got := c.balance(acme, main.ID); got != "50.00" {
		t.Fatalf("the open account's balance %s, want 50.00", got)
	}
}

func TestAClosedAccountLooksLikeOneThatNeverExisted(t *testing.T) {
	c := newClient(t)
	a := c.open(acme, "Old savings", "")
	if status := closeAccount(c, acme, a.ID); status != http.StatusNoContent {
		t.Fatalf("closing: status %d, want 204", status)
	}
	s1, closed := errorOf(c, "GET", "/accounts/"+itoa(a.ID), acme, nil)
	s2, missing := errorOf(c, "GET", "/accounts/999999", acme, nil)
	if s1 != s2 || closed != missing {
		t.Fatalf("a closed account: %d %q; an id never used: %d %q; want the same answer", s1, closed, s2, missing)
	}
	if status, _ := errorOf(c, "DELETE", "/accounts/"+itoa(a.ID), acme, nil); status != http.StatusNotFound {
		t.Fatalf("closing it again: status %d, want 404", status)
	}
}

func TestAnotherTenantCannotCloseAnAccount(t *testing.T) {
	c := newClient(t)
	a := c.open(acme, "Old savings", "")
	s1, foreign := errorOf(c, "DELETE", "/accounts/"+itoa(a.ID), globex, nil)
	s2, missing := errorOf(c, "DELETE", "/accounts/999999", globex, nil)
	if s1 != http.StatusNotFound || s2 != http.StatusNotFound || foreign != missing {
		t.Fatalf("another tenant's account: %d %q; a missing one: %d %q; want the same 404", s1, foreign, s2, missing)
	}
	if got := c.balance(acme, a.ID); got != "0.00" {
		t.Fatalf("the account after another tenant's attempt: balance %s", got)
	}
	if status := closeAccount(c, acme, a.ID); status != http.StatusNoContent {
		t.Fatalf("the owner closing it: status %d, want 204", status)
	}
}

func TestOtherAccountsAreUntouched(t *testing.T) {
	c := newClient(t)
	keep := c.open(acme, "Operating", "25.00")
	old := c.open(acme, "Old savings", "")
	other := c.open(globex, "Operating", "")
	c.do("DELETE", "/accounts/"+itoa(old.ID), acme, nil, nil, nil)
	if got := c.balance(acme, keep.ID); got != "25.00" {
		t.Fatalf("acme's other account: balance %s, want 25.00", got)
	}
	if got := c.balance(globex, other.ID); got != "0.00" {
		t.Fatalf("globex's account: balance %s, want 0.00", got)
	}
	if status := c.do("POST", "/accounts/"+itoa(keep.ID)+"/deposits", acme, map[string]string{"amount": "5.00"}, nil, nil); status != http.StatusCreated {
		t.Fatalf("depositing into an open account: status %d", status)
	}
}
