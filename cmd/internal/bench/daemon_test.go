package bench

import (
	"strings"
	"testing"
)

func TestListenAddr(t *testing.T) {
	log := "time=x level=INFO msg=starting\ntime=x level=INFO msg=listening addr=127.0.0.1:40123\nmore\n"
	addr, err := ListenAddr(strings.NewReader(log))
	if err != nil || addr != "127.0.0.1:40123" {
		t.Errorf("ListenAddr = %q, %v", addr, err)
	}
	if _, err := ListenAddr(strings.NewReader("msg=starting\n")); err == nil {
		t.Error("ListenAddr of a log without the line: no error")
	}
}
