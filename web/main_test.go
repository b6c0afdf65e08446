package web_test

import (
	"testing"

	"github.com/sprintlens/sprintlens/internal/postgres/pgtest"
)

// TestMain drops the package's test database when its tests end.
func TestMain(m *testing.M) { pgtest.Main(m) }
