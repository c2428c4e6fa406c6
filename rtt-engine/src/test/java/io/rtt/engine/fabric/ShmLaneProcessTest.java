package io.rtt.engine.fabric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.rtt.testsupport.ChildJvm;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shm lane between two processes: bulk delivery to a slow consumer, a producer killed with -9 mid-claim, a
 * consumer killed with -9 and restarted. Sequence numbers check for loss, reordering and duplicates.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ShmLaneProcessTest
{
    /** Messages of the bulk run; the issue asks for ten million. */
    private static final long MESSAGES = Long.getLong("rtt.lane.messages", 10_000_000L);

    @TempDir
    Path dir;

    private long serverMends;

    @Test
    void shouldDeliverEveryMessageInOrderToASlowConsumer() throws Exception
    {
        try (ShmLane server = ShmLane.serve(dir, "bulk", 1, 256 * 1024))
        {
            final Process producer = ChildJvm.start(ShmLanePeer.class, "produce", dir.toString(), "bulk",
                Long.toString(MESSAGES), "32");
            final SequenceCheck check = new SequenceCheck();
            final long startedAt = System.nanoTime();
            while (check.next < MESSAGES && check.failure == null)
            {
                if (server.receive(check, 256) == 0 && !producer.isAlive() && server.poll(check, 256) == 0)
                {
                    fail("the producer exited with " + producer.exitValue() + " after " + check.next + " messages");
                }
                if ((check.next & 0xFFFF) == 0xFFFF)
                {
                    // slow down now and then, so the producer meets a full ring again and again
                    Thread.sleep(1);
                }
            }
            System.out.printf("%,d messages of 32 bytes in %,d ms, sequence-checked%n",
                check.next, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt));
            assertEquals(null, check.failure);
            assertEquals("done", readLine(producer));
            assertEquals(0, producer.waitFor());
            assertEquals(0, server.poll(check, 1), "nothing after the last message");
            assertEquals(MESSAGES, check.next);
        }
        assertNoLaneFiles();
    }

    @Test
    void shouldRecoverFromAProducerKilledMidClaim() throws Exception
    {
        try (ShmLane server = ShmLane.serve(dir, "crash", 1, 4096))
        {
            final Process hung = ChildJvm.start(ShmLanePeer.class, "claim-and-hang", dir.toString(), "crash");
            assertEquals("claimed", readLine(hung));
            final SequenceCheck check = new SequenceCheck();
            while (check.next < 5)
            {
                server.receive(check, 16);
            }
            hung.destroyForcibly().waitFor();
            final long diedAt = System.nanoTime();
            while (server.recoveredClaims() == 0)
            {
                server.receive(check, 16);
            }
            System.out.printf("consumer recovered the lane %d µs after its producer died%n",
                TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - diedAt));

            // A second producer dies mid-claim while nobody reads; its successor mends the ring itself.
            final Process second = ChildJvm.start(ShmLanePeer.class, "claim-and-hang", dir.toString(), "crash");
            assertEquals("claimed", readLine(second));
            second.destroyForcibly().waitFor();
            final Process successor = ChildJvm.start(ShmLanePeer.class, "produce", dir.toString(), "crash", "1000", "32");
            while (server.peerPid() != successor.pid())
            {
                Thread.sleep(1);
            }
            final SequenceCheck afterFirst = new SequenceCheck();
            while (afterFirst.next < 5)
            {
                server.receive(afterFirst, 1);
            }
            final SequenceCheck afterSuccessor = new SequenceCheck();
            while (afterSuccessor.next < 1000 && afterSuccessor.failure == null)
            {
                server.receive(afterSuccessor, 64);
            }
            assertEquals(null, afterFirst.failure);
            assertEquals(null, afterSuccessor.failure);
            assertEquals("done", readLine(successor));
            assertEquals(0, successor.waitFor());
            assertEquals(1, server.recoveredClaims(), "the successor, not the consumer, mended the second claim");
        }
        assertNoLaneFiles();
    }

    @Test
    void shouldDeliverWhatAKilledConsumerHadNotReadToItsSuccessor() throws Exception
    {
        final long total = 200_000;
        final int kills = Integer.getInteger("rtt.lane.consumerKills", 20);
        Process server = startAckServer();
        final AckCheck acks = new AckCheck();
        try (ShmLane client = ShmLane.attach(dir, "acks"))
        {
            final UnsafeBuffer message = new UnsafeBuffer(new byte[Long.BYTES]);
            long sent = 0;
            int restarts = 0;
            while (acks.next < total && acks.failure == null)
            {
                if (sent < total)
                {
                    message.putLong(0, sent);
                    if (client.offer(message, 0, Long.BYTES))
                    {
                        sent++;
                    }
                }
                client.poll(acks, 256);
                if (restarts < kills && acks.next >= (restarts + 1) * total / (kills + 2))
                {
                    server.destroyForcibly().waitFor();
                    server = startAckServer();
                    restarts++;
                }
            }
            System.out.printf("consumer killed and restarted %d times in %,d acks; %d redelivered; claims mended: %d by"
                + " the client, %d by restarted servers%n", restarts, total, acks.duplicates, client.recoveredClaims(),
                serverMends);
            assertEquals(null, acks.failure);
            assertEquals(total, acks.next);
            assertTrue(acks.duplicates <= kills, "at most the one message in flight at each kill is redelivered: "
                + acks.duplicates);
        }
        finally
        {
            server.destroyForcibly().waitFor();
        }
    }

    private Process startAckServer() throws IOException
    {
        final Process server = ChildJvm.start(ShmLanePeer.class, "ack", dir.toString(), "acks");
        final String line = readLine(server);
        assertTrue(line.startsWith("serving "), line);
        serverMends += Long.parseLong(line.substring("serving ".length()));
        return server;
    }

    private void assertNoLaneFiles() throws IOException
    {
        try (Stream<Path> files = Files.list(dir))
        {
            assertEquals(List.of(), files.toList());
        }
    }

    private static String readLine(final Process process) throws IOException
    {
        // byte by byte: a reader would buffer past the line, and the next call makes a new one
        final InputStream out = process.getInputStream();
        final StringBuilder line = new StringBuilder();
        int c;
        while ((c = out.read()) >= 0 && c != '\n')
        {
            line.append((char)c);
        }
        return line.toString();
    }

    /** Expects sequence numbers 0, 1, 2... with the trailer a producer writes as the last 8 bytes of a message. */
    private static final class SequenceCheck implements MessageHandler
    {
        long next;
        String failure;

        @Override
        public void onMessage(final int type, final MutableDirectBuffer buffer, final int offset, final int length)
        {
            final long sequence = buffer.getLong(offset);
            if (sequence != next || (length > Long.BYTES && buffer.getLong(offset + length - Long.BYTES) != ~sequence))
            {
                failure = failure != null ? failure : "expected " + next + ", got " + sequence + " (" + length + " bytes)";
            }
            next++;
        }
    }

    /** Acknowledgements in order; one repeat of the last is a redelivery, anything else a failure. */
    private static final class AckCheck implements MessageHandler
    {
        long next;
        long duplicates;
        String failure;

        @Override
        public void onMessage(final int type, final MutableDirectBuffer buffer, final int offset, final int length)
        {
            final long ack = buffer.getLong(offset);
            if (ack == next)
            {
                next++;
            }
            else if (ack == next - 1)
            {
                duplicates++;
            }
            else if (failure == null)
            {
                failure = "expected ack " + next + ", got " + ack;
            }
        }
    }
}
