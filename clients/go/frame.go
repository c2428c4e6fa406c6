// Package rtt speaks RTT's lane protocol (docs/PROTOCOL.md) from Go: a codec for the 32-byte little-endian frame
// header and its payload, and a route client over a uds lane. Standard library only.
//
// It is the library RTT's generated Go connectors are built on: `rtt gen` copies frame.go and client.go beside the
// connectors it writes, so a generated package compiles with nothing else.
package rtt

import (
	"encoding/binary"
	"fmt"
)

// Layout of a frame, as io.rtt.engine.fabric.FrameDescriptor draws it.
const (
	// Version is the only frame version there is.
	Version = 1
	// HeaderLength is the bytes before the payload.
	HeaderLength = 32
	// MaxFrameLength is the largest frame, header included; a longer length word is refused as corruption.
	MaxFrameLength = 16 * 1024 * 1024
)

// Kind says what a frame is.
type Kind uint8

// Frame kinds.
const (
	KindRequest   Kind = 1
	KindResponse  Kind = 2
	KindEvent     Kind = 3
	KindError     Kind = 4 // the payload is a UTF-8 message
	KindHeartbeat Kind = 5 // empty payload
	KindProbe     Kind = 6 // empty payload
)

// Frame is one decoded frame.
type Frame struct {
	Kind          Kind
	RouteID       int32
	CorrelationID uint64
	DeadlineNs    int64
	Payload       []byte
}

// FrameError is a frame that fails validation; the lane it came from is in error.
type FrameError struct {
	Message string
}

func (e *FrameError) Error() string {
	return e.Message
}

// Encode returns the whole frame, header and payload.
func Encode(frame Frame) ([]byte, error) {
	return AppendFrame(nil, frame)
}

// AppendFrame appends the whole frame to dst, so that several frames can go in one write.
func AppendFrame(dst []byte, frame Frame) ([]byte, error) {
	if err := checkKind(frame.Kind); err != nil {
		return dst, err
	}
	length := HeaderLength + len(frame.Payload)
	if err := checkLength(length); err != nil {
		return dst, err
	}
	var header [HeaderLength]byte
	binary.LittleEndian.PutUint32(header[0:], uint32(length))
	header[4] = Version
	header[5] = byte(frame.Kind)
	binary.LittleEndian.PutUint32(header[8:], uint32(frame.RouteID))
	binary.LittleEndian.PutUint64(header[16:], frame.CorrelationID)
	binary.LittleEndian.PutUint64(header[24:], uint64(frame.DeadlineNs))
	dst = append(dst, header[:]...)
	return append(dst, frame.Payload...), nil
}

// FrameLength reads the length word of the frame at the start of buffer (it needs 4 bytes): how many bytes to read in
// all.
func FrameLength(buffer []byte) (int, error) {
	if len(buffer) < 4 {
		return 0, &FrameError{fmt.Sprintf("need 4 bytes for the frame length, have %d", len(buffer))}
	}
	length := int(int32(binary.LittleEndian.Uint32(buffer)))
	return length, checkLength(length)
}

// Decode validates version, kind and length, in that order, then returns the frame at the start of buffer. The
// payload is a copy, so the frame does not pin the read buffer.
func Decode(buffer []byte) (Frame, error) {
	if len(buffer) < HeaderLength {
		return Frame{}, &FrameError{fmt.Sprintf("need %d bytes for a frame header, have %d", HeaderLength, len(buffer))}
	}
	if version := buffer[4]; version != Version {
		return Frame{}, &FrameError{fmt.Sprintf("unsupported frame version: %d", version)}
	}
	kind := Kind(buffer[5])
	if err := checkKind(kind); err != nil {
		return Frame{}, err
	}
	length := int(int32(binary.LittleEndian.Uint32(buffer)))
	if err := checkLength(length); err != nil {
		return Frame{}, err
	}
	if length > len(buffer) {
		return Frame{}, &FrameError{fmt.Sprintf("frame of %d bytes exceeds the %d available", length, len(buffer))}
	}
	return Frame{
		Kind:          kind,
		RouteID:       int32(binary.LittleEndian.Uint32(buffer[8:])),
		CorrelationID: binary.LittleEndian.Uint64(buffer[16:]),
		DeadlineNs:    int64(binary.LittleEndian.Uint64(buffer[24:])),
		Payload:       append([]byte{}, buffer[HeaderLength:length]...),
	}, nil
}

func checkKind(kind Kind) error {
	if kind < KindRequest || kind > KindProbe {
		return &FrameError{fmt.Sprintf("unknown frame kind: %d", kind)}
	}
	return nil
}

func checkLength(length int) error {
	if length < HeaderLength || length > MaxFrameLength {
		return &FrameError{fmt.Sprintf("invalid frame length: %d, min=%d, max=%d", length, HeaderLength,
			MaxFrameLength)}
	}
	return nil
}
