package web_test

import (
	"testing"

	"github.com/sprintlens/sprintlens/internal/postgres/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }
