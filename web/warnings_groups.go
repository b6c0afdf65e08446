package web

import (
	"strconv"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
	"github.com/sprintlens/sprintlens/templates"
	"github.com/sprintlens/sprintlens/templates/i18n"
)

// warningsPerKind is how many warnings of each kind the overview shows. A
// 5,000-story project raises hundreds; a page with every one of them,
// each with its dismiss form, is slow to send and no easier to read.
const warningsPerKind = 50

// warningsPerPage is how many warnings a page of one kind lists.
const warningsPerPage = 200

// warningGroup shows one kind's warnings, all in ws, localized by view
// (only those shown: the messages cost more than the rest of a row): the first
// warningsPerKind with a link to the rest on the overview, or page `page`
// (from 1, clamped) of warningsPerPage when the page lists this kind alone
// (alone). The warning of story pinned (a rejected dismissal's, 0 for
// none) is shown wherever it falls, so its error is never hidden.
func warningGroup(l *i18n.Localizer, kind sprintlens.WarningKind, ws []sprintlens.Warning, view func(sprintlens.Warning) templates.WarningView,
	alone bool, page int, base string, pinned int64) templates.WarningGroup {
	g := templates.WarningGroup{Kind: string(kind), Title: l.T("warnings.kind." + string(kind)),
		Hint: l.T("warnings.hint." + string(kind)), Total: len(ws)}
	kindURL := base + "?kind=" + string(kind)
	from, to := 0, min(len(ws), warningsPerKind)
	if alone {
		g.Pages = (len(ws) + warningsPerPage - 1) / warningsPerPage
		g.Page = min(max(page, 1), g.Pages)
		from, to = (g.Page-1)*warningsPerPage, min(g.Page*warningsPerPage, len(ws))
		if g.Page > 1 {
			g.PrevURL = kindURL + "&page=" + strconv.Itoa(g.Page-1)
		}
		if g.Page < g.Pages {
			g.NextURL = kindURL + "&page=" + strconv.Itoa(g.Page+1)
		}
	} else if len(ws) > to {
		g.More, g.MoreURL = len(ws)-to, kindURL
	}
	for i, w := range ws {
		if i >= from && i < to || pinned != 0 && w.StoryID == pinned {
			g.Warnings = append(g.Warnings, view(w))
		}
	}
	return g
}
