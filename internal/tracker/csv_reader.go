package tracker

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

// CSVReader streams the stories of a Pivotal Tracker CSV project export,
// in either layout Tracker has produced (see CSVLayoutModern and
// CSVLayoutClassic). It holds one record at a time plus the ids seen so
// far (to reject duplicates), so a 100k-row export reads in little memory.
//
// Next returns a *sprintlens.CSVError for a row it cannot read and stays
// positioned after that row, so a caller may collect every bad row and go
// on; errors reading the underlying io.Reader end the stream.
type CSVReader struct {
	cr      *csv.Reader
	counter *csvLineCounter
	cols    *csvColumns
	loc     *time.Location
	// seen maps each story id to the line it was first read on.
	seen map[int64]int
	// lastLine is the last physical line consumed by a record, so the gap
	// to the next record counts the blank lines encoding/csv skips silently.
	lastLine int
	stats    CSVStats
	err      error // sticky: io.EOF or a read failure
}

// NewCSVReader reads the header of a Tracker CSV export from r and detects
// its layout. It strips a UTF-8 byte-order mark (spreadsheets add one) and
// accepts LF or CRLF line ends. A header without an "Id" column, or with
// neither "Title" nor "Story", is rejected with a *sprintlens.CSVError
// naming the column. Other columns are optional; unknown ones are ignored.
func NewCSVReader(r io.Reader) (*CSVReader, error) {
	counter := &csvLineCounter{r: r}
	br := bufio.NewReader(counter)
	if bom, err := br.Peek(3); err == nil && bytes.Equal(bom, []byte("\xEF\xBB\xBF")) {
		_, _ = br.Discard(3) // cannot fail: the bytes are buffered
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1 // exports leave trailing repeated cells off
	cr.ReuseRecord = true
	rd := &CSVReader{cr: cr, counter: counter, loc: time.UTC, seen: make(map[int64]int)}

	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, &sprintlens.CSVError{Line: 1, Err: errCSVNoHeader}
	}
	if err != nil {
		return nil, rd.readError(header, err)
	}
	line, _ := cr.FieldPos(0)
	rd.skipBlankLines(line)
	rd.lastLine = csvEndLine(cr, header)
	if rd.cols, err = csvMapHeader(header, line); err != nil {
		return nil, err
	}
	return rd, nil
}

// Layout reports the detected header layout: CSVLayoutModern or
// CSVLayoutClassic.
func (r *CSVReader) Layout() string { return r.cols.layout }

// SetLocation sets the time zone for dates written without one (all of
// Tracker's own forms); it should be the project's zone. The default is
// UTC; nil means UTC. Call it before the first Next.
func (r *CSVReader) SetLocation(loc *time.Location) {
	if loc == nil {
		loc = time.UTC
	}
	r.loc = loc
}

// Stats reports what has been read so far.
func (r *CSVReader) Stats() CSVStats {
	s := r.stats
	s.SkippedRows = slices.Clone(s.SkippedRows)
	return s
}

// Next returns the next story, skipping blank lines, empty rows and epic
// rows (counted in Stats). It returns io.EOF after the last row.
func (r *CSVReader) Next() (CSVStory, error) {
	if r.err != nil {
		return CSVStory{}, r.err
	}
	for {
		rec, err := r.cr.Read()
		if errors.Is(err, io.EOF) {
			r.skipBlankLines(r.counter.lines() + 1)
			r.err = io.EOF
			return CSVStory{}, io.EOF
		}
		if err != nil {
			return CSVStory{}, r.readError(rec, err)
		}
		line, _ := r.cr.FieldPos(0)
		r.skipBlankLines(line)
		r.lastLine = csvEndLine(r.cr, rec)
		if reason := r.skipReason(rec); reason != "" {
			r.stats.skip(line, reason)
			continue
		}
		s, err := r.parse(rec, line)
		if err != nil {
			r.stats.Rejected++
			return CSVStory{}, err
		}
		r.stats.Stories++
		return s, nil
	}
}

// skipBlankLines counts the lines between the last record and the one
// starting at next: encoding/csv skips blank lines without a trace.
func (r *CSVReader) skipBlankLines(next int) {
	for l := r.lastLine + 1; l < next; l++ {
		r.stats.skip(l, CSVSkipBlankLine)
	}
}

// skipReason says why a row is not a story, or "" when it is one.
func (r *CSVReader) skipReason(rec []string) string {
	if t := r.cols.typ; t >= 0 && t < len(rec) && strings.EqualFold(strings.TrimSpace(rec[t]), "epic") {
		return CSVSkipEpic
	}
	for _, cell := range rec {
		if strings.TrimSpace(cell) != "" {
			return ""
		}
	}
	return CSVSkipEmptyRow
}

// readError turns an encoding/csv failure into a *sprintlens.CSVError at
// the line where the broken field starts (an unclosed quote is reported
// where it opened, not at the end of the file it swallowed). rec is the
// partial record encoding/csv returns with the error: its length is the
// index of the broken field. Other errors come from the underlying reader
// and end the stream.
func (r *CSVReader) readError(rec []string, err error) error {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		r.err = fmt.Errorf("tracker: read csv: %w", err)
		return r.err
	}
	line := pe.StartLine
	if len(rec) > 0 {
		line = csvEndLine(r.cr, rec) // the broken field starts where the last good one ends
	}
	col := ""
	if r.cols != nil {
		col = r.cols.name(len(rec))
	}
	r.lastLine = pe.Line
	if r.cols != nil {
		r.stats.Rejected++
	}
	return &sprintlens.CSVError{
		Line:   line,
		Column: col,
		Err:    fmt.Errorf("%w (parse stopped at line %d, byte %d)", pe.Err, pe.Line, pe.Column),
	}
}

// csvEndLine is the physical line a record ends on: where its last field
// starts plus the line breaks inside that field.
func csvEndLine(cr *csv.Reader, rec []string) int {
	last := len(rec) - 1
	line, _ := cr.FieldPos(last)
	return line + strings.Count(rec[last], "\n")
}

// csvLineCounter counts the lines passing through, so that at the end of
// the input the reader knows how many blank lines trail the last record.
type csvLineCounter struct {
	r        io.Reader
	newlines int
	n        int64
	last     byte
}

func (c *csvLineCounter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if n > 0 {
		c.newlines += bytes.Count(p[:n], []byte{'\n'})
		c.n += int64(n)
		c.last = p[n-1]
	}
	return n, err
}

// lines is the number of lines read: a last line without a newline counts.
func (c *csvLineCounter) lines() int {
	if c.n > 0 && c.last != '\n' {
		return c.newlines + 1
	}
	return c.newlines
}
