package rtt

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// DefaultTimeout is how long a request waits for its answer when its context has no deadline.
const DefaultTimeout = 5 * time.Second

// HeartbeatInterval is how long a client stays silent before it sends a heartbeat: the serving end closes a connection
// that sends nothing for 60 s (docs/PROTOCOL.md, "What a serving end lets one client hold").
const HeartbeatInterval = 20 * time.Second

// RouteError is an error frame from the serving end: the driver failed, or the request met a limit (rate, size,
// overload, deadline). Its message is for people; pass it on, do not parse it.
type RouteError struct {
	Route   string
	Message string
}

func (e *RouteError) Error() string {
	return e.Message
}

// NotServedError says that the workspace's panel does not serve a route (or no panel serves anything there).
type NotServedError struct {
	Route   string
	Message string
}

func (e *NotServedError) Error() string {
	return e.Message
}

// ErrLaneClosed is wrapped by the error of every request the lane closed under; connect again once it is served.
var ErrLaneClosed = errors.New("the lane closed")

type publishedRoutes struct {
	Routes []struct {
		Lane    string `json:"lane"`
		Path    string `json:"path"`
		Route   string `json:"route"`
		RouteID int32  `json:"routeId"`
	} `json:"routes"`
}

// RouteClient is the calling end of a route over its uds lane: connect by route name, then send requests and get
// their answers, or stream events one way and poll those that come back.
//
//	catalog, err := rtt.Connect(".", "api->catalog")
//	if err != nil { ... }
//	defer catalog.Close()
//	answer, err := catalog.RequestTimeout([]byte("sku-42"), 500*time.Millisecond)
//
// A request carries its deadline in the frame, so the serving end can order by it and skip work nobody waits for.
// Safe for use by several goroutines: writes are serialised, and one goroutine reads the lane.
type RouteClient struct {
	route    string
	routeID  int32
	conn     net.Conn
	nextID   atomic.Uint64
	lastSend atomic.Int64

	writeMu sync.Mutex

	mu       sync.Mutex
	pending  map[uint64]chan Frame
	events   [][]byte
	closeErr error

	done      chan struct{}
	closeOnce sync.Once
	stopped   sync.WaitGroup
}

// Connect connects to a route the panel of a workspace serves, through <workspace>/.rtt/lanes/routes.json. shm lanes
// need the Agrona ring layout and are for the Java client; pin a route to uds in rtt.yaml (`lane: uds`) to call it
// from Go.
func Connect(workspace string, route string) (*RouteClient, error) {
	text, err := os.ReadFile(filepath.Join(workspace, ".rtt", "lanes", "routes.json"))
	if errors.Is(err, os.ErrNotExist) {
		return nil, &NotServedError{route, fmt.Sprintf("no routes are served in %s; is `rtt serve` running?",
			workspace)}
	}
	if err != nil {
		return nil, err
	}
	var published publishedRoutes
	if err := json.Unmarshal(text, &published); err != nil {
		return nil, fmt.Errorf("the published routes of %s are not readable: %w", workspace, err)
	}
	served := make([]string, 0, len(published.Routes))
	for _, address := range published.Routes {
		if address.Route != route {
			served = append(served, address.Route)
			continue
		}
		if address.Lane != "UDS" {
			return nil, fmt.Errorf("route %s is on a %s lane; this client speaks uds: pin the route with "+
				"`lane: uds` in rtt.yaml", route, strings.ToLower(address.Lane))
		}
		conn, err := net.Dial("unix", address.Path)
		if err != nil {
			return nil, fmt.Errorf("cannot connect to the uds lane of %s at %s: %w; is it served?", route,
				address.Path, err)
		}
		return newRouteClient(route, address.RouteID, conn), nil
	}
	return nil, &NotServedError{route, fmt.Sprintf("route %s is not served; served routes: %s", route,
		strings.Join(served, ", "))}
}

func newRouteClient(route string, routeID int32, conn net.Conn) *RouteClient {
	client := &RouteClient{
		route:   route,
		routeID: routeID,
		conn:    conn,
		pending: make(map[uint64]chan Frame),
		done:    make(chan struct{}),
	}
	client.lastSend.Store(time.Now().UnixNano())
	client.stopped.Add(2)
	go client.read()
	go client.heartbeat()
	return client
}

// Route is the route this client calls.
func (c *RouteClient) Route() string {
	return c.route
}

// Request sends one request and waits for its answer until the context's deadline (DefaultTimeout when it has
// none), which the frame carries. It fails with a *RouteError when the serving end answers with an error frame, with
// an error wrapping the context's error when no answer comes in time, and with one wrapping ErrLaneClosed when the
// lane goes away.
func (c *RouteClient) Request(ctx context.Context, payload []byte) ([]byte, error) {
	answers, err := c.RequestMany(ctx, [][]byte{payload})
	if err != nil {
		return nil, err
	}
	return answers[0], nil
}

// RequestTimeout is Request with a timeout instead of a context.
func (c *RouteClient) RequestTimeout(payload []byte, timeout time.Duration) ([]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	return c.Request(ctx, payload)
}

