// Package g tests what guard does to every analyzer's diagnostics: the test
// analyzer flagbad reports each call to bad(); ignore directives silence it
// on their own line and the next, and unused ones are reported.
package g

func bad() {}

func f() {
	bad() // want "call to bad"

	//cowlint:ignore flagbad the caller holds the lock here
	bad() // ok: silenced by the directive above

	bad() //cowlint:ignore flagbad trailing directive on the same line

	//cowlint:ignore flagbad,atomicmix naming several analyzers is fine
	bad() // ok: silenced, flagbad is among the names

	//cowlint:ignore atomicmix another analyzer's directive does not silence flagbad
	bad() // want "call to bad"

	//cowlint:ignore flagbad nothing to silence here // want "cowlint:ignore directive for flagbad silences nothing: remove it"

	//cowlint:ignore flagbad
	bad() // want "call to bad"
}
