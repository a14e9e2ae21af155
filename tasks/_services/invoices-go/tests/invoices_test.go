package tests

import (
	"net/http"
	"net/url"
	"reflect"
	"testing"
)

func TestCreateAndReadAnInvoice(t *testing.T) {
	c := newClient(t)
	created := c.create(acme, "2024-001", "Brightside Bakery", "120.50")
	if created.ID == 0 || created.Status != "open" || created.Total != "120.50" {
		t.Fatalf("created %+v", created)
	}
	var read invoice
	if status := c.do("GET", "/invoices/"+itoa(created.ID), acme, nil, &read); status != http.StatusOK {
		t.Fatalf("reading: status %d", status)
	}
	if read != created {
		t.Fatalf("read %+v, created %+v", read, created)
	}
}

func TestRequiresAToken(t *testing.T) {
	c := newClient(t)
	if status, _ := c.list("", ""); status != http.StatusUnauthorized {
		t.Fatalf("no token: status %d, want 401", status)
	}
	if status, _ := c.list("tok-nobody", ""); status != http.StatusUnauthorized {
		t.Fatalf("unknown token: status %d, want 401", status)
	}
}

func TestRejectsABadInvoice(t *testing.T) {
	c := newClient(t)
	for _, body := range []map[string]string{
		{"number": "A-1", "total": "12.345"},
		{"number": "A-1", "total": "-5.00"},
		{"number": "A-1", "total": "0"},
		{"number": "", "total": "5.00"},
	} {
		if status := c.do("POST", "/invoices", acme, body, nil); status != http.StatusBadRequest {
			t.Errorf("%v: status %d, want 400", body, status)
		}
	}
}

func TestAnInvoiceNumberIsUsedOncePerTenant(t *testing.T) {
	c := newClient(t)
	c.create(acme, "2024-001", "Brightside Bakery", "10.00")
	body := map[string]string{"number": "2024-001", "customer": "Other", "total": "5.00"}
	if status := c.do("POST", "/invoices", acme, body, nil); status != http.StatusConflict {
		t.Fatalf("the same number again: status %d, want 409", status)
	}
	c.create(globex, "2024-001", "Brightside Bakery", "10.00") // another tenant's numbering
}

func TestAnotherTenantsInvoiceIsNotFound(t *testing.T) {
	c := newClient(t)
	inv := c.create(acme, "2024-001", "Brightside Bakery", "10.00")
	if status := c.do("GET", "/invoices/"+itoa(inv.ID), globex, nil, nil); status != http.StatusNotFound {
		t.Fatalf("globex reading acme's invoice: status %d, want 404", status)
	}
	if status := c.do("POST", "/invoices/"+itoa(inv.ID)+"/pay", globex, nil, nil); status != http.StatusNotFound {
		t.Fatalf("globex paying acme's invoice: status %d, want 404", status)
	}
	if _, list := c.list(globex, ""); len(list.Invoices) != 0 {
		t.Fatalf("globex's list: %v", numbers(list.Invoices))
	}
}

func TestPayingAnInvoice(t *testing.T) {
	c := newClient(t)
	inv := c.create(acme, "2024-001", "Brightside Bakery", "10.00")
	var paid invoice
	if status := c.do("POST", "/invoices/"+itoa(inv.ID)+"/pay", acme, nil, &paid); status != http.StatusOK || paid.Status != "paid" {
		t.Fatalf("paying: status %d, %+v", status, paid)
	}
}

func TestListsTheTenantsInvoicesByStatus(t *testing.T) {
	c := newClient(t)
	first := c.create(acme, "2024-001", "Brightside Bakery", "10.00")
	c.create(acme, "2024-002", "", "4.20")
	c.create(globex, "G-1", "Brightside Bakery", "99.00")
	c.do("POST", "/invoices/"+itoa(first.ID)+"/pay", acme, nil, nil)
	for query, want := range map[string][]string{
		"":            {"2024-001", "2024-002"},
		"status=open": {"2024-002"},
		"status=paid": {"2024-001"},
	} {
		status, list := c.list(acme, query)
		if status != http.StatusOK || !reflect.DeepEqual(numbers(list.Invoices), want) {
			t.Errorf("%q: status %d, %v; want %v", query, status, numbers(list.Invoices), want)
		}
	}
	if status, _ := c.list(acme, "status=late"); status != http.StatusBadRequest {
		t.Errorf("status=late: status %d, want 400", status)
	}
}

func TestListsTheInvoicesAsked(t *testing.T) {
	c := newClient(t)
	a := c.create(acme, "2024-001", "Brightside Bakery", "10.00")
	c.create(acme, "2024-002", "Brightside Bakery", "20.00")
	b := c.create(acme, "2024-003", "Hollow Oak Farm", "30.00")
	status, list := c.list(acme, "ids="+url.QueryEscape(itoa(b.ID)+","+itoa(a.ID)))
	if status != http.StatusOK || !reflect.DeepEqual(numbers(list.Invoices), []string{"2024-001", "2024-003"}) {
		t.Fatalf("ids: status %d, %v", status, numbers(list.Invoices))
	}
}

func TestInvoicesOfOneCustomerShareTheirRecord(t *testing.T) {
	c := newClient(t)
	c.create(acme, "2024-001", "Brightside Bakery", "10.00")
	c.create(acme, "2024-002", "Brightside Bakery", "20.00")
	c.create(globex, "G-1", "Brightside Bakery", "30.00")
	var customers int
	if err := c.db.QueryRow("SELECT count(*) FROM customers").Scan(&customers); err != nil {
		t.Fatal(err)
	}
	if customers != 2 { // one per tenant
		t.Fatalf("%d customer rows, want 2", customers)
	}
}
