package api

import (
	"encoding/json"
	"errors"
	"log"
	"net/http"

	"ledger/internal/ledger"
)

// errorBody is what every error response carries.
type errorBody struct {
	Error string `json:"error"`
}

// writeError maps the ledger's errors to status codes; anything else is a 500 (and logged).
func writeError(w http.ResponseWriter, err error) {
	var invalid *ledger.ValidationError
	switch {
	case errors.As(err, &invalid):
		writeJSON(w, http.StatusUnprocessableEntity, errorBody{invalid.Error()})
	case errors.Is(err, ledger.ErrNotFound):
		writeJSON(w, http.StatusNotFound, errorBody{"not found"})
	case errors.Is(err, ledger.ErrInsufficientFunds):
		writeJSON(w, http.StatusConflict, errorBody{"insufficient funds"})
	case errors.Is(err, ledger.ErrConflict):
		writeJSON(w, http.StatusConflict, errorBody{err.Error()})
	default:
		log.Printf("internal error: %v", err)
		writeJSON(w, http.StatusInternalServerError, errorBody{"internal error"})
	}
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	if err := json.NewEncoder(w).Encode(body); err != nil {
		log.Printf("writing the response: %v", err)
	}
}
