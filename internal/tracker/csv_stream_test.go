package tracker

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strconv"
	"testing"
	"time"
)

// csvGenTotals is what csvGenerate wrote, for the reader side to match.
type csvGenTotals struct {
	rows           int
	acceptedPoints float64
}

// csvGenerate writes a modern export of n stories shaped like the team's:
// one-week iterations of 50 stories, points 0,1,2,3,5,8 on features,
// repeated owner/comment/task columns, and every 100th story (i%100 == 0)
// with a three-line quoted description, so story i starts on line
// 2 + i + 2*ceil(i/100).
func csvGenerate(w io.Writer, n int) (csvGenTotals, error) {
	cw := csv.NewWriter(w)
	header := []string{"Id", "Title", "Labels", "Iteration", "Iteration Start", "Iteration End", "Type", "Estimate",
		"Priority", "Current State", "Created at", "Accepted at", "Deadline", "Requested By", "Description", "URL",
		"Owned By", "Owned By", "Blocker", "Blocker Status", "Comment", "Comment", "Task", "Task Status", "Task", "Task Status",
		"Pull Request", "Git Branch"}
	if err := cw.Write(header); err != nil {
		return csvGenTotals{}, err
	}
	const day = "Jan 2, 2006"
	first := time.Date(2024, time.January, 1, 0, 0, 0, 0, time.UTC)
	points := [...]string{"0", "1", "2", "3", "5", "8"}
	types := [...]string{"feature", "feature", "bug", "chore"}
	var tot csvGenTotals
	rec := make([]string, len(header))
	for i := range n {
		iter := i/50 + 1
		start := first.AddDate(0, 0, 7*(iter-1))
		clear(rec)
		rec[0] = strconv.Itoa(100000000 + i)
		rec[1] = "Split story " + strconv.Itoa(i)
		if i%7 == 0 {
			rec[2] = "sre, oncall"
		}
		rec[3] = strconv.Itoa(iter)
		rec[4] = start.Format(day)
		rec[5] = start.AddDate(0, 0, 6).Format(day)
		rec[6] = types[i%4]
		var est float64
		if rec[6] == "feature" {
			rec[7] = points[i%6]
			est, _ = strconv.ParseFloat(rec[7], 64)
		}
		rec[8] = "p2 - Medium"
		rec[9] = "accepted"
		if i%5 == 0 {
			rec[9] = "started"
		}
		rec[10] = start.AddDate(0, 0, -3).Format(day)
		if rec[9] == "accepted" {
			rec[11] = start.AddDate(0, 0, 3).Format(day)
			tot.acceptedPoints += est
		}
		rec[13] = "Aiko Tanaka"
		rec[14] = "As an SRE I want alerts routed"
		if i%100 == 0 {
			rec[14] = "line one\nline \"two\", quoted\nline three"
		}
		rec[15] = "https://www.pivotaltracker.com/story/show/" + rec[0]
		rec[16] = "Aiko Tanaka"
		if i%2 == 0 {
			rec[17] = "Ken Sato"
		}
		rec[20] = "looks good (Ken Sato - Jan 5, 2024)"
		rec[22], rec[23] = "write runbook", "completed"
		if err := cw.Write(rec); err != nil {
			return tot, err
		}
		tot.rows++
	}
	cw.Flush()
	return tot, cw.Error()
}

// TestCSVReaderStreams100k pipes a generated 100k-row export through the
// reader while it is being written, as an upload would arrive.
func TestCSVReaderStreams100k(t *testing.T) {
	const n = 100_000
	pr, pw := io.Pipe()
	defer pr.Close() // unblocks the writer if the test stops early
	done := make(chan csvGenTotals, 1)
	go func() {
		bw := bufio.NewWriter(pw)
		tot, err := csvGenerate(bw, n)
		if err == nil {
			err = bw.Flush()
		}
		pw.CloseWithError(err)
		done <- tot
	}()

	rd, err := NewCSVReader(pr)
	if err != nil {
		t.Fatal(err)
	}
	var count int
	var accepted float64
	for {
		s, err := rd.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("story %d: %v", count, err)
		}
		i := count
		if s.ID != int64(100000000+i) {
			t.Fatalf("story %d has id %d", i, s.ID)
		}
		if want := 2 + i + 2*((i+99)/100); s.Line != want {
			t.Fatalf("story %d on line %d, want %d", i, s.Line, want)
		}
		if s.State == "accepted" && s.Estimate != nil {
			accepted += *s.Estimate
		}
		count++
	}
	want := <-done
	if count != want.rows || count != n {
		t.Errorf("read %d stories, generator wrote %d (asked %d)", count, want.rows, n)
	}
	if accepted != want.acceptedPoints {
		t.Errorf("accepted points %v, generator wrote %v", accepted, want.acceptedPoints)
	}
	if st := rd.Stats(); st.Stories != n || st.Skipped != 0 || st.Rejected != 0 {
		t.Errorf("Stats = %+v", st)
	}
}

// BenchmarkCSVReader100k reads a 100k-row export per op; allocs/op are
// per export, so divide by 100k for a row's share.
func BenchmarkCSVReader100k(b *testing.B) {
	const n = 100_000
	var buf bytes.Buffer
	if _, err := csvGenerate(&buf, n); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		rd, err := NewCSVReader(bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		count := 0
		for {
			_, err := rd.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			count++
		}
		if count != n {
			b.Fatalf("read %d stories, want %d", count, n)
		}
	}
}
