module example.com/golangcitest

go 1.26
