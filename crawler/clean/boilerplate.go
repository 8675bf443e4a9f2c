package clean

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// maxBoilerplateLen is the longest line the boilerplate patterns judge:
// a longer line is prose that happens to mention a sign-up.
const maxBoilerplateLen = 160

// boilerplateLines match the lines that pages print around an article on
// any site: teasers of related stories, newsletter and subscription
// calls, share and follow prompts, copyright notices. Each pattern is a
// phrase a reader would strike out on any page, in the languages the
// archive meets most.
var boilerplateLines = []*regexp.Regexp{
	// "Related: <title>", "READ MORE: <title>", "Voir aussi", "DON'T MISS"
	regexp.MustCompile(`(?i)^\[?(related( \w+)?|read (more|also)|see (more|also)|also read|more from \w+|don'?t miss|you may also like|recommended|(à )?lire aussi|voir (aussi|plus)|leia (também|mais)|lesen sie auch|lee también|xem thêm|tin liên quan)\s*(:|\.\.\.|…|$)`),
	// subscription, sign-up and follow calls
	regexp.MustCompile(`(?i)^(subscribe|join our|get the latest|get the day|abonnez-vous|inscrivez-vous|follow (us|@\w+) on|click here|share (this|it)|partager (cet|l['’]))\b`),
	regexp.MustCompile(`(?i)(click to tweet|all rights reserved|tous droits réservés|thanks for signing up|error processing your subscription|like this story\?|as an amazon associate)`),
	regexp.MustCompile(`(?i)^(copyright\b|©)`),
	// advertisement labels: "Advertisement", "Advertisement - Continue Reading Below", "Anzeige"
	regexp.MustCompile(`(?i)^(advertisements?|anzeige|publicité)(\s*[-–—:]\s*(page|story|article)? ?(continues?|continue reading|scroll).*)?$`),
	// shop buttons and affiliate notes
	regexp.MustCompile(`(?i)^(check|see|view) (the )?(latest )?price (on|at) \w+|^(buy|view|shop) (it )?(on|at) amazon\b`),
	// a shop widget's labels: prices, review counts, cart buttons
	regexp.MustCompile(`(?i)^((regular|sale|unit) price\b.*|\d[\d,.]* (total )?reviews?|sale|sold out|add to (cart|basket)|in stock|out of stock)$`),
	// navigation and tool links alone on their line
	regexp.MustCompile(`(?i)^(home|close|previous|next|prev next|previous next|next previous|back to top|menu|skip to (main )?content|print|share|tweet|email|share this( article| post)?|zurück|weiter|teilen|drucken|partager|imprimer|accueil|startseite)$`),
	// call-to-action buttons
	regexp.MustCompile(`(?i)^(get started( today| now| for free)?|sign up( now| today| for free)?|book a (free )?demo|request a (free )?demo|contact (us|sales)|try (it )?(for )?free|start (your |a )?free trial|join (now|today))[.!]?$`),
	// icon names that an icon font draws, printed as text without it
	regexp.MustCompile(`^(chevron|arrow|keyboard_arrow|expand)_(right|left|up|down|forward|back|more|less)$`),
}

// newsletterCall matches a newsletter's sign-up call, not a line of an
// article about newsletters. Unanchored, it runs only on lines that name
// a newsletter.
var newsletterCall = regexp.MustCompile(`(?i)\b(sign(ing)? up|subscribe|subscribing|register|anmelden|abonnieren|inscri\w*)\b.{0,60}\bnewsletter|\bnewsletter\b.{0,60}\b(sign(ing)? up|subscribe|abonnieren|anmelden|inbox|postfach)\b|\binbox\b.{0,60}\bnewsletter|\b(our|unseren?|notre)( \w+){0,2} newsletter|^(\w+ ){0,3}newsletters?$`)

// boilerplateLine reports whether line is boilerplate of any site.
func boilerplateLine(line string) bool {
	if utf8.RuneCountInString(line) > maxBoilerplateLen {
		return false
	}
	return matchesAny(boilerplateLines, line) || namesNewsletter(line) && newsletterCall.MatchString(line)
}

// namesNewsletter reports, cheaply, whether line may name a newsletter.
func namesNewsletter(line string) bool {
	return strings.Contains(line, "ewsletter") || strings.Contains(line, "EWSLETTER")
}
