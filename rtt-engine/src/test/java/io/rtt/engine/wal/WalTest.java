package io.rtt.engine.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import io.rtt.engine.RttException;
import io.rtt.engine.model.Signature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WalTest
{
    @TempDir
    Path dir;

    private static List<Signature> sig()
    {
        return List.of(new Signature("key1", "c2ln"));
    }

    private long[] appendThree()
    {
        final long[] ends = new long[3];
        try (Wal wal = Wal.open(dir))
        {
            for (int i = 0; i < 3; i++)
            {
                wal.append(new WalEntry(WalRecord.APPLY, "sha256:plan" + i, "sha256:graph" + i, 1,
                    null, null, sig(), "2026-11-26T00:00:0" + i + "Z"));
                ends[i] = size();
            }
        }
        return ends;
    }

    private long size()
    {
        try
        {
            return Files.size(segment());
        }
        catch (final IOException ex)
        {
            throw new AssertionError(ex);
        }
    }

    private Path segment()
    {
        return dir.resolve("00000000000000000001.seg");
    }

    @Test
    void shouldChainFramesAndVerifyThemOnOpen()
    {
        appendThree();

        try (Wal wal = Wal.open(dir))
        {
            assertEquals(3, wal.frames().size());
            assertEquals(WalFrameDescriptor.GENESIS, wal.frames().get(0).record().prev());
            assertEquals(wal.frames().get(0).hash(), wal.frames().get(1).record().prev());
            assertEquals(wal.frames().get(2).hash(), wal.head());
            assertEquals(3, wal.tree().size());
            assertEquals(List.of(), wal.warnings());
        }
    }

    @Test
    void shouldTruncateATornTailWithAWarning() throws IOException
    {
        final long[] ends = appendThree();
        try (var channel = java.nio.channels.FileChannel.open(segment(), StandardOpenOption.WRITE))
        {
            channel.truncate(ends[2] - 7); // the last frame cut short, as by a crash mid-write
        }

        try (Wal wal = Wal.open(dir))
        {
            assertEquals(2, wal.frames().size());
            assertEquals("WAL 00000000000000000001.seg: torn tail truncated at byte " + ends[1] +
                " (frame 3: it is cut short)", wal.warnings().get(0));
            wal.append(new WalEntry(WalRecord.APPLY, "sha256:plan3", "sha256:g", 1,
                null, null, sig(), "2026-11-26T00:01:00Z"));
        }
        try (Wal wal = Wal.open(dir))
        {
            assertEquals(3, wal.frames().size());
            assertEquals(List.of(), wal.warnings());
        }
    }

    @Test
    void shouldRefuseEveryFlippedBitAndSayWhere() throws IOException
    {
        final long[] ends = appendThree();
        final byte[] original = Files.readAllBytes(segment());
        for (int bit = 0; bit < original.length * 8; bit++)
        {
            final byte[] flipped = original.clone();
            flipped[bit / 8] ^= (byte)(1 << (bit % 8));
            Files.write(segment(), flipped);
            final int frame = bit / 8 < ends[0] ? 1 : bit / 8 < ends[1] ? 2 : 3;
            final RttException ex = assertThrows(RttException.class, () -> Wal.open(dir).close(), "bit " + bit);
            assertTrue(ex.getMessage().startsWith("WAL frame " + frame) ||
                ex.getMessage().startsWith("WAL frame " + (frame + 1)), "bit " + bit + ": " + ex.getMessage());
            assertEquals(RttException.Kind.REFUSED, ex.kind());
        }
        Files.write(segment(), original);
        try (Wal wal = Wal.open(dir))
        {
            assertEquals(3, wal.frames().size(), "a damaged log is refused, never rewritten");
        }
    }

    @Test
    void shouldKeepEveryCompleteFrameWhenTruncatedAnywhere() throws IOException
    {
        final long[] ends = appendThree();
        final byte[] original = Files.readAllBytes(segment());
        for (int length = 0; length <= original.length; length++)
        {
            Files.write(segment(), java.util.Arrays.copyOf(original, length));
            final int complete = length >= ends[2] ? 3 : length >= ends[1] ? 2 : length >= ends[0] ? 1 : 0;
            try (Wal wal = Wal.open(dir))
            {
                assertEquals(complete, wal.frames().size(), "truncated to " + length);
                final boolean torn = length != 0 && length != ends[0] && length != ends[1] && length != ends[2];
                assertEquals(torn ? 1 : 0, wal.warnings().size(), "truncated to " + length);
            }
        }
    }

    @Test
    void shouldChainAcrossSegmentsAndNameTheDamagedOne() throws IOException
    {
        try (Wal wal = Wal.open(dir, 1200))
        {
            for (int i = 0; i < 10; i++)
            {
                wal.append(new WalEntry(WalRecord.APPLY, "sha256:p" + i, "sha256:g" + i, i + 1,
                    null, null, sig(), "2026-11-26T00:00:00Z"));
            }
        }
        final List<Path> segments;
        try (var files = Files.list(dir))
        {
            segments = files.sorted().toList();
        }
        assertEquals(3, segments.size(), segments.toString());
        assertTrue(segments.get(1).getFileName().toString().equals("00000000000000000005.seg"), "named by first seq");
        try (Wal wal = Wal.open(dir, 1200))
        {
            assertEquals(10, wal.frames().size());
        }
        final Path middle = segments.get(1);
        final byte[] bytes = Files.readAllBytes(middle);
        bytes[bytes.length - 2] ^= 1;
        Files.write(middle, bytes);

        final RttException ex = assertThrows(RttException.class, () -> Wal.open(dir, 1200));
        assertTrue(ex.getMessage().contains(" in " + middle.getFileName() + " "), ex.getMessage());
    }

    @Test
    void shouldRefuseABrokenChainNamingTheFrame() throws IOException
    {
        appendThree();
        final byte[] bytes = Files.readAllBytes(segment());
        try (Wal other = Wal.open(dir.resolve("other")))
        {
            other.append(new WalEntry(WalRecord.APPLY, "sha256:x", "sha256:y", 1,
                null, null, sig(), "2026-11-26T00:00:00Z"));
        }
        final byte[] foreign = Files.readAllBytes(dir.resolve("other/00000000000000000001.seg"));
        final byte[] spliced = new byte[bytes.length + foreign.length];
        System.arraycopy(bytes, 0, spliced, 0, bytes.length);
        System.arraycopy(foreign, 0, spliced, bytes.length, foreign.length);
        Files.write(segment(), spliced);

        final RttException ex = assertThrows(RttException.class, () -> Wal.open(dir));
        assertEquals("WAL frame 4: sequence number 1 out of order", ex.getMessage());
    }

    @Test
    void shouldRefuseALastFrameWithItsLastByteZeroedInsteadOfDroppingIt() throws IOException
    {
        appendThree();
        final byte[] bytes = Files.readAllBytes(segment());
        bytes[bytes.length - 1] = 0;
        Files.write(segment(), bytes);

        final RttException ex = assertThrows(RttException.class, () -> Wal.open(dir));

        assertEquals(RttException.Kind.REFUSED, ex.kind());
        assertTrue(ex.getMessage().startsWith("WAL frame 3 in 00000000000000000001.seg at byte "), ex.getMessage());
        assertTrue(ex.getMessage().contains("CRC-32C mismatch"), ex.getMessage());
    }

    @Test
    void shouldTruncateALastFrameWhoseLastBlocksNeverReachedTheDisk() throws IOException
    {
        try (Wal wal = Wal.open(dir))
        {
            wal.append(new WalEntry(WalRecord.APPLY, "sha256:" + "a".repeat(6000), "sha256:g", 1, null, null, sig(),
                "2026-11-26T00:00:00Z"));
        }
        final byte[] bytes = Files.readAllBytes(segment());
        java.util.Arrays.fill(bytes, 4096, bytes.length, (byte)0);
        Files.write(segment(), bytes);

        try (Wal wal = Wal.open(dir))
        {
            assertEquals(0, wal.frames().size());
            assertEquals(List.of("WAL 00000000000000000001.seg: torn tail truncated at byte 0 (frame 1: its data " +
                "never reached the disk)"), wal.warnings());
        }
    }

    @Test
    void shouldRefuseASegmentThatIsAFifoWithoutBlocking() throws Exception
    {
        Files.createDirectories(dir);
        final Process mkfifo = new ProcessBuilder("mkfifo", segment().toString()).start();
        assertEquals(0, mkfifo.waitFor());

        final RttException ex = assertThrows(RttException.class, () -> Wal.open(dir));

        assertEquals("WAL segment " + segment() + " is not a regular file (a FIFO, socket or device); it is not read",
            ex.getMessage());
    }

    @Test
    void shouldRefuseASegmentLargerThanAnySegmentItWritesWithoutReadingIt() throws IOException
    {
        appendThree();
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(segment(),
            StandardOpenOption.WRITE))
        {
            channel.write(java.nio.ByteBuffer.wrap(new byte[] {1}), 3L * 1024 * 1024 * 1024);
        }

        final RttException ex = assertThrows(RttException.class, () -> Wal.open(dir));

        assertEquals(RttException.Kind.REFUSED, ex.kind());
        assertTrue(ex.getMessage().startsWith("WAL segment " + segment() + " is 3221225473 bytes or more, larger " +
            "than its format allows"), ex.getMessage());
    }
}
