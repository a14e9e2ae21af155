// Package migrate moves the database's schema (and its data) between versions, up or down.
//
// Each migration has an Up and a Down: Down takes a database at that version back to the previous
// one, with its data, as if it had never been upgraded. The current version is kept in
// schema_version (an empty database is at 0). Every step runs in its own transaction.
package migrate

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Migration is one schema version: the statements that reach it from the previous version (Up)
// and the ones that go back (Down).
type Migration struct {
	Version int
	Name    string
	Up      []string
	Down    []string
}

// ErrUnknownVersion: the target version is not one of the migrations' (nor 0).
var ErrUnknownVersion = errors.New("unknown schema version")

// All is every migration, in order.
var All = []Migration{invoices0001, status0002, customers0003}

// Latest is the version the service's code expects.
func Latest() int { return All[len(All)-1].Version }

// Current is the database's version (0 for an empty one).
func Current(ctx context.Context, db *sql.DB) (int, error) {
	if _, err := db.ExecContext(ctx, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"); err != nil {
		return 0, err
	}
	var version int
	err := db.QueryRowContext(ctx, "SELECT version FROM schema_version").Scan(&version)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return version, err
}

// To migrates the database to version target, up or down, and returns what it did
// ("applied: 0002_status", "reverted: 0003_customers"), in order.
func To(ctx context.Context, db *sql.DB, target int) ([]string, error) {
	if target < 0 || target > Latest() {
		return nil, fmt.Errorf("version %d: %w", target, ErrUnknownVersion)
	}
	current, err := Current(ctx, db)
	if err != nil {
		return nil, err
	}
	var done []string
	for _, m := range All {
		if m.Version > current && m.Version <= target {
			if err := step(ctx, db, m.Up, m.Version); err != nil {
				return done, fmt.Errorf("applying %s: %w", m.label(), err)
			}
			done = append(done, "applied: "+m.label())
		}
	}
	for i := len(All) - 1; i >= 0; i-- {
		m := All[i]
		if m.Version <= current && m.Version > target {
			if err := step(ctx, db, m.Down, m.Version-1); err != nil {
				return done, fmt.Errorf("reverting %s: %w", m.label(), err)
			}
			done = append(done, "reverted: "+m.label())
		}
	}
	return done, nil
}

func (m Migration) label() string { return fmt.Sprintf("%04d_%s", m.Version, m.Name) }

func step(ctx context.Context, db *sql.DB, statements []string, version int) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, statement := range statements {
		if _, err := tx.ExecContext(ctx, statement); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM schema_version"); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO schema_version (version) VALUES (?)", version); err != nil {
		return err
	}
	return tx.Commit()
}
