module example.com/svc2

go 1.22

require github.com/lib/pq v1.10.9

require golang.org/x/sync v0.7.0 // indirect
