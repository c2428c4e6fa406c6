package io.rtt.engine.drivers;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.rtt.engine.model.Component;
import io.rtt.engine.model.ComponentKind;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

/**
 * A provider from outside the engine, listed in the test class path's own {@code META-INF/services}: it serves the
 * workspace's kafka brokers with an in-memory append-only log, answering each record with its offset. It proves
 * that a jar on the class path adds a driver; it is no Kafka client.
 * <p>
 * The record {@link #POISON} breaks the driver the way {@code select zeroblob(200000000)} broke the sqlite driver
 * before issue 11: it throws an {@link OutOfMemoryError}. The record {@link #UNREADY} makes its probes fail.
 */
public final class AppendLogDriverProvider implements DriverProvider
{
    /** The record that makes the driver throw an {@link OutOfMemoryError}. */
    public static final String POISON = "poison";
    /** The message of that error. */
    public static final String POISONED = "the append log was handed a poison record";
    /** The record the log takes {@link #SLOW_MS} to append, as a broker whose disk is slow would. */
    public static final String SLOW = "slow";
    /** How long a {@link #SLOW} record takes, in milliseconds. */
    public static final long SLOW_MS = 3;
    /** Brokers whose id starts with this cannot be reached: their driver does not start. */
    public static final String UNREACHABLE_PREFIX = "unreachable";
    /** The record that makes the log unready: probes fail from then on, as a backend that lost its disk would. */
    public static final String UNREADY = "unready";

    @Override
    public String name()
    {
        return "kafka";
    }

    @Override
    public boolean serves(final Component component)
    {
        return component.kind() == ComponentKind.BROKER && "kafka".equals(component.technology());
    }

    @Override
    public Driver create(final DriverContext context)
    {
        if (context.component().id().startsWith(UNREACHABLE_PREFIX))
        {
            throw new IllegalStateException("broker " + context.component().id() + " refused the connection");
        }
        return new AppendLogDriver();
    }

    /** Appends each request's payload to a list and answers with its offset, in decimal. */
    private static final class AppendLogDriver implements Driver
    {
        private final List<byte[]> records = new ArrayList<>();
        private boolean unready;

        @Override
        public void probe()
        {
            if (unready)
            {
                throw new IllegalStateException("the append log was marked unready");
            }
        }

        @Override
        public int handle(final DirectBuffer request, final int offset, final int length,
            final ExpandableArrayBuffer out)
        {
            final byte[] record = new byte[length];
            request.getBytes(offset, record);
            if (POISON.equals(new String(record, StandardCharsets.UTF_8)))
            {
                throw new OutOfMemoryError(POISONED);
            }
            unready |= UNREADY.equals(new String(record, StandardCharsets.UTF_8));
            if (SLOW.equals(new String(record, StandardCharsets.UTF_8)))
            {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(SLOW_MS));
            }
            records.add(record);
            final byte[] answer = Integer.toString(records.size() - 1).getBytes(StandardCharsets.US_ASCII);
            out.putBytes(0, answer);
            return answer.length;
        }
    }
}
