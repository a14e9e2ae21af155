// Package api serves the invoices over HTTP (JSON). Every request carries a tenant's token
// (Authorization: Bearer <token>); a tenant sees only its own invoices.
package api

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"invoices/internal/money"
	"invoices/internal/store"
)

// Server routes the API's requests.
type Server struct {
	store  *store.Store
	tokens map[string]string // token -> tenant
	mux    *http.ServeMux
}

// NewServer serves the store to the tenants of the tokens.
func NewServer(s *store.Store, tokens map[string]string) *Server {
	srv := &Server{store: s, tokens: tokens, mux: http.NewServeMux()}
	srv.mux.HandleFunc("/invoices", srv.invoices)
	srv.mux.HandleFunc("/invoices/", srv.invoice)
	return srv
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

func (s *Server) tenant(w http.ResponseWriter, r *http.Request) (string, bool) {
	token := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	tenant, ok := s.tokens[token]
	if !ok || token == "" {
		writeJSON(w, http.StatusUnauthorized, errorBody{"a valid token is required"})
		return "", false
	}
	return tenant, true
}

type invoiceIn struct {
	Number   string `json:"number"`
	Customer string `json:"customer"`
	Total    string `json:"total"`
}

type invoiceOut struct {
	ID       int64  `json:"id"`
	Number   string `json:"number"`
	Customer string `json:"customer"`
	Total    string `json:"total"`
	Status   string `json:"status"`
}

func out(inv store.Invoice) invoiceOut {
	return invoiceOut{inv.ID, inv.Number, inv.Customer, inv.Total.String(), inv.Status}
}

// POST /invoices {"number": "2024-001", "customer": "Acme Ltd", "total": "120.00"};
// GET /invoices[?status=open|paid][&ids=3,5,8]
func (s *Server) invoices(w http.ResponseWriter, r *http.Request) {
	tenant, ok := s.tenant(w, r)
	if !ok {
		return
	}
	switch r.Method {
	case http.MethodPost:
		var in invoiceIn
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
			writeError(w, invalid("the body must be a JSON invoice"))
			return
		}
		total, err := money.Parse(in.Total)
		if err != nil || total <= 0 {
			writeError(w, invalid("total must be a positive amount such as 12.50"))
			return
		}
		number, customer := strings.TrimSpace(in.Number), strings.TrimSpace(in.Customer)
		if number == "" {
			writeError(w, invalid("number is required"))
			return
		}
		inv, err := s.store.Create(r.Context(), store.Invoice{Tenant: tenant, Number: number, Customer: customer, Total: total})
		if err != nil {
			writeError(w, err)
			return
		}
		writeJSON(w, http.StatusCreated, out(inv))
	case http.MethodGet:
		query := r.URL.Query()
		filter := store.Filter{Status: query.Get("status")}
		if filter.Status != "" && filter.Status != store.StatusOpen && filter.Status != store.StatusPaid {
			writeError(w, invalid("status must be open or paid"))
			return
		}
		if text := query.Get("ids"); text != "" {
			ids, err := parseIDs(text)
			if err != nil {
				writeError(w, err)
				return
			}
			filter.IDs = ids
		}
		list, err := s.store.List(r.Context(), tenant, filter)
		if err != nil {
			writeError(w, err)
			return
		}
		body := struct {
			Invoices []invoiceOut `json:"invoices"`
		}{[]invoiceOut{}}
		for _, inv := range list {
			body.Invoices = append(body.Invoices, out(inv))
		}
		writeJSON(w, http.StatusOK, body)
	default:
		w.WriteHeader(http.StatusMethodNotAllowed)
	}
}

// parseIDs reads "3,5,8" (spaces around the ids allowed).
func parseIDs(text string) ([]int64, error) {
	var ids []int64
	for _, part := range strings.Split(text, ",") {
		id, err := strconv.ParseInt(strings.TrimSpace(part), 10, 64)
		if err != nil || id <= 0 {
			return nil, invalid("ids must be invoice ids separated by commas")
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// GET /invoices/{id}; POST /invoices/{id}/pay
func (s *Server) invoice(w http.ResponseWriter, r *http.Request) {
	tenant, ok := s.tenant(w, r)
	if !ok {
		return
	}
	parts := strings.Split(strings.Trim(strings.TrimPrefix(r.URL.Path, "/invoices/"), "/"), "/")
	id, err := strconv.ParseInt(parts[0], 10, 64)
	if err != nil {
		writeError(w, store.ErrNotFound)
		return
	}
	var inv store.Invoice
	switch {
	case len(parts) == 1 && r.Method == http.MethodGet:
		inv, err = s.store.Get(r.Context(), tenant, id)
	case len(parts) == 2 && parts[1] == "pay" && r.Method == http.MethodPost:
		inv, err = s.store.MarkPaid(r.Context(), tenant, id)
	default:
		writeError(w, store.ErrNotFound)
		return
	}
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, out(inv))
}

type errorBody struct {
	Error string `json:"error"`
}

// validationError is a bad request: its message is the answer's.
type validationError struct{ message string }

func (e *validationError) Error() string { return e.message }

func invalid(message string) error { return &validationError{message} }

func writeError(w http.ResponseWriter, err error) {
	var bad *validationError
	switch {
	case errors.As(err, &bad):
		writeJSON(w, http.StatusBadRequest, errorBody{bad.message})
	case errors.Is(err, store.ErrNotFound):
		writeJSON(w, http.StatusNotFound, errorBody{"not found"})
	case errors.Is(err, store.ErrDuplicateNumber):
		writeJSON(w, http.StatusConflict, errorBody{"an invoice with that number exists"})
	default:
		writeJSON(w, http.StatusInternalServerError, errorBody{"internal error"})
	}
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}
