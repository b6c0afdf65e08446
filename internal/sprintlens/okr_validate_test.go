package sprintlens

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"
)

func validKR() KeyResult {
	return KeyResult{ObjectiveID: 1, Title: "p99 latency down", Kind: KRDecrease, Start: 800, Target: 300, Unit: "ms", Weight: 1}
}

func TestKeyResultValidate(t *testing.T) {
	score := func(v float64) *float64 { return &v }
	tests := []struct {
		name       string
		edit       func(*KeyResult)
		field, msg string // empty field: valid
	}{
		{"valid decrease", func(*KeyResult) {}, "", ""},
		{"valid increase", func(k *KeyResult) { k.Kind, k.Start, k.Target = KRIncrease, 0, 5 }, "", ""},
		{"valid percentage down", func(k *KeyResult) { k.Kind, k.Start, k.Target = KRPercentage, 40, 10 }, "", ""},
		{"valid binary ignores start and target", func(k *KeyResult) { k.Kind, k.Start, k.Target = KRBinary, 3, 3 }, "", ""},
		{"valid milestones", func(k *KeyResult) { k.Kind, k.Milestones = KRMilestones, milestones(true, false) }, "", ""},
		{"valid score", func(k *KeyResult) { k.Score = score(0.7) }, "", ""},
		{"valid links", func(k *KeyResult) { k.LabelLinks, k.EpicLinks = []string{"slo", "paging"}, []int64{42} }, "", ""},
		{"empty title", func(k *KeyResult) { k.Title = "  " }, "title", "must not be empty"},
		{"long title", func(k *KeyResult) { k.Title = strings.Repeat("ア", MaxOKRTitle+1) }, "title", "at most 200"},
		{"unknown kind", func(k *KeyResult) { k.Kind = "ratio" }, "kind", `unknown kind "ratio"`},
		{"target equal to start", func(k *KeyResult) { k.Kind, k.Start, k.Target = KRIncrease, 24, 24 },
			"target", "must differ from start (both 24)"},
		{"increase going down", func(k *KeyResult) { k.Kind, k.Start, k.Target = KRIncrease, 30, 24 },
			"target", "use kind decrease"},
		{"decrease going up", func(k *KeyResult) { k.Start, k.Target = 24, 30 }, "target", "use kind increase"},
		{"zero weight", func(k *KeyResult) { k.Weight = 0 }, "weight", "must be above 0, got 0"},
		{"negative weight", func(k *KeyResult) { k.Weight = -2 }, "weight", "got -2"},
		{"NaN weight", func(k *KeyResult) { k.Weight = math.NaN() }, "weight", "above 0"},
		{"NaN target", func(k *KeyResult) { k.Target = math.NaN() }, "target", "must be a number"},
		{"percentage target over 100", func(k *KeyResult) { k.Kind, k.Start, k.Target = KRPercentage, 90, 101 },
			"target", "0 to 100, got 101"},
		{"percentage start below 0", func(k *KeyResult) { k.Kind, k.Start, k.Target = KRPercentage, -1, 50 },
			"start", "0 to 100, got -1"},
		{"milestones without any", func(k *KeyResult) { k.Kind, k.Milestones = KRMilestones, nil },
			"milestones", "at least one"},
		{"milestone without title", func(k *KeyResult) {
			k.Kind, k.Milestones = KRMilestones, []Milestone{{Title: "design"}, {Title: ""}}
		}, "milestones[1].title", "must not be empty"},
		{"score above 1", func(k *KeyResult) { k.Score = score(1.2) }, "score", "0.0 to 1.0, got 1.2"},
		{"score below 0", func(k *KeyResult) { k.Score = score(-0.1) }, "score", "got -0.1"},
		{"blank label", func(k *KeyResult) { k.LabelLinks = []string{"slo", " "} }, "label_links", "must not be empty"},
		{"label twice", func(k *KeyResult) { k.LabelLinks = []string{"slo", "slo"} }, "label_links", `"slo" is linked twice`},
		{"bad epic id", func(k *KeyResult) { k.EpicLinks = []int64{0} }, "epic_links", "above 0"},
		{"epic twice", func(k *KeyResult) { k.EpicLinks = []int64{4, 4} }, "epic_links", "epic 4 is linked twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kr := validKR()
			tt.edit(&kr)
			err := kr.Validate()
			if tt.field == "" {
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				return
			}
			wantField(t, err, tt.field, tt.msg)
		})
	}
}

