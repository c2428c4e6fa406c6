package rtt

import (
	"bytes"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// goldenVectors reads the table of docs/PROTOCOL.md that FrameVectorsTest checks in Java.
func goldenVectors(t *testing.T) [][]string {
	text, err := os.ReadFile(filepath.Join("..", "..", "docs", "PROTOCOL.md"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(text), "\n")
	var rows [][]string
	inside := false
	for _, line := range lines {
		if line == "## Golden vectors" {
			inside = true
			continue
		}
		if !inside {
			continue
		}
		if strings.HasPrefix(line, "## ") {
			break
		}
		if strings.HasPrefix(line, "| ") && !strings.HasPrefix(line, "| name") && !strings.HasPrefix(line, "| ---") {
			var cells []string
			for _, cell := range strings.Split(strings.Trim(line, "|"), "|") {
				cells = append(cells, strings.TrimSpace(cell))
			}
			rows = append(rows, cells)
		}
	}
	return rows
}

func TestEncodesAndDecodesEveryGoldenVector(t *testing.T) {
	vectors := goldenVectors(t)
	if len(vectors) != 4 {
		t.Fatalf("golden vectors: got %d, want 4", len(vectors))
	}
	for _, v := range vectors {
		name, kind, route, correlation, deadline, payload, frame := v[0], v[1], v[2], v[3], v[4], v[5], v[6]
		t.Run(name, func(t *testing.T) {
			body := []byte{}
			if strings.HasPrefix(payload, "`") {
				body = []byte(strings.Trim(payload, "`"))
			}
			expected, err := hex.DecodeString(strings.Trim(frame, "`"))
			if err != nil {
				t.Fatal(err)
			}
			k, _ := strconv.Atoi(kind)
			r, _ := strconv.ParseInt(route, 10, 32)
			c, err := strconv.ParseUint(correlation, 0, 64)
			if err != nil {
				t.Fatal(err)
			}
			d, _ := strconv.ParseInt(deadline, 10, 64)
			want := Frame{Kind: Kind(k), RouteID: int32(r), CorrelationID: c, DeadlineNs: d, Payload: body}
			encoded, err := Encode(want)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(expected, encoded) {
				t.Fatalf("encoded %x, want %x", encoded, expected)
			}
			if n, err := FrameLength(expected); err != nil || n != len(expected) {
				t.Fatalf("frame length %d (%v), want %d", n, err, len(expected))
			}
			decoded, err := Decode(expected)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(want, decoded) {
				t.Fatalf("decoded %+v, want %+v", decoded, want)
			}
		})
	}
}

func TestRefusesBadVersionKindAndLengthSayingWhatWasWrong(t *testing.T) {
	good, err := Encode(Frame{Kind: KindEvent, RouteID: 1, CorrelationID: 2, Payload: []byte("x")})
	if err != nil {
		t.Fatal(err)
	}
	with := func(offset int, patch ...byte) []byte {
		copied := append([]byte{}, good...)
		copy(copied[offset:], patch)
		return copied
	}
	cases := []struct {
		buffer  []byte
		message string
	}{
		{with(4, 9), "unsupported frame version: 9"},
		{with(5, 0), "unknown frame kind: 0"},
		{with(0, 8, 0, 0, 0), "invalid frame length: 8, min=32, max=16777216"},
		{good[:len(good)-1], "frame of 33 bytes exceeds the 32 available"},
		{good[:10], "need 32 bytes for a frame header, have 10"},
	}
	for _, c := range cases {
		_, err := Decode(c.buffer)
		var frameError *FrameError
		if !errors.As(err, &frameError) || err.Error() != c.message {
			t.Errorf("decode: got %v, want FrameError %q", err, c.message)
		}
	}
	if _, err := Encode(Frame{Kind: 7, RouteID: 1}); err == nil || err.Error() != "unknown frame kind: 7" {
		t.Errorf("encode kind 7: got %v", err)
	}
	if _, err := FrameLength([]byte{1, 2}); err == nil || err.Error() != "need 4 bytes for the frame length, have 2" {
		t.Errorf("frame length of 2 bytes: got %v", err)
	}
}

func TestKeepsCorrelationIdsWithTheHighBitSet(t *testing.T) {
	encoded, err := Encode(Frame{Kind: KindRequest, RouteID: 1, CorrelationID: 0xFFFFFFFFFFFFFFFE})
	if err != nil {
		t.Fatal(err)
	}
	frame, err := Decode(encoded)
	if err != nil || frame.CorrelationID != 0xFFFFFFFFFFFFFFFE {
		t.Fatalf("got %x (%v)", frame.CorrelationID, err)
	}
}

func TestAppendsSeveralFramesToOneBuffer(t *testing.T) {
	var batch []byte
	var err error
	for i := uint64(1); i <= 3; i++ {
		if batch, err = AppendFrame(batch, Frame{Kind: KindRequest, RouteID: 7, CorrelationID: i}); err != nil {
			t.Fatal(err)
		}
	}
	if len(batch) != 3*HeaderLength {
		t.Fatalf("batch of %d bytes", len(batch))
	}
	third, err := Decode(batch[2*HeaderLength:])
	if err != nil || third.CorrelationID != 3 {
		t.Fatalf("third frame %+v (%v)", third, err)
	}
}
