// Package a tests the grammar of //cowlint: directives.
package a

func f() int {
	//cowlint:ignore atomicmix single writer, readers tolerate staleness
	x := 1 // ok: well formed (it silences nothing, which atomicmix itself reports)

	//cowlint:ignore atomicmix // want `cowlint:ignore atomicmix needs a reason`
	x++

	//cowlint:ignore atomicmx typo in the name // want `cowlint:ignore names unknown analyzer "atomicmx"`
	x++

	//cowlint:ignore // want `cowlint:ignore directive names no analyzer`
	x++

	//cowlint:frobnicate this // want `unknown cowlint directive "frobnicate"`
	x++

	//cowlint: // want `cowlint directive has no verb`
	return x
}

//cowlint:exclusive // want `cowlint:exclusive needs a reason`
func exclusiveNoReason() {}

//cowlint:exclusive the runtime calls it with the world stopped
func exclusiveWithReason() {}
