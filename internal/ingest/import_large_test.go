package ingest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sprintlens/sprintlens/internal/postgres/pgtest"
)

// genTotals is what genExport wrote, for the stored side to match.
type genTotals struct {
	stories, accepted int
	acceptedPoints    float64
	iterations        int
}

// genExport writes a modern export of n stories shaped like the team's:
// one-week iterations of 50 stories from Jan 1, 2024, points 0,1,2,3,5,8
// on features, the last iteration's stories started or unstarted, a few
// labels and two owners, every 100th story with a multi-line description.
func genExport(w io.Writer, n int) (genTotals, error) {
	cw := csv.NewWriter(w)
	header := []string{"Id", "Title", "Labels", "Iteration", "Iteration Start", "Iteration End", "Type", "Estimate",
		"Current State", "Created at", "Accepted at", "Deadline", "Requested By", "Description", "URL", "Owned By", "Owned By"}
	if err := cw.Write(header); err != nil {
		return genTotals{}, err
	}
	first := time.Date(2024, time.January, 1, 0, 0, 0, 0, time.UTC)
	points := [...]string{"0", "1", "2", "3", "5", "8"}
	types := [...]string{"feature", "feature", "bug", "chore"}
	last := (n-1)/50 + 1
	tot := genTotals{iterations: last}
	rec := make([]string, len(header))
	for i := range n {
		iter := i/50 + 1
		start := first.AddDate(0, 0, 7*(iter-1))
		clear(rec)
		rec[0] = strconv.Itoa(200000000 + i)
		rec[1] = "Split story " + strconv.Itoa(i)
		if i%7 == 0 {
			rec[2] = "sre, oncall"
		}
		rec[3] = strconv.Itoa(iter)
		rec[4] = start.Format(dateLayout)
		rec[5] = start.AddDate(0, 0, 6).Format(dateLayout)
		rec[6] = types[i%4]
		var est float64
		if rec[6] == "feature" {
			rec[7] = points[i%6]
			est, _ = strconv.ParseFloat(rec[7], 64)
		}
		rec[8] = "accepted"
		if iter == last {
			rec[8] = [...]string{"started", "unstarted"}[i%2]
		}
		rec[9] = start.AddDate(0, 0, -3).Format(dateLayout)
		if rec[8] == "accepted" {
			rec[10] = start.AddDate(0, 0, 3).Format(dateLayout)
			tot.accepted++
			tot.acceptedPoints += est
		}
		rec[12] = "Aiko Tanaka"
		rec[13] = "As an SRE I want alerts routed"
		if i%100 == 0 {
			rec[13] = "line one\nline \"two\", quoted\nline three"
		}
		rec[14] = "https://www.pivotaltracker.com/story/show/" + rec[0]
		rec[15] = "Aiko Tanaka"
		if i%2 == 0 {
			rec[16] = "Ken Sato"
		}
		if err := cw.Write(rec); err != nil {
			return tot, err
		}
		tot.stories++
	}
	cw.Flush()
	return tot, cw.Error()
}

// TestImport20kStreams imports a generated 20k-row export read from a
// pipe while it is being written, as an upload arrives: the importer
// never needs the whole file.
func TestImport20kStreams(t *testing.T) {
	const n = 20_000
	ctx := context.Background()
	im, st := newImporter(t)
	pr, pw := io.Pipe()
	defer pr.Close()
	done := make(chan genTotals, 1)
	go func() {
		bw := bufio.NewWriter(pw)
		tot, err := genExport(bw, n)
		if err == nil {
			err = bw.Flush()
		}
		pw.CloseWithError(err)
		done <- tot
	}()
	var mu sync.Mutex
	var lines []string
	sum, err := im.Import(ctx, pr, ImportOptions{FileName: "sre-export.csv", Progress: func(l string) {
		mu.Lock()
		defer mu.Unlock()
		lines = append(lines, l)
	}})
	if err != nil {
		t.Fatal(err)
	}
	want := <-done

	if sum.Stories != want.stories || sum.Inserted != n || sum.Iterations != want.iterations {
		t.Errorf("summary %+v, want %d stories in %d iterations", sum.ImportCounts, n, want.iterations)
	}
	var stored, accepted int
	var points float64
	err = pgtest.Pool(t).QueryRow(ctx, `SELECT count(*), count(*) FILTER (WHERE current_state = 'accepted'),
	coalesce(sum(estimate) FILTER (WHERE current_state = 'accepted'), 0)::float8
	FROM stories WHERE project_id = $1`, sum.ProjectID).Scan(&stored, &accepted, &points)
	if err != nil {
		t.Fatal(err)
	}
	if stored != want.stories || accepted != want.accepted || points != want.acceptedPoints {
		t.Errorf("stored %d stories, %d accepted for %v points; generator wrote %d, %d, %v",
			stored, accepted, points, want.stories, want.accepted, want.acceptedPoints)
	}
	if sum.CurrentIteration != want.iterations {
		t.Errorf("current iteration %d, want the last, %d", sum.CurrentIteration, want.iterations)
	}

	mu.Lock()
	defer mu.Unlock()
	wantLines := []string{"read 10000 stories", "read 20000 stories", "read 20000 stories; writing"}
	if len(lines) != len(wantLines) {
		t.Fatalf("progress lines %q, want %d", lines, len(wantLines))
	}
	for i, w := range wantLines {
		if !strings.HasPrefix(lines[i], w) {
			t.Errorf("progress line %d = %q, want %q...", i, lines[i], w)
		}
	}
	runs, err := st.Runs(ctx, sum.ProjectID, 1)
	if err != nil || len(runs) != 1 || runs[0].Progress != lines[len(lines)-1] || runs[0].StoriesInserted != n {
		t.Errorf("run = %+v, %v; want the last progress line and %d inserted", runs, err, n)
	}
}

// BenchmarkImport100k imports a generated 100k-row export into an empty
// database per op. Run it alone: go test -run '^$' -bench Import100k.
func BenchmarkImport100k(b *testing.B) {
	const n = 100_000
	var buf bytes.Buffer
	if _, err := genExport(&buf, n); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	im, _ := newImporter(b)
	pool := pgtest.Pool(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		pgtest.Reset(b, pool)
		b.StartTimer()
		sum, err := im.Import(context.Background(), bytes.NewReader(data), ImportOptions{FileName: "sre_20260101_0900.csv"})
		if err != nil {
			b.Fatal(err)
		}
		if sum.Inserted != n {
			b.Fatalf("inserted %d, want %d", sum.Inserted, n)
		}
	}
}
