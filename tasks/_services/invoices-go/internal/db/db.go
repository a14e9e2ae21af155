// Package db opens the service's SQLite database.
package db

import (
	"database/sql"

	_ "github.com/mattn/go-sqlite3" // the "sqlite3" driver (cgo, the system's libsqlite3)
)

// Open opens (creating it if needed) the SQLite database at path. One connection: SQLite takes one
// writer at a time, and the service's queries are short.
func Open(path string) (*sql.DB, error) {
	conn, err := sql.Open("sqlite3", "file:"+path+"?_busy_timeout=5000")
	if err != nil {
		return nil, err
	}
	conn.SetMaxOpenConns(1)
	if err := conn.Ping(); err != nil {
		conn.Close()
		return nil, err
	}
	return conn, nil
}
