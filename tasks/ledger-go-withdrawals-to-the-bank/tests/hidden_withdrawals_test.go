package tests

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	"ledger/internal/store"
)

func withdraw(c *client, token string, id int64, amount string) (int, account) {
	c.t.Helper()
	var a account
	status := c.do("POST", "/accounts/"+itoa(id)+"/withdrawals", token, map[string]string{"amount": amount}, nil, &a)
	return status, a
}

func statement(c *client, token string, id int64) []entry {
	c.t.Helper()
	var entries []entry
	if status := c.do("GET", "/accounts/"+itoa(id)+"/entries", token, nil, nil, &entries); status != http.StatusOK {
		c.t.Fatalf("statement of %d: status %d", id, status)
	}
	return entries
}

func TestWithdrawalTakesMoneyOut(t *testing.T) {
	c := newClient(t)
	a := c.open(acme, "Operating", "100.00")
	status, after := withdraw(c, acme, a.ID, "30.00")
	if status != http.StatusCreated {
		t.Fatalf("withdrawing 30.00: status %d, want 201", status)
	}
	if after.ID != a.ID || after.Balance != "70.00" {
		t.Fatalf("answer %+v, want account %d with balance 70.00", after, a.ID)
	}
	if got := c.balance(acme, a.ID); got != "70.00" {
		t.Fatalf("balance %s, want 70.00", got)
	}
}

func TestWithdrawalIsOnTheStatement(t *testing.T) {
	c := newClient(t)
	a := c.open(acme, "Operating", "100.00")
	if status, _ := withdraw(c, acme, a.ID, "12.34"); status != http.StatusCreated {
		t.Fatalf("status %d", status)
	}
	entries := statement(c, acme, a.ID)
	if len(entries) != 2 {
		t.Fatalf("statement %+v, want the deposit and the withdrawal", entries)
	}
	w := entries[1]
	if w.Kind != "withdrawal" || w.Amount != "-12.34" || w.TransferID != 0 {
		t.Fatalf("withdrawal entry %+v, want kind withdrawal, amount -12.34, no transfer", w)
	}
}

func TestWithdrawalOfTheWholeBalance(t *testing.T) {
	c := newClient(t)
	a := c.open(acme, "Operating", "45.10")
	status, after := withdraw(c, acme, a.ID, "45.10")
	if status != http.StatusCreated || after.Balance != "0.00" {
		t.Fatalf("withdrawing the whole balance: status %d, answer %+v", status, after)
	}
}

func TestWithdrawalBeyondTheBalanceIsRefused(t *testing.T) {
	c := newClient(t)
	a := c.open(acme, "Operating", "50.00")
	var body map[string]string
	status := c.do("POST", "/accounts/"+itoa(a.ID)+"/withdrawals", acme, map[string]string{"amount": "50.01"}, nil, &body)
	if status != http.StatusConflict || body["error"] != "insufficient funds" {
		t.Fatalf("withdrawing 50.01 out of 50.00: status %d, body %v; want 409 insufficient funds", status, body)
	}
	if got := c.balance(acme, a.ID); got != "50.00" {
		t.Fatalf("balance %s after a refused withdrawal, want 50.00", got)
	}
	if entries := statement(c, acme, a.ID); len(entries) != 1 {
		t.Fatalf("statement %+v after a refused withdrawal, want the deposit only", entries)
	}
	if status, after := withdraw(c, acme, a.ID, "20.00"); status != http.StatusCreated || after.Balance != "30.00" {
		t.Fatalf("a withdrawal that fits, after the refused one: status %d, answer %+v", status, after)
	}
}

func TestWithdrawalAmountsFollowTheDepositRules(t *testing.T) {
	c := newClient(t)
	a := c.open(acme, "Operating", "100.00")
	for _, amount := range []string{"0", "0.00", "-5.00", "abc", "1.234", "", "5,00"} {
		var body map[string]string
		status := c.do("POST", "/accounts/"+itoa(a.ID)+"/withdrawals", acme, map[string]string{"amount": amount}, nil, &body)
		if status != http.StatusUnprocessableEntity {
			t.Errorf("withdrawing %q: status %d, want 422", amount, status)
		}
		if body["error"] == "" {
			t.Errorf("withdrawing %q: body %v, want an error message", amount, body)
		}
	}
	if got := c.balance(acme, a.ID); got != "100.00" {
		t.Fatalf("balance %s after refused withdrawals, want 100.00", got)
	}
	if status, after := withdraw(c, acme, a.ID, "2.5"); status != http.StatusCreated || after.Balance != "97.50" {
		t.Fatalf("withdrawing 2.5: status %d, answer %+v; want 201 and 97.50", status, after)
	}
}

