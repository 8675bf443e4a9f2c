package bench

import (
	"bufio"
	"errors"
	"io"
	"net/http"
	"regexp"
	"strings"
)

// listening is the daemon's log line that gives its bound address.
var listening = regexp.MustCompile(`msg=listening .*addr=(\S+)`)

// ListenAddr reads a daemon's log r until the line that gives its bound
// address, returns that address, and drains the rest of r in the
// background so that the daemon never blocks on a full pipe.
func ListenAddr(r io.Reader) (string, error) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		if m := listening.FindStringSubmatch(sc.Text()); m != nil {
			go io.Copy(io.Discard, r)
			return strings.Trim(m[1], `"`), nil
		}
	}
	return "", errors.New("the daemon exited before listening")
}

// Metrics fetches the daemon at addr's /metrics, in the Prometheus text
// format.
func Metrics(addr string) ([]byte, error) {
	resp, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}
