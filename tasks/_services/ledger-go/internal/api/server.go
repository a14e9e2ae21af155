// Package api serves the ledger over HTTP.
package api

import (
	"context"
	"net/http"
	"strings"

	"ledger/internal/ledger"
)

type tenantKey struct{}

// Server routes requests to the handlers, after authenticating the caller's token.
type Server struct {
	ledger *ledger.Service
	tokens map[string]string // API token -> tenant
	mux    *http.ServeMux
}

// NewServer returns the HTTP handler of the ledger. tokens maps each API token to its tenant.
func NewServer(svc *ledger.Service, tokens map[string]string) *Server {
	s := &Server{ledger: svc, tokens: tokens, mux: http.NewServeMux()}
	s.mux.HandleFunc("/accounts", s.accounts)
	s.mux.HandleFunc("/accounts/", s.account)
	s.mux.HandleFunc("/transfers", s.transfers)
	return s
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	token := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	tenant, ok := s.tokens[token]
	if token == "" || !ok {
		writeJSON(w, http.StatusUnauthorized, errorBody{"missing or unknown token"})
		return
	}
	s.mux.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), tenantKey{}, tenant)))
}

func tenantOf(r *http.Request) string {
	tenant, _ := r.Context().Value(tenantKey{}).(string)
	return tenant
}
