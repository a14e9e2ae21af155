package tests

import (
	"io"
	"net/http"
	"testing"
)

func rawGet(c *client, path, token string) (int, string) {
	c.t.Helper()
	req, err := http.NewRequest("GET", c.server.URL+path, nil)
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := c.server.Client().Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}

func TestAnotherTenantsStatementIsNotShown(t *testing.T) {
	c := newClient(t)
	theirs := c.open(globex, "Globex payroll", "1250.00")
	status, body := rawGet(c, "/accounts/"+itoa(theirs.ID)+"/entries", acme)
	if status != http.StatusNotFound {
		t.Fatalf("acme reading globex's statement: status %d, body %s", status, body)
	}
}

func TestAnotherTenantsStatementLooksLikeAMissingAccount(t *testing.T) {
	c := newClient(t)
	theirs := c.open(globex, "Globex payroll", "80.00")
	foreignStatus, foreignBody := rawGet(c, "/accounts/"+itoa(theirs.ID)+"/entries", acme)
	missingStatus, missingBody := rawGet(c, "/accounts/9999/entries", acme)
	if foreignStatus != missingStatus || foreignBody != missingBody {
		t.Fatalf("another tenant's account: %d %s; a missing one: %d %s", foreignStatus, foreignBody, missingStatus, missingBody)
	}
	accountStatus, accountBody := rawGet(c, "/accounts/"+itoa(theirs.ID), acme)
	if foreignStatus != accountStatus || foreignBody != accountBody {
		t.Fatalf("statement: %d %s; the account itself: %d %s", foreignStatus, foreignBody, accountStatus, accountBody)
	}
}

func TestOwnStatementIsStillListed(t *testing.T) {
	c := newClient(t)
	mine := c.open(acme, "Operating", "20.00")
	c.open(globex, "Globex payroll", "80.00")
	var entries []entry
	if status := c.do("GET", "/accounts/"+itoa(mine.ID)+"/entries", acme, nil, nil, &entries); status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	if len(entries) != 1 || entries[0].Amount != "20.00" {
		t.Fatalf("entries %+v", entries)
	}
}

func TestEachTenantSeesItsOwnStatement(t *testing.T) {
	c := newClient(t)
	theirs := c.open(globex, "Globex payroll", "80.00")
	var entries []entry
	if status := c.do("GET", "/accounts/"+itoa(theirs.ID)+"/entries", globex, nil, nil, &entries); status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	if len(entries) != 1 || entries[0].Kind != "deposit" {
		t.Fatalf("entries %+v", entries)
	}
}

func TestMissingAccountStatementIsNotFound(t *testing.T) {
	c := newClient(t)
	if status, body := rawGet(c, "/accounts/4242/entries", acme); status != http.StatusNotFound {
		t.Fatalf("status %d, body %s", status, body)
	}
}
