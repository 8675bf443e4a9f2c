package clean

import (
	"regexp"
	"strings"
	"time"
)

// zonedLayouts carry their own zone.
var zonedLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04Z07:00",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 -0700",
	time.RFC1123Z,
	time.RFC1123,
	"Mon, 2 Jan 2006 15:04:05 -0700",
}

// localLayouts are read in the rule's time zone.
var localLayouts = []string{
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006-01-02",
}

// looseDate finds a day/month/year date and an optional hh:mm time in
// free text such as "Mardi, 29/04/2025 - 14:30 (GMT+7)".
var (
	looseDay  = regexp.MustCompile(`\b(\d{1,2})/(\d{1,2})/(\d{4})\b`)
	looseTime = regexp.MustCompile(`\b(\d{1,2})[:h](\d{2})\b`)
)

// parseDate reads s, a machine date or a date in text; loc applies when s
// carries no zone. It returns the zero time when s holds no date.
func parseDate(s string, loc *time.Location) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}
	}
	for _, l := range zonedLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t
		}
	}
	for _, l := range localLayouts {
		if t, err := time.ParseInLocation(l, s, loc); err == nil {
			return t
		}
	}
	return parseLoose(s, loc)
}

func parseLoose(s string, loc *time.Location) time.Time {
	d := looseDay.FindStringSubmatch(s)
	if d == nil {
		return time.Time{}
	}
	value := d[1] + "/" + d[2] + "/" + d[3]
	layout := "2/1/2006"
	if t := looseTime.FindStringSubmatch(s); t != nil {
		value += " " + t[1] + ":" + t[2]
		layout += " 15:04"
	}
	t, err := time.ParseInLocation(layout, value, loc)
	if err != nil {
		return time.Time{}
	}
	return t
}
