package io.rtt.engine.drivers.internal;

import io.rtt.engine.drivers.Driver;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

/**
 * Answers every request with its own payload: the route's round trip with no work behind it.
 */
final class EchoDriver implements Driver
{
    @Override
    public int handle(final DirectBuffer request, final int offset, final int length, final ExpandableArrayBuffer out)
    {
        out.putBytes(0, request, offset, length);
        return length;
    }
}
