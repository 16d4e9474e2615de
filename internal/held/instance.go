package held

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/cowlint/cowlint/internal/identity"
)

// InstanceOf names the mutex value e (followed by the embedded fields) in
// its function: a variable and a field path. The instance is unknown when e
// goes through an index, a call or a map. alias, when not nil, maps a local
// variable to the expression it was defined as (mu := &s.mu), so that
// mu.Lock() and s.mu.Unlock() name one instance.
func InstanceOf(info *types.Info, e ast.Expr, embedded []*types.Var, alias func(*types.Var) ast.Expr) Instance {
	if e == nil {
		return Instance{}
	}
	root, fields, ok := instancePath(info, e, alias, 0)
	if !ok {
		return Instance{}
	}
	for _, f := range embedded {
		fields = append(fields, f.Name())
	}
	return Instance{Root: root, Path: strings.Join(fields, ".")}
}

func instancePath(info *types.Info, e ast.Expr, alias func(*types.Var) ast.Expr, depth int) (types.Object, []string, bool) {
	switch e := ast.Unparen(e).(type) {
	case *ast.UnaryExpr:
		if e.Op == token.AND {
			return instancePath(info, e.X, alias, depth)
		}
	case *ast.StarExpr:
		return instancePath(info, e.X, alias, depth)
	case *ast.Ident:
		obj := info.Uses[e]
		if obj == nil {
			obj = info.Defs[e]
		}
		if v, ok := obj.(*types.Var); ok && !v.IsField() {
			if alias != nil && depth < 8 {
				if def := alias(v); def != nil {
					return instancePath(info, def, alias, depth+1)
				}
			}
			return v, nil, true
		}
	case *ast.SelectorExpr:
		sel, ok := info.Selections[e]
		if !ok {
			if v, ok := info.Uses[e.Sel].(*types.Var); ok {
				return v, nil, true // a package-qualified variable
			}
			return nil, nil, false
		}
		if sel.Kind() != types.FieldVal {
			return nil, nil, false
		}
		root, fields, ok := instancePath(info, e.X, alias, depth)
		if !ok {
			return nil, nil, false
		}
		for _, f := range identity.EmbeddedPath(sel) {
			fields = append(fields, f.Name())
		}
		return root, append(fields, e.Sel.Name), true
	}
	return nil, nil, false
}
