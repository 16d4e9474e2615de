// Package directive defines an Analyzer that checks cowlint's own comment
// directives.
//
// # Analyzer directive
//
// directive: check that //cowlint: directives are well formed
//
// A suppression must say which analyzer it silences and why:
//
//	//cowlint:ignore atomicmix counter has a single writer; readers tolerate staleness
//
// The directive analyzer reports a //cowlint:ignore with no reason or naming
// an unknown analyzer, and a //cowlint: comment with an unknown verb. (Each
// analyzer itself reports the ignore directives naming it that silence
// nothing.)
package directive
