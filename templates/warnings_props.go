package templates

import "time"

// WarningView is one warning as a page shows it: the web layer localizes
// the kind and the message.
type WarningView struct {
	StoryID   int64
	Kind      string
	KindLabel string
	Message   string
	StoryName string
	StoryURL  string
	// Points is the formatted estimate ("8", or "—" when unestimated).
	Points string
	Since  time.Time
}

// ProjectTab is one link of the warnings, radar, calibration and settings tabs.
type ProjectTab struct {
	Key, Label, URL string
	Active          bool
}

// WarningKindCount is one kind's count, linking to the list filtered by it.
type WarningKindCount struct {
	Kind, Label, URL string
	Count            int
	Active           bool
}

// WarningGroup is one kind's warnings with the rule that raised them:
// the ones shown (a page of them) out of Total.
type WarningGroup struct {
	Kind, Title, Hint string
	Warnings          []WarningView
	Total             int
	// More is how many are not shown on the overview; MoreURL lists the
	// kind alone.
	More    int
	MoreURL string
	// Page and Pages number the pages of a kind listed alone (Pages is 0
	// on the overview); PrevURL and NextURL are empty at either end.
	Page, Pages      int
	PrevURL, NextURL string
}

// DismissedView is a dismissed warning with who dismissed it, when and why.
type DismissedView struct {
	WarningView
	Reason string
	By     string
	At     time.Time
}

// ProjectLink is a project to choose on a page that needs one.
type ProjectLink struct {
	Name, URL string
	Count     int
}

// WarningsProps is the warnings page of one project, or the project chooser.
type WarningsProps struct {
	ProjectID   int64
	ProjectName string
	Tabs        []ProjectTab
	// LimitNote explains the size limit in force.
	LimitNote  string
	ComputedAt time.Time
	Counts     []WarningKindCount
	// AllURL clears the kind filter; Filtered is true while one applies.
	AllURL      string
	Filtered    bool
	Groups      []WarningGroup
	Dismissed   []DismissedView
	DismissHint string
	// Choose lists projects when none was named.
	Choose []ProjectLink
	// RowErrorID names the row (as WarningRow's id) whose dismissal was
	// rejected, with the message and the reason typed.
	RowErrorID, RowError, RowReason string
}

// WarningRowProps is one warning's row, also the htmx fragment a dismissal
// returns: the row with its form (and an error), or the dismissed notice.
type WarningRowProps struct {
	ProjectID int64
	CSRFToken string
	Warning   WarningView
	// Reason and Error refill the form after a rejected dismissal.
	Reason string
	Error  string
	// Dismissed, when set, replaces the form with who dismissed it and why.
	Dismissed *DismissedView
}

// Summary is one labelled number of a page's headline.
type Summary struct {
	Key, Label, Value, Note string
	// Tone is "ok", "warn" or "" (plain).
	Tone string
}

// RadarRowView is one sprint of the split radar table.
type RadarRowView struct {
	Number                                       int
	Dates                                        string
	Current                                      bool
	Points, BigShare, Lumpiness, Spanned, Runway string
	Volatility                                   string
	// BigHigh, LumpHigh and SpannedHigh mark numbers worth a look.
	BigHigh, LumpHigh, SpannedHigh bool
}

// RadarScopeView is one label or epic in the radar's scope list.
type RadarScopeView struct {
	Name, URL           string
	Sprints             int
	Points              string
	EarlyBig, RecentBig string
	Active              bool
}

// ChartData is a Chart.js configuration sent in a JSON script tag.
type ChartData struct {
	ID     string
	Config any
}

// RadarProps is the split radar page.
type RadarProps struct {
	ProjectID   int64
	ProjectName string
	Tabs        []ProjectTab
	// Scope is the label shown ("" for the whole project); ProjectURL clears it.
	Scope      string
	ProjectURL string
	LimitNote  string
	Verdict    string
	// VerdictTone is "ok" when the habit is paying off.
	VerdictTone string
	Overlap     string
	Trend       []Summary
	TrendChart  ChartData
	VolChart    ChartData
	RunwayChart ChartData
	Rows        []RadarRowView
	Scopes      []RadarScopeView
	Hints       []Summary
	Empty       bool
}

// CalibrationRowView is one estimate's line of the calibration table.
type CalibrationRowView struct {
	Estimate, Count, P50, P85 string
	FewSamples, LongTail      bool
	Overlaps                  string
}

// CalibrationProps is the estimate calibration page.
type CalibrationProps struct {
	ProjectID   int64
	ProjectName string
	Tabs        []ProjectTab
	Rows        []CalibrationRowView
	Findings    []string
	Chart       ChartData
	Hints       []Summary
	Empty       bool
}

// SettingsField is one input of the settings form with its error.
type SettingsField struct {
	Name, Label, Value, Help, Error string
}

// SettingsProps is the settings page: the form, its values and errors.
type SettingsProps struct {
	ProjectID   int64
	ProjectName string
	Tabs        []ProjectTab
	CSRFToken   string
	SizeLimit   SettingsField
	Window      SettingsField
	CountBugs   bool
	TimeZone    SettingsField
	// TimeZoneFromTracker shows the time zone read-only: a synced
	// project's is Tracker's (sprintlens.Project.TimeZoneFromTracker).
	TimeZoneFromTracker bool
	LumpyShare          SettingsField
	Percentile          SettingsField
	// Saved is true right after a successful save.
	Saved bool
	// Invalid is true when the form came back with errors.
	Invalid bool
}
