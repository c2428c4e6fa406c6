package io.rtt.engine.drivers;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.rtt.engine.model.Component;
import io.rtt.engine.model.ComponentKind;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

/**
 * A provider from outside the engine, listed in the test class path's own {@code META-INF/services}: it serves the
 * workspace's kafka brokers with an in-memory append-only log, answering each record with its offset. It proves
 * that a jar on the class path adds a driver; it is no Kafka client.
 */
public final class AppendLogDriverProvider implements DriverProvider
{
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
        return new AppendLogDriver();
    }

    /** Appends each request's payload to a list and answers with its offset, in decimal. */
    private static final class AppendLogDriver implements Driver
    {
        private final List<byte[]> records = new ArrayList<>();

        @Override
        public int handle(final DirectBuffer request, final int offset, final int length,
            final ExpandableArrayBuffer out)
        {
            final byte[] record = new byte[length];
            request.getBytes(offset, record);
            records.add(record);
            final byte[] answer = Integer.toString(records.size() - 1).getBytes(StandardCharsets.US_ASCII);
            out.putBytes(0, answer);
            return answer.length;
        }
    }
}
