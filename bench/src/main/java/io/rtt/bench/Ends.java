package io.rtt.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.rtt.engine.fabric.FrameDescriptor;
import io.rtt.engine.fabric.FrameFlyweight;
import io.rtt.engine.fabric.ShmLane;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * One end of a transport a benchmark drives from a loop: send (possibly batched), flush, and take one step of
 * receiving. The uds lane is event-driven and is measured by {@link UdsRun} instead.
 */
interface Ends extends AutoCloseable
{
    int CAPACITY = 1 << 20;
    int SOCKET_BATCH = 64 * 1024;
    String AERON_CHANNEL = "aeron:ipc";
    int AERON_PING_STREAM = 1001;
    int AERON_PONG_STREAM = 1002;
    long AERON_CONNECT_TIMEOUT_NS = 10_000_000_000L;

    boolean send(UnsafeBuffer message, int length);

    void flush();

    void receive(MessageHandler handler);

    @Override
    void close();

    static Ends shmServe(final Path dir)
    {
        return shm(ShmLane.serve(dir, "bench", 1, CAPACITY));
    }

    static Ends shmAttach(final Path dir)
    {
        return shm(ShmLane.attach(dir, "bench"));
    }

    private static Ends shm(final ShmLane lane)
    {
        return new Ends()
        {
            public boolean send(final UnsafeBuffer message, final int length)
            {
                return lane.offer(message, 0, length);
            }

            public void flush()
            {
            }

            public void receive(final MessageHandler handler)
            {
                lane.receive(handler, 64);
            }

            public void close()
            {
                lane.close();
            }
        };
    }

