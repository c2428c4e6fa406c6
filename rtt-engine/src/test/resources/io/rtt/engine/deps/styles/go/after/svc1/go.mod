module example.com/svc1

go 1.22

require (
	github.com/lib/pq v1.10.9 // keep
	golang.org/x/sync v0.7.0
)
