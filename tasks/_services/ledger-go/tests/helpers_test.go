package tests

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"ledger/internal/api"
	"ledger/internal/ledger"
	"ledger/internal/store"
)

// Tokens of the two tenants the tests use.
const (
	acme   = "tok-acme"
	globex = "tok-globex"
)

type client struct {
	t      *testing.T
	server *httptest.Server
}

// newClient starts the ledger on a fresh in-memory store.
func newClient(t *testing.T) *client {
	t.Helper()
	return newClientOn(t, store.NewMemory())
}

func newClientOn(t *testing.T, s store.Store) *client {
	t.Helper()
	handler := api.NewServer(ledger.NewService(s), map[string]string{acme: "acme", globex: "globex"})
	server := httptest.NewServer(handler)
	t.Cleanup(server.Close)
	return &client{t: t, server: server}
}

// do sends a JSON request and decodes the JSON answer into out (unless out is nil).
func (c *client) do(method, path, token string, body any, headers map[string]string, out any) int {
	c.t.Helper()
	var payload bytes.Buffer
	if body != nil {
		if err := json.NewEncoder(&payload).Encode(body); err != nil {
			c.t.Fatalf("encoding %v: %v", body, err)
		}
	}
	req, err := http.NewRequest(method, c.server.URL+path, &payload)
	if err != nil {
		c.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for name, value := range headers {
		req.Header.Set(name, value)
	}
	resp, err := c.server.Client().Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	if out != nil {
		if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
			c.t.Fatalf("%s %s: decoding the answer: %v", method, path, err)
		}
	}
	return resp.StatusCode
}

type account struct {
	ID      int64  `json:"id"`
	Name    string `json:"name"`
	Balance string `json:"balance"`
}

type entry struct {
	ID         int64  `json:"id"`
	Kind       string `json:"kind"`
	Amount     string `json:"amount"`
	TransferID int64  `json:"transferId"`
}

type transfer struct {
	ID     int64  `json:"id"`
	From   int64  `json:"from"`
	To     int64  `json:"to"`
	Amount string `json:"amount"`
}

// open opens an account for the token's tenant and deposits the amount ("" for none).
func (c *client) open(token, name, deposit string) account {
	c.t.Helper()
	var a account
	if status := c.do("POST", "/accounts", token, map[string]string{"name": name}, nil, &a); status != http.StatusCreated {
		c.t.Fatalf("opening %s: status %d", name, status)
	}
	if deposit != "" {
		path := "/accounts/" + itoa(a.ID) + "/deposits"
		if status := c.do("POST", path, token, map[string]string{"amount": deposit}, nil, &a); status != http.StatusCreated {
			c.t.Fatalf("depositing %s into %s: status %d", deposit, name, status)
		}
	}
	return a
}

func (c *client) balance(token string, id int64) string {
	c.t.Helper()
	var a account
	if status := c.do("GET", "/accounts/"+itoa(id), token, nil, nil, &a); status != http.StatusOK {
		c.t.Fatalf("reading account %d: status %d", id, status)
	}
	return a.Balance
}

func itoa(id int64) string {
	b, _ := json.Marshal(id)
	return string(b)
}
