package money

import (
	"errors"
	"testing"
)

func TestParseWholeAndTwoDecimalAmounts(t *testing.T) {
	for text, want := range map[string]Cents{"12": 1200, "12.50": 1250, "0.05": 5, "-3.10": -310, " 7.00 ": 700} {
		got, err := Parse(text)
		if err != nil || got != want {
			t.Errorf("Parse(%q) = %d, %v; want %d", text, got, err, want)
		}
	}
}

func TestParseRejectsWhatIsNotAnAmount(t *testing.T) {
	for _, text := range []string{"", "abc", "1.234", "1.", ".5", "1,50", "1e3"} {
		if _, err := Parse(text); !errors.Is(err, ErrInvalidAmount) {
			t.Errorf("Parse(%q): err %v", text, err)
		}
	}
}

func TestStringHasTwoDecimals(t *testing.T) {
	for cents, want := range map[Cents]string{0: "0.00", 5: "0.05", 1250: "12.50", 100000: "1000.00"} {
		if got := cents.String(); got != want {
			t.Errorf("%d.String() = %q; want %q", int64(cents), got, want)
		}
	}
}
