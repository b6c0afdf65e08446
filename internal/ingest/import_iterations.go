package ingest

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
	"github.com/sprintlens/sprintlens/internal/tracker"
)

// iterationFacts is what the rows of an export say about one iteration:
// its window, as the "Iteration Start" and "Iteration End" cells give it,
// and what kind of stories it holds. A project has at most a few hundred
// iterations, so the import keeps these in memory.
type iterationFacts struct {
	number int
	// start and end are the first and last days (end inclusive, as
	// exports write it); both zero when no row gave a window.
	start, end time.Time
	// line is the row that gave the window, for mismatch errors.
	line int
	// inProgress: some story is started, finished, delivered or rejected.
	inProgress bool
	// unaccepted: some story is not accepted yet.
	unaccepted bool
}

func (f *iterationFacts) hasWindow() bool { return !f.start.IsZero() }

// iterationSet collects iterationFacts while rows stream by.
type iterationSet map[int]*iterationFacts

const dateLayout = "Jan 2, 2006"

// add records a row's iteration. Every row of an iteration must give the
// same window: a mismatch means a hand-edited file, and guessing which
// row is right would silently move stories between sprints.
func (set iterationSet) add(cs tracker.CSVStory, iteration *int, state sprintlens.StoryState) *tracker.CSVError {
	if cs.Iteration == nil {
		return nil
	}
	n := *cs.Iteration
	f := set[n]
	if f == nil {
		f = &iterationFacts{number: n}
		set[n] = f
	}
	if iteration != nil {
		f.inProgress = f.inProgress || state.InProgress()
		f.unaccepted = f.unaccepted || state != sprintlens.Accepted
	}
	if cs.IterationStart == nil || cs.IterationEnd == nil {
		return nil
	}
	start, end := *cs.IterationStart, *cs.IterationEnd
	if end.Before(start) {
		return &tracker.CSVError{Line: cs.Line, Column: "Iteration End", Value: end.Format(dateLayout),
			Err: fmt.Errorf("is before the iteration's start, %s", start.Format(dateLayout))}
	}
	if !f.hasWindow() {
		f.start, f.end, f.line = start, end, cs.Line
		return nil
	}
	if !start.Equal(f.start) {
		return &tracker.CSVError{Line: cs.Line, Column: "Iteration Start", Value: start.Format(dateLayout),
			Err: fmt.Errorf("differs from the start of iteration %d on line %d, %s", n, f.line, f.start.Format(dateLayout))}
	}
	if !end.Equal(f.end) {
		return &tracker.CSVError{Line: cs.Line, Column: "Iteration End", Value: end.Format(dateLayout),
			Err: fmt.Errorf("differs from the end of iteration %d on line %d, %s", n, f.line, f.end.Format(dateLayout))}
	}
	return nil
}

// iterationPlan is what an export says about a project's iterations.
type iterationPlan struct {
	Iterations []sprintlens.Iteration
	// Current is the number of the iteration in progress; 0 when every
	// scheduled story is accepted and the export time picks none.
	Current int
	// Weeks is the project's iteration length: the latest iteration's.
	Weeks int
}

// plan turns the collected facts into iterations. Iterations with a
// window are stored with it (finish = the day after the last day, so the
// window is half-open); an iteration between two known ones that no
// story mentions (a sprint where nothing was accepted, common in older
// projects) is filled in when its neighbours are evenly spaced, so
// velocity averages see it as the zero it was. Kinds follow the current
// iteration: done before it, current, backlog after.
func (set iterationSet) plan(exportedAt time.Time) iterationPlan {
	facts := make([]*iterationFacts, 0, len(set))
	for _, f := range set {
		facts = append(facts, f)
	}
	slices.SortFunc(facts, func(a, b *iterationFacts) int { return a.number - b.number })

	var its []sprintlens.Iteration
	for _, f := range facts {
		if !f.hasWindow() {
			continue
		}
		it := sprintlens.Iteration{Number: f.number, Start: f.start, Finish: f.end.AddDate(0, 0, 1), TeamStrength: 1}
		it.Length = weeksOf(daysBetween(it.Start, it.Finish))
		if len(its) > 0 {
			its = append(its, fillGap(its[len(its)-1], it)...)
		}
		its = append(its, it)
	}
	p := iterationPlan{Current: currentIteration(facts, its, exportedAt), Weeks: 1}
	if len(its) > 0 {
		p.Weeks = min(max(its[len(its)-1].Length, 1), 4) // projects.iteration_weeks allows 1 to 4
	}
	for i := range its {
		switch {
		case p.Current == 0 || its[i].Number < p.Current:
			its[i].Kind = sprintlens.IterationDone
		case its[i].Number == p.Current:
			its[i].Kind = sprintlens.IterationCurrent
		default:
			its[i].Kind = sprintlens.IterationBacklog
		}
	}
	p.Iterations = its
	return p
}

// fillGap returns the iterations strictly between a and b when a's
// length divides the days between their starts evenly; none otherwise
// (the length changed somewhere in the gap, and where is unknowable).
func fillGap(a, b sprintlens.Iteration) []sprintlens.Iteration {
	gap := b.Number - a.Number
	if gap < 2 {
		return nil
	}
	step := daysBetween(a.Start, a.Finish)
	if step < 1 || daysBetween(a.Start, b.Start) != gap*step {
		return nil
	}
	out := make([]sprintlens.Iteration, 0, gap-1)
	for k := 1; k < gap; k++ {
		start := a.Start.AddDate(0, 0, k*step)
		out = append(out, sprintlens.Iteration{Number: a.Number + k, Start: start, Finish: start.AddDate(0, 0, step),
			TeamStrength: 1, Length: a.Length})
	}
	return out
}

// currentIteration picks the iteration in progress when the export was
// taken. The rule, first match wins:
//
//  1. the iteration whose window contains the export time, when the file
//     name gives that time (Tracker names exports
//     <project>_<yyyymmdd>_<hhmm>.csv);
//  2. else the highest-numbered iteration holding a story in progress
//     (started, finished, delivered or rejected): Tracker keeps such
//     stories in the current iteration;
//  3. else the lowest-numbered iteration holding an unaccepted story:
//     the first one not done;
//  4. else none (0): every scheduled story is accepted, all iterations
//     are done.
//
// The time of the import itself is deliberately not used: an export is
// often imported days or years after it was taken.
func currentIteration(facts []*iterationFacts, its []sprintlens.Iteration, exportedAt time.Time) int {
	if !exportedAt.IsZero() {
		for _, it := range its {
			if it.Contains(exportedAt) {
				return it.Number
			}
		}
	}
	for i := len(facts) - 1; i >= 0; i-- {
		if facts[i].inProgress {
			return facts[i].number
		}
	}
	for _, f := range facts {
		if f.unaccepted {
			return f.number
		}
	}
	return 0
}

// daysBetween counts calendar days from a to b; rounding absorbs the hour
// a daylight-saving change adds or removes.
func daysBetween(a, b time.Time) int { return int(math.Round(b.Sub(a).Hours() / 24)) }

// weeksOf rounds a length in days to whole weeks, at least one.
func weeksOf(days int) int { return max((days+3)/7, 1) }

// errIterationTooLarge rejects iteration numbers the schema cannot hold.
var errIterationTooLarge = errors.New("is too large for an iteration number")

func checkIterationNumber(cs tracker.CSVStory) *tracker.CSVError {
	if cs.Iteration != nil && *cs.Iteration > math.MaxInt32 {
		return &tracker.CSVError{Line: cs.Line, Column: "Iteration", Value: fmt.Sprint(*cs.Iteration), Err: errIterationTooLarge}
	}
	return nil
}
