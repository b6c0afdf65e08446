package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// Targets from issue 11. Pages must keep a fair share of what the bare
// framework can do on the same machine, answer fast at the 99th
// percentile, and the server must stay small.
const (
	targetRatio = 0.30
	targetP99   = 50 * time.Millisecond
	targetRSS   = 100_000_000 // bytes: 100 MB
)

// Verdicts in the ok? column. Informative rows have none.
const (
	verdictOK      = "ok"
	verdictMissed  = "MISSED"
	verdictPending = "pending"
	verdictSkipped = "skipped"
)

// benchRow is one line of the report. A note is printed under the table
// (once per distinct text), for what does not fit a cell.
type benchRow struct {
	metric, value, baseline, ratio, target, verdict string
	note                                            string
}

func verdict(ok bool) string {
	if ok {
		return verdictOK
	}
	return verdictMissed
}

// helloRows report the baseline itself.
func helloRows(hello loadResult) []benchRow {
	return []benchRow{
		{metric: "hello-world echo: throughput", value: fmtRate(hello.rate())},
		{metric: "hello-world echo: p50 / p99", value: fmtLatencies(hello)},
	}
}

// pageRows compare one page set's run with the hello-world run.
func pageRows(name string, page, hello loadResult) []benchRow {
	ratio := 0.0
	if hello.rate() > 0 {
		ratio = page.rate() / hello.rate()
	}
	p99 := page.percentile(0.99)
	rows := []benchRow{
		{metric: name + ": throughput", value: fmtRate(page.rate()), baseline: "hello " + fmtRate(hello.rate()),
			ratio: fmt.Sprintf("%.1f %%", ratio*100), target: fmt.Sprintf("≥ %.0f %% of hello", targetRatio*100),
			verdict: verdict(ratio >= targetRatio)},
		{metric: name + ": p50 / p99", value: fmtLatencies(page), baseline: "hello " + fmtLatencies(hello),
			target: "p99 < " + fmtMs(targetP99), verdict: verdict(p99 < targetP99 && page.requests > 0)},
	}
	if page.errors > 0 {
		rows = append(rows, benchRow{metric: name + ": failed requests", value: fmt.Sprintf("%d of %d", page.errors, page.requests),
			target: "none", verdict: verdictMissed, note: name + ": first failure: " + firstLine(page.firstError)})
	}
	return rows
}

// skippedRow stands for a page set whose route the server does not have.
func skippedRow(name, why string) benchRow {
	return benchRow{metric: name, value: why, verdict: verdictSkipped}
}

// processRows report the real server process.
func processRows(st processStats, how string) []benchRow {
	return []benchRow{
		{metric: "serve: start-up (exec → /readyz 200)", value: fmtDuration(st.startup)},
		{metric: "serve: resident memory when ready", value: fmtMB(st.idleRSS)},
		{metric: "serve: resident memory after the pages", value: fmtMB(st.loadedRSS), target: "< " + fmtMB(targetRSS),
			verdict: verdict(st.loadedRSS < targetRSS)},
		{metric: "serve: peak resident memory (VmHWM)", value: fmtMB(st.peakRSS), baseline: "binary: " + how,
			target: "< " + fmtMB(targetRSS), verdict: verdict(st.peakRSS < targetRSS)},
	}
}

// printTable writes the rows as aligned columns and ends with a line
// that counts missed targets, so a missed one cannot hide in the table.
func printTable(w io.Writer, rows []benchRow) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "metric\tvalue\tbaseline\tratio\ttarget\tok?")
	fmt.Fprintln(tw, "------\t-----\t--------\t-----\t------\t---")
	var targets int
	var missed, notes []string
	for _, r := range rows {
		cells := []string{r.metric, r.value, r.baseline, r.ratio, r.target, r.verdict}
		for i, c := range cells {
			if c == "" {
				cells[i] = "—"
			}
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
		if r.verdict == verdictOK || r.verdict == verdictMissed {
			targets++
		}
		if r.verdict == verdictMissed {
			missed = append(missed, r.metric)
		}
		if r.note != "" && !slices.Contains(notes, r.note) {
			notes = append(notes, r.note)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, n := range notes {
		fmt.Fprintln(w, "note:", n)
	}
	if len(missed) == 0 {
		_, err := fmt.Fprintf(w, "\nall %d targets met\n", targets)
		return err
	}
	_, err := fmt.Fprintf(w, "\nMISSED %d of %d targets: %s\n", len(missed), targets, strings.Join(missed, "; "))
	return err
}

func fmtRate(perSecond float64) string {
	return fmt.Sprintf("%.0f req/s", perSecond)
}

func fmtLatencies(r loadResult) string {
	return fmtMs(r.percentile(0.5)) + " / " + fmtMs(r.percentile(0.99))
}

func fmtMs(d time.Duration) string {
	ms := float64(d) / float64(time.Millisecond)
	if ms < 10 {
		return fmt.Sprintf("%.2f ms", ms)
	}
	return fmt.Sprintf("%.0f ms", ms)
}

func fmtDuration(d time.Duration) string {
	if d < time.Second {
		return fmtMs(d)
	}
	return fmt.Sprintf("%.1f s", d.Seconds())
}

func fmtMB(bytes int64) string {
	return fmt.Sprintf("%.1f MB", float64(bytes)/1e6)
}
