package a

var n1 int64

func use(*int64) {}

func f1() { use(&n1) } // want `use atomic`
