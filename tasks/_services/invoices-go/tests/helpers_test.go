package tests

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"testing"

	"invoices/internal/api"
	"invoices/internal/db"
	"invoices/internal/migrate"
	"invoices/internal/store"
)

// Tokens of the two tenants the tests use.
const (
	acme   = "tok-acme"
	globex = "tok-globex"
)

type client struct {
	t      *testing.T
	db     *sql.DB
	server *httptest.Server
}

// openDB opens a new database under the test's temporary folder, at schema version `version`.
func openDB(t *testing.T, version int) *sql.DB {
	t.Helper()
	conn, err := db.Open(filepath.Join(t.TempDir(), "invoices.sqlite3"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	migrateTo(t, conn, version)
	return conn
}

func migrateTo(t *testing.T, conn *sql.DB, version int) []string {
	t.Helper()
	steps, err := migrate.To(context.Background(), conn, version)
	if err != nil {
		t.Fatalf("migrating to %d: %v", version, err)
	}
	return steps
}

// newClient serves a new database at the latest version.
func newClient(t *testing.T) *client {
	t.Helper()
	return serve(t, openDB(t, migrate.Latest()))
}

func serve(t *testing.T, conn *sql.DB) *client {
	t.Helper()
	handler := api.NewServer(store.New(conn), map[string]string{acme: "acme", globex: "globex"})
	server := httptest.NewServer(handler)
	t.Cleanup(server.Close)
	return &client{t: t, db: conn, server: server}
}

// do sends a JSON request and decodes the JSON answer into out (unless out is nil).
func (c *client) do(method, path, token string, body any, out any) int {
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

type invoice struct {
	ID       int64  `json:"id"`
	Number   string `json:"number"`
	Customer string `json:"customer"`
	Total    string `json:"total"`
	Status   string `json:"status"`
}

type invoiceList struct {
	Invoices []invoice `json:"invoices"`
	Error    string    `json:"error"`
}

// create records an invoice for the token's tenant ("" customer: a walk-in sale).
func (c *client) create(token, number, customer, total string) invoice {
	c.t.Helper()
	var inv invoice
	body := map[string]string{"number": number, "customer": customer, "total": total}
	if status := c.do("POST", "/invoices", token, body, &inv); status != http.StatusCreated {
		c.t.Fatalf("creating invoice %s: status %d", number, status)
	}
	return inv
}

// list sends GET /invoices with the query ("" for none) and returns the status and the answer.
func (c *client) list(token, query string) (int, invoiceList) {
	c.t.Helper()
	var answer invoiceList
	path := "/invoices"
	if query != "" {
		path += "?" + query
	}
	status := c.do("GET", path, token, nil, &answer)
	return status, answer
}

func numbers(list []invoice) []string {
	out := []string{}
	for _, inv := range list {
		out = append(out, inv.Number)
	}
	return out
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }
