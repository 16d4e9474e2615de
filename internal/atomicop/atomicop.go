// Package atomicop recognises sync/atomic operations: every legacy function
// (atomic.AddInt64(&s.n, 1), atomic.StorePointer, atomic.AndUint32, ...) and
// every method of the typed atomics (atomic.Bool, Int32, Int64, Uint32,
// Uint64, Uintptr, Pointer[T] and Value), reached directly, through embedded
// fields, through pointers and inside generic code.
//
// Func classifies a callee alone (for IR-based passes, which see
// *types.Func); Classify classifies a call expression and also finds the
// expression that denotes the atomic variable, for AST-based passes.
package atomicop

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/cowlint/cowlint/internal/identity"
)

// Kind is the kind of an atomic operation.
type Kind uint8

const (
	Invalid Kind = iota
	Load
	Store
	Swap
	CompareAndSwap
	Add
	And
	Or
)

var kindNames = [...]string{"Invalid", "Load", "Store", "Swap", "CompareAndSwap", "Add", "And", "Or"}

func (k Kind) String() string { return kindNames[k] }

// Writes reports whether an operation of kind k may modify the variable.
func (k Kind) Writes() bool { return k != Load && k != Invalid }

// Shape describes where a callee's operands are.
type Shape struct {
	Kind Kind
	// Typed is true for methods of the typed atomics, false for the
	// legacy functions that take the variable's address as argument 0.
	Typed bool
	// Type names the atomic type: Int32, Int64, Uint32, Uint64, Uintptr,
	// Bool, Pointer (Pointer[T] for methods, unsafe.Pointer for legacy
	// functions) or Value.
	Type string
}

// ValueArg returns the index in the call's explicit arguments of the value
// stored (Store, Swap), the new value (CompareAndSwap) or the operand (Add,
// And, Or); -1 for Load.
func (s Shape) ValueArg() int {
	first := 1 // legacy: argument 0 is the address
	if s.Typed {
		first = 0
	}
	switch s.Kind {
	case Store, Swap, Add, And, Or:
		return first
	case CompareAndSwap:
		return first + 1
	}
	return -1
}

// OldArg returns the index of CompareAndSwap's old argument, else -1.
func (s Shape) OldArg() int {
	if s.Kind != CompareAndSwap {
		return -1
	}
	if s.Typed {
		return 0
	}
	return 1
}

// ReturnsOld reports whether the call's result is the variable's previous
// value (Swap, and the legacy or typed And/Or, which return the old value).
func (s Shape) ReturnsOld() bool {
	return s.Kind == Swap || s.Kind == And || s.Kind == Or
}

var typedTypes = map[string]bool{
	"Bool": true, "Int32": true, "Int64": true, "Uint32": true, "Uint64": true,
	"Uintptr": true, "Pointer": true, "Value": true,
}

// Prefixes of the legacy function names, longest first so that
// CompareAndSwap is not taken for something else.
var legacyPrefixes = []struct {
	prefix string
	kind   Kind
}{
	{"CompareAndSwap", CompareAndSwap},
	{"Load", Load},
	{"Store", Store},
	{"Swap", Swap},
	{"Add", Add},
	{"And", And},
	{"Or", Or},
}

var methodKinds = map[string]Kind{
	"Load": Load, "Store": Store, "Swap": Swap, "CompareAndSwap": CompareAndSwap,
	"Add": Add, "And": And, "Or": Or,
}

// Func classifies fn, reporting whether it is a sync/atomic operation.
func Func(fn *types.Func) (Shape, bool) {
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != "sync/atomic" {
		return Shape{}, false
	}
	fn = fn.Origin()
	sig, _ := fn.Type().(*types.Signature)
	if sig == nil {
		return Shape{}, false
	}
	if recv := sig.Recv(); recv != nil {
		named := namedOf(recv.Type())
		if named == nil || !typedTypes[named.Obj().Name()] {
			return Shape{}, false
		}
		k, ok := methodKinds[fn.Name()]
		if !ok {
			return Shape{}, false
		}
		return Shape{Kind: k, Typed: true, Type: named.Obj().Name()}, true
	}
	for _, p := range legacyPrefixes {
		if rest, ok := strings.CutPrefix(fn.Name(), p.prefix); ok && typedTypes[rest] && rest != "Bool" && rest != "Value" {
			return Shape{Kind: p.kind, Typed: false, Type: rest}, true
		}
	}
	return Shape{}, false
}

// An Op is one atomic operation found in syntax.
type Op struct {
	Shape
	Call   *ast.CallExpr
	Callee *types.Func
	// Target is the expression denoting the atomic variable, when it is
	// written as an addressable expression: s.n in atomic.AddInt64(&s.n, 1)
	// and in s.n.Add(1). Nil when only a pointer to it is at hand
	// (atomic.AddInt64(p, 1) with p a *int64 parameter).
	Target ast.Expr
	// Embedded lists the implicit fields between Target and the atomic
	// variable, for promoted methods: s.Add(1) where s embeds atomic.Int64.
	Embedded []*types.Var
	// Addr is the pointer operand of a legacy function as written
	// (&s.n, p), nil for methods.
	Addr ast.Expr
}

// ID returns the identity of the atomic variable, or an invalid ID when the
// operation reaches it only through a pointer.
func (op Op) ID(info *types.Info) identity.ID {
	if op.Target == nil {
		return identity.ID{}
	}
	return identity.OfPath(info, op.Target, op.Embedded)
}

// Arg returns the call's explicit argument i, or nil if i < 0.
func (op Op) Arg(i int) ast.Expr {
	if i < 0 || i >= len(op.Call.Args) {
		return nil
	}
	return op.Call.Args[i]
}

// Value returns the stored, new or operand expression (see Shape.ValueArg).
func (op Op) Value() ast.Expr { return op.Arg(op.ValueArg()) }

// Old returns CompareAndSwap's old-value expression.
func (op Op) Old() ast.Expr { return op.Arg(op.OldArg()) }

// Classify reports whether call is an atomic operation and describes it.
func Classify(info *types.Info, call *ast.CallExpr) (Op, bool) {
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	shape, ok := Func(fn)
	if !ok {
		return Op{}, false
	}
	op := Op{Shape: shape, Call: call, Callee: fn}
	if !shape.Typed {
		if len(call.Args) == 0 {
			return Op{}, false
		}
		op.Addr = call.Args[0]
		if u, ok := ast.Unparen(PeelConversions(info, op.Addr)).(*ast.UnaryExpr); ok && u.Op == token.AND {
			op.Target = u.X
		}
		return op, true
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return Op{}, false
	}
	if s, ok := info.Selections[sel]; ok {
		op.Embedded = identity.EmbeddedPath(s)
	}
	op.Target = identity.ReceiverTarget(info, sel.X, op.Embedded)
	return op, true
}

// PeelConversions returns the pointer expression inside conversions that
// keep the memory it points to: (*int32)(&c.flags) with flags of a named
// int32 type, (*uint64)(unsafe.Pointer(&g.bits)) with bits a float64,
// (*unsafe.Pointer)(unsafe.Pointer(&s.p)) with p a *T. A conversion is
// seen through when the pointee types on both sides have the same
// underlying type, or are basic numeric or pointer types of one size
// (unsafe.Pointer in between stands for any of them). Anything else, such
// as a pointer to the first word of a larger struct, is kept: it is
// another variable.
func PeelConversions(info *types.Info, e ast.Expr) ast.Expr {
	e = ast.Unparen(e)
	// The pointee the operation acts on, as the outermost conversion
	// (or the argument itself) types it.
	want := pointee(info.TypeOf(e))
	if want == nil {
		return e
	}
	inner := e
	for {
		conv, ok := ast.Unparen(inner).(*ast.CallExpr)
		if !ok || len(conv.Args) != 1 || conv.Ellipsis.IsValid() {
			break
		}
		if tv, ok := info.Types[conv.Fun]; !ok || !tv.IsType() {
			break
		}
		inner = ast.Unparen(conv.Args[0])
		if p := pointee(info.TypeOf(inner)); p != nil && sameMemory(p, want) {
			e = inner // a pointer to a variable of the same shape
		} else if !isUnsafePointer(info.TypeOf(inner)) {
			break
		}
	}
	return e
}

// pointee returns T for an expression of type *T (named or not), nil for
// anything else, unsafe.Pointer included.
func pointee(t types.Type) types.Type {
	if t == nil {
		return nil
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		return p.Elem()
	}
	return nil
}

func isUnsafePointer(t types.Type) bool {
	b, ok := types.Unalias(t).(*types.Basic)
	return ok && b.Kind() == types.UnsafePointer
}

// sameMemory reports whether variables of types a and b are the same
// memory seen through either type: identical underlying types, or basic
// numeric or pointer-shaped types of one size.
func sameMemory(a, b types.Type) bool {
	if types.Identical(a.Underlying(), b.Underlying()) {
		return true
	}
	sa, sb := wordSize(a), wordSize(b)
	return sa != 0 && sa == sb
}

// wordSize returns the size class of a basic numeric or pointer-shaped
// type: 4 and 8 for the fixed sizes, -1 for the machine word (uintptr,
// unsafe.Pointer, *T), 0 for anything else.
func wordSize(t types.Type) int {
	switch u := t.Underlying().(type) {
	case *types.Pointer:
		return -1
	case *types.Basic:
		switch u.Kind() {
		case types.Int32, types.Uint32, types.Float32:
			return 4
		case types.Int64, types.Uint64, types.Float64:
			return 8
		case types.Uintptr, types.UnsafePointer:
			return -1
		}
	}
	return 0
}

func namedOf(t types.Type) *types.Named {
	n, _ := types.Unalias(derefType(t)).(*types.Named)
	return n
}

func derefType(t types.Type) types.Type {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}
