package migrate

// 0003: customers get a table of their own (one row per tenant and name); an invoice points to its
// customer, or to none for a walk-in sale. SQLite cannot change a column in place, so the invoices
// table is rebuilt both ways, keeping every invoice's id.
var customers0003 = Migration{
	Version: 3,
	Name:    "customers",
	Up: []string{
		`CREATE TABLE customers (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	tenant TEXT NOT NULL,
	name TEXT NOT NULL,
	UNIQUE (tenant, name)
)`,
		`INSERT INTO customers (tenant, name)
	SELECT DISTINCT tenant, customer FROM invoices WHERE customer <> '' ORDER BY tenant, customer`,
		`CREATE TABLE invoices_v3 (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	tenant TEXT NOT NULL,
	number TEXT NOT NULL,
	customer_id INTEGER REFERENCES customers (id),
	total_cents INTEGER NOT NULL,
	status TEXT NOT NULL DEFAULT 'open',
	UNIQUE (tenant, number)
)`,
		`INSERT INTO invoices_v3 (id, tenant, number, customer_id, total_cents, status)
	SELECT i.id, i.tenant, i.number, c.id, i.total_cents, i.status
	FROM invoices i LEFT JOIN customers c ON c.tenant = i.tenant AND c.name = i.customer`,
		`DROP TABLE invoices`,
		`ALTER TABLE invoices_v3 RENAME TO invoices`,
		`CREATE INDEX invoices_tenant_status ON invoices (tenant, status)`,
		`CREATE INDEX invoices_customer ON invoices (customer_id)`,
	},
	Down: []string{
		`CREATE TABLE invoices_v2 (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	tenant TEXT NOT NULL,
	number TEXT NOT NULL,
	customer TEXT NOT NULL DEFAULT '',
	total_cents INTEGER NOT NULL,
	status TEXT NOT NULL DEFAULT 'open',
	UNIQUE (tenant, number)
)`,
		`INSERT INTO invoices_v2 (id, tenant, number, customer, total_cents, status)
	SELECT i.id, i.tenant, i.number, COALESCE(c.name, ''), i.total_cents, i.status
	FROM invoices i LEFT JOIN customers c ON c.id = i.customer_id`,
		`DROP TABLE invoices`,
		`DROP TABLE customers`,
		`ALTER TABLE invoices_v2 RENAME TO invoices`,
		`CREATE INDEX invoices_tenant_status ON invoices (tenant, status)`,
	},
}
