package bench

import (
	"runtime"
	"testing"
)

const statusText = `Name:	depeche
VmPeak:	 1300000 kB
VmHWM:	   98000 kB
VmRSS:	   97000 kB
RssAnon:	   60000 kB
RssFile:	   30000 kB
RssShmem:	    7000 kB
Threads:	12
`

func TestParseStatus(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Status
	}{
		{"all-fields", statusText, Status{PeakRSS: 98000 << 10, RSS: 97000 << 10, Anon: 60000 << 10, File: 30000 << 10, Shmem: 7000 << 10}},
		{"no-trailing-newline", "VmHWM:\t12 kB", Status{PeakRSS: 12 << 10}},
		{"prefix-is-not-the-field", "VmHWMx:\t12 kB\nVmRSSy: 3 kB\n", Status{}},
		{"empty", "", Status{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := ParseStatus([]byte(tc.in)); got != tc.want {
				t.Errorf("ParseStatus = %+v, want %+v", got, tc.want)
			}
		})
	}
}

// A sampler calls ParseStatus every millisecond while it measures memory.
func TestParseStatusAllocatesNothing(t *testing.T) {
	data := []byte(statusText)
	if n := testing.AllocsPerRun(100, func() { ParseStatus(data) }); n != 0 {
		t.Errorf("ParseStatus allocates %.0f times a call", n)
	}
}

func TestReadSelfStatus(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("/proc/self/status is Linux's")
	}
	s, err := ReadStatus(SelfStatus)
	if err != nil {
		t.Fatal(err)
	}
	if s.RSS <= 0 || s.PeakRSS < s.RSS {
		t.Errorf("status %+v: want 0 < RSS <= peak", s)
	}
}