func TestKeyResultApplyDefaults(t *testing.T) {
	kr := KeyResult{Title: "t", Kind: KRIncrease, Start: 1, Target: 2}
	kr.ApplyDefaults()
	if kr.Weight != DefaultKRWeight {
		t.Errorf("weight = %v, want %v", kr.Weight, DefaultKRWeight)
	}
	kr.Weight = 3
	kr.ApplyDefaults()
	if kr.Weight != 3 {
		t.Errorf("weight overwritten: %v", kr.Weight)
	}
	b := KeyResult{Kind: KRBinary, Start: 7, Target: 7}
	b.ApplyDefaults()
	if b.Start != 0 || b.Target != 1 {
		t.Errorf("binary range = %v..%v, want 0..1", b.Start, b.Target)
	}
	m := KeyResult{Kind: KRMilestones, Milestones: milestones(false, true, false)}
	m.ApplyDefaults()
	if m.Start != 0 || m.Target != 3 {
		t.Errorf("milestones range = %v..%v, want 0..3", m.Start, m.Target)
	}
}

func TestObjectiveValidate(t *testing.T) {
	project := int64(2549133)
	tests := []struct {
		name       string
		o          Objective
		field, msg string
	}{
		{"project objective", Objective{PeriodID: 1, Title: "Calm on-call", ProjectID: &project}, "", ""},
		{"team objective", Objective{PeriodID: 1, Title: "Calm on-call", Team: "SRE"}, "", ""},
		{"no period", Objective{Title: "Calm on-call", Team: "SRE"}, "period_id", "must be set"},
		{"empty title", Objective{PeriodID: 1, Team: "SRE"}, "title", "must not be empty"},
		{"both owners", Objective{PeriodID: 1, Title: "x", Team: "SRE", ProjectID: &project}, "team", "not both"},
		{"no owner", Objective{PeriodID: 1, Title: "x", Team: " "}, "team", "set a project or a team"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.o.Validate()
			if tt.field == "" {
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				return
			}
			wantField(t, err, tt.field, tt.msg)
		})
	}
}

