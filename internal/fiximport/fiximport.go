// Package fiximport lets a suggested fix use a package that the file it
// rewrites does not import yet: it names the package as the file can refer
// to it at the fix's position, and gives the edit adding the import.
//
// The import goes where gofmt keeps it: among the file's imports in sorted
// position when they are in one parenthesised declaration, else in a
// declaration of its own after the last import (after the package clause
// when there is none). Several fixes in one file give identical edits, which
// drivers apply once.
package fiximport

import (
	"go/ast"
	"go/token"
	"go/types"
	"path"
	"strconv"

	"golang.org/x/tools/go/analysis"
)

// Name returns the name under which file can refer to the package with
// import path at pos, and the edits that add the import if file lacks it
// (none if it has it). It fails (ok false) when the file imports the
// package only as _ or ., or when the package's default name means
// something else at pos: the fix is then better withheld.
func Name(pass *analysis.Pass, file *ast.File, importPath string, pos token.Pos) (name string, edits []analysis.TextEdit, ok bool) {
	scope := pass.TypesInfo.Scopes[file]
	if scope == nil {
		return "", nil, false
	}
	for _, spec := range file.Imports {
		if p, err := strconv.Unquote(spec.Path.Value); err != nil || p != importPath {
			continue
		}
		name := path.Base(importPath)
		if spec.Name != nil {
			name = spec.Name.Name
		}
		if name == "_" || name == "." {
			return "", nil, false
		}
		if _, obj := scope.Innermost(pos).LookupParent(name, pos); isPkg(obj, importPath) {
			return name, nil, true
		}
		return "", nil, false
	}

	// Not imported: the default name must be free at pos (nothing in the
	// file or package scope or any inner scope declares it) and free in
	// the file scope.
	name = path.Base(importPath)
	if !token.IsIdentifier(name) {
		return "", nil, false
	}
	if _, obj := scope.Innermost(pos).LookupParent(name, pos); obj != nil && obj.Parent() != types.Universe {
		return "", nil, false
	}
	if pass.Pkg.Scope().Lookup(name) != nil {
		return "", nil, false
	}
	return name, []analysis.TextEdit{insertion(pass.Fset, file, importPath)}, true
}

func isPkg(obj types.Object, importPath string) bool {
	pn, ok := obj.(*types.PkgName)
	return ok && pn.Imported().Path() == importPath
}

// insertion is the edit adding the import of importPath to file.
func insertion(fset *token.FileSet, file *ast.File, importPath string) analysis.TextEdit {
	quoted := strconv.Quote(importPath)
	var last *ast.GenDecl
	for _, decl := range file.Decls {
		d, ok := decl.(*ast.GenDecl)
		if !ok || d.Tok != token.IMPORT {
			break
		}
		last = d
	}
	if last == nil {
		// No imports: after the package clause.
		return analysis.TextEdit{Pos: file.Name.End(), End: file.Name.End(), NewText: []byte("\n\nimport " + quoted)}
	}
	if last.Lparen.IsValid() && !isCgo(last) && len(last.Specs) > 0 {
		// In sorted position among the specs.
		for _, s := range last.Specs {
			spec := s.(*ast.ImportSpec)
			if spec.Path.Value > quoted {
				at := spec.Pos()
				if spec.Doc != nil {
					at = spec.Doc.Pos()
				}
				return analysis.TextEdit{Pos: at, End: at, NewText: []byte(quoted + "\n\t")}
			}
		}
		// Last: before the closing parenthesis (after any comment
		// ending the last spec's line).
		if fset.Position(last.Rparen).Column == 1 {
			return analysis.TextEdit{Pos: last.Rparen, End: last.Rparen, NewText: []byte("\t" + quoted + "\n")}
		}
		return analysis.TextEdit{Pos: last.Rparen, End: last.Rparen, NewText: []byte("; " + quoted)}
	}
	return analysis.TextEdit{Pos: last.End(), End: last.End(), NewText: []byte("\n\nimport " + quoted)}
}

// isCgo reports whether d is import "C", which must stay alone with its
// preamble.
func isCgo(d *ast.GenDecl) bool {
	for _, s := range d.Specs {
		if s.(*ast.ImportSpec).Path.Value == `"C"` {
			return true
		}
	}
	return false
}
