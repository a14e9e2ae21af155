// Command migrate moves the database at $INVOICES_DB (default invoices.sqlite3) to a schema version:
// `go run ./cmd/migrate` upgrades to the latest, `go run ./cmd/migrate 2` up or down to version 2.
package main

import (
	"context"
	"fmt"
	"log"
	"os"
	"strconv"

	"invoices/internal/db"
	"invoices/internal/migrate"
)

func main() {
	path := os.Getenv("INVOICES_DB")
	if path == "" {
		path = "invoices.sqlite3"
	}
	target := migrate.Latest()
	if len(os.Args) > 1 {
		version, err := strconv.Atoi(os.Args[1])
		if err != nil {
			log.Fatalf("usage: migrate [version]")
		}
		target = version
	}
	conn, err := db.Open(path)
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()
	steps, err := migrate.To(context.Background(), conn, target)
	for _, step := range steps {
		fmt.Println(step)
	}
	if err != nil {
		log.Fatal(err)
	}
	current, err := migrate.Current(context.Background(), conn)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("current: %d\n", current)
}
