package ledger

import (
	"errors"

	"ledger/internal/store"
)

var (
	// ErrNotFound: no such account for the caller (another tenant's account is not found either).
	ErrNotFound = store.ErrNotFound
	// ErrInsufficientFunds: the source account cannot cover the transfer.
	ErrInsufficientFunds = store.ErrInsufficientFunds
	// ErrConflict: an idempotency key was reused for a different transfer.
	ErrConflict = errors.New("conflict")
)

// ValidationError is a request the ledger refuses as given.
type ValidationError struct {
	Field   string
	Problem string
}

func (e *ValidationError) Error() string {
	return e.Field + ": " + e.Problem
}
