package migrate

// 0002: an invoice is open until it is paid.
var status0002 = Migration{
	Version: 2,
	Name:    "status",
	Up: []string{
		`ALTER TABLE invoices ADD COLUMN status TEXT NOT NULL DEFAULT 'open'`,
		`CREATE INDEX invoices_tenant_status ON invoices (tenant, status)`,
	},
	Down: []string{
		`DROP INDEX invoices_tenant_status`,
		`ALTER TABLE invoices DROP COLUMN status`,
	},
}
