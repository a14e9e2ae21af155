// Package ledger holds the rules: who may see and move which money.
package ledger

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"ledger/internal/money"
	"ledger/internal/store"
)

// Service is the ledger's business logic over a Store.
type Service struct {
	store store.Store
}

// NewService returns a Service over s.
func NewService(s store.Store) *Service {
	return &Service{store: s}
}

// TransferRequest is one transfer as a client asks for it.
type TransferRequest struct {
	From   int64
	To     int64
	Amount money.Cents
	Key    string // Idempotency-Key header; "" when none was sent
}

// OpenAccount opens an empty account for the tenant.
func (s *Service) OpenAccount(ctx context.Context, tenant, name string) (store.Account, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return store.Account{}, &ValidationError{Field: "name", Problem: "is required"}
	}
	return s.store.CreateAccount(ctx, store.Account{Tenant: tenant, Name: name})
}

// Account returns the tenant's account.
func (s *Service) Account(ctx context.Context, tenant string, id int64) (store.Account, error) {
	return s.owned(ctx, tenant, id)
}

// Deposit adds money to the tenant's account.
func (s *Service) Deposit(ctx context.Context, tenant string, id int64, amount money.Cents) (store.Account, error) {
	if amount <= 0 {
		return store.Account{}, &ValidationError{Field: "amount", Problem: "must be positive"}
	}
	if _, err := s.owned(ctx, tenant, id); err != nil {
		return store.Account{}, err
	}
	return s.store.Credit(ctx, id, amount)
}

// Entries returns the statement of the tenant's account.
func (s *Service) Entries(ctx context.Context, tenant string, id int64) ([]store.Entry, error) {
	if _, err := s.owned(ctx, tenant, id); err != nil {
		return nil, err
	}
	return s.store.Entries(ctx, id)
}

// Transfer moves money between two accounts of the tenant. A request repeated with the same
// idempotency key is not applied again: the transfer recorded the first time is returned, with
// created false. The same key for a different transfer is ErrConflict.
func (s *Service) Transfer(ctx context.Context, tenant string, req TransferRequest) (store.Transfer, bool, error) {
	if req.Amount <= 0 {
		return store.Transfer{}, false, &ValidationError{Field: "amount", Problem: "must be positive"}
	}
	if req.From == req.To {
		return store.Transfer{}, false, &ValidationError{Field: "to", Problem: "must differ from the source account"}
	}
	if req.Key != "" {
		prior, found, err := s.replay(ctx, tenant, req)
		if err != nil || found {
			return prior, false, err
		}
	}
	for _, id := range []int64{req.From, req.To} {
		if _, err := s.owned(ctx, tenant, id); err != nil {
			return store.Transfer{}, false, err
		}
	}
	t, err := s.store.ApplyTransfer(ctx, store.Transfer{
		Tenant: tenant, From: req.From, To: req.To, Amount: req.Amount, Key: req.Key,
	})
	if errors.Is(err, store.ErrDuplicateKey) { // the same request, applied meanwhile by another call
		prior, _, err := s.replay(ctx, tenant, req)
		return prior, false, err
	}
	if err != nil {
		return store.Transfer{}, false, fmt.Errorf("transfer %d -> %d: %w", req.From, req.To, err)
	}
	return t, true, nil
}

// replay returns the transfer recorded under the request's key, if there is one.
func (s *Service) replay(ctx context.Context, tenant string, req TransferRequest) (store.Transfer, bool, error) {
	prior, err := s.store.TransferByKey(ctx, tenant, req.Key)
	if errors.Is(err, store.ErrNotFound) {
		return store.Transfer{}, false, nil
	}
	if err != nil {
		return store.Transfer{}, false, err
	}
	if prior.From != req.From || prior.To != req.To || prior.Amount != req.Amount {
		return store.Transfer{}, false, fmt.Errorf("idempotency key %q was used for another transfer: %w", req.Key, ErrConflict)
	}
	return prior, true, nil
}

// owned returns the account when it belongs to the tenant; ErrNotFound otherwise, so that a
// caller cannot tell another tenant's account from a missing one.
func (s *Service) owned(ctx context.Context, tenant string, id int64) (store.Account, error) {
	a, err := s.store.Account(ctx, id)
	if err != nil {
		return store.Account{}, err
	}
	if a.Tenant != tenant {
		return store.Account{}, fmt.Errorf("account %d: %w", id, ErrNotFound)
	}
	return a, nil
}
