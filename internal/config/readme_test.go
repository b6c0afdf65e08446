package config

import (
	"os"
	"strings"
	"testing"
)

// The README's variable table is the user's contract: every variable
// sprintlens reads must be in it.
func TestREADMEListsEveryVariable(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range Vars {
		if !strings.Contains(string(b), "| `"+v.Name+"` |") {
			t.Errorf("README.md does not list %s", v.Name)
		}
	}
}