func TestCheckInValidate(t *testing.T) {
	tokyo := mustTokyo(t)
	p, _ := QuarterPeriod(2026, 4, tokyo)
	inside := time.Date(2026, 11, 2, 9, 30, 0, 0, tokyo)
	decr := validKR()
	pct := KeyResult{Title: "x", Kind: KRPercentage, Start: 99, Target: 99.9, Weight: 1}
	bin := KeyResult{Title: "x", Kind: KRBinary, Weight: 1}
	ms := KeyResult{Title: "x", Kind: KRMilestones, Weight: 1, Milestones: milestones(false, false, false)}
	ok := CheckIn{Value: 640, Confidence: 7, Author: "mika", At: inside}
	with := func(edit func(*CheckIn)) CheckIn { c := ok; edit(&c); return c }
	tests := []struct {
		name       string
		kr         KeyResult
		c          CheckIn
		field, msg string
	}{
		{"valid", decr, ok, "", ""},
		{"confidence 0 and 10 are fine", decr, with(func(c *CheckIn) { c.Confidence = 0 }), "", ""},
		{"first instant of the period", decr, with(func(c *CheckIn) { c.At = p.Start }), "", ""},
		{"valid binary", bin, with(func(c *CheckIn) { c.Value = 1 }), "", ""},
		{"valid percentage", pct, with(func(c *CheckIn) { c.Value = 99.5 }), "", ""},
		{"valid milestones", ms, with(func(c *CheckIn) { c.Value, c.MilestonesDone = 2, []bool{true, false, true} }), "", ""},
		{"confidence 11", decr, with(func(c *CheckIn) { c.Confidence = 11 }), "confidence", "must be 0 to 10, got 11"},
		{"confidence -1", decr, with(func(c *CheckIn) { c.Confidence = -1 }), "confidence", "got -1"},
		{"no author", decr, with(func(c *CheckIn) { c.Author = "" }), "author", "must not be empty"},
		{"no date", decr, with(func(c *CheckIn) { c.At = time.Time{} }), "at", "required"},
		{"before the period", decr, with(func(c *CheckIn) { c.At = p.Start.Add(-time.Second) }),
			"at", "check-in date 2026-09-30 is outside period 2026Q4 (2026-10-01 to 2026-12-31)"},
		{"at the exclusive end", decr, with(func(c *CheckIn) { c.At = p.End }),
			"at", "check-in date 2027-01-01 is outside period 2026Q4"},
		{"NaN value", decr, with(func(c *CheckIn) { c.Value = math.NaN() }), "value", "must be a number"},
		{"binary 0.5", bin, with(func(c *CheckIn) { c.Value = 0.5 }), "value", "0 (not done) or 1 (done), got 0.5"},
		{"binary 2", bin, with(func(c *CheckIn) { c.Value = 2 }), "value", "got 2"},
		{"percentage 100.1", pct, with(func(c *CheckIn) { c.Value = 100.1 }), "value", "0 to 100, got 100.1"},
		{"percentage negative", pct, with(func(c *CheckIn) { c.Value = -3 }), "value", "got -3"},
		{"milestones too many", ms, with(func(c *CheckIn) { c.Value = 4 }), "value", "0 to 3, got 4"},
		{"milestones fraction", ms, with(func(c *CheckIn) { c.Value = 1.5 }), "value", "whole number"},
		{"milestones ticks length", ms, with(func(c *CheckIn) { c.Value, c.MilestonesDone = 1, []bool{true} }),
			"milestones_done", "has 1 entries, the key result has 3"},
		{"milestones ticks disagree", ms, with(func(c *CheckIn) { c.Value, c.MilestonesDone = 1, []bool{true, true, false} }),
			"value", "must equal the milestones ticked (2), got 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.c.Validate(tt.kr, p)
			if tt.field == "" {
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				return
			}
			wantField(t, err, tt.field, tt.msg)
		})
	}
}

func TestCheckInValidateClosedPeriod(t *testing.T) {
	p, _ := QuarterPeriod(2026, 4, time.UTC)
	p.Closed = true
	c := CheckIn{Value: 1, Confidence: 7, Author: "mika", At: p.Start.Add(time.Hour)}
	err := c.Validate(validKR(), p)
	if !errors.Is(err, ErrConflict) || !strings.Contains(err.Error(), "period 2026Q4 is closed") {
		t.Errorf("err = %v, want ErrConflict naming the closed period", err)
	}
}

func TestValidateScore(t *testing.T) {
	for _, v := range []float64{0, 0.3, 1} {
		if err := ValidateScore(v); err != nil {
			t.Errorf("ValidateScore(%v): %v", v, err)
		}
	}
	for _, v := range []float64{-0.01, 1.01, 7, math.NaN(), math.Inf(1)} {
		wantField(t, ValidateScore(v), "score", "must be 0.0 to 1.0")
	}
}

func TestValidateLinks(t *testing.T) {
	known := map[string]bool{"slo": true, "paging": true, "toil": true}
	if err := ValidateLinks([]string{"slo", "toil"}, known); err != nil {
		t.Errorf("known labels: %v", err)
	}
	if err := ValidateLinks(nil, known); err != nil {
		t.Errorf("no labels: %v", err)
	}
	wantField(t, ValidateLinks([]string{"slo", "SLO"}, known), "label_links", `unknown label "SLO"`)
	wantField(t, ValidateLinks([]string{"pager", "slo", "oncall"}, known), "label_links", `unknown labels "pager", "oncall"`)
}
