package rtt

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// scriptedPeer is a serving end on a real Unix socket, published in a workspace's routes.json, that answers each
// request by the rule given to it.
func scriptedPeer(t *testing.T, answer func(request Frame) (answers []Frame, hangUp bool)) string {
	t.Helper()
	workspace := t.TempDir()
	socket := filepath.Join(workspace, "r7.sock")
	listener, err := net.Listen("unix", socket)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = listener.Close() })
	lanes := filepath.Join(workspace, ".rtt", "lanes")
	if err := os.MkdirAll(lanes, 0o700); err != nil {
		t.Fatal(err)
	}
	published := fmt.Sprintf(`{"format":"rtt.lanes/1","routes":[{"lane":"SHM","path":"/x","route":"a->shm",`+
		`"routeId":3},{"lane":"UDS","path":%q,"route":"a->b","routeId":7}]}`, socket)
	if err := os.WriteFile(filepath.Join(lanes, "routes.json"), []byte(published), 0o600); err != nil {
		t.Fatal(err)
	}
	go func() {
		conn, err := listener.Accept()
		if err != nil {
			return
		}
		defer conn.Close()
		var buffer []byte
		chunk := make([]byte, 4096)
		for {
			n, err := conn.Read(chunk)
			if err != nil {
				return
			}
			buffer = append(buffer, chunk[:n]...)
			for len(buffer) >= HeaderLength {
				length, _ := FrameLength(buffer)
				if len(buffer) < length {
					break
				}
				request, _ := Decode(buffer[:length])
				buffer = buffer[length:]
				answers, hangUp := answer(request)
				var out []byte
				for _, frame := range answers {
					out, _ = AppendFrame(out, frame)
				}
				if len(out) > 0 {
					_, _ = conn.Write(out)
				}
				if hangUp {
					return
				}
			}
		}
	}()
	return workspace
}

func TestMapsAnErrorFrameToARouteErrorAndAResponseToItsPayload(t *testing.T) {
	workspace := scriptedPeer(t, func(request Frame) ([]Frame, bool) {
		if string(request.Payload) == "bad" {
			return []Frame{{Kind: KindError, RouteID: 7, CorrelationID: request.CorrelationID,
				Payload: []byte("no such table: nowhere")}}, false
		}
		return []Frame{{Kind: KindResponse, RouteID: 7, CorrelationID: request.CorrelationID,
			Payload: append([]byte("re: "), request.Payload...)}}, false
	})
	client, err := Connect(workspace, "a->b")
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	answer, err := client.RequestTimeout([]byte("hi"), 5*time.Second)
	if err != nil || string(answer) != "re: hi" {
		t.Fatalf("answer %q (%v)", answer, err)
	}
	_, err = client.RequestTimeout([]byte("bad"), 5*time.Second)
	var routeError *RouteError
	if !errors.As(err, &routeError) || routeError.Message != "no such table: nowhere" || routeError.Route != "a->b" {
		t.Fatalf("got %#v", err)
	}
}

func TestCarriesTheDeadlineInTheFrameAndTimesOutWithTheContextsError(t *testing.T) {
	seen := make(chan int64, 1)
	workspace := scriptedPeer(t, func(request Frame) ([]Frame, bool) {
		seen <- request.DeadlineNs
		return nil, false
	})
	client, err := Connect(workspace, "a->b")
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	deadline := time.Now().Add(200 * time.Millisecond)
	ctx, cancel := context.WithDeadline(context.Background(), deadline)
	defer cancel()
	_, err = client.Request(ctx, []byte("nobody answers"))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %v", err)
	}
	if got := <-seen; got != deadline.UnixNano() {
		t.Fatalf("frame deadline %d, want %d", got, deadline.UnixNano())
	}
}

func TestDeliversEventsToPoll(t *testing.T) {
	workspace := scriptedPeer(t, func(request Frame) ([]Frame, bool) {
		return []Frame{{Kind: KindEvent, RouteID: 7, Payload: request.Payload},
			{Kind: KindResponse, RouteID: 7, CorrelationID: request.CorrelationID}}, false
	})
	client, err := Connect(workspace, "a->b")
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	if _, err = client.RequestTimeout([]byte("tick"), 5*time.Second); err != nil {
		t.Fatal(err)
	}
	// the event came before the answer, in the same read or an earlier one
	if events := client.Poll(); len(events) != 1 || string(events[0]) != "tick" {
		t.Fatalf("events %q", events)
	}
	if events := client.Poll(); len(events) != 0 {
		t.Fatalf("events polled twice: %q", events)
	}
}

func TestFailsWaitingRequestsWithTheReasonTheServingEndGaveWhenTheLaneCloses(t *testing.T) {
	workspace := scriptedPeer(t, func(request Frame) ([]Frame, bool) {
		return []Frame{{Kind: KindError, RouteID: 7, Payload: []byte("route a->b has 256 connections, its limit")}},
			true
	})
	client, err := Connect(workspace, "a->b")
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	_, err = client.RequestTimeout([]byte("anyone?"), 5*time.Second)
	if !errors.Is(err, ErrLaneClosed) ||
		err.Error() != "route a->b: the lane closed: route a->b has 256 connections, its limit" {
		t.Fatalf("got %v", err)
	}
}

func TestSaysWhichRoutesAreServedAndRefusesAShmLane(t *testing.T) {
	workspace := scriptedPeer(t, func(request Frame) ([]Frame, bool) { return nil, false })
	_, err := Connect(workspace, "no->such")
	var notServed *NotServedError
	if !errors.As(err, &notServed) || err.Error() != "route no->such is not served; served routes: a->shm, a->b" {
		t.Fatalf("got %v", err)
	}
	_, err = Connect(workspace, "a->shm")
	if err == nil || err.Error() != "route a->shm is on a shm lane; this client speaks uds: pin the route with "+
		"`lane: uds` in rtt.yaml" {
		t.Fatalf("got %v", err)
	}
	_, err = Connect(t.TempDir(), "a->b")
	if !errors.As(err, &notServed) {
		t.Fatalf("got %v", err)
	}
}
