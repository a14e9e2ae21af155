// Command ledgerd serves the ledger on $LEDGER_ADDR (default :8080), with the in-memory store.
package main

import (
	"log"
	"net/http"
	"os"
	"strings"

	"ledger/internal/api"
	"ledger/internal/ledger"
	"ledger/internal/store"
)

func main() {
	addr := os.Getenv("LEDGER_ADDR")
	if addr == "" {
		addr = ":8080"
	}
	tokens := map[string]string{}
	for _, pair := range strings.Split(os.Getenv("LEDGER_TOKENS"), ",") { // token=tenant,...
		if token, tenant, ok := strings.Cut(pair, "="); ok {
			tokens[token] = tenant
		}
	}
	server := api.NewServer(ledger.NewService(store.NewMemory()), tokens)
	log.Printf("ledgerd listening on %s", addr)
	if err := http.ListenAndServe(addr, server); err != nil {
		log.Fatal(err)
	}
}
