package io.rtt.engine.fabric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * The golden vectors of docs/PROTOCOL.md, read from the document itself: encoding gives their bytes, decoding
 * gives their fields.
 */
class FrameVectorsTest
{
    private static List<String[]> vectors() throws IOException
    {
        Path doc = Path.of("").toAbsolutePath();
        while (!Files.exists(doc.resolve("docs/PROTOCOL.md")))
        {
            doc = doc.getParent();
        }
        return Files.readAllLines(doc.resolve("docs/PROTOCOL.md"), StandardCharsets.UTF_8).stream()
            .dropWhile(line -> !line.startsWith("## Golden vectors"))
            .skip(1)
            .takeWhile(line -> !line.startsWith("## "))
            .filter(line -> line.startsWith("| ") && !line.startsWith("| name") && !line.startsWith("| ---"))
            .map(line -> line.substring(2, line.length() - 2).split(" \\| "))
            .toList();
    }

    @Test
    void shouldEncodeAndDecodeEveryGoldenVector() throws IOException
    {
        final List<String[]> vectors = vectors();
        assertEquals(4, vectors.size());
        for (final String[] v : vectors)
        {
            final byte kind = Byte.parseByte(v[1]);
            final int route = Integer.parseInt(v[2]);
            final long correlation = Long.decode(v[3]);
            final long deadline = Long.parseLong(v[4]);
            final byte[] payload = v[5].startsWith("`") ? v[5].replace("`", "").getBytes(StandardCharsets.UTF_8) :
                new byte[0];
            final byte[] expected = HexFormat.of().parseHex(v[6].replace("`", ""));
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[expected.length]);

            final FrameFlyweight frame = new FrameFlyweight().wrap(buffer, 0)
                .header(kind, route, correlation, deadline, payload.length);
            buffer.putBytes(frame.payloadOffset(), payload);

            assertEquals(HexFormat.of().formatHex(expected), HexFormat.of().formatHex(buffer.byteArray()), v[0]);
            final FrameFlyweight read = new FrameFlyweight().wrap(new UnsafeBuffer(expected), 0);
            assertEquals(expected.length, read.validate(expected.length));
            assertEquals(kind, read.kind());
            assertEquals(route, read.routeId());
            assertEquals(correlation, read.correlationId());
            assertEquals(deadline, read.deadlineNs());
            assertEquals(payload.length, read.payloadLength());
        }
    }

    @Test
    void shouldRefuseFramesThatFailValidation()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        final FrameFlyweight frame = new FrameFlyweight().wrap(buffer, 0)
            .header(FrameDescriptor.KIND_EVENT, 1, 2, 0, 16);

        assertEquals("frame of 48 bytes exceeds the 40 available",
            assertThrows(IllegalArgumentException.class, () -> frame.validate(40)).getMessage());
        buffer.putByte(FrameDescriptor.KIND_OFFSET, (byte)9);
        assertEquals("unknown frame kind: 9",
            assertThrows(IllegalArgumentException.class, () -> frame.validate(64)).getMessage());
        buffer.putByte(FrameDescriptor.VERSION_OFFSET, (byte)2);
        assertEquals("unsupported frame version: 2",
            assertThrows(IllegalArgumentException.class, () -> frame.validate(64)).getMessage());
        assertEquals("frame length out of range: length=16, min=32, max=16777216",
            assertThrows(IllegalArgumentException.class, () -> FrameDescriptor.checkLength(16)).getMessage());
    }
}
