package io.rtt.engine.fabric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.rtt.testsupport.ChildJvm;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The uds lane between two processes: ten million frames to a consumer that stalls now and then, so the producer
 * meets a full socket again and again. Sequence numbers check for loss, reordering and duplicates.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class UdsLaneProcessTest
{
    private static final long MESSAGES = Long.getLong("rtt.lane.messages", 10_000_000L);

    @TempDir
    Path dir;

    @Test
    void shouldDeliverEveryFrameInOrderToASlowConsumer() throws Exception
    {
        final Path socket = dir.resolve("bulk.sock");
        final SequenceCheck check = new SequenceCheck();
        try (UdsLane lane = UdsLane.serve(socket, check))
        {
            final long startedAt = System.nanoTime();
            final Process producer = ChildJvm.start(UdsLanePeer.class, "produce", socket.toString(),
                Long.toString(MESSAGES), "32");
            final BufferedReader out = new BufferedReader(
                new InputStreamReader(producer.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("done", out.readLine());
            assertEquals(0, producer.waitFor());
            while (check.next < MESSAGES && check.failure == null && lane.connectionCount() > 0)
            {
                Thread.sleep(5);
            }
            System.out.printf("%,d frames of 32-byte payloads over uds in %,d ms, sequence-checked%n",
                check.next, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt));
            assertNull(check.failure);
            assertEquals(MESSAGES, check.next);
        }
        assertEquals(0, Files.list(dir).count(), "the socket file is gone");
    }

    private static final class SequenceCheck implements FrameHandler
    {
        volatile long next;
        volatile String failure;

        @Override
        public void onFrame(final DirectBuffer buffer, final int offset, final int length, final FrameSender replyTo)
        {
            final int payload = offset + FrameDescriptor.HEADER_LENGTH;
            final long sequence = buffer.getLong(payload);
            if (sequence != next || buffer.getLong(offset + length - Long.BYTES) != ~sequence ||
                buffer.getLong(offset + FrameDescriptor.CORRELATION_ID_OFFSET, FrameDescriptor.BYTE_ORDER) != sequence)
            {
                failure = failure != null ? failure : "expected " + next + ", got " + sequence;
            }
            next = sequence + 1;
            if ((sequence & 0xFFFF) == 0xFFFF)
            {
                try
                {
                    // a slow consumer now and then, so the producer meets a full socket
                    Thread.sleep(2);
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
