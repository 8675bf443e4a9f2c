package main

import (
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"runtime"
	"time"

	"github.com/depeche-archiver/depeche/cmd/internal/bench"
)

// The baseline runs in a child process (see buildBaseline): the parent
// sends it the pages once, then asks for passes over them, one at a
// time, so that its passes interleave with the cleaner's as before.

// childPage is a page as the child gets it.
type childPage struct {
	URL  string
	Body []byte
}

// passRequest asks the child for one pass over the pages: kept (outputs
// and memory, untimed) or timed.
type passRequest struct{ Keep bool }

// passReply is the child's answer to a passRequest.
type passReply struct {
	Outputs []output // every page in the order sent, when kept
	Memory  memory
	Elapsed time.Duration
	PeakRSS int64 // the child's so far
}

// child is a running baseline process.
type child struct {
	cmd *exec.Cmd
	enc *gob.Encoder
	dec *gob.Decoder
	in  io.Closer
}

// startChild starts bin as the baseline's server and sends it every page.
func startChild(bin string, sets []set, stderr io.Writer) (*child, error) {
	cmd := exec.Command(bin, "-serve-baseline")
	cmd.Stderr = stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, fmt.Errorf("start baseline: %w", err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("start baseline: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start baseline: %w", err)
	}
	c := &child{cmd: cmd, enc: gob.NewEncoder(in), dec: gob.NewDecoder(out), in: in}
	if err := c.send(sets); err != nil {
		return nil, errors.Join(err, c.stop())
	}
	return c, nil
}

// send sends the number of pages, then each page in its own message: the
// encoder keeps a buffer as large as its largest message, which would
// otherwise hold every page again in this process and change its GC.
func (c *child) send(sets []set) error {
	n := 0
	for _, s := range sets {
		n += len(s.pages)
	}
	if err := c.enc.Encode(n); err != nil {
		return fmt.Errorf("send pages to baseline: %w", err)
	}
	for _, s := range sets {
		for _, p := range s.pages {
			if err := c.enc.Encode(childPage{URL: p.URL, Body: p.Body}); err != nil {
				return fmt.Errorf("send pages to baseline: %w", err)
			}
		}
	}
	return nil
}

// pass asks the child for one pass and waits for its reply.
func (c *child) pass(keep bool) (passReply, error) {
	var r passReply
	if err := c.enc.Encode(passRequest{Keep: keep}); err != nil {
		return r, fmt.Errorf("baseline pass: %w", err)
	}
	if err := c.dec.Decode(&r); err != nil {
		return r, fmt.Errorf("baseline pass: %w", err)
	}
	return r, nil
}

// stop closes the child's input, which ends it, and waits for it.
func (c *child) stop() error {
	c.in.Close()
	if err := c.cmd.Wait(); err != nil {
		return fmt.Errorf("baseline: %w", err)
	}
	return nil
}

// serveBaseline is the child's side: it reads the pages, then answers
// pass requests with go-trafilatura + fallback until its input ends. It
// runs on one core, as the parent's passes do.
func serveBaseline(in io.Reader, out io.Writer) error {
	runtime.GOMAXPROCS(1)
	dec, enc := gob.NewDecoder(in), gob.NewEncoder(out)
	s, err := receive(dec)
	if err != nil {
		return err
	}
	sets, ex := []set{s}, baselineExtractor()
	for {
		var req passRequest
		if err := dec.Decode(&req); err == io.EOF {
			return nil
		} else if err != nil {
			return fmt.Errorf("read request: %w", err)
		}
		var reply passReply
		if req.Keep {
			r := extractAll(ex, sets)
			reply.Outputs, reply.Memory = r.outputs[0], r.memory
		} else {
			reply.Elapsed = timePass(ex, sets)
		}
		if u, err := bench.SelfUsage(); err == nil {
			reply.PeakRSS = u.PeakRSS
		}
		if err := enc.Encode(reply); err != nil {
			return fmt.Errorf("write reply: %w", err)
		}
	}
}

// receive reads what send sent, as one set.
func receive(dec *gob.Decoder) (set, error) {
	var n int
	if err := dec.Decode(&n); err != nil {
		return set{}, fmt.Errorf("read pages: %w", err)
	}
	s := set{name: "all", pages: make([]page, n)}
	for i := range s.pages {
		var p childPage
		if err := dec.Decode(&p); err != nil {
			return set{}, fmt.Errorf("read pages: %w", err)
		}
		s.pages[i] = page{URL: p.URL, Body: p.Body}
	}
	return s, nil
}
