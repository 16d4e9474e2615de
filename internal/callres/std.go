package callres

import (
	"go/ast"
	"go/constant"
	"go/types"
	"strings"

	"golang.org/x/tools/go/types/typeutil"
)

// When says when a call-back runs.
type When uint8

const (
	// Now: before the call returns, on the caller's goroutine, with the
	// caller's locks held (sync.Once.Do, sort.Slice, sync.Map.Range).
	Now When = iota + 1
	// Goroutine: later, on another goroutine, with nothing held
	// (time.AfterFunc, context.AfterFunc).
	Goroutine
)

// A Callback is an argument of a call that the callee calls back.
type Callback struct {
	Arg  int
	When When
	// Method is the method of the argument called ("String", "Error",
	// "Less"), empty when the argument itself is a function called.
	Method string
}

// stdCallbacks lists the functions of the standard library that call a
// function argument back: argument index and when.
var stdCallbacks = map[string][]Callback{
	"(*sync.Once).Do":         {{Arg: 0, When: Now}},
	"(*sync.Map).Range":       {{Arg: 0, When: Now}},
	"sort.Slice":              {{Arg: 1, When: Now}},
	"sort.SliceStable":        {{Arg: 1, When: Now}},
	"sort.SliceIsSorted":      {{Arg: 1, When: Now}},
	"sort.Search":             {{Arg: 1, When: Now}},
	"sort.Find":               {{Arg: 1, When: Now}},
	"sort.Sort":               {{Arg: 0, When: Now, Method: "Len"}, {Arg: 0, When: Now, Method: "Less"}, {Arg: 0, When: Now, Method: "Swap"}},
	"sort.Stable":             {{Arg: 0, When: Now, Method: "Len"}, {Arg: 0, When: Now, Method: "Less"}, {Arg: 0, When: Now, Method: "Swap"}},
	"sort.IsSorted":           {{Arg: 0, When: Now, Method: "Len"}, {Arg: 0, When: Now, Method: "Less"}},
	"container/heap.Init":     {{Arg: 0, When: Now, Method: "Len"}, {Arg: 0, When: Now, Method: "Less"}, {Arg: 0, When: Now, Method: "Swap"}},
	"container/heap.Push":     {{Arg: 0, When: Now, Method: "Push"}, {Arg: 0, When: Now, Method: "Len"}, {Arg: 0, When: Now, Method: "Less"}, {Arg: 0, When: Now, Method: "Swap"}},
	"container/heap.Pop":      {{Arg: 0, When: Now, Method: "Len"}, {Arg: 0, When: Now, Method: "Swap"}, {Arg: 0, When: Now, Method: "Less"}, {Arg: 0, When: Now, Method: "Pop"}},
	"container/heap.Fix":      {{Arg: 0, When: Now, Method: "Less"}, {Arg: 0, When: Now, Method: "Swap"}},
	"container/heap.Remove":   {{Arg: 0, When: Now, Method: "Len"}, {Arg: 0, When: Now, Method: "Swap"}, {Arg: 0, When: Now, Method: "Less"}, {Arg: 0, When: Now, Method: "Pop"}},
	"io.ReadAll":              {{Arg: 0, When: Now, Method: "Read"}},
	"io.ReadFull":             {{Arg: 0, When: Now, Method: "Read"}},
	"io.ReadAtLeast":          {{Arg: 0, When: Now, Method: "Read"}},
	"slices.SortFunc":         {{Arg: 1, When: Now}},
	"slices.SortStableFunc":   {{Arg: 1, When: Now}},
	"slices.IsSortedFunc":     {{Arg: 1, When: Now}},
	"slices.BinarySearchFunc": {{Arg: 2, When: Now}},
	"slices.IndexFunc":        {{Arg: 1, When: Now}},
	"slices.ContainsFunc":     {{Arg: 1, When: Now}},
	"slices.DeleteFunc":       {{Arg: 1, When: Now}},
	"slices.CompactFunc":      {{Arg: 1, When: Now}},
	"slices.EqualFunc":        {{Arg: 2, When: Now}},
	"slices.CompareFunc":      {{Arg: 2, When: Now}},
	"slices.MaxFunc":          {{Arg: 1, When: Now}},
	"slices.MinFunc":          {{Arg: 1, When: Now}},
	"maps.DeleteFunc":         {{Arg: 1, When: Now}},
	"maps.EqualFunc":          {{Arg: 2, When: Now}},
	"strings.Map":             {{Arg: 0, When: Now}},
	"strings.FieldsFunc":      {{Arg: 1, When: Now}},
	"strings.IndexFunc":       {{Arg: 1, When: Now}},
	"strings.TrimFunc":        {{Arg: 1, When: Now}},
	"bytes.Map":               {{Arg: 0, When: Now}},
	"bytes.FieldsFunc":        {{Arg: 1, When: Now}},
	"time.AfterFunc":          {{Arg: 1, When: Goroutine}},
	"context.AfterFunc":       {{Arg: 1, When: Goroutine}},
}

