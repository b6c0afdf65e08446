package i18n

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

func TestCatalogsHaveTheSameKeys(t *testing.T) {
	keys := func(path string) []string {
		t.Helper()
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]string
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		var out []string
		for k := range m {
			out = append(out, k)
		}
		sort.Strings(out)
		return out
	}
	files, _ := filepath.Glob("locales/*.en.json")
	if len(files) == 0 {
		t.Fatal("no catalogs")
	}
	for _, enFile := range files {
		jaFile := strings.TrimSuffix(enFile, ".en.json") + ".ja.json"
		comparePair(t, keys(enFile), keys(jaFile), enFile, jaFile)
	}
}

func comparePair(t *testing.T, en, ja []string, enFile, jaFile string) {
	missing := func(a, b []string) []string {
		set := map[string]bool{}
		for _, k := range b {
			set[k] = true
		}
		var out []string
		for _, k := range a {
			if !set[k] {
				out = append(out, k)
			}
		}
		return out
	}
	if m := missing(en, ja); len(m) > 0 {
		t.Errorf("%s lacks %v", jaFile, m)
	}
	if m := missing(ja, en); len(m) > 0 {
		t.Errorf("%s lacks %v", enFile, m)
	}
}

func TestLocalizerPicksLanguage(t *testing.T) {
	b, err := NewBundle()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ choice, accept, want string }{
		{"", "ja-JP,ja;q=0.9,en;q=0.8", "プロジェクト"},
		{"", "en-US,en;q=0.9", "Projects"},
		{"", "", "Projects"},
		{"en", "ja", "Projects"},
		{"ja", "en", "プロジェクト"},
		{"", "fr-FR", "Projects"},
	}
	for _, tt := range tests {
		if got := b.Localizer(tt.choice, tt.accept).T("nav.projects"); got != tt.want {
			t.Errorf("choice=%q accept=%q: got %q, want %q", tt.choice, tt.accept, got, tt.want)
		}
	}
	ja := b.Localizer("ja", "")
	day := time.Date(2026, 11, 26, 13, 4, 0, 0, time.UTC)
	if got := ja.Date(day); got != "2026年11月26日" {
		t.Errorf("ja date = %q", got)
	}
	en := b.Localizer("en", "")
	if got := en.Date(day); got != "Nov 26, 2026" {
		t.Errorf("en date = %q", got)
	}
	if got := en.Number(12345.678, 1); got != "12,345.7" {
		t.Errorf("en number = %q", got)
	}
	if got := en.T("error.500", map[string]any{"RequestID": "abc"}); !strings.Contains(got, "abc") {
		t.Errorf("template data not filled: %q", got)
	}
	if got := en.T("no.such.key"); got != "no.such.key" {
		t.Errorf("missing key = %q, want the id", got)
	}
}
