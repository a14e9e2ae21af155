package store

import (
	"context"
	"fmt"
	"sync"

	"ledger/internal/money"
)

// Memory is a Store held in memory.
type Memory struct {
	mu        sync.Mutex
	accounts  map[int64]Account
	entries   []Entry
	transfers map[int64]Transfer
	keys      map[string]int64 // tenant + "\x00" + key -> transfer id
	nextID    int64
}

// NewMemory returns an empty store.
func NewMemory() *Memory {
	return &Memory{
		accounts:  map[int64]Account{},
		transfers: map[int64]Transfer{},
		keys:      map[string]int64{},
	}
}

func (m *Memory) id() int64 {
	m.nextID++
	return m.nextID
}

// CreateAccount stores a new account with a fresh id.
func (m *Memory) CreateAccount(_ context.Context, a Account) (Account, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	a.ID = m.id()
	m.accounts[a.ID] = a
	return a, nil
}

// Account returns the account with that id.
func (m *Memory) Account(_ context.Context, id int64) (Account, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	a, ok := m.accounts[id]
	if !ok {
		return Account{}, fmt.Errorf("account %d: %w", id, ErrNotFound)
	}
	return a, nil
}

// Credit adds a deposit to the account.
func (m *Memory) Credit(_ context.Context, id int64, amount money.Cents) (Account, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	a, ok := m.accounts[id]
	if !ok {
		return Account{}, fmt.Errorf("account %d: %w", id, ErrNotFound)
	}
	a.Balance += amount
	m.accounts[id] = a
	m.entries = append(m.entries, Entry{ID: m.id(), AccountID: id, Kind: KindDeposit, Amount: amount})
	return a, nil
}

// ApplyTransfer moves the money and records the transfer, under one lock.
func (m *Memory) ApplyTransfer(_ context.Context, t Transfer) (Transfer, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if t.Key != "" {
		if _, used := m.keys[keyOf(t.Tenant, t.Key)]; used {
			return Transfer{}, ErrDuplicateKey
		}
	}
	from, ok := m.accounts[t.From]
	if !ok {
		return Transfer{}, fmt.Errorf("account %d: %w", t.From, ErrNotFound)
	}
	to, ok := m.accounts[t.To]
	if !ok {
		return Transfer{}, fmt.Errorf("account %d: %w", t.To, ErrNotFound)
	}
	if from.Balance < t.Amount {
		return Transfer{}, ErrInsufficientFunds
	}
	from.Balance -= t.Amount
	to.Balance += t.Amount
	m.accounts[from.ID], m.accounts[to.ID] = from, to
	t.ID = m.id()
	m.transfers[t.ID] = t
	if t.Key != "" {
		m.keys[keyOf(t.Tenant, t.Key)] = t.ID
	}
	m.entries = append(m.entries,
		Entry{ID: m.id(), AccountID: from.ID, TransferID: t.ID, Kind: KindTransferOut, Amount: -t.Amount},
		Entry{ID: m.id(), AccountID: to.ID, TransferID: t.ID, Kind: KindTransferIn, Amount: t.Amount},
	)
	return t, nil
}

// TransferByKey returns the tenant's transfer recorded under an idempotency key.
func (m *Memory) TransferByKey(_ context.Context, tenant, key string) (Transfer, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	id, ok := m.keys[keyOf(tenant, key)]
	if !ok {
		return Transfer{}, fmt.Errorf("transfer key %q: %w", key, ErrNotFound)
	}
	return m.transfers[id], nil
}

// Entries returns the account's statement, oldest first.
func (m *Memory) Entries(_ context.Context, accountID int64) ([]Entry, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.accounts[accountID]; !ok {
		return nil, fmt.Errorf("account %d: %w", accountID, ErrNotFound)
	}
	var found []Entry
	for _, e := range m.entries {
		if e.AccountID == accountID {
			found = append(found, e)
		}
	}
	return found, nil
}

func keyOf(tenant, key string) string {
	return tenant + "\x00" + key
}
