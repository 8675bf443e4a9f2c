// Package testkit holds what tests of several packages share and no
// program uses: waiting for a condition that a real server or process
// brings about, and texts of their own for made-up stories.
package testkit
