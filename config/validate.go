package config

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/depeche-archiver/depeche/crawler/clean"
	"github.com/depeche-archiver/depeche/internal/secret"
)

// feedName is the form of a feed's name: it ends subjects and keys of a
// cluster's NATS, where a '.' separates tokens and none may be empty.
var feedName = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9_-]|\.[A-Za-z0-9_-])*$`)

// Validate checks every setting and returns the first problem found,
// naming its key. Load reports it with the file and line.
func (c *Config) Validate() error {
	checks := []func() error{c.validateSettings, c.validateListen, c.validateSearch, c.validateFeeds, c.validateSites, c.validateCluster}
	for _, check := range checks {
		if err := check(); err != nil {
			return err
		}
	}
	return nil
}

func (c *Config) validateSettings() error {
	switch {
	case c.Archive == "":
		return fieldErr("archive", "must name a file")
	case c.UserAgent == "":
		return fieldErr("user_agent", "must not be empty")
	case c.Proxy != "" && checkURL(c.Proxy) != nil:
		return fieldErr("proxy", "%w", checkURL(c.Proxy))
	case c.HostDelay < 0:
		return fieldErr("host_delay", "must not be negative")
	case c.HostParallel < 1:
		return fieldErr("host_parallel", "must be at least 1, got %d", c.HostParallel)
	case c.Workers < 1:
		return fieldErr("workers", "must be at least 1, got %d", c.Workers)
	case c.Interval.D() < Floor:
		return belowFloor("interval", c.Interval)
	case c.MaxParallel < 1:
		return fieldErr("max_parallel", "must be at least 1, got %d", c.MaxParallel)
	case c.MaxInterval.D() < Floor:
		return belowFloor("max_interval", c.MaxInterval)
	case c.BackoffCap.D() < Floor:
		return belowFloor("backoff_cap", c.BackoffCap)
	case c.MinInterval.D() < Floor:
		return belowFloor("min_interval", c.MinInterval)
	case c.MinInterval > c.MaxInterval:
		return fieldErr("min_interval", "must be at most max_interval")
	case c.Jitter < 0 || c.Jitter > 1:
		return fieldErr("jitter", "must be between 0 and 1, got %g", c.Jitter)
	case c.Timeout <= 0:
		return fieldErr("timeout", "must be positive")
	case c.MaxBodyBytes < 1024:
		return fieldErr("max_body_bytes", "must be at least 1024, got %d", c.MaxBodyBytes)
	case c.PageRetry.First.D() < Floor:
		return belowFloor("page_retry.first", c.PageRetry.First)
	case c.PageRetry.Max < c.PageRetry.First:
		return fieldErr("page_retry.max", "must be at least page_retry.first")
	case c.PageRetry.Tries < 1:
		return fieldErr("page_retry.tries", "must be at least 1, got %d", c.PageRetry.Tries)
	}
	if err := c.validateRevisit(); err != nil {
		return err
	}
	return c.validateLog()
}

// belowFloor is the error of a key that paces requests set below Floor.
func belowFloor(key string, d Duration) error {
	return fieldErr(key, "must be at least %v, got %v: depeche polls a feed, and tries a page, at most once every %v", Floor, d.D(), Floor)
}

// validateRevisit checks that each revisit age is positive and later
// than the one before.
func (c *Config) validateRevisit() error {
	for i, d := range c.Revisit {
		switch {
		case d <= 0:
			return fieldErr(fmt.Sprintf("revisit[%d]", i), "must be positive, got %v", d.D())
		case i > 0 && d <= c.Revisit[i-1]:
			return fieldErr(fmt.Sprintf("revisit[%d]", i), "must be later than revisit[%d] (%v), got %v", i-1, c.Revisit[i-1].D(), d.D())
		}
	}
	return nil
}

func (c *Config) validateLog() error {
	switch c.Log.Format {
	case "text", "json":
	default:
		return fieldErr("log.format", "must be text or json, got %q", c.Log.Format)
	}
	switch c.Log.Level {
	case "debug", "info", "warn", "error":
		return nil
	}
	return fieldErr("log.level", "must be debug, info, warn or error, got %q", c.Log.Level)
}

func (c *Config) validateFeeds() error {
	seen := make(map[string]int, len(c.Feeds))
	for i, f := range c.Feeds {
		key := fmt.Sprintf("feeds[%d]", i)
		if err := validateFeed(key, f); err != nil {
			return err
		}
		if j, dup := seen[f.Name]; dup {
			return fieldErr(key+".name", "%q is already the name of feeds[%d]", f.Name, j)
		}
		seen[f.Name] = i
	}
	return nil
}

func validateFeed(key string, f Feed) error {
	if !feedName.MatchString(f.Name) {
		return fieldErr(key+".name", "%q is not a feed name (letters, digits, '_', '-', and '.' between them)", f.Name)
	}
	if err := checkURL(f.URL); err != nil {
		return fieldErr(key+".url", "%w", err)
	}
	if f.Interval != 0 && f.Interval.D() < Floor { // 0: the top-level interval
		return belowFloor(key+".interval", f.Interval)
	}
	if err := validateGroup(key+".group", f.Group); err != nil {
		return err
	}
	if f.Backfill != nil {
		if err := validateBackfill(key+".backfill", f.Backfill); err != nil {
			return err
		}
	}
	return validateHeaders(key+".headers", f.Headers)
}

// checkURL accepts absolute http and https URLs.
func checkURL(raw string) error {
	if raw == "" {
		return errors.New("is missing")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("%s is not a URL%s", quoteURL(raw), userInfoHint(raw))
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%s is not an absolute http or https URL", quoteURL(raw))
	}
	return nil
}

// quoteURL quotes raw for an error message, its user information masked.
// A value holding an '@' that Mask leaves outside the path of a URL with
// a host, as one that does not parse may (https://user:pass/word@host,
// user:pass@host), is not quoted at all: it may hold a password.
func quoteURL(raw string) string {
	m := secret.Mask(raw)
	if u, err := url.Parse(raw); (err != nil || u.Host == "") && strings.Contains(m, "@") {
		return "the value (not shown: it may hold a password)"
	}
	return strconv.Quote(m)
}

// userInfoHint says how to write a password that breaks a URL.
func userInfoHint(raw string) string {
	if strings.Contains(raw, "@") {
		return " (percent-encode any of :/?#[]@ and spaces in a user name or password)"
	}
	return ""
}

// validateSites checks the headers of every entry, then the rules of all,
// including those of entries that only give headers: clean.New refuses two
// entries for one host and path prefix.
func (c *Config) validateSites() error {
	rules := make([]clean.Rule, len(c.Sites))
	for i, s := range c.Sites {
		if err := validateHeaders(fmt.Sprintf("sites[%d].headers", i), s.Headers); err != nil {
			return err
		}
		rules[i] = s.Rule
	}
	_, err := clean.New(rules)
	var re *clean.RuleError
	if errors.As(err, &re) {
		return fieldErr(fmt.Sprintf("sites[%d].%s", re.Index, re.Field), "%w", re.Err)
	}
	if err != nil {
		return fieldErr("sites", "%w", err)
	}
	return nil
}

// validateGroup accepts "" and folder names joined by "/": each one
// non-empty, without surrounding spaces or control characters.
func validateGroup(key, group string) error {
	if group == "" {
		return nil
	}
	for _, folder := range strings.Split(group, "/") {
		if folder == "" || folder != strings.TrimSpace(folder) || strings.ContainsFunc(folder, unicode.IsControl) {
			return fieldErr(key, "%q is not folder names joined by \"/\" (no empty names, no surrounding spaces)", group)
		}
	}
	return nil
}
