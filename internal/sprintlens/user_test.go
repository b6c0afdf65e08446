package sprintlens

import (
	"errors"
	"testing"
)

func TestRoles(t *testing.T) {
	tests := []struct {
		have, need Role
		want       bool
	}{
		{RoleViewer, RoleViewer, true},
		{RoleViewer, RoleMember, false},
		{RoleMember, RoleViewer, true},
		{RoleMember, RoleAdmin, false},
		{RoleAdmin, RoleMember, true},
		{"owner", RoleViewer, false},
		{"", "", false},
	}
	for _, tt := range tests {
		if got := tt.have.AtLeast(tt.need); got != tt.want {
			t.Errorf("%q.AtLeast(%q) = %v, want %v", tt.have, tt.need, got, tt.want)
		}
	}
	for _, r := range Roles {
		if got, err := ParseRole(string(r)); err != nil || got != r {
			t.Errorf("ParseRole(%q) = %q, %v", r, got, err)
		}
	}
	for _, bad := range []string{"", "Admin", "root"} {
		if _, err := ParseRole(bad); !errors.Is(err, ErrInvalid) {
			t.Errorf("ParseRole(%q) error = %v, want ErrInvalid", bad, err)
		}
	}
}

func TestNormalizeEmail(t *testing.T) {
	tests := []struct{ in, want string }{
		{" Aiko.Tanaka@Example.COM ", "aiko.tanaka@example.com"},
		{"ken+sre@example.co.jp", "ken+sre@example.co.jp"},
		{"local", ""},
		{"@example.com", ""},
		{"ken@", ""},
		{"ken @example.com", ""},
		{"<script>@example.com", ""},
		{"a@b.com, c@d.com", ""},
	}
	for _, tt := range tests {
		got, err := NormalizeEmail(tt.in)
		if tt.want == "" {
			if err == nil {
				t.Errorf("NormalizeEmail(%q) = %q, want an error", tt.in, got)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("NormalizeEmail(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	if d := EmailDomain("ken@sre.example.jp"); d != "sre.example.jp" {
		t.Errorf("EmailDomain = %q", d)
	}
	if !(User{Email: LocalUserEmail}).IsLocal() || (User{Email: "ken@example.com", Name: "Ken"}).Label() != "Ken" {
		t.Error("IsLocal/Label")
	}
}
