package main

import (
	"context"
	"io"
)

func runConfig(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("config", "[-config FILE]",
		"Checks the configuration and prints it as depeche uses it: defaults filled in,\n"+
			"${NAME} references expanded, built-in site rules merged. The token, every\n"+
			"request header value and the user name and password of every URL are masked.", stderr)
	cfgPath := configFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("config takes no arguments, got %q", fs.Args())
	}
	cfg, err := loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	out, err := cfg.Redacted().Marshal()
	if err != nil {
		return err
	}
	_, err = stdout.Write(out)
	return err
}
