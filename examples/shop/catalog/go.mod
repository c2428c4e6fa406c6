module github.com/example/shop/catalog

go 1.22

require (
	github.com/jackc/pgx/v5 v5.6.0
	github.com/go-chi/chi/v5 v5.1.0
)

require (
	github.com/jackc/pgpassfile v1.0.0 // indirect
	golang.org/x/text v0.16.0 // indirect
)