    /** The bare-ring baseline: two Agrona rings in one mapped file, busy-polled; the creator sends on the first. */
    static Ends ring(final Path file, final boolean create)
    {
        final int ringLength = CAPACITY + RingBufferDescriptor.TRAILER_LENGTH;
        try
        {
            if (create)
            {
                Files.deleteIfExists(file);
            }
            final MappedByteBuffer mapped;
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE))
            {
                mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, 2L * ringLength);
            }
            final OneToOneRingBuffer first = new OneToOneRingBuffer(new UnsafeBuffer(mapped, 0, ringLength));
            final OneToOneRingBuffer second = new OneToOneRingBuffer(new UnsafeBuffer(mapped, ringLength, ringLength));
            final OneToOneRingBuffer out = create ? first : second;
            final OneToOneRingBuffer in = create ? second : first;
            return new Ends()
            {
                public boolean send(final UnsafeBuffer message, final int length)
                {
                    return out.write(1, message, 0, length);
                }

                public void flush()
                {
                }

                public void receive(final MessageHandler handler)
                {
                    if (in.read(handler, 64) == 0)
                    {
                        Thread.onSpinWait();
                    }
                }

                public void close()
                {
                    IoUtil.unmap(mapped);
                    try
                    {
                        Files.deleteIfExists(file);
                    }
                    catch (final IOException ignore)
                    {
                        // a leftover bench file is harmless
                    }
                }
            };
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * The Aeron IPC baseline: a publication on {@code sendStream} and a subscription on {@code receiveStream}, both on
     * the media driver whose directory is {@code aeronDir}, busy-polled like the bare ring.
     *
     * @param aeronDir      the running media driver's directory.
     * @param sendStream    the stream this end publishes on.
     * @param receiveStream the stream this end subscribes to.
     * @param await         wait until both are connected: the measuring end, started after its peer said ready.
     * @return the ends.
     */
    static Ends aeron(final Path aeronDir, final int sendStream, final int receiveStream, final boolean await)
    {
        final Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(aeronDir.toString()));
        final Publication publication = aeron.addPublication(AERON_CHANNEL, sendStream);
        final Subscription subscription = aeron.addSubscription(AERON_CHANNEL, receiveStream);
        final long deadlineNs = System.nanoTime() + AERON_CONNECT_TIMEOUT_NS;
        while (await && !(publication.isConnected() && subscription.isConnected()))
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                CloseHelper.closeAll(subscription, publication, aeron);
                throw new IllegalStateException("Aeron IPC peer did not connect within " +
                    AERON_CONNECT_TIMEOUT_NS / 1_000_000 + " ms: " + aeronDir);
            }
            Thread.yield();
        }
        return new Ends()
        {
            private MessageHandler handler;
            // built once: the term buffers Aeron hands out are UnsafeBuffers, so the cast holds
            private final FragmentHandler onFragment = (buffer, offset, length, header) ->
                handler.onMessage(1, (MutableDirectBuffer)buffer, offset, length);

            public boolean send(final UnsafeBuffer message, final int length)
            {
                return publication.offer(message, 0, length) >= 0;
            }

            public void flush()
            {
            }

            public void receive(final MessageHandler handler)
            {
                this.handler = handler;
                if (subscription.poll(onFragment, 64) == 0)
                {
                    Thread.onSpinWait();
                }
            }

            public void close()
            {
                CloseHelper.closeAll(subscription, publication, aeron);
            }
        };
    }

    /** The raw-JDK baseline's serving end: accept one connection on {@code socket}. */
    static Ends jdkServe(final Path socket, final Runnable bound)
    {
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX))
        {
            Files.deleteIfExists(socket);
            server.bind(UnixDomainSocketAddress.of(socket));
            bound.run();
            final SocketChannel channel = server.accept();
            Files.deleteIfExists(socket);
            return jdk(channel);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    static Ends jdkConnect(final Path socket)
    {
        try
        {
            return jdk(SocketChannel.open(UnixDomainSocketAddress.of(socket)));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * The raw-JDK baseline: a blocking {@code SocketChannel} carrying the same frames as the uds lane, batched the
     * same way (into a 64 KiB direct buffer written when full or flushed), read 64 KiB at a time.
     */
    private static Ends jdk(final SocketChannel channel)
    {
        final ByteBuffer out = ByteBuffer.allocateDirect(SOCKET_BATCH);
        final UnsafeBuffer outView = new UnsafeBuffer(out);
        final ByteBuffer in = ByteBuffer.allocateDirect(SOCKET_BATCH * 2);
        final UnsafeBuffer inView = new UnsafeBuffer(in);
        final FrameFlyweight frame = new FrameFlyweight();
        return new Ends()
        {
            public boolean send(final UnsafeBuffer message, final int length)
            {
                final int frameLength = FrameDescriptor.HEADER_LENGTH + length;
                if (out.remaining() < frameLength)
                {
                    flush();
                }
                final int at = out.position();
                frame.wrap(outView, at).header(FrameDescriptor.KIND_EVENT, 1, 0, 0, length);
                outView.putBytes(at + FrameDescriptor.HEADER_LENGTH, message, 0, length);
                out.position(at + frameLength);
                return true;
            }

            public void flush()
            {
                out.flip();
                try
                {
                    while (out.hasRemaining())
                    {
                        channel.write(out);
                    }
                }
                catch (final IOException ex)
                {
                    throw new UncheckedIOException(ex);
                }
                out.clear();
            }

            public void receive(final MessageHandler handler)
            {
                try
                {
                    if (channel.read(in) < 0)
                    {
                        throw new IOException("peer hung up");
                    }
                }
                catch (final IOException ex)
                {
                    throw new UncheckedIOException(ex);
                }
                final int end = in.position();
                int position = 0;
                while (end - position >= FrameDescriptor.HEADER_LENGTH)
                {
                    final int length = inView.getInt(position, FrameDescriptor.BYTE_ORDER);
                    if (end - position < length)
                    {
                        break;
                    }
                    handler.onMessage(1, inView, position + FrameDescriptor.HEADER_LENGTH,
                        length - FrameDescriptor.HEADER_LENGTH);
                    position += length;
                }
                in.limit(end).position(position);
                in.compact();
            }

            public void close()
            {
                try
                {
                    channel.close();
                }
                catch (final IOException ignore)
                {
                    // closing a bench socket cannot lose anything
                }
            }
        };
    }
}
