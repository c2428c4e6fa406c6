// Command gencheck drives a generated Go connector against a served sqlite route; run by GeneratedConnectorsTest.
//
//	usage: go run . WORKSPACE
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"

	rtt "gencheck/connectors/gosvc"
)

func main() {
	ctx := context.Background()
	ledger := rtt.NewLedgerClient(os.Args[1])
	defer ledger.Close()
	_, err := ledger.Query(ctx, "CREATE TABLE go_items(id INTEGER PRIMARY KEY, name TEXT)")
	check(err)
	results, err := ledger.Transaction(ctx,
		rtt.SQLStatement{SQL: "INSERT INTO go_items VALUES (?, ?)", Params: []interface{}{1, "one"}},
		rtt.SQLStatement{SQL: "INSERT INTO go_items VALUES (?, ?)", Params: []interface{}{2, "two"}})
	check(err)
	fmt.Printf("tx %d%d\n", *results[0].Changes, *results[1].Changes)
	result, err := ledger.Query(ctx, "SELECT id, name FROM go_items WHERE id >= ? ORDER BY id", 1)
	check(err)
	rows, err := json.Marshal(result.Rows)
	check(err)
	fmt.Println("rows", string(rows))
	_, err = ledger.Query(ctx, "SELECT * FROM nowhere")
	var routeError *rtt.RouteError
	if errors.As(err, &routeError) {
		fmt.Println("error", routeError.Message)
	} else {
		fmt.Println("no error:", err)
	}
	fmt.Println("deadline", rtt.LedgerDeadline.Milliseconds(), "ms")
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "FAILED:", err)
		os.Exit(1)
	}
}
