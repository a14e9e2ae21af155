package api

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"ledger/internal/ledger"
	"ledger/internal/money"
	"ledger/internal/store"
)

type accountJSON struct {
	ID      int64  `json:"id"`
	Name    string `json:"name"`
	Balance string `json:"balance"`
}

type entryJSON struct {
	ID         int64  `json:"id"`
	Kind       string `json:"kind"`
	Amount     string `json:"amount"`
	TransferID int64  `json:"transferId,omitempty"`
}

type transferJSON struct {
	ID     int64  `json:"id"`
	From   int64  `json:"from"`
	To     int64  `json:"to"`
	Amount string `json:"amount"`
}

func accountOut(a store.Account) accountJSON {
	return accountJSON{ID: a.ID, Name: a.Name, Balance: a.Balance.String()}
}

// POST /accounts {"name": "..."}
func (s *Server) accounts(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		writeJSON(w, http.StatusMethodNotAllowed, errorBody{"method not allowed"})
		return
	}
	var body struct {
		Name string `json:"name"`
	}
	if !decode(w, r, &body) {
		return
	}
	a, err := s.ledger.OpenAccount(r.Context(), tenantOf(r), body.Name)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, accountOut(a))
}

// GET /accounts/{id}, GET /accounts/{id}/entries, POST /accounts/{id}/deposits {"amount": "12.50"}
func (s *Server) account(w http.ResponseWriter, r *http.Request) {
	parts := strings.Split(strings.Trim(strings.TrimPrefix(r.URL.Path, "/accounts/"), "/"), "/")
	id, err := strconv.ParseInt(parts[0], 10, 64)
	if err != nil || len(parts) > 2 {
		writeJSON(w, http.StatusNotFound, errorBody{"not found"})
		return
	}
	tenant := tenantOf(r)
	switch {
	case len(parts) == 1 && r.Method == http.MethodGet:
		a, err := s.ledger.Account(r.Context(), tenant, id)
		if err != nil {
			writeError(w, err)
			return
		}
		writeJSON(w, http.StatusOK, accountOut(a))
	case len(parts) == 2 && parts[1] == "entries" && r.Method == http.MethodGet:
		entries, err := s.ledger.Entries(r.Context(), tenant, id)
		if err != nil {
			writeError(w, err)
			return
		}
		out := make([]entryJSON, 0, len(entries))
		for _, e := range entries {
			out = append(out, entryJSON{ID: e.ID, Kind: e.Kind, Amount: e.Amount.String(), TransferID: e.TransferID})
		}
		writeJSON(w, http.StatusOK, out)
	case len(parts) == 2 && parts[1] == "deposits" && r.Method == http.MethodPost:
		var body struct {
			Amount string `json:"amount"`
		}
		if !decode(w, r, &body) {
			return
		}
		amount, err := money.Parse(body.Amount)
		if err != nil {
			writeError(w, &ledger.ValidationError{Field: "amount", Problem: err.Error()})
			return
		}
		a, err := s.ledger.Deposit(r.Context(), tenant, id, amount)
		if err != nil {
			writeError(w, err)
			return
		}
		writeJSON(w, http.StatusCreated, accountOut(a))
	default:
		writeJSON(w, http.StatusNotFound, errorBody{"not found"})
	}
}

// POST /transfers {"from": 1, "to": 2, "amount": "5.00"}, optional Idempotency-Key header. A retry
// with the same key gets the same answer as the first call.
func (s *Server) transfers(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		writeJSON(w, http.StatusMethodNotAllowed, errorBody{"method not allowed"})
		return
	}
	var body struct {
		From   int64  `json:"from"`
		To     int64  `json:"to"`
		Amount string `json:"amount"`
	}
	if !decode(w, r, &body) {
		return
	}
	amount, err := money.Parse(body.Amount)
	if err != nil {
		writeError(w, &ledger.ValidationError{Field: "amount", Problem: err.Error()})
		return
	}
	req := ledger.TransferRequest{From: body.From, To: body.To, Amount: amount, Key: r.Header.Get("Idempotency-Key")}
	t, _, err := s.ledger.Transfer(r.Context(), tenantOf(r), req)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, transferJSON{ID: t.ID, From: t.From, To: t.To, Amount: t.Amount.String()})
}

func decode(w http.ResponseWriter, r *http.Request, into any) bool {
	if err := json.NewDecoder(r.Body).Decode(into); err != nil {
		writeJSON(w, http.StatusBadRequest, errorBody{"the body is not valid JSON"})
		return false
	}
	return true
}
