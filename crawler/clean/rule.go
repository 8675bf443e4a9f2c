package clean

// Rule tells the cleaner how to read the pages of one site. Users write
// rules in YAML to fix a wrong guess without a code change; an empty
// field falls back to the page's metadata or to generic extraction.
//
// Selector fields take CSS selector lists. For single-valued fields
// (title, lead, body, author, published, section) the selectors are tried
// in the order written and the first one that matches wins, so a list
// reads as "the new layout, else the old one". For multi-valued fields
// (tags, image, remove) every match of every selector counts. A selected
// element's value is its text, or its content attribute when it has no
// text (so meta[property="og:title"] works); published also reads the
// datetime attribute first.
type Rule struct {
	// Host is the exact host name the rule applies to, e.g.
	// fr.vietnamplus.vn. Required.
	Host string `yaml:"host"`
	// PathPrefix limits the rule to paths under it, e.g. /fr. The longest
	// matching prefix of a host wins.
	PathPrefix string `yaml:"path_prefix,omitempty"`

	Title     string `yaml:"title,omitempty"`
	Lead      string `yaml:"lead,omitempty"`
	Body      string `yaml:"body,omitempty"`
	Author    string `yaml:"author,omitempty"`
	Published string `yaml:"published,omitempty"`
	Section   string `yaml:"section,omitempty"`
	Tags      string `yaml:"tags,omitempty"`
	// Image selects image blocks inside the body (default: figure); each
	// block gives one image, its caption and credit.
	Image string `yaml:"image,omitempty"`
	// Caption selects the caption inside an image block (default:
	// figcaption). Captions become image fields, not body text.
	Caption string `yaml:"caption,omitempty"`

	// Remove lists selectors dropped from the body before its text is
	// taken: share widgets, related blocks, banners.
	Remove []string `yaml:"remove,omitempty"`
	// CutAt ends the body at the first line that starts with one of these
	// strings followed by the end of the line or a character that is not a
	// letter or digit ("Source" cuts "Source : VNA", not "Sources proches").
	CutAt []string `yaml:"cut_at,omitempty"`
	// DropLines lists regular expressions (Go syntax); a body line that
	// matches one is dropped.
	DropLines []string `yaml:"drop_lines,omitempty"`
	// EndAfter lists regular expressions; the body ends after the first
	// line that matches one (the line is kept), e.g. a news agency credit.
	EndAfter []string `yaml:"end_after,omitempty"`
	// Timezone applies to dates that carry no zone: an IANA name such as
	// Asia/Ho_Chi_Minh, or a fixed offset such as +07:00. Default UTC.
	Timezone string `yaml:"timezone,omitempty"`
}
