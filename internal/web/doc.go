// Package web is the daemon's read-only web interface: the feeds and
// their health, the articles, one article with its revisions, and the
// search page, rendered on the server with html/template from templates
// and a stylesheet embedded in the binary. It needs no JavaScript and
// loads nothing from another origin.
//
// Everything shown is escaped by html/template; an article's text is
// plain text and is shown as such, never as markup, and a captured page is
// only offered as a download. Every answer carries a Content-Security-
// Policy that allows nothing from other origins and no script at all. The
// token rule is the API's (internal/api), which mounts this handler.
package web
