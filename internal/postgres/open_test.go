package postgres_test

import (
	"context"
	"strings"
	"testing"

	"github.com/sprintlens/sprintlens/internal/postgres"
	"github.com/sprintlens/sprintlens/internal/postgres/pgtest"
)

// TestOpenTurnsJITOff: pools run with jit off unless the URL asks.
func TestOpenTurnsJITOff(t *testing.T) {
	ctx := context.Background()
	pgtest.Pool(t) // makes the package's database
	cases := []struct{ query, want string }{
		{"", "off"},
		{"jit=on", "on"},
	}
	for _, tc := range cases {
		url := pgtest.URL()
		if tc.query != "" && strings.Contains(url, "?") {
			url += "&" + tc.query
		} else if tc.query != "" {
			url += "?" + tc.query
		}
		pool, err := postgres.Open(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		var got string
		err = pool.QueryRow(ctx, "SHOW jit").Scan(&got)
		pool.Close()
		if err != nil {
			t.Fatal(err)
		}
		if got != tc.want {
			t.Errorf("URL params %q: jit = %s, want %s", tc.query, got, tc.want)
		}
	}
}
