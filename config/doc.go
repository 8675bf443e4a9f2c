// Package config reads, checks and prints depeche's YAML configuration.
//
// Loading starts from Default, decodes the file strictly (unknown keys are
// errors), expands ${NAME} environment references, and validates. Every
// error names the file, the line and the key. Loading logs nothing and
// starts nothing.
package config
