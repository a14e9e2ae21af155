package tests

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"invoices/internal/migrate"
)

func TestMigratesAnEmptyDatabaseToTheLatestVersion(t *testing.T) {
	conn := openDB(t, 0)
	steps := migrateTo(t, conn, migrate.Latest())
	want := []string{"applied: 0001_invoices", "applied: 0002_status", "applied: 0003_customers"}
	if !reflect.DeepEqual(steps, want) {
		t.Fatalf("steps %v, want %v", steps, want)
	}
	if again := migrateTo(t, conn, migrate.Latest()); len(again) != 0 {
		t.Fatalf("a second run did %v", again)
	}
	if current, err := migrate.Current(context.Background(), conn); err != nil || current != migrate.Latest() {
		t.Fatalf("current %d, %v", current, err)
	}
}

func TestUpgradingMovesCustomerNamesIntoCustomers(t *testing.T) {
	conn := openDB(t, 2)
	for _, row := range [][]any{
		{"acme", "2023-101", "Brightside Bakery", 1200, "paid"},
		{"acme", "2023-102", "Brightside Bakery", 800, "open"},
		{"acme", "2023-103", "", 350, "open"},
		{"globex", "G-7", "Hollow Oak Farm", 9900, "open"},
	} {
		if _, err := conn.Exec("INSERT INTO invoices (tenant, number, customer, total_cents, status) VALUES (?, ?, ?, ?, ?)", row...); err != nil {
			t.Fatal(err)
		}
	}
	migrateTo(t, conn, 3)
	c := serve(t, conn)
	_, list := c.list(acme, "")
	got := [][2]string{}
	for _, inv := range list.Invoices {
		got = append(got, [2]string{inv.Number, inv.Customer})
	}
	want := [][2]string{{"2023-101", "Brightside Bakery"}, {"2023-102", "Brightside Bakery"}, {"2023-103", ""}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("acme's invoices after the upgrade: %v, want %v", got, want)
	}
	if inv := c.create(acme, "2024-001", "Brightside Bakery", "5.00"); inv.Customer != "Brightside Bakery" {
		t.Fatalf("a new invoice for an existing customer: %+v", inv)
	}
}

func TestDowngradingToTwoDropsTheCustomersTable(t *testing.T) {
	conn := openDB(t, 3)
	steps := migrateTo(t, conn, 2)
	if !reflect.DeepEqual(steps, []string{"reverted: 0003_customers"}) {
		t.Fatalf("steps %v", steps)
	}
	if _, err := conn.Exec("INSERT INTO invoices (tenant, number, customer, total_cents) VALUES ('acme', 'X-1', 'Brightside Bakery', 100)"); err != nil {
		t.Fatalf("a version 2 insert after the downgrade: %v", err)
	}
	var tables int
	if err := conn.QueryRow("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'customers'").Scan(&tables); err != nil || tables != 0 {
		t.Fatalf("customers table still there (%d, %v)", tables, err)
	}
}

func TestRefusesAVersionThatDoesNotExist(t *testing.T) {
	conn := openDB(t, migrate.Latest())
	if _, err := migrate.To(context.Background(), conn, 9); !errors.Is(err, migrate.ErrUnknownVersion) {
		t.Fatalf("version 9: %v", err)
	}
}
