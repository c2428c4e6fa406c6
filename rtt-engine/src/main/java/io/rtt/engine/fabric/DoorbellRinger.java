package io.rtt.engine.fabric;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * The waking side of a {@link Doorbell}. Connects lazily and never blocks: a full socket buffer already holds a
 * wake-up, and a doorbell that is not there (its consumer is restarting) is simply tried again on the next ring.
 */
final class DoorbellRinger implements AutoCloseable
{
    private final UnixDomainSocketAddress address;
    private final ByteBuffer bell = ByteBuffer.allocateDirect(1);
    private SocketChannel channel;

    DoorbellRinger(final Path path)
    {
        Doorbell.checkPathLength(path);
        this.address = UnixDomainSocketAddress.of(path);
    }

    /**
     * Wakes the consumer; returns false when no doorbell is listening. A connection to a consumer that has since
     * restarted fails once and is replaced at once, so the wake-up is not lost.
     */
    boolean ring()
    {
        for (int attempt = 0; attempt < 2; attempt++)
        {
            final boolean fresh = channel == null;
            try
            {
                if (fresh)
                {
                    channel = connect();
                }
                bell.clear();
                channel.write(bell);
                return true;
            }
            catch (final IOException ex)
            {
                close();
                if (fresh)
                {
                    return false;
                }
            }
        }
        return false;
    }

    private SocketChannel connect() throws IOException
    {
        final SocketChannel connected = SocketChannel.open(StandardProtocolFamily.UNIX);
        try
        {
            connected.connect(address);
            connected.configureBlocking(false);
            return connected;
        }
        catch (final IOException ex)
        {
            connected.close();
            throw ex;
        }
    }

    @Override
    public void close()
    {
        if (channel != null)
        {
            try
            {
                channel.close();
            }
            catch (final IOException ignore)
            {
                // a channel to a dead peer has nothing left to flush
            }
            channel = null;
        }
    }
}