// fmtWriter lists the formatting functions that write to their first
// argument, an io.Writer (its Write is called back).
var fmtWriter = map[string]bool{"fmt.Fprintf": true, "fmt.Fprint": true, "fmt.Fprintln": true}

// fmtFormat lists the formatting functions: the index of the format
// string (-1: every operand is printed with %v).
var fmtFormat = map[string]int{
	"fmt.Sprintf": 0, "fmt.Printf": 0, "fmt.Errorf": 0, "fmt.Appendf": 1, "fmt.Fprintf": 1,
	"fmt.Sprint": -1, "fmt.Sprintln": -1, "fmt.Print": -1, "fmt.Println": -1,
	"fmt.Fprint": -1, "fmt.Fprintln": -1, "fmt.Append": -1, "fmt.Appendln": -1,
	"log.Printf": 0, "log.Fatalf": 0, "log.Panicf": 0, "log.Print": -1, "log.Println": -1,
	"(*log.Logger).Printf": 0, "(*log.Logger).Print": -1, "(*log.Logger).Println": -1,
}

// methodCallbackPkgs holds the packages of the functions for which
// Callbacks can name a method of an operand (sort.Sort's Less, fmt's
// String, io.Copy's Write), derived from the tables above.
var methodCallbackPkgs = func() map[string]bool {
	pkgs := map[string]bool{"io": true} // ioCallbacks
	pkgOf := func(name string) string {
		name = strings.TrimPrefix(name, "(*")
		return name[:strings.LastIndex(name[:strings.IndexAny(name+"()", "()")], ".")]
	}
	for name, cbs := range stdCallbacks {
		for _, cb := range cbs {
			if cb.Method != "" {
				pkgs[pkgOf(name)] = true
			}
		}
	}
	for name := range fmtFormat {
		pkgs[pkgOf(name)] = true
	}
	return pkgs
}()

// CallsBackMethods reports whether Callbacks can name a method of an
// operand at a call of fn: a cheap test by fn's package, for passes that
// look for such calls among all calls.
func CallsBackMethods(fn *types.Func) bool {
	return fn != nil && fn.Pkg() != nil && methodCallbackPkgs[fn.Pkg().Path()]
}

// Callbacks returns the arguments of call that a standard library callee
// calls back, and when: a function argument (sync.Once.Do(f): f now) or a
// method of an operand (fmt.Sprintf("%v", x): x.String() or x.Error()
// now, for the operands of %v, %s, %q, %x, %X and %w whose static type
// has the method; fmt.Fprintf(w, ...): w.Write now).
func Callbacks(info *types.Info, call *ast.CallExpr) []Callback {
	fn := typeutil.StaticCallee(info, call)
	if fn == nil || fn.Pkg() == nil {
		return nil
	}
	name := stdName(fn)
	if name == "io.Copy" || name == "io.CopyBuffer" || name == "io.CopyN" || name == "io.WriteString" {
		return ioCallbacks(info, call, name)
	}
	if cbs, ok := stdCallbacks[name]; ok {
		var out []Callback
		for _, cb := range cbs {
			if cb.Arg < len(call.Args) {
				out = append(out, cb)
			}
		}
		return out
	}
	format, ok := fmtFormat[name]
	if !ok {
		return nil
	}
	var out []Callback
	first := 0
	if fmtWriter[name] {
		// fmt.Fprintf(w, ...) writes to w with one call of its Write.
		out = append(out, Callback{Arg: 0, When: Now, Method: "Write"})
		first = 1
	}
	operand := func(i int) {
		if m := stringMethod(info.TypeOf(call.Args[i])); m != "" {
			out = append(out, Callback{Arg: i, When: Now, Method: m})
		}
	}
	if format < 0 {
		for i := first; i < len(call.Args); i++ {
			operand(i)
		}
		return out
	}
	if call.Ellipsis.IsValid() || format >= len(call.Args) {
		return out
	}
	tv := info.Types[call.Args[format]]
	if tv.Value == nil || tv.Value.Kind() != constant.String {
		return out // a format we cannot read
	}
	for i, verb := range verbs(constant.StringVal(tv.Value)) {
		if arg := format + 1 + i; arg < len(call.Args) && strings.ContainsRune("vsqxXw", verb) {
			operand(arg)
		}
	}
	return out
}

