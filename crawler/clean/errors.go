package clean

import (
	"errors"
	"fmt"
)

// ErrNotHTML reports a page that is not HTML (a PDF, an image, ...),
// judged by its Content-Type header and by sniffing its first bytes.
var ErrNotHTML = errors.New("not an HTML page")

// ErrNoText reports a page from which no body text could be extracted.
var ErrNoText = errors.New("no text extracted")

// RuleError reports an invalid rule given to [New]. Index is the rule's
// position in the list and Field its YAML key, so that a caller can point
// at the offending line of a configuration file.
type RuleError struct {
	Index int
	Field string
	Err   error
}

// Error formats the error as sites[Index].Field: Err.
func (e *RuleError) Error() string {
	return fmt.Sprintf("sites[%d].%s: %v", e.Index, e.Field, e.Err)
}

// Unwrap returns the underlying error.
func (e *RuleError) Unwrap() error { return e.Err }
