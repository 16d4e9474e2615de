package a

var n7 int64

func f7() {
	atomic := 1
	use(&n7) // want `use, no fix`
	_ = atomic
}
