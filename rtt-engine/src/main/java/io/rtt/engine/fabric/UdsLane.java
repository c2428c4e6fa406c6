package io.rtt.engine.fabric;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.timeout.IdleStateHandler;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serving end of a uds lane: a Unix-domain stream socket on Netty's native epoll transport, carrying
 * length-prefixed frames (see {@code docs/PROTOCOL.md}). Any number of clients may connect; each connection's
 * frames reach the handler on the lane's one event-loop thread, with the connection to reply on.
 * <p>
 * The socket file is 0600. A socket left by a dead server is unlinked before bind; one a live server answers on is
 * refused. Closing the lane closes its connections, stops its thread and removes the file.
 * <p>
 * What clients can make the lane hold is bounded by its {@link LaneSpec}: at most {@link LaneLimits#maxConnections()}
 * connections (the next is answered with an error frame and closed), and per connection the bounds
 * {@link UdsFrameDecoder} keeps (frame size, unread answers, idle and half-sent time). Should the event loop's thread
 * die (an {@code Error} in Netty's own loop: handlers' failures close only their connection), the lane says so in
 * {@link #failure()}.
 * <p>
 * Thread-safe.
 */
public final class UdsLane implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(UdsLane.class);

    private final Path path;
    private final EventLoopGroup group;
    private final Channel server;
    private final Set<UdsConnection> connections;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** The event loop's thread, which {@link #close()} waits for: it outlives the loop's termination a little. */
    private final Thread loopThread;
    private volatile @Nullable String failure;

    private UdsLane(final Path path, final EventLoopGroup group, final Channel server,
        final Set<UdsConnection> connections)
    {
        this.path = path;
        this.group = group;
        this.server = server;
        this.connections = connections;
        this.loopThread = group.next().submit(Thread::currentThread).syncUninterruptibly().getNow();
    }

    /**
     * Binds a uds lane at {@code socket}, bounded by the frame protocol and the default limits; what goes wrong on a
     * connection is logged and counted by a {@link CountingErrorHandler}.
     *
     * @param socket  where to bind.
     * @param handler receives each checked frame, with the connection to answer on.
     * @return the lane.
     * @throws IllegalArgumentException when the path is over the sun_path limit.
     * @throws IllegalStateException    when a live process serves that path already.
     */
    public static UdsLane serve(final Path socket, final FrameHandler handler)
    {
        return serve(socket, handler, new CountingErrorHandler("uds lane " + socket));
    }

    /**
     * Binds a uds lane at {@code socket}, bounded by the frame protocol and the default limits.
     *
     * @param socket       where to bind.
     * @param handler      receives each checked frame, with the connection to answer on.
     * @param errorHandler told of each malformed frame, failing handler call, failed connection or
     *                     {@link LaneFaultException}, before that connection (and only it) is closed.
     * @return the lane.
     * @throws IllegalArgumentException when the path is over the sun_path limit.
     * @throws IllegalStateException    when a live process serves that path already.
     */
    public static UdsLane serve(final Path socket, final FrameHandler handler, final ErrorHandler errorHandler)
    {
        return serve(socket, new LaneSpec(socket.getFileName().toString(), 1, socket.toAbsolutePath().getParent(),
            ShmLaneDescriptor.MIN_CAPACITY), handler, errorHandler);
    }

    /**
     * Binds a uds lane at {@code socket} for a route.
     *
     * @param socket       where to bind.
     * @param spec         the route (named in refusals), its message size and the lane's limits.
     * @param handler      receives each checked frame, with the connection to answer on.
     * @param errorHandler told of each malformed frame, failing handler call, failed connection or
     *                     {@link LaneFaultException}, before that connection (and only it) is closed.
     * @return the lane.
     * @throws IllegalArgumentException when the path is over the sun_path limit.
     * @throws IllegalStateException    when a live process serves that path already.
     */
    public static UdsLane serve(final Path socket, final LaneSpec spec, final FrameHandler handler,
        final ErrorHandler errorHandler)
    {
        Doorbell.checkPathLength(socket);
        unlinkStale(socket);
        final UdsLane[] served = new UdsLane[1];
        final EventLoopGroup group = HybridSelectStrategy.newEventLoop("rtt-uds-" + socket.getFileName(), () ->
        {
            if (served[0] != null)
            {
                served[0].loopEnded();
            }
        });
        // made before bind: a client may connect before serve returns
        final Set<UdsConnection> connections = ConcurrentHashMap.newKeySet();
        try
        {
            final LaneLimits limits = spec.limits();
            final Channel server = new ServerBootstrap().group(group).channel(EpollServerDomainSocketChannel.class)
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, UdsConnection.READ_SIZES)
                .childOption(EpollChannelOption.EPOLL_MODE, UdsConnection.EPOLL_MODE)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, UdsConnection.WATER_MARKS)
                .childHandler(new ChannelInitializer<EpollDomainSocketChannel>()
                {
                    // on the lane's one event loop, as are the removals: the count cannot race
                    @Override
                    protected void initChannel(final EpollDomainSocketChannel ch)
                    {
                        if (connections.size() >= limits.maxConnections())
                        {
                            refuse(ch, spec, errorHandler);
                            return;
                        }
                        ch.pipeline().addLast(new IdleStateHandler(limits.frameTimeoutMs(), 0, 0,
                            TimeUnit.MILLISECONDS));
                        final UdsConnection connection = UdsConnection.accepted(ch, spec, handler, errorHandler);
                        connections.add(connection);
                        ch.closeFuture().addListener(f -> connections.remove(connection));
                    }
                })
                .bind(new DomainSocketAddress(socket.toFile())).syncUninterruptibly().channel();
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
            served[0] = new UdsLane(socket, group, server, connections);
            return served[0];
        }
        catch (final IOException ex)
        {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).syncUninterruptibly();
            throw new UncheckedIOException("cannot serve uds lane " + socket, ex);
        }
        catch (final RuntimeException ex)
        {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).syncUninterruptibly();
            throw ex;
        }
    }

    /** Answers a connection over the cap with an error frame, then closes it, reading nothing from it. */
    private static void refuse(final Channel channel, final LaneSpec spec, final ErrorHandler errorHandler)
    {
        final String message = "route " + spec.route() + " has " + spec.limits().maxConnections() +
            " connections, its limit; try again later";
        errorHandler.onError(new LaneFaultException(LaneFault.CONNECTION_LIMIT, message));
        channel.config().setAutoRead(false);
        channel.pipeline().addLast(new ChannelInboundHandlerAdapter()
        {
            @Override
            public void channelActive(final ChannelHandlerContext ctx)
            {
                ctx.writeAndFlush(UdsConnection.errorFrame(spec.routeId(), 0, 0, message));
                ctx.close();
            }
        });
    }

    /** The event loop's thread ended: by {@link #close()}, or because it died, which nothing else reports. */
    private void loopEnded()
    {
        if (!closed.get())
        {
            failure = "the event loop of uds lane " + path + " ended by itself";
            LOG.error("{}: its route is no longer served", failure);
        }
    }

    /**
     * Why the lane stopped serving by itself: its event loop's thread died.
     *
     * @return the reason, or null while it serves (and once it is closed).
     */
    public @Nullable String failure()
    {
        return failure;
    }

    /** Removes a socket file nobody answers on; refuses one a live server still owns. */
    private static void unlinkStale(final Path socket)
    {
        unlinkStale(socket, "uds lane ", "socket ");
    }

    /**
     * Removes a Unix socket file nobody answers on, before a server binds the path; refuses one that a live process
     * still answers on.
     *
     * @param socket the socket's path.
     * @param owner  what serves on it, for the refusal ("uds lane ").
     * @param kind   what kind of socket it is, for an I/O failure ("socket ").
     * @throws IllegalStateException when a live process answers on it.
     * @throws UncheckedIOException  when the stale file cannot be removed.
     */
    public static void unlinkStale(final Path socket, final String owner, final String kind)
    {
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS))
        {
            return;
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX))
        {
            probe.connect(UnixDomainSocketAddress.of(socket));
            throw new IllegalStateException(owner + socket + " is served by a live process");
        }
        catch (final IOException refused)
        {
            try
            {
                Files.delete(socket);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot remove stale " + kind + socket, ex);
            }
        }
    }

    /** The socket's path. */
    public Path path()
    {
        return path;
    }

    /** Connections open now. */
    public int connectionCount()
    {
        return connections.size();
    }

    /**
     * Closes the socket and every connection, stops the event loop and removes the socket file. A step that fails
     * does not keep the others from running. Idempotent.
     */
    @Override
    public void close()
    {
        if (!closed.compareAndSet(false, true))
        {
            return;
        }
        CloseHelper.closeAll(
            () -> server.close().syncUninterruptibly(),
            () -> CloseHelper.closeAll(connections),
            () -> group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly(),
            () -> loopThread.join(TimeUnit.SECONDS.toMillis(1)),
            this::removeSocket);
    }

    private void removeSocket()
    {
        try
        {
            Files.deleteIfExists(path);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot remove socket " + path, ex);
        }
    }
}
