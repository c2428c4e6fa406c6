package io.rtt.engine.fabric;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;

import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * Writes random bytes over a shm lane's rings, as any process that can write the lane file could (issue 11). It runs
 * in its own process ({@code main}): opening and closing the file in a process that holds an end of the lane would
 * drop that end's fcntl lock.
 * <ul>
 *   <li>{@code FILE requests|responses SEED}: fill one whole ring, its trailer (head and tail positions) included,
 *   then print {@code done}.</li>
 *   <li>{@code FILE both SEED MILLIS}: for that long, again and again, write a few random bytes at a random place
 *   of either ring, the file opened afresh each time (the lane may have been reset to a new file), then print
 *   {@code done} and how many writes it made.</li>
 * </ul>
 */
public final class ShmLaneVandal
{
    private ShmLaneVandal()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Path file = Path.of(args[0]);
        final Random random = new Random(Long.parseLong(args[2]));
        if ("both".equals(args[1]))
        {
            final long giveUpAt = System.nanoTime() + Long.parseLong(args[3]) * 1_000_000L;
            long writes = 0;
            while (System.nanoTime() - giveUpAt < 0)
            {
                if (scribble(file, random))
                {
                    writes++;
                }
                Thread.sleep(random.nextInt(20));
            }
            say("done " + writes);
            return;
        }
        final boolean requests = "requests".equals(args[1]);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            final MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, channel.size());
            final int capacity = mapped.order(ByteOrder.LITTLE_ENDIAN).getInt(ShmLaneDescriptor.CAPACITY_OFFSET);
            final byte[] garbage = new byte[ShmLaneDescriptor.ringLength(capacity)];
            random.nextBytes(garbage);
            mapped.put(requests ? ShmLaneDescriptor.requestRingOffset() :
                ShmLaneDescriptor.responseRingOffset(capacity), garbage);
            mapped.force();
        }
        say("done");
    }

    /** A few random bytes at a random place of either ring; false when no lane file is there just now. */
    private static boolean scribble(final Path file, final Random random) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            if (channel.size() < ShmLaneDescriptor.HEADER_LENGTH)
            {
                return false;
            }
            final ByteBuffer capacityField = ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            channel.read(capacityField, ShmLaneDescriptor.CAPACITY_OFFSET);
            final int capacity = capacityField.getInt(0);
            if (ShmLaneDescriptor.fileLength(capacity) != channel.size())
            {
                return false;
            }
            final int ringsStart = ShmLaneDescriptor.requestRingOffset();
            final int ringsLength = 2 * ShmLaneDescriptor.ringLength(capacity);
            final byte[] garbage = new byte[1 + random.nextInt(64)];
            random.nextBytes(garbage);
            // a quarter of the writes go to a ring's trailer, where the head and tail positions are
            final int at = random.nextInt(4) == 0 ?
                ringsStart + random.nextInt(2) * ShmLaneDescriptor.ringLength(capacity) + capacity +
                    random.nextInt(RingBufferDescriptor.TRAILER_LENGTH - garbage.length) :
                ringsStart + random.nextInt(ringsLength - garbage.length);
            channel.write(ByteBuffer.wrap(garbage), at);
            return true;
        }
        catch (final NoSuchFileException resetting)
        {
            return false;
        }
    }

    /** Writes a line straight to fd 1. */
    private static void say(final String line) throws IOException
    {
        final FileOutputStream out = new FileOutputStream(FileDescriptor.out);
        out.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }
}
