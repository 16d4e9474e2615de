package a

import "fmt"

var n2 int64

func f2() {
	use(&n2) // want `use atomic`
	fmt.Println()
}
