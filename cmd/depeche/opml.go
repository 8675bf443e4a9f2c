package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/depeche-archiver/depeche/config"
	"github.com/depeche-archiver/depeche/internal/atomicfile"
	"github.com/depeche-archiver/depeche/internal/secret"
)

// opmlTitle is the title of the subscription lists opml export writes.
const opmlTitle = "depeche feeds"

func runOPML(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	const usage = "usage: depeche opml import [-config FILE] [-write] OPML_FILE\n" +
		"       depeche opml export [-config FILE] [-o FILE] [-secrets]"
	if len(args) == 0 {
		fmt.Fprintln(stderr, usage)
		return usagef("opml needs import or export")
	}
	switch args[0] {
	case "import":
		return runOPMLImport(args[1:], stdout, stderr)
	case "export":
		return runOPMLExport(args[1:], stdout, stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprintln(stdout, usage)
		return nil
	}
	fmt.Fprintln(stderr, usage)
	return usagef("unknown opml command %q", args[0])
}

func runOPMLImport(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("opml import", "[-config FILE] [-write] OPML_FILE",
		"Reads an OPML 1.0 or 2.0 subscription list (miniflux, FreshRSS, Feedly, NetNewsWire...)\n"+
			"and prints the feeds: entries the config lacks, named after their titles, their folders\n"+
			"as group. With -write, adds them to the config file instead, keeping its comments and\n"+
			"order, after copying it to FILE.bak. Feeds already configured are listed on stderr.", stderr)
	cfgPath := configFlag(fs)
	write := fs.Bool("write", false, "add the feeds to the -config file (a backup is kept)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("opml import takes one OPML file, got %q", fs.Args())
	}
	if *write && *cfgPath == "" {
		return usagef("-write needs -config: the embedded default cannot be written")
	}
	cfg, err := loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	outlines, err := readOPMLFile(fs.Arg(0))
	if err != nil {
		return err
	}
	im := cfg.Import(outlines)
	reportImport(stderr, fs.Arg(0), im)
	switch {
	case len(im.Add) == 0:
		return nil
	case *write:
		return addToConfig(stdout, *cfgPath, im.Add)
	}
	return printFeeds(stdout, im.Add)
}

func readOPMLFile(path string) ([]config.Outline, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read OPML: %w", err)
	}
	defer f.Close()
	return config.ReadOPML(path, f)
}

// reportImport tells what import leaves out, and what it adds.
func reportImport(w io.Writer, file string, im config.Import) {
	for _, p := range im.Present {
		fmt.Fprintf(w, "%s:%d: already in the config as feed %s: %s\n", file, p.Outline.Line, p.Feed, secret.Mask(p.Outline.URL))
	}
	for _, o := range im.Repeated {
		fmt.Fprintf(w, "%s:%d: listed earlier in the file: %s\n", file, o.Line, secret.Mask(o.URL))
	}
	fmt.Fprintf(w, "%d new feeds, %d already in the config, %d listed twice\n", len(im.Add), len(im.Present), len(im.Repeated))
}

// printFeeds prints feeds as a feeds: list to paste into a config.
func printFeeds(w io.Writer, feeds []config.Feed) error {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(map[string][]config.Feed{"feeds": feeds}); err != nil {
		return fmt.Errorf("encode feeds: %w", err)
	}
	if err := enc.Close(); err != nil {
		return fmt.Errorf("encode feeds: %w", err)
	}
	_, err := w.Write(b.Bytes())
	return err
}

// addToConfig adds feeds to the config file at path, after a backup, and
// replaces the file in one rename so that a crash leaves it whole.
func addToConfig(stdout io.Writer, path string, feeds []config.Feed) error {
	path, err := filepath.EvalSymlinks(path) // edit the file, keep the link
	if err != nil {
		return fmt.Errorf("config: %w", err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("read config: %w", err)
	}
	out, err := config.AddFeeds(path, data, feeds)
	if err != nil {
		return err
	}
	fi, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("config: %w", err)
	}
	backup, err := writeBackup(path, data, fi.Mode().Perm())
	if err != nil {
		return err
	}
	if err := replaceFile(path, out, fi.Mode().Perm()); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "added %d feeds to %s (the previous version is in %s)\n", len(feeds), path, backup)
	return nil
}

// writeBackup writes data to path.bak, or to a timestamped name when
// path.bak exists: an older backup is never overwritten.
func writeBackup(path string, data []byte, perm fs.FileMode) (string, error) {
	names := []string{path + ".bak", path + "." + time.Now().Format("20060102-150405.000000000") + ".bak"}
	for _, name := range names {
		err := writeData(name, data, perm, (*atomicfile.File).CommitNew)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", fmt.Errorf("back up config: %w", err)
		}
		return name, nil
	}
	return "", fmt.Errorf("back up config: %s and a timestamped backup exist already", names[0])
}

// replaceFile writes data to path in one rename, so that a crash leaves
// the old file or the new one, whole.
func replaceFile(path string, data []byte, perm fs.FileMode) error {
	return writeData(path, data, perm, (*atomicfile.File).Commit)
}

// writeData writes data as the file path, which commit puts in place.
func writeData(path string, data []byte, perm fs.FileMode, commit func(*atomicfile.File) error) error {
	f, err := atomicfile.Create(path, perm)
	if err != nil {
		return err
	}
	defer f.Discard()
	if _, err := f.Write(data); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return commit(f)
}

func runOPMLExport(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("opml export", "[-config FILE] [-o FILE] [-secrets]",
		"Writes the configured feeds as an OPML 2.0 subscription list, each feed's group as\n"+
			"nested folders, for feed readers to import. A user name and password in a feed's\n"+
			"URL are left out unless -secrets is given.", stderr)
	cfgPath := configFlag(fs)
	outPath := fs.String("o", "", "write to `FILE` instead of stdout")
	secrets := fs.Bool("secrets", false, "keep the user name and password of feed URLs that have them")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("opml export takes no arguments, got %q", fs.Args())
	}
	cfg, err := loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	feeds := cfg.Feeds
	if !*secrets {
		feeds = slices.Clone(feeds)
		for i := range feeds {
			feeds[i].URL = secret.Strip(feeds[i].URL)
		}
	}
	var b bytes.Buffer
	if err := config.WriteOPML(&b, opmlTitle, feeds); err != nil {
		return err
	}
	if *outPath == "" {
		_, err = stdout.Write(b.Bytes())
		return err
	}
	return replaceFile(*outPath, b.Bytes(), 0o644)
}
