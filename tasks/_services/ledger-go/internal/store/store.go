// Package store keeps accounts, their entries and the transfers between them.
package store

import (
	"context"
	"errors"

	"ledger/internal/money"
)

var (
	// ErrNotFound: no account (or transfer) with that id or key.
	ErrNotFound = errors.New("not found")
	// ErrInsufficientFunds: the source account's balance is below the amount.
	ErrInsufficientFunds = errors.New("insufficient funds")
	// ErrDuplicateKey: a transfer with that idempotency key was already recorded for the tenant.
	ErrDuplicateKey = errors.New("duplicate idempotency key")
)

// Account is one tenant's account.
type Account struct {
	ID      int64
	Tenant  string
	Name    string
	Balance money.Cents
}

// Entry is one line of an account's statement.
type Entry struct {
	ID         int64
	AccountID  int64
	TransferID int64 // 0 for a deposit
	Kind       string
	Amount     money.Cents // positive: money in; negative: money out
}

// Transfer moves money between two accounts of one tenant.
type Transfer struct {
	ID     int64
	Tenant string
	From   int64
	To     int64
	Amount money.Cents
	Key    string // the client's Idempotency-Key, "" when none was sent
}

// Entry kinds.
const (
	KindDeposit     = "deposit"
	KindTransferIn  = "transfer_in"
	KindTransferOut = "transfer_out"
)

// Store is what the ledger needs from storage. The in-memory implementation (Memory) serves the
// tests and local runs; deployments run several ledgerd instances against one database-backed
// implementation of the same interface. Every method is safe for concurrent use, and each one
// is atomic on its own.
type Store interface {
	CreateAccount(ctx context.Context, a Account) (Account, error)
	Account(ctx context.Context, id int64) (Account, error)
	// Credit adds amount to the account's balance and records a deposit entry.
	Credit(ctx context.Context, id int64, amount money.Cents) (Account, error)
	// ApplyTransfer moves t.Amount from t.From to t.To and records both entries and, when t.Key is
	// set, the key: all or nothing. ErrInsufficientFunds when the source balance is too low,
	// ErrDuplicateKey when the tenant already used the key.
	ApplyTransfer(ctx context.Context, t Transfer) (Transfer, error)
	TransferByKey(ctx context.Context, tenant, key string) (Transfer, error)
	Entries(ctx context.Context, accountID int64) ([]Entry, error)
}
