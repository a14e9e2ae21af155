// Command invoicesd serves the invoices on $INVOICES_ADDR (default :8080) from the SQLite database
// at $INVOICES_DB (default invoices.sqlite3), migrated to the latest schema version at start.
// $INVOICES_TOKENS: token=tenant pairs, separated by commas.
package main

import (
	"context"
	"log"
	"net/http"
	"os"
	"strings"

	"invoices/internal/api"
	"invoices/internal/db"
	"invoices/internal/migrate"
	"invoices/internal/store"
)

func main() {
	addr, path := os.Getenv("INVOICES_ADDR"), os.Getenv("INVOICES_DB")
	if addr == "" {
		addr = ":8080"
	}
	if path == "" {
		path = "invoices.sqlite3"
	}
	conn, err := db.Open(path)
	if err != nil {
		log.Fatal(err)
	}
	if _, err := migrate.To(context.Background(), conn, migrate.Latest()); err != nil {
		log.Fatal(err)
	}
	tokens := map[string]string{}
	for _, pair := range strings.Split(os.Getenv("INVOICES_TOKENS"), ",") {
		if token, tenant, ok := strings.Cut(pair, "="); ok {
			tokens[token] = tenant
		}
	}
	log.Printf("invoicesd listening on %s", addr)
	log.Fatal(http.ListenAndServe(addr, api.NewServer(store.New(conn), tokens)))
}
