package tests

import (
	"database/sql"
	"fmt"
	"reflect"
	"testing"
)

// seedAtThree records, through the API of a version 3 database, invoices of two customers and a walk-in
// sale for acme (one of them paid) and one for globex, whose customer has the name of one of acme's.
func seedAtThree(t *testing.T) *client {
	t.Helper()
	c := serve(t, openDB(t, 3))
	first := c.create(acme, "2024-001", "Brightside Bakery", "120.00")
	c.create(acme, "2024-002", "", "4.20")
	c.create(acme, "2024-003", "Hollow Oak Farm", "35.10")
	c.create(acme, "2024-004", "Brightside Bakery", "0.99")
	c.create(globex, "G-1", "Hollow Oak Farm", "990.00")
	if status := c.do("POST", "/invoices/"+itoa(first.ID)+"/pay", acme, nil, nil); status != 200 {
		t.Fatalf("paying: status %d", status)
	}
	return c
}

// rowsAtTwo reads the version 2 invoices table: id, tenant, number, customer, total_cents, status.
func rowsAtTwo(t *testing.T, conn *sql.DB) []string {
	t.Helper()
	rows, err := conn.Query("SELECT id, tenant, number, customer, total_cents, status FROM invoices ORDER BY id")
	if err != nil {
		t.Fatalf("reading the version 2 invoices: %v", err)
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var id, total int64
		var tenant, number, customer, status string
		if err := rows.Scan(&id, &tenant, &number, &customer, &total, &status); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%d %s %s %q %d %s", id, tenant, number, customer, total, status))
	}
	return out
}

func everything(c *client) map[string][]invoice {
	c.t.Helper()
	all := map[string][]invoice{}
	for _, token := range []string{acme, globex} {
		status, list := c.list(token, "")
		if status != 200 {
			c.t.Fatalf("listing: status %d", status)
		}
		all[token] = list.Invoices
	}
	return all
}

func TestADowngradeKeepsEveryInvoiceWithItsCustomer(t *testing.T) {
	c := seedAtThree(t)
	migrateTo(t, c.db, 2)
	want := []string{
		`1 acme 2024-001 "Brightside Bakery" 12000 paid`,
		`2 acme 2024-002 "" 420 open`,
		`3 acme 2024-003 "Hollow Oak Farm" 3510 open`,
		`4 acme 2024-004 "Brightside Bakery" 99 open`,
		`5 globex G-1 "Hollow Oak Farm" 99000 open`,
	}
	if got := rowsAtTwo(t, c.db); !reflect.DeepEqual(got, want) {
		t.Fatalf("invoices at version 2:\n%v\nwant\n%v", got, want)
	}
}

func TestDowngradeThenUpgradeGivesBackTheSameInvoices(t *testing.T) {
	c := seedAtThree(t)
	before := everything(c)
	migrateTo(t, c.db, 2)
	migrateTo(t, c.db, 3)
	if after := everything(c); !reflect.DeepEqual(after, before) {
		t.Fatalf("after downgrade + upgrade:\n%v\nbefore:\n%v", after, before)
	}
	var customers int
	if err := c.db.QueryRow("SELECT count(*) FROM customers").Scan(&customers); err != nil || customers != 3 {
		t.Fatalf("%d customer rows after the round trip (%v), want 3", customers, err)
	}
	if inv := c.create(acme, "2024-005", "Hollow Oak Farm", "1.00"); inv.ID != 6 || inv.Customer != "Hollow Oak Farm" {
		t.Fatalf("a new invoice after the round trip: %+v", inv)
	}
}

// shape is what SQLite says of a table: its columns, and its indexes with their columns.
func shape(t *testing.T, conn *sql.DB) []string {
	t.Helper()
	var out []string
	query := func(q string, scan func(*sql.Rows) string) {
		rows, err := conn.Query(q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		defer rows.Close()
		for rows.Next() {
			out = append(out, scan(rows))
		}
	}
	query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name", func(r *sql.Rows) string {
		var name string
		r.Scan(&name)
		return "table " + name
	})
	query("SELECT name, type, \"notnull\", COALESCE(dflt_value, ''), pk FROM pragma_table_info('invoices') ORDER BY cid", func(r *sql.Rows) string {
		var name, typ, dflt string
		var notnull, pk int
		r.Scan(&name, &typ, &notnull, &dflt, &pk)
		return fmt.Sprintf("column %s %s notnull=%d default=%s pk=%d", name, typ, notnull, dflt, pk)
	})
	query(`SELECT l."unique", l.origin, (SELECT group_concat(name) FROM pragma_index_info(l.name)),
		CASE WHEN l.origin = 'c' THEN l.name ELSE '' END
		FROM pragma_index_list('invoices') l ORDER BY 4, 3`, func(r *sql.Rows) string {
		var unique int
		var origin, columns, name string
		r.Scan(&unique, &origin, &columns, &name)
		return fmt.Sprintf("index %s unique=%d origin=%s on %s", name, unique, origin, columns)
	})
	var autoincrement int
	if err := conn.QueryRow("SELECT count(*) FROM sqlite_master WHERE name = 'invoices' AND sql LIKE '%AUTOINCREMENT%'").Scan(&autoincrement); err != nil {
		t.Fatal(err)
	}
	return append(out, fmt.Sprintf("autoincrement=%d", autoincrement))
}

func TestADowngradedDatabaseHasTheSchemaOfVersionTwo(t *testing.T) {
	c := seedAtThree(t)
	migrateTo(t, c.db, 2)
	if got, want := shape(t, c.db), shape(t, openDB(t, 2)); !reflect.DeepEqual(got, want) {
		t.Fatalf("schema after the downgrade:\n%v\na version 2 database's:\n%v", got, want)
	}
	if _, err := c.db.Exec("INSERT INTO invoices (tenant, number, customer, total_cents) VALUES ('acme', '2024-005', 'Hollow Oak Farm', 100)"); err != nil {
		t.Fatalf("the version 2 code recording an invoice after the downgrade: %v", err)
	}
	var id int64
	if err := c.db.QueryRow("SELECT id FROM invoices WHERE number = '2024-005'").Scan(&id); err != nil || id != 6 {
		t.Fatalf("the new invoice's id %d (%v), want 6", id, err)
	}
}
