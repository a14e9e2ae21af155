package tests

import (
	"net/http"
	"net/url"
	"reflect"
	"testing"
)

// twoTenants gives acme two invoices and globex one; it returns acme's first and second, and globex's.
func twoTenants(c *client) (invoice, invoice, invoice) {
	a := c.create(acme, "2024-001", "Brightside Bakery", "10.00")
	b := c.create(acme, "2024-002", "Hollow Oak Farm", "20.00")
	g := c.create(globex, "G-1", "Quarry Lane Tools", "990.00")
	return a, b, g
}

// refusesIDs asks acme's list with the raw ids value and wants a 400 that names the problem.
func refusesIDs(t *testing.T, c *client, ids string) {
	t.Helper()
	status, list := c.list(acme, "ids="+url.QueryEscape(ids))
	for _, inv := range list.Invoices {
		if inv.Number == "G-1" {
			t.Fatalf("ids=%q listed globex's invoice to acme: %v", ids, numbers(list.Invoices))
		}
	}
	if status != http.StatusBadRequest || list.Error == "" {
		t.Fatalf("ids=%q: status %d, error %q, invoices %v; want 400 with an error", ids, status, list.Error, numbers(list.Invoices))
	}
}

func TestIdsThatCloseTheListAreRefused(t *testing.T) {
	c := newClient(t)
	twoTenants(c)
	refusesIDs(t, c, "0) OR (1=1")
}

func TestIdsThatCloseTheListWithoutSpacesAreRefused(t *testing.T) {
	c := newClient(t)
	twoTenants(c)
	refusesIDs(t, c, "0)OR(1=1")
}

func TestIdsThatAreNotNumbersAreRefused(t *testing.T) {
	c := newClient(t)
	a, _, _ := twoTenants(c)
	refusesIDs(t, c, itoa(a.ID)+",x")
	refusesIDs(t, c, itoa(a.ID)+",(SELECT id FROM invoices)")
}

func TestIdsListTheTenantsOwnInvoices(t *testing.T) {
	c := newClient(t)
	a, b, g := twoTenants(c)
	status, list := c.list(acme, "ids="+url.QueryEscape(itoa(b.ID)+", "+itoa(g.ID)+","+itoa(a.ID)))
	if status != http.StatusOK || !reflect.DeepEqual(numbers(list.Invoices), []string{"2024-001", "2024-002"}) {
		t.Fatalf("acme asking for its two invoices and globex's: status %d, %v", status, numbers(list.Invoices))
	}
	status, list = c.list(acme, "status=open&ids="+itoa(b.ID))
	if status != http.StatusOK || !reflect.DeepEqual(numbers(list.Invoices), []string{"2024-002"}) {
		t.Fatalf("status and ids together: status %d, %v", status, numbers(list.Invoices))
	}
}
