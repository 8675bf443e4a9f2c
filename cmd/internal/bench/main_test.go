package bench

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"testing"
)

func TestExitCode(t *testing.T) {
	tests := []struct {
		name   string
		err    error
		code   int
		stderr string
	}{
		{"success-is-silent", nil, ExitOK, ""},
		{"help-is-not-an-error", fmt.Errorf("parse: %w", flag.ErrHelp), ExitOK, ""},
		{"missing-corpus", fmt.Errorf("%w: no dir/ground-truth.json", ErrNoCorpus), ExitNoCorpus, "xbench: benchmark pages not found: no dir/ground-truth.json\n"},
		{"other-error", errors.New("disk full"), ExitFailed, "xbench: disk full\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stderr bytes.Buffer
			if code := ExitCode("xbench", tc.err, &stderr); code != tc.code {
				t.Errorf("code = %d, want %d", code, tc.code)
			}
			if stderr.String() != tc.stderr {
				t.Errorf("stderr = %q, want %q", stderr.String(), tc.stderr)
			}
		})
	}
}
