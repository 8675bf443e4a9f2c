package config

import (
	_ "embed"
	"fmt"
	"reflect"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/depeche-archiver/depeche/internal/secret"
)

// Config is depeche's whole configuration.
//
// Each field's reload tag says what a running daemon does when a reload
// changes it: "live" applies it at once, "restart" only after a restart
// (RestartNeeded names those). Every field has one; a test fails for a
// field without.
type Config struct {
	// Archive is the path of the bbolt archive file.
	Archive string `yaml:"archive" reload:"restart"`
	// UserAgent is sent with every request.
	UserAgent string `yaml:"user_agent" reload:"restart"`
	// AllowPrivateNetworks lets fetches reach addresses that are not
	// globally routable (loopback, private, link-local, reserved...) and
	// this machine's own. Off by default: feeds link to arbitrary URLs.
	AllowPrivateNetworks bool `yaml:"allow_private_networks" reload:"restart"`
	// Proxy is an http:// proxy for every request; empty uses the
	// HTTP_PROXY, HTTPS_PROXY and NO_PROXY environment variables.
	Proxy string `yaml:"proxy,omitempty" reload:"restart"`
	// HostDelay is the least time between two requests to one host.
	HostDelay Duration `yaml:"host_delay" reload:"restart"`
	// HostParallel is the most requests in flight to one host.
	HostParallel int `yaml:"host_parallel" reload:"restart"`
	// Workers is the most article pages fetched at once, all hosts together.
	Workers int `yaml:"workers" reload:"restart"`
	// MaxParallel is the most requests in flight, all hosts together.
	MaxParallel int `yaml:"max_parallel" reload:"restart"`
	// Interval is the poll interval of feeds that set none.
	Interval Duration `yaml:"interval" reload:"live"`
	// MaxInterval caps the poll interval a server can impose with <ttl>,
	// sy:updatePeriod, Cache-Control max-age or Expires.
	MaxInterval Duration `yaml:"max_interval" reload:"restart"`
	// BackoffCap is the longest wait between two polls of a failing feed.
	BackoffCap Duration `yaml:"backoff_cap" reload:"restart"`
	// Jitter lengthens each wait by up to this fraction, at random.
	Jitter float64 `yaml:"jitter" reload:"restart"`
	// Adaptive learns each feed's publishing rate and polls busy feeds
	// more often, quiet ones less, between MinInterval and MaxInterval.
	Adaptive bool `yaml:"adaptive" reload:"restart"`
	// MinInterval is the shortest interval adaptive mode may choose.
	MinInterval Duration `yaml:"min_interval" reload:"restart"`
	// Listen is the address of the daemon's HTTP listener (/healthz,
	// /metrics, /feeds); empty turns it off.
	Listen string `yaml:"listen" reload:"restart"`
	// Token is the bearer token the listener requires, except on /healthz
	// and /metrics, when it listens on anything but loopback or answers
	// for names in Hosts (TokenRequired). At least MinTokenLength
	// characters.
	Token string `yaml:"token,omitempty" reload:"restart"`
	// Hosts are more names the listener answers for besides its own
	// address, localhost, 127.0.0.1 and [::1]: the names a reverse proxy
	// passes on in the Host header ("news.example.org", or with a port,
	// "news.example.org:8443"). A request for any other name gets 421: a
	// web page whose name was made to resolve to this machine (DNS
	// rebinding) reads nothing.
	Hosts []string `yaml:"hosts,omitempty" reload:"restart"`
	// Timeout bounds each request, from dialling to the last body byte.
	Timeout Duration `yaml:"timeout" reload:"restart"`
	// MaxBodyBytes caps the size of a feed or page body, decompressed.
	MaxBodyBytes int64 `yaml:"max_body_bytes" reload:"restart"`
	// MemoryLimit is the soft memory limit of run, backfill and reclean
	// (Go's GOMEMLIMIT, which wins when set): the garbage collector works harder as the heap nears
	// it. 0 turns it off.
	MemoryLimit ByteSize `yaml:"memory_limit" reload:"restart"`
	// PageRetry says when a feed item's page is tried again after a failure
	// that may pass (network, timeout, 5xx, 429, a bot challenge).
	PageRetry PageRetry `yaml:"page_retry" reload:"restart"`
	// Revisit lists the ages, after an article is first archived, at which
	// its page is fetched again to catch edits and takedowns, each later
	// than the one before; empty turns revisits off.
	Revisit []Duration `yaml:"revisit" reload:"restart"`
	// Log sets the log format and level.
	Log Log `yaml:"log" reload:"restart"`
	// Search bounds full-text searches: query length and terms, deadline,
	// searches at once.
	Search Search `yaml:"search" reload:"restart"`
	// Feeds are the feeds to archive.
	Feeds []Feed `yaml:"feeds" reload:"live"`
	// Sites are per-host cleaning rules and request headers. Built-in
	// rules come first; an entry for the same host and path prefix
	// replaces the built-in one, or, when it gives only headers, adds them
	// to it.
	Sites []Site `yaml:"sites" reload:"live"`
	// Cluster shares the feeds with other nodes through NATS JetStream;
	// nil (no cluster: section) runs alone.
	Cluster *Cluster `yaml:"cluster,omitempty" reload:"restart"`
}

