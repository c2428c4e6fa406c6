package io.rtt.engine.fabric;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A uds lane peer that speaks bytes, not frames: it writes whatever a test gives it (half a header, a header that lies
 * about its length, garbage) and reads what the lane answers, frame by frame, each read bounded by a deadline so a
 * lane that answers nothing fails the test instead of hanging it. Non-blocking underneath.
 * <p>
 * Not thread-safe.
 */
public final class RawUdsPeer implements AutoCloseable
{
    /** How long a read waits for the lane by default. */
    public static final long READ_WAIT_NS = TimeUnit.SECONDS.toNanos(10);

    private final SocketChannel channel;
    private final Selector selector;
    private final ByteBuffer in = ByteBuffer.allocate(1 << 20).order(FrameDescriptor.BYTE_ORDER);

    private RawUdsPeer(final SocketChannel channel, final Selector selector)
    {
        this.channel = channel;
        this.selector = selector;
    }

    /**
     * Connects to a uds lane's socket.
     *
     * @param socket the lane's socket.
     * @return the peer.
     * @throws IOException when nothing listens there.
     */
    public static RawUdsPeer connect(final Path socket) throws IOException
    {
        final SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try
        {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.configureBlocking(false);
            final Selector selector = Selector.open();
            channel.register(selector, SelectionKey.OP_READ);
            return new RawUdsPeer(channel, selector);
        }
        catch (final IOException ex)
        {
            channel.close();
            throw ex;
        }
    }

    /**
     * A frame header and payload as the protocol lays them out, with whatever length word the test wants.
     *
     * @param lengthWord    the frame length to claim.
     * @param kind          the kind byte.
     * @param routeId       the route id.
     * @param correlationId the correlation id.
     * @param payload       the payload bytes actually carried.
     * @return the bytes, ready to write.
     */
    public static ByteBuffer frame(final int lengthWord, final byte kind, final int routeId, final long correlationId,
        final byte[] payload)
    {
        final ByteBuffer frame = ByteBuffer.allocate(FrameDescriptor.HEADER_LENGTH + payload.length)
            .order(FrameDescriptor.BYTE_ORDER);
        frame.putInt(lengthWord).put(FrameDescriptor.VERSION).put(kind).putShort((short)0).putInt(routeId).putInt(0)
            .putLong(correlationId).putLong(0).put(payload).flip();
        return frame;
    }

    /**
     * A well-formed request.
     *
     * @param routeId       the route id.
     * @param correlationId the correlation id.
     * @param payload       the payload.
     * @return the bytes.
     */
    public static ByteBuffer request(final int routeId, final long correlationId, final byte[] payload)
    {
        return frame(FrameDescriptor.HEADER_LENGTH + payload.length, FrameDescriptor.KIND_REQUEST, routeId,
            correlationId, payload);
    }

    /**
     * Writes what the socket takes now, without waiting.
     *
     * @param bytes what to write; its position moves past what was written.
     * @return bytes written, 0 when the socket is full.
     * @throws IOException when the lane closed the connection.
     */
    public int tryWrite(final ByteBuffer bytes) throws IOException
    {
        return channel.write(bytes);
    }

    /**
     * Writes all of {@code bytes}, waiting while the socket is full, for at most {@link #READ_WAIT_NS}.
     *
     * @param bytes what to write.
     * @throws IOException when the lane closed the connection.
     */
    public void write(final ByteBuffer bytes) throws IOException
    {
        final long giveUpAt = System.nanoTime() + READ_WAIT_NS;
        while (bytes.hasRemaining())
        {
            if (channel.write(bytes) == 0)
            {
                assertTrue(System.nanoTime() - giveUpAt < 0, "the lane took no bytes for 10 s");
                Thread.yield();
            }
        }
    }

    /**
     * Reads the next frame the lane sends.
     *
     * @return the frame, or null when the lane closed the connection first.
     * @throws IOException when the read fails.
     */
    public Frame readFrame() throws IOException
    {
        final long giveUpAt = System.nanoTime() + READ_WAIT_NS;
        while (true)
        {
            if (in.position() >= FrameDescriptor.HEADER_LENGTH)
            {
                final int length = in.getInt(0);
                if (in.position() >= length)
                {
                    return takeFrame(length);
                }
            }
            if (!fill(giveUpAt))
            {
                return null;
            }
        }
    }

    /**
     * Reads and discards until the lane closes the connection.
     *
     * @throws IOException when the read fails other than by the lane hanging up.
     */
    public void awaitClosed() throws IOException
    {
        final long giveUpAt = System.nanoTime() + READ_WAIT_NS;
        while (true)
        {
            in.clear();
            if (!fill(giveUpAt))
            {
                return;
            }
        }
    }

    /** Reads what arrives, waiting up to the deadline; false once the lane hung up. */
    private boolean fill(final long giveUpAt) throws IOException
    {
        while (true)
        {
            final long leftNs = giveUpAt - System.nanoTime();
            if (leftNs <= 0)
            {
                fail("the lane sent nothing and kept the connection open for 10 s");
            }
            selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(leftNs)));
            selector.selectedKeys().clear();
            final int read;
            try
            {
                read = channel.read(in);
            }
            catch (final IOException reset)
            {
                return false; // a reset is a hang-up too
            }
            if (read < 0)
            {
                return false;
            }
            if (read > 0)
            {
                return true;
            }
        }
    }

    private Frame takeFrame(final int length)
    {
        in.flip();
        final ByteBuffer frame = in.slice(0, length).order(FrameDescriptor.BYTE_ORDER);
        final byte[] payload = new byte[length - FrameDescriptor.HEADER_LENGTH];
        frame.get(FrameDescriptor.HEADER_LENGTH, payload);
        final Frame taken = new Frame(frame.get(FrameDescriptor.KIND_OFFSET),
            frame.getInt(FrameDescriptor.ROUTE_ID_OFFSET), frame.getLong(FrameDescriptor.CORRELATION_ID_OFFSET),
            new String(payload, StandardCharsets.UTF_8));
        in.position(length);
        in.compact();
        return taken;
    }

    /** Closes the socket. */
    @Override
    public void close() throws IOException
    {
        selector.close();
        channel.close();
    }

    /**
     * A frame as it came from the lane.
     *
     * @param kind          its kind.
     * @param routeId       its route id.
     * @param correlationId its correlation id.
     * @param text          its payload, as UTF-8.
     */
    public record Frame(byte kind, int routeId, long correlationId, String text)
    {
    }
}
