package sprintlens

// Snapshot is everything a sync or import learned about one project, to
// be written in one transaction so readers never see half of it.
//
// Full snapshots carry every story: stories stored before and absent now
// are deleted. Incremental snapshots carry only changed stories plus the
// ids Tracker reported deleted.
type Snapshot struct {
	Project    Project
	Full       bool
	Iterations []Iteration
	People     []Person
	Labels     []Label
	Epics      []Epic
	Stories    []Story
	// DeletedStoryIDs are removed in incremental snapshots.
	DeletedStoryIDs []int64
	// History entries are appended; a full snapshot first drops the
	// project's activity and reconstructed entries (it re-reads them) and
	// keeps what earlier syncs observed.
	History []HistoryEntry
}

// SaveCounts says what a save changed.
type SaveCounts struct {
	Inserted  int
	Updated   int
	Unchanged int
	Deleted   int
	// DeletedIDs lists the stories removed (imports report them).
	DeletedIDs []int64
}