// ioCallbacks returns the methods io.Copy, io.CopyBuffer, io.CopyN and
// io.WriteString call on their operands, as io decides by their static
// types (the dynamic type of a concrete static type is itself): Copy
// runs src.WriteTo if src has one, else dst.ReadFrom if dst has one, else
// src.Read and dst.Write (CopyN wraps src, so only dst decides);
// WriteString runs w.WriteString if w has one, else w.Write. An interface
// operand's methods are the dynamic type's: none is named.
func ioCallbacks(info *types.Info, call *ast.CallExpr, name string) []Callback {
	has := func(arg int, method string) bool {
		return arg < len(call.Args) && MethodCallee(info, call.Args[arg], method) != nil
	}
	concrete := func(arg int) bool {
		if arg >= len(call.Args) {
			return false
		}
		t := info.TypeOf(call.Args[arg])
		if t == nil {
			return false
		}
		_, isIface := t.Underlying().(*types.Interface)
		return !isIface
	}
	if name == "io.WriteString" {
		if !concrete(0) {
			return nil
		}
		if has(0, "WriteString") {
			return []Callback{{Arg: 0, When: Now, Method: "WriteString"}}
		}
		return []Callback{{Arg: 0, When: Now, Method: "Write"}}
	}
	if len(call.Args) < 2 || !concrete(1) && name != "io.CopyN" || !concrete(0) {
		return nil // which of the methods runs depends on a dynamic type
	}
	switch {
	case name != "io.CopyN" && has(1, "WriteTo"):
		return []Callback{{Arg: 1, When: Now, Method: "WriteTo"}}
	case has(0, "ReadFrom"):
		return []Callback{{Arg: 0, When: Now, Method: "ReadFrom"}}
	}
	return []Callback{{Arg: 1, When: Now, Method: "Read"}, {Arg: 0, When: Now, Method: "Write"}}
}

// stdName names a function as the tables do: sort.Slice, (*sync.Once).Do.
func stdName(fn *types.Func) string {
	recv := fn.Signature().Recv()
	if recv == nil {
		return fn.Pkg().Path() + "." + fn.Name()
	}
	t := recv.Type()
	ptr := ""
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t, ptr = p.Elem(), "*"
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return ""
	}
	return "(" + ptr + fn.Pkg().Path() + "." + n.Obj().Name() + ")." + fn.Name()
}

// stringMethod returns "Error" or "String" when fmt calls that method of
// a value of static type t (Error first, as fmt does), "" otherwise.
// Interface types are left out: the value's dynamic type is unknown.
func stringMethod(t types.Type) string {
	if t == nil {
		return ""
	}
	if _, ok := t.Underlying().(*types.Interface); ok {
		return ""
	}
	for _, m := range []string{"Error", "String"} {
		obj, _, _ := types.LookupFieldOrMethod(t, false, nil, m)
		if fn, ok := obj.(*types.Func); ok && fn.Signature().Params().Len() == 0 && fn.Signature().Results().Len() == 1 {
			return m
		}
	}
	return ""
}

// verbs returns the verbs of a format string, one per operand consumed
// (a * width or precision consumes one too, recorded as '*'); explicit
// argument indexes stop the reading.
func verbs(format string) []rune {
	var out []rune
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		i++
		for ; i < len(format); i++ {
			c := format[i]
			switch {
			case c == '%' && format[i-1] == '%':
				goto next
			case c == '[':
				return out // explicit argument index: not followed
			case c == '*':
				out = append(out, '*')
			case strings.IndexByte("+-# 0.123456789", c) >= 0:
			default:
				out = append(out, rune(c))
				goto next
			}
		}
	next:
	}
	return out
}

// MethodCallee returns the method of arg's static type that a Callback
// with a Method runs, nil when there is none.
func MethodCallee(info *types.Info, arg ast.Expr, method string) *types.Func {
	t := info.TypeOf(arg)
	if t == nil {
		return nil
	}
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, method)
	fn, _ := obj.(*types.Func)
	if fn == nil {
		return nil
	}
	if _, ok := fn.Signature().Recv().Type().Underlying().(*types.Interface); ok {
		return nil
	}
	return fn.Origin()
}