func TestWithdrawalsAreForTheOwnTenantOnly(t *testing.T) {
	c := newClient(t)
	a := c.open(acme, "Operating", "100.00")
	var foreign, missing map[string]string
	s1 := c.do("POST", "/accounts/"+itoa(a.ID)+"/withdrawals", globex, map[string]string{"amount": "10.00"}, nil, &foreign)
	s2 := c.do("POST", "/accounts/999999/withdrawals", globex, map[string]string{"amount": "10.00"}, nil, &missing)
	if s1 != http.StatusNotFound || s2 != http.StatusNotFound || foreign["error"] != missing["error"] {
		t.Fatalf("another tenant's account: %d %v; a missing one: %d %v; want the same 404", s1, foreign, s2, missing)
	}
	if got := c.balance(acme, a.ID); got != "100.00" {
		t.Fatalf("balance %s after another tenant's withdrawal, want 100.00", got)
	}
	if status, after := withdraw(c, acme, a.ID, "10.00"); status != http.StatusCreated || after.Balance != "90.00" {
		t.Fatalf("the owner's withdrawal: status %d, answer %+v", status, after)
	}
}

// heldReads is a store whose account reads, once armed, are held until `want` of them have been
// read (or a second has passed): the requests then go on with what they read at the same moment,
// as two ledgerd instances' requests do when they land together.
type heldReads struct {
	*store.Memory
	mu      sync.Mutex
	want    int
	arrived int
	open    chan struct{}
}

func newHeldReads() *heldReads {
	return &heldReads{Memory: store.NewMemory()}
}

func (h *heldReads) arm(want int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.want, h.arrived, h.open = want, 0, make(chan struct{})
}

func (h *heldReads) Account(ctx context.Context, id int64) (store.Account, error) {
	a, err := h.Memory.Account(ctx, id)
	h.mu.Lock()
	open := h.open
	if open != nil {
		h.arrived++
		if h.arrived == h.want {
			close(open)
			h.open = nil
		}
	}
	h.mu.Unlock()
	if open != nil {
		select {
		case <-open:
		case <-time.After(time.Second):
		}
	}
	return a, err
}

func withdrawTogether(t *testing.T, amount string) ([2]int, *client, account) {
	s := newHeldReads()
	c1, c2 := newClientOn(t, s), newClientOn(t, s)
	a := c1.open(acme, "Operating", "100.00")
	s.arm(2)
	var statuses [2]int
	var wg sync.WaitGroup
	for i, c := range []*client{c1, c2} {
		wg.Add(1)
		go func(i int, c *client) {
			defer wg.Done()
			statuses[i] = c.do("POST", "/accounts/"+itoa(a.ID)+"/withdrawals", acme, map[string]string{"amount": amount}, nil, nil)
		}(i, c)
	}
	wg.Wait()
	return statuses, c1, a
}

func TestConcurrentWithdrawalsCannotOverdraw(t *testing.T) {
	statuses, c, a := withdrawTogether(t, "80.00")
	if !(statuses == [2]int{http.StatusCreated, http.StatusConflict} || statuses == [2]int{http.StatusConflict, http.StatusCreated}) {
		t.Fatalf("two withdrawals of 80.00 out of 100.00 at once: statuses %v, want one 201 and one 409", statuses)
	}
	if got := c.balance(acme, a.ID); got != "20.00" {
		t.Fatalf("balance %s, want 20.00", got)
	}
	if entries := statement(c, acme, a.ID); len(entries) != 2 {
		t.Fatalf("statement %+v, want the deposit and one withdrawal", entries)
	}
}

func TestConcurrentWithdrawalsThatFitBothApply(t *testing.T) {
	statuses, c, a := withdrawTogether(t, "40.00")
	if statuses != [2]int{http.StatusCreated, http.StatusCreated} {
		t.Fatalf("two withdrawals of 40.00 out of 100.00 at once: statuses %v", statuses)
	}
	if got := c.balance(acme, a.ID); got != "20.00" {
		t.Fatalf("balance %s, want 20.00", got)
	}
}

func TestDepositsAndTransfersAreUnchanged(t *testing.T) {
	c := newClient(t)
	from := c.open(acme, "Operating", "100.00")
	to := c.open(acme, "Payroll", "")
	body := map[string]any{"from": from.ID, "to": to.ID, "amount": "150.00"}
	if status := c.do("POST", "/transfers", acme, body, nil, nil); status != http.StatusConflict {
		t.Fatalf("a transfer beyond the balance: status %d, want 409", status)
	}
	body["amount"] = "60.00"
	if status := c.do("POST", "/transfers", acme, body, nil, nil); status != http.StatusCreated {
		t.Fatalf("a transfer: status %d", status)
	}
	if got := c.balance(acme, from.ID); got != "40.00" {
		t.Fatalf("source balance %s, want 40.00", got)
	}
	kinds := []string{}
	for _, e := range statement(c, acme, from.ID) {
		kinds = append(kinds, e.Kind+" "+e.Amount)
	}
	if len(kinds) != 2 || kinds[0] != "deposit 100.00" || kinds[1] != "transfer_out -60.00" {
		t.Fatalf("statement %v", kinds)
	}
}
