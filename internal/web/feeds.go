package web

import (
	"fmt"
	"html/template"
	"net/http"
	"strings"
	"time"

	"github.com/depeche-archiver/depeche/internal/api"
	"github.com/depeche-archiver/depeche/internal/secret"
)

// chartDays is how many days the feeds page charts.
const chartDays = 30

// feedRow is a feed of the feeds page: its status and its chart.
type feedRow struct {
	api.FeedStatus
	Chart template.HTML // an inline SVG, built from numbers only
}

// feedsData is the feeds page's.
type feedsData struct {
	Rows       []feedRow
	ChartError string
}

// serveFeeds shows every feed's health and what came in per day.
func (u *UI) serveFeeds(w http.ResponseWriter, r *http.Request) {
	rows, err := u.o.Feeds()
	if err != nil {
		u.o.Logger.Warn("web: read feeds", "err", err)
		u.fail(w, http.StatusInternalServerError, "the feeds could not be read: "+err.Error())
		return
	}
	now := u.o.Now()
	counts, chartErr := u.perDay(now)
	d := feedsData{ChartError: chartErr}
	for _, row := range rows {
		row.URL, row.LastError = secret.Mask(row.URL), secret.Mask(row.LastError) // whatever the source
		d.Rows = append(d.Rows, feedRow{FeedStatus: row, Chart: chart(counts[row.Name], now)})
	}
	u.render(w, http.StatusOK, "feeds", page{Title: "Feeds", Data: d})
}

// perDay reads the per-day counts from the index; when there is none, it
// says why.
func (u *UI) perDay(now time.Time) (map[string][]int, string) {
	if u.o.Index == nil {
		return nil, "the search index is not open"
	}
	counts, err := u.o.Index.PerDay(now, chartDays)
	if err != nil {
		u.o.Logger.Warn("web: count articles per day", "err", err)
		return nil, err.Error()
	}
	return counts, ""
}

// Chart geometry, in SVG user units.
const (
	barWidth   = 4
	barGap     = 1
	chartTall  = 24
	chartWidth = chartDays * (barWidth + barGap)
)

// chart draws counts (one per day, oldest first, nil for none) as bars.
// Only numbers and dates go into it, so it is safe as it is built.
func chart(counts []int, now time.Time) template.HTML {
	peak := 1
	for _, c := range counts {
		peak = max(peak, c)
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="perday" width="%d" height="%d" viewBox="0 0 %d %d" role="img" aria-label="articles per day, last %d days">`,
		chartWidth, chartTall, chartWidth, chartTall, chartDays)
	first := now.UTC().Truncate(24*time.Hour).AddDate(0, 0, 1-chartDays)
	for i := range chartDays {
		c := 0
		if i < len(counts) {
			c = counts[i]
		}
		h := max(1, c*chartTall/peak)
		class := ""
		if c == 0 {
			class = ` class="zero"`
		}
		fmt.Fprintf(&b, `<rect%s x="%d" y="%d" width="%d" height="%d"><title>%s: %d</title></rect>`,
			class, i*(barWidth+barGap), chartTall-h, barWidth, h, first.AddDate(0, 0, i).Format("2006-01-02"), c)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
