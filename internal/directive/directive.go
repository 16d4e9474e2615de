// Package directive parses the //cowlint: comment directives.
//
// The grammar, in one place:
//
//	//cowlint:ignore <analyzer>[,<analyzer>...] <reason>
//
// silences the named analyzers' diagnostics on the directive's own line and
// on the line after it (so it may trail the offending line or stand alone
// above it). The reason is mandatory: a suppression that does not say why is
// itself reported, as is one naming an unknown analyzer or one that silences
// nothing. A "//" inside a directive starts a trailing comment, which is not
// part of the reason.
//
// Other verbs are listed in Verbs with the analyzer that owns them; a
// //cowlint: comment with any other verb is reported as unknown. The order
// verb (read by lockorder) declares an intended lock order:
//
//	//cowlint:order <class> < <class> [< <class>...]
//
// where a class is a lock class as diagnostics print it (Server.mu, a
// package variable's name) or fully qualified (example.com/srv.Server.mu):
// each class may be held while acquiring the ones after it, never the
// reverse. Naming the same class on both sides (Node.mu < Node.mu) declares
// that instances of one class nest in a fixed order (parent before child).
//
// The exclusive verb (read by atomicmix), in a function's doc comment,
// says what no analysis can prove: the function runs while no other
// goroutine can access the memory it touches (a hook the runtime calls
// with the world stopped, a reset used only between tests):
//
//	//cowlint:exclusive <reason>
package directive

import (
	"fmt"
	"go/ast"
	"go/token"
	"slices"
	"strings"
)

// Prefix starts every cowlint directive.
const Prefix = "//cowlint:"

// Ignore is the verb of the suppression directive.
const Ignore = "ignore"

// Order is the verb of lockorder's declared lock orders.
const Order = "order"

// Exclusive is the verb declaring that a function runs alone.
const Exclusive = "exclusive"

// Analyzers lists the names of cowlint's analyzers, which ignore
// directives may name. suite's tests keep it in step with the
// analyzers it registers.
var Analyzers = []string{"atomicmix", "lockorder", "publish"}

// Verbs maps each directive verb other than ignore to the analyzer that
// reads it.
var Verbs = map[string]string{
	"order":     "lockorder",
	"exclusive": "atomicmix",
}

// A Directive is one //cowlint: comment.
type Directive struct {
	Pos, End token.Pos
	File     string // file name, as the FileSet gives it
	Line     int    // line of the comment
	Verb     string // ignore, order, ...
	Args     string // everything after the verb, trimmed
	// For ignore directives:
	Names  []string // analyzers named
	Reason string
	// For order directives: the lock classes, outermost first.
	Order []string
	// Problem describes what is wrong with a malformed directive; empty
	// when it is well formed.
	Problem string
}

// Silences reports whether d is a well-formed ignore directive naming analyzer.
func (d *Directive) Silences(analyzer string) bool {
	return d.Verb == Ignore && d.Problem == "" && slices.Contains(d.Names, analyzer)
}

// Parse returns every cowlint directive in the files, in source order.
func Parse(fset *token.FileSet, files []*ast.File) []*Directive {
	var out []*Directive
	for _, f := range files {
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				if !strings.HasPrefix(c.Text, Prefix) {
					continue
				}
				pos := fset.Position(c.Pos())
				d := parseOne(c.Text[len(Prefix):])
				d.Pos, d.End = c.Pos(), c.End()
				d.File, d.Line = pos.Filename, pos.Line
				out = append(out, d)
			}
		}
	}
	return out
}

func parseOne(text string) *Directive {
	text, _, _ = strings.Cut(text, "//")
	verb, args, _ := strings.Cut(strings.TrimSpace(text), " ")
	d := &Directive{Verb: verb, Args: strings.TrimSpace(args)}
	switch {
	case verb == Ignore:
		parseIgnore(d)
	case verb == Order:
		parseOrder(d)
	case verb == Exclusive:
		d.Reason = d.Args
		if d.Reason == "" {
			d.Problem = "cowlint:exclusive needs a reason: say why nothing else runs while the function does"
		}
	case verb == "":
		d.Problem = "cowlint directive has no verb (want //cowlint:ignore <analyzer> <reason>)"
	default:
		if _, ok := Verbs[verb]; !ok {
			d.Problem = fmt.Sprintf("unknown cowlint directive %q (known: %s)", verb, strings.Join(knownVerbs(), ", "))
		}
	}
	return d
}

// InDoc returns the well-formed directive with the given verb in doc (a
// declaration's doc comment), nil when there is none.
func InDoc(doc *ast.CommentGroup, verb string) *Directive {
	if doc == nil {
		return nil
	}
	for _, c := range doc.List {
		if !strings.HasPrefix(c.Text, Prefix) {
			continue
		}
		if d := parseOne(c.Text[len(Prefix):]); d.Verb == verb && d.Problem == "" {
			d.Pos, d.End = c.Pos(), c.End()
			return d
		}
	}
	return nil
}

func parseIgnore(d *Directive) {
	names, reason, _ := strings.Cut(d.Args, " ")
	d.Reason = strings.TrimSpace(reason)
	if names == "" {
		d.Problem = "cowlint:ignore directive names no analyzer (want //cowlint:ignore <analyzer>[,<analyzer>] <reason>)"
		return
	}
	for _, n := range strings.Split(names, ",") {
		n = strings.TrimSpace(n)
		if n == "" {
			continue
		}
		if !slices.Contains(Analyzers, n) {
			d.Problem = fmt.Sprintf("cowlint:ignore names unknown analyzer %q (known: %s)", n, strings.Join(Analyzers, ", "))
			return
		}
		d.Names = append(d.Names, n)
	}
	if d.Reason == "" {
		d.Problem = fmt.Sprintf("cowlint:ignore %s needs a reason after the analyzer names (not after //): say why the finding is wrong or acceptable", names)
	}
}

func parseOrder(d *Directive) {
	for _, name := range strings.Split(d.Args, "<") {
		name = strings.TrimSpace(name)
		if name == "" || strings.ContainsAny(name, " \t") {
			d.Order = nil
			d.Problem = "cowlint:order wants lock classes separated by <, e.g. //cowlint:order Server.mu < Conn.mu"
			return
		}
		d.Order = append(d.Order, name)
	}
	if len(d.Order) < 2 {
		d.Order = nil
		d.Problem = "cowlint:order needs at least two lock classes, e.g. //cowlint:order Server.mu < Conn.mu"
	}
}

func knownVerbs() []string {
	verbs := []string{Ignore}
	for v := range Verbs {
		verbs = append(verbs, v)
	}
	slices.Sort(verbs)
	return verbs
}

// Covers reports whether an ignore directive applies to a diagnostic at
// position p: on the directive's line or the line below it.
func (d *Directive) Covers(p token.Position) bool {
	return p.Filename == d.File && (p.Line == d.Line || p.Line == d.Line+1)
}