// RequestMany sends requests in one write (pipelined) and returns their answers in order; the first failure, in
// order, is the error.
func (c *RouteClient) RequestMany(ctx context.Context, payloads [][]byte) ([][]byte, error) {
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, DefaultTimeout)
		defer cancel()
	}
	deadline, _ := ctx.Deadline()
	ids := make([]uint64, len(payloads))
	waiters := make([]chan Frame, len(payloads))
	var batch []byte
	c.mu.Lock()
	if c.closeErr != nil {
		err := c.closeErr
		c.mu.Unlock()
		return nil, err
	}
	for i, payload := range payloads {
		ids[i] = c.nextID.Add(1)
		waiters[i] = make(chan Frame, 1)
		c.pending[ids[i]] = waiters[i]
		var err error
		batch, err = AppendFrame(batch, Frame{Kind: KindRequest, RouteID: c.routeID, CorrelationID: ids[i],
			DeadlineNs: deadline.UnixNano(), Payload: payload})
		if err != nil {
			c.forgetLocked(ids[:i+1])
			c.mu.Unlock()
			return nil, err
		}
	}
	c.mu.Unlock()
	defer c.forget(ids)
	if err := c.write(batch); err != nil {
		return nil, err
	}
	answers := make([][]byte, len(payloads))
	for i, waiter := range waiters {
		select {
		case frame := <-waiter:
			if frame.Kind == KindError {
				return nil, &RouteError{c.route, string(frame.Payload)}
			}
			answers[i] = frame.Payload
		case <-ctx.Done():
			return nil, fmt.Errorf("route %s: no answer before the deadline: %w", c.route, ctx.Err())
		case <-c.done:
			return nil, c.closedError()
		}
	}
	return answers, nil
}

// Send streams one event; no answer comes.
func (c *RouteClient) Send(payload []byte) error {
	frame, err := Encode(Frame{Kind: KindEvent, RouteID: c.routeID, Payload: payload})
	if err != nil {
		return err
	}
	return c.write(frame)
}

// Poll returns the events received so far, without waiting.
func (c *RouteClient) Poll() [][]byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	events := c.events
	c.events = nil
	return events
}

// Close closes the lane; requests still waiting fail with ErrLaneClosed. It may be called more than once.
func (c *RouteClient) Close() error {
	c.fail(fmt.Errorf("route %s: the client closed: %w", c.route, ErrLaneClosed))
	c.stopped.Wait()
	return nil
}

func (c *RouteClient) write(bytes []byte) error {
	c.writeMu.Lock()
	defer c.writeMu.Unlock()
	c.lastSend.Store(time.Now().UnixNano())
	if _, err := c.conn.Write(bytes); err != nil {
		c.fail(fmt.Errorf("route %s: %w (%v)", c.route, ErrLaneClosed, err))
		return c.closedError()
	}
	return nil
}

func (c *RouteClient) read() {
	defer c.stopped.Done()
	buffer := make([]byte, 0, 64*1024)
	chunk := make([]byte, 64*1024)
	for {
		n, err := c.conn.Read(chunk)
		if err != nil {
			c.fail(fmt.Errorf("route %s: %w", c.route, ErrLaneClosed))
			return
		}
		buffer = append(buffer, chunk[:n]...)
		offset := 0
		for len(buffer)-offset >= 4 {
			length, err := FrameLength(buffer[offset:])
			if err != nil {
				c.fail(fmt.Errorf("route %s: %w: %v", c.route, ErrLaneClosed, err))
				return
			}
			if len(buffer)-offset < length {
				break
			}
			frame, err := Decode(buffer[offset : offset+length])
			if err != nil {
				c.fail(fmt.Errorf("route %s: %w: %v", c.route, ErrLaneClosed, err))
				return
			}
			offset += length
			c.dispatch(frame)
		}
		buffer = append(buffer[:0], buffer[offset:]...)
	}
}

func (c *RouteClient) dispatch(frame Frame) {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch frame.Kind {
	case KindEvent:
		c.events = append(c.events, frame.Payload)
	case KindResponse, KindError:
		if frame.Kind == KindError && frame.CorrelationID == 0 {
			// an error about the connection itself (such as a lane at its connection cap): the reason it closes
			c.closeErr = fmt.Errorf("route %s: %w: %s", c.route, ErrLaneClosed, frame.Payload)
			return
		}
		if waiter, ok := c.pending[frame.CorrelationID]; ok {
			delete(c.pending, frame.CorrelationID)
			waiter <- frame
		}
	}
}

func (c *RouteClient) heartbeat() {
	defer c.stopped.Done()
	ticker := time.NewTicker(HeartbeatInterval / 4)
	defer ticker.Stop()
	beat, _ := Encode(Frame{Kind: KindHeartbeat})
	for {
		select {
		case <-c.done:
			return
		case now := <-ticker.C:
			if now.UnixNano()-c.lastSend.Load() >= int64(HeartbeatInterval) {
				_ = c.write(beat)
			}
		}
	}
}

func (c *RouteClient) fail(err error) {
	c.closeOnce.Do(func() {
		c.mu.Lock()
		if c.closeErr == nil {
			c.closeErr = err
		}
		c.mu.Unlock()
		close(c.done)
		_ = c.conn.Close()
	})
}

func (c *RouteClient) closedError() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.closeErr
}

func (c *RouteClient) forget(ids []uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.forgetLocked(ids)
}

func (c *RouteClient) forgetLocked(ids []uint64) {
	for _, id := range ids {
		delete(c.pending, id)
	}
}
