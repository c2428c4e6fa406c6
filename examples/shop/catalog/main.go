// Command catalog serves product names from Postgres.
package main

import (
	"context"
	"encoding/json"
	"log"
	"net/http"
	"os"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

func main() {
	pool, err := pgxpool.New(context.Background(), os.Getenv("CATALOG_DSN"))
	if err != nil {
		log.Fatal(err)
	}
	r := chi.NewRouter()
	r.Get("/products/{sku}", func(w http.ResponseWriter, req *http.Request) {
		var name string
		err := pool.QueryRow(req.Context(), "SELECT name FROM products WHERE sku = $1", chi.URLParam(req, "sku")).Scan(&name)
		if err != nil {
			http.NotFound(w, req)
			return
		}
		json.NewEncoder(w).Encode(map[string]string{"name": name})
	})
	log.Fatal(http.ListenAndServe(os.Getenv("LISTEN_ADDR"), r))
}