// Feed is one configured feed.
type Feed struct {
	// Name identifies the feed in the archive, logs and exports; unique.
	Name string `yaml:"name"`
	// URL is the feed's address (RSS, Atom or JSON Feed).
	URL string `yaml:"url"`
	// Interval overrides the default poll interval.
	Interval Duration `yaml:"interval,omitempty"`
	// Group is the folder the feed sits in, nested folders joined by "/"
	// ("news/asia"); OPML import and export map it to outline folders.
	Group string `yaml:"group,omitempty"`
	// Backfill says where `depeche backfill` finds the feed's past.
	Backfill *Backfill `yaml:"backfill,omitempty"`
	// Headers are added to the feed's own requests, over the defaults
	// (user_agent among them); never to its article pages.
	Headers Headers `yaml:"headers,omitempty"`
}

// Backfill is where a feed's past lies beyond the items it lists.
type Backfill struct {
	// Strategies, tried in order: archive (RFC 5005 links), pages
	// (PageTemplate), sitemap. Default: those the settings make possible.
	Strategies []string `yaml:"strategies,omitempty"`
	// PageTemplate is a URL with {n}: a paged feed or an HTML listing.
	PageTemplate string `yaml:"page_template,omitempty"`
	// Sitemaps are sitemap or sitemap index URLs.
	Sitemaps []string `yaml:"sitemaps,omitempty"`
	// MonthlySitemap is a URL with {yyyy} and {mm}.
	MonthlySitemap string `yaml:"monthly_sitemap,omitempty"`
	// Match is a regular expression article URLs must match (the feed's
	// site and section); default: the feed's host.
	Match string `yaml:"match,omitempty"`
}

// PageRetry is the schedule of a page's tries: the wait doubles from First
// up to Max (a server's Retry-After wins when longer), and after Tries
// tries in all the item is archived from the feed's own content.
type PageRetry struct {
	First Duration `yaml:"first"`
	Max   Duration `yaml:"max"`
	Tries int      `yaml:"tries"`
}

// Log configures logging.
type Log struct {
	// Format is "text" or "json".
	Format string `yaml:"format"`
	// Level is "debug", "info", "warn" or "error".
	Level string `yaml:"level"`
}

// Defaults that Default and Load fill in.
const (
	DefaultArchive      = "./depeche.db"
	DefaultUserAgent    = "depeche/1 (news archiver; +https://github.com/depeche-archiver/depeche)"
	DefaultHostDelay    = time.Second
	DefaultHostParallel = 2
	DefaultWorkers      = 4
	DefaultMaxParallel  = 16
	DefaultMaxInterval  = 24 * time.Hour
	DefaultBackoffCap   = 24 * time.Hour
	DefaultJitter       = 0.1
	DefaultMinInterval  = 5 * time.Minute
	DefaultListen       = "127.0.0.1:8077"
	DefaultMemoryLimit  = 64 << 20
	DefaultInterval     = 15 * time.Minute
	DefaultTimeout      = 30 * time.Second
	DefaultMaxBodyBytes = 10 << 20
	DefaultRetryFirst   = 5 * time.Minute
	DefaultRetryMax     = 24 * time.Hour
	DefaultRetryTries   = 8
)

// Floor is the least value of every key that paces requests (interval,
// min_interval, max_interval, backoff_cap, page_retry.first and
// page_retry.max, a feed's interval): a feed is polled at most once a
// second, and a page tried at most once a second, whatever the config
// says. The crawler holds to the same floor (crawler.Floor).
const Floor = time.Second

//go:embed default.yaml
var defaultYAML []byte

//go:embed sites.yaml
var sitesYAML []byte

// Default returns the embedded default configuration: the VNA French feeds,
// archived in ./depeche.db, with the built-in site rules.
func Default() (*Config, error) {
	return parse("(embedded default)", defaultYAML)
}

