// Command interop-check drives a served echo route over uds from Go; run by the Java side's ClientInteropTest.
//
//	usage: go run ./cmd/interop-check WORKSPACE ROUTE
//
// It prints one line per check and exits non-zero on the first failure.
package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"rtt"
)

func main() {
	if len(os.Args) != 3 {
		fail("usage: interop-check WORKSPACE ROUTE")
	}
	workspace, route := os.Args[1], os.Args[2]
	client, err := rtt.Connect(workspace, route)
	check(err)
	answer, err := client.RequestTimeout([]byte("hello from go"), 5*time.Second)
	check(err)
	expect(bytes.Equal(answer, []byte("hello from go")), "echo answered %q", answer)
	fmt.Println("request ok")

	payloads := make([][]byte, 1000)
	for i := range payloads {
		payloads[i] = []byte(fmt.Sprintf("pipelined %d", i))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	answers, err := client.RequestMany(ctx, payloads)
	cancel()
	check(err)
	for i := range payloads {
		expect(bytes.Equal(answers[i], payloads[i]), "pipelined answer %d is %q", i, answers[i])
	}
	fmt.Println("1000 pipelined ok")

	big := make([]byte, 51200)
	for i := range big {
		big[i] = byte(i)
	}
	answer, err = client.RequestTimeout(big, 5*time.Second)
	check(err)
	expect(bytes.Equal(answer, big), "the 51200-byte payload came back changed")
	fmt.Println("51200-byte payload ok")

	_, err = client.RequestTimeout(make([]byte, 70*1024), 5*time.Second)
	var routeError *rtt.RouteError
	expect(errors.As(err, &routeError) && strings.Contains(err.Error(), "limit"), "oversized request gave %v", err)
	fmt.Println("oversized refused:", err)
	check(client.Close())

	_, err = client.RequestTimeout([]byte("after close"), time.Second)
	expect(errors.Is(err, rtt.ErrLaneClosed), "a request after close gave %v", err)
	fmt.Println("closed lane:", err)

	_, err = rtt.Connect(workspace, "no->such")
	var notServed *rtt.NotServedError
	expect(errors.As(err, &notServed), "connected to a route nobody serves (%v)", err)
	fmt.Println("unknown route:", err)
}

func check(err error) {
	if err != nil {
		fail(err.Error())
	}
}

func expect(ok bool, format string, args ...interface{}) {
	if !ok {
		fail(fmt.Sprintf(format, args...))
	}
}

func fail(message string) {
	fmt.Fprintln(os.Stderr, "FAILED:", message)
	os.Exit(1)
}
