package tracker

import "time"

// CSVStory is one story row of a Tracker CSV export, parsed but not yet
// mapped to the domain. Text cells (Title, Description, comments, task and
// blocker text) are kept exactly as Tracker wrote them, spaces included, so
// nothing is lost before the mapping decides what to normalise; names, ids,
// numbers, dates, types and states are trimmed and checked.
type CSVStory struct {
	// Line is the physical line the row starts on (1 is the header), which
	// is what a user sees in an editor even after multi-line descriptions.
	Line  int
	ID    int64
	Title string
	// Labels come from one comma-separated cell; nil when the cell is empty.
	Labels []string
	// Iteration is nil for icebox stories and exports without the column.
	Iteration      *int
	IterationStart *time.Time
	IterationEnd   *time.Time
	// Type is feature, bug, chore or release (lower case).
	Type string
	// Estimate is nil when unestimated: an empty cell or Tracker's "-1".
	// Zero is a real estimate and stays distinct from nil.
	Estimate *float64
	// Priority is the cell as written, e.g. "p3 - Low"; later exports only.
	Priority string
	// State is Tracker's current_state (lower case), e.g. "accepted".
	State string
	// CreatedAt is the zero time when the cell is empty.
	CreatedAt   time.Time
	AcceptedAt  *time.Time
	Deadline    *time.Time
	RequestedBy string
	// Owners holds every non-empty "Owned By" cell in column order.
	Owners      []string
	Description string
	URL         string
	// Comments holds every non-empty "Comment" (modern) or "Note" (classic)
	// cell in column order. Tracker appends "(author - date)" to the text;
	// it is left in place.
	Comments     []string
	Tasks        []CSVTask
	Blockers     []CSVBlocker
	PullRequests []string
	GitBranches  []string
}

// CSVTask is one "Task" cell with its paired "Task Status" cell.
type CSVTask struct {
	Text string
	// Done is true for the status "completed".
	Done bool
}

// CSVBlocker is one "Blocker" cell with its paired "Blocker Status" cell.
type CSVBlocker struct {
	Text string
	// Resolved is true for the status "resolved".
	Resolved bool
}