// base returns the built-in settings every configuration starts from.
func base() (*Config, error) {
	c := &Config{
		Archive:      DefaultArchive,
		UserAgent:    DefaultUserAgent,
		HostDelay:    Duration(DefaultHostDelay),
		HostParallel: DefaultHostParallel,
		Workers:      DefaultWorkers,
		MaxParallel:  DefaultMaxParallel,
		MaxInterval:  Duration(DefaultMaxInterval),
		BackoffCap:   Duration(DefaultBackoffCap),
		Jitter:       DefaultJitter,
		MinInterval:  Duration(DefaultMinInterval),
		Listen:       DefaultListen,
		MemoryLimit:  DefaultMemoryLimit,
		Interval:     Duration(DefaultInterval),
		Timeout:      Duration(DefaultTimeout),
		MaxBodyBytes: DefaultMaxBodyBytes,
		Log:          Log{Format: "text", Level: "info"},
		PageRetry:    PageRetry{First: Duration(DefaultRetryFirst), Max: Duration(DefaultRetryMax), Tries: DefaultRetryTries},
		Revisit:      DefaultRevisit(),
		Search:       Search{MaxQueryBytes: DefaultSearchMaxQueryBytes, MaxTerms: DefaultSearchMaxTerms, Timeout: Duration(DefaultSearchTimeout)},
	}
	if err := decodeStrict(sitesYAML, &c.Sites); err != nil {
		return nil, fmt.Errorf("built-in site rules: %w", err)
	}
	return c, nil
}

// FeedInterval returns the poll interval of f.
func (c *Config) FeedInterval(f Feed) time.Duration {
	if f.Interval > 0 {
		return f.Interval.D()
	}
	return c.Interval.D()
}

// Feed returns the feed named name.
func (c *Config) Feed(name string) (Feed, bool) {
	for _, f := range c.Feeds {
		if f.Name == name {
			return f, true
		}
	}
	return Feed{}, false
}

// Marshal returns the configuration as YAML, as Load would read it.
func (c *Config) Marshal() ([]byte, error) {
	return yaml.Marshal(c)
}

// Redacted returns a copy of c fit to print: the listener's token, the
// value of every request header and the user information of every URL
// (feeds, backfill sources, proxy, NATS servers: any string holding one)
// are replaced. c is left as it is.
func (c *Config) Redacted() *Config {
	r := *c
	maskURLs(reflect.ValueOf(&r).Elem())
	if r.Token != "" {
		r.Token = "(set, not shown)"
	}
	for i := range r.Feeds {
		r.Feeds[i].Headers = r.Feeds[i].Headers.masked()
	}
	for i := range r.Sites {
		r.Sites[i].Headers = r.Sites[i].Headers.masked()
	}
	return &r
}

// maskURLs passes every string v holds, in fields, slices, maps and
// pointers, through secret.Mask: a URL-valued key added later is masked
// without a change here. Slices, maps and pointers are copied before
// anything in them changes, so that what v shares with another value stays
// as it was.
func maskURLs(v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		v.SetString(secret.Mask(v.String()))
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				maskURLs(v.Field(i))
			}
		}
	case reflect.Pointer:
		if !v.IsNil() {
			p := reflect.New(v.Type().Elem())
			p.Elem().Set(v.Elem())
			v.Set(p)
			maskURLs(p.Elem())
		}
	case reflect.Slice:
		if !v.IsNil() {
			s := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
			reflect.Copy(s, v)
			v.Set(s)
			for i := range s.Len() {
				maskURLs(s.Index(i))
			}
		}
	case reflect.Map:
		if !v.IsNil() {
			m := reflect.MakeMapWithSize(v.Type(), v.Len())
			for it := v.MapRange(); it.Next(); {
				e := reflect.New(v.Type().Elem()).Elem()
				e.Set(it.Value())
				maskURLs(e)
				m.SetMapIndex(it.Key(), e)
			}
			v.Set(m)
		}
	}
}

// DefaultRevisit is the default revisit schedule: an hour, six hours, a
// day and a week after an article is first archived.
func DefaultRevisit() []Duration {
	return []Duration{Duration(time.Hour), Duration(6 * time.Hour), Duration(24 * time.Hour), Duration(7 * 24 * time.Hour)}
}

// RevisitAges is Revisit as durations.
func (c *Config) RevisitAges() []time.Duration {
	out := make([]time.Duration, len(c.Revisit))
	for i, d := range c.Revisit {
		out[i] = d.D()
	}
	return out
}
