// Package money holds amounts of money as integer cents.
package money

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Cents is an amount in the smallest unit of the currency.
type Cents int64

// ErrInvalidAmount is returned for text that is not a decimal amount with at most two decimals.
var ErrInvalidAmount = errors.New("invalid amount")

// Parse reads a decimal amount such as "12", "12.5" or "12.50" into cents.
func Parse(text string) (Cents, error) {
	text = strings.TrimSpace(text)
	negative := strings.HasPrefix(text, "-")
	text = strings.TrimPrefix(text, "-")
	whole, frac, hasFrac := strings.Cut(text, ".")
	if whole == "" || !digits(whole) || (hasFrac && (frac == "" || len(frac) > 2 || !digits(frac))) {
		return 0, fmt.Errorf("%w: %q", ErrInvalidAmount, text)
	}
	units, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%w: %q", ErrInvalidAmount, text)
	}
	for len(frac) < 2 {
		frac += "0"
	}
	cents, err := strconv.ParseInt(frac, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%w: %q", ErrInvalidAmount, text)
	}
	total := Cents(units*100 + cents)
	if negative {
		total = -total
	}
	return total, nil
}

// String formats cents as a decimal amount with two decimals.
func (c Cents) String() string {
	sign := ""
	if c < 0 {
		sign, c = "-", -c
	}
	return fmt.Sprintf("%s%d.%02d", sign, int64(c)/100, int64(c)%100)
}

func digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
