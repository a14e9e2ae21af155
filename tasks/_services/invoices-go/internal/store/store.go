// Package store keeps the tenants' invoices and customers in SQLite (schema: internal/migrate).
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/mattn/go-sqlite3"

	"invoices/internal/money"
)

var (
	// ErrNotFound: no invoice with that id for the tenant.
	ErrNotFound = errors.New("not found")
	// ErrDuplicateNumber: the tenant already has an invoice with that number.
	ErrDuplicateNumber = errors.New("duplicate invoice number")
)

// Invoice statuses.
const (
	StatusOpen = "open"
	StatusPaid = "paid"
)

// Invoice is one tenant's invoice. Customer is "" for a walk-in sale.
type Invoice struct {
	ID       int64
	Tenant   string
	Number   string
	Customer string
	Total    money.Cents
	Status   string
}

// Filter narrows a listing; zero fields do not filter.
type Filter struct {
	Status string
	IDs    []int64
}

// Store is the SQLite store, safe for concurrent use.
type Store struct {
	db *sql.DB
}

// New wraps an open database that is at the latest schema version.
func New(db *sql.DB) *Store { return &Store{db: db} }

const selectInvoices = `SELECT i.id, i.tenant, i.number, COALESCE(c.name, ''), i.total_cents, i.status
	FROM invoices i LEFT JOIN customers c ON c.id = i.customer_id`

// Create records the invoice, and its customer the first time the tenant names them.
func (s *Store) Create(ctx context.Context, inv Invoice) (Invoice, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return Invoice{}, err
	}
	defer tx.Rollback()
	var customerID sql.NullInt64
	if inv.Customer != "" {
		if _, err := tx.ExecContext(ctx, "INSERT OR IGNORE INTO customers (tenant, name) VALUES (?, ?)", inv.Tenant, inv.Customer); err != nil {
			return Invoice{}, err
		}
		if err := tx.QueryRowContext(ctx, "SELECT id FROM customers WHERE tenant = ? AND name = ?", inv.Tenant, inv.Customer).Scan(&customerID); err != nil {
			return Invoice{}, err
		}
	}
	result, err := tx.ExecContext(ctx,
		"INSERT INTO invoices (tenant, number, customer_id, total_cents, status) VALUES (?, ?, ?, ?, ?)",
		inv.Tenant, inv.Number, customerID, int64(inv.Total), StatusOpen)
	var sqliteErr sqlite3.Error
	if errors.As(err, &sqliteErr) && sqliteErr.ExtendedCode == sqlite3.ErrConstraintUnique {
		return Invoice{}, fmt.Errorf("invoice %s: %w", inv.Number, ErrDuplicateNumber)
	}
	if err != nil {
		return Invoice{}, err
	}
	if inv.ID, err = result.LastInsertId(); err != nil {
		return Invoice{}, err
	}
	if err := tx.Commit(); err != nil {
		return Invoice{}, err
	}
	inv.Status = StatusOpen
	return inv, nil
}

// Get returns the tenant's invoice.
func (s *Store) Get(ctx context.Context, tenant string, id int64) (Invoice, error) {
	row := s.db.QueryRowContext(ctx, selectInvoices+" WHERE i.tenant = ? AND i.id = ?", tenant, id)
	inv, err := scan(row)
	if errors.Is(err, sql.ErrNoRows) {
		return Invoice{}, fmt.Errorf("invoice %d: %w", id, ErrNotFound)
	}
	return inv, err
}

// List returns the tenant's invoices that match the filter, oldest first.
func (s *Store) List(ctx context.Context, tenant string, f Filter) ([]Invoice, error) {
	where, args := []string{"i.tenant = ?"}, []any{tenant}
	if f.Status != "" {
		where, args = append(where, "i.status = ?"), append(args, f.Status)
	}
	if len(f.IDs) > 0 {
		marks := strings.TrimSuffix(strings.Repeat("?, ", len(f.IDs)), ", ")
		where = append(where, "i.id IN ("+marks+")")
		for _, id := range f.IDs {
			args = append(args, id)
		}
	}
	rows, err := s.db.QueryContext(ctx, selectInvoices+" WHERE "+strings.Join(where, " AND ")+" ORDER BY i.id", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	invoices := []Invoice{}
	for rows.Next() {
		inv, err := scan(rows)
		if err != nil {
			return nil, err
		}
		invoices = append(invoices, inv)
	}
	return invoices, rows.Err()
}

// MarkPaid sets the tenant's invoice to paid (paying it twice changes nothing).
func (s *Store) MarkPaid(ctx context.Context, tenant string, id int64) (Invoice, error) {
	result, err := s.db.ExecContext(ctx, "UPDATE invoices SET status = ? WHERE tenant = ? AND id = ?", StatusPaid, tenant, id)
	if err != nil {
		return Invoice{}, err
	}
	if n, err := result.RowsAffected(); err != nil {
		return Invoice{}, err
	} else if n == 0 {
		return Invoice{}, fmt.Errorf("invoice %d: %w", id, ErrNotFound)
	}
	return s.Get(ctx, tenant, id)
}

type scanner interface{ Scan(dest ...any) error }

func scan(row scanner) (Invoice, error) {
	var inv Invoice
	var total int64
	if err := row.Scan(&inv.ID, &inv.Tenant, &inv.Number, &inv.Customer, &total, &inv.Status); err != nil {
		return Invoice{}, err
	}
	inv.Total = money.Cents(total)
	return inv, nil
}
