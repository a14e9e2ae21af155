// Package money parses and formats amounts: integer cents inside, "12.50" on the wire.
package money

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Cents is an amount of money in cents.
type Cents int64

// ErrInvalidAmount: not a decimal amount with at most two decimals.
var ErrInvalidAmount = errors.New("invalid amount")

// Parse reads "12", "12.5" or "12.50" (no sign, at most two decimals).
func Parse(text string) (Cents, error) {
	whole, frac, hasFrac := strings.Cut(text, ".")
	if whole == "" || len(frac) > 2 || (hasFrac && frac == "") || !digits(whole) || !digits(frac) {
		return 0, fmt.Errorf("%q: %w", text, ErrInvalidAmount)
	}
	units, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || units > 1_000_000_000 {
		return 0, fmt.Errorf("%q: %w", text, ErrInvalidAmount)
	}
	cents := int64(0)
	if frac != "" {
		cents, _ = strconv.ParseInt((frac + "0")[:2], 10, 64)
	}
	return Cents(units*100 + cents), nil
}

func digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// String formats the amount with two decimals: 1250 -> "12.50".
func (c Cents) String() string {
	sign := ""
	if c < 0 {
		sign, c = "-", -c
	}
	return fmt.Sprintf("%s%d.%02d", sign, c/100, c%100)
}
