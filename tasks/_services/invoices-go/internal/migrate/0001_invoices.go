package migrate

// 0001: invoices, numbered per tenant; the customer's name on each invoice ("" for a walk-in sale).
var invoices0001 = Migration{
	Version: 1,
	Name:    "invoices",
	Up: []string{`CREATE TABLE invoices (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	tenant TEXT NOT NULL,
	number TEXT NOT NULL,
	customer TEXT NOT NULL DEFAULT '',
	total_cents INTEGER NOT NULL,
	UNIQUE (tenant, number)
)`},
	Down: []string{`DROP TABLE invoices`},
}
