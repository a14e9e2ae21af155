package tests

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	"ledger/internal/store"
)

// gatedStore holds every ApplyTransfer until `want` of them have arrived (or a second has passed,
// for code that serializes them some other way): the transfers then reach the store together, as
// two ledger instances' requests do when they land at the same moment.
type gatedStore struct {
	store.Store
	want    int
	mu      sync.Mutex
	arrived int
	open    chan struct{}
}

func newGatedStore(want int) *gatedStore {
	return &gatedStore{Store: store.NewMemory(), want: want, open: make(chan struct{})}
}

func (g *gatedStore) ApplyTransfer(ctx context.Context, t store.Transfer) (store.Transfer, error) {
	g.mu.Lock()
	g.arrived++
	if g.arrived == g.want {
		close(g.open)
	}
	g.mu.Unlock()
	select {
	case <-g.open:
	case <-time.After(time.Second):
	}
	return g.Store.ApplyTransfer(ctx, t)
}

// twoInstances are two ledger servers over one store, as in a deployment with two replicas.
func twoInstances(t *testing.T, s store.Store) (*client, *client) {
	return newClientOn(t, s), newClientOn(t, s)
}

func concurrently(c1, c2 *client, from, to int64, amount string) [2]int {
	var statuses [2]int
	var wg sync.WaitGroup
	for i, c := range []*client{c1, c2} {
		wg.Add(1)
		go func(i int, c *client) {
			defer wg.Done()
			statuses[i] = c.do("POST", "/transfers", acme, map[string]any{"from": from, "to": to, "amount": amount}, nil, nil)
		}(i, c)
	}
	wg.Wait()
	return statuses
}

func TestConcurrentTransfersCannotOverdraw(t *testing.T) {
	c1, c2 := twoInstances(t, newGatedStore(2))
	from := c1.open(acme, "Operating", "100.00")
	to := c1.open(acme, "Suppliers", "")
	statuses := concurrently(c1, c2, from.ID, to.ID, "80.00")
	created, refused := 0, 0
	for _, s := range statuses {
		switch s {
		case http.StatusCreated:
			created++
		case http.StatusConflict:
			refused++
		}
	}
	if created != 1 || refused != 1 {
		t.Fatalf("two transfers of 80.00 out of 100.00 at once: statuses %v, want one 201 and one 409", statuses)
	}
	if got := c1.balance(acme, from.ID); got != "20.00" {
		t.Fatalf("source balance %s, want 20.00", got)
	}
	if got := c2.balance(acme, to.ID); got != "80.00" {
		t.Fatalf("destination balance %s, want 80.00", got)
	}
	var entries []entry
	c1.do("GET", "/accounts/"+itoa(from.ID)+"/entries", acme, nil, nil, &entries)
	if len(entries) != 2 {
		t.Fatalf("source statement %+v, want the deposit and one transfer_out", entries)
	}
}

func TestConcurrentTransfersThatFitBothApply(t *testing.T) {
	c1, c2 := twoInstances(t, newGatedStore(2))
	from := c1.open(acme, "Operating", "100.00")
	to := c1.open(acme, "Suppliers", "")
	if statuses := concurrently(c1, c2, from.ID, to.ID, "40.00"); statuses != [2]int{http.StatusCreated, http.StatusCreated} {
		t.Fatalf("two transfers of 40.00 out of 100.00 at once: statuses %v", statuses)
	}
	if got := c1.balance(acme, from.ID); got != "20.00" {
		t.Fatalf("source balance %s, want 20.00", got)
	}
}
