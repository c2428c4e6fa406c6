package io.rtt.engine.panel;

import io.rtt.engine.fabric.FrameSender;
import org.agrona.ExpandableArrayBuffer;

/**
 * One admitted message waiting for its driver: a reusable slot of a {@link RouteQueue}, its payload copied out of
 * the lane so the lane's space is free at once.
 */
final class Work
{
    final ExpandableArrayBuffer payload = new ExpandableArrayBuffer(256);
    int length;
    byte kind;
    long correlationId;
    long deadlineNs;
    long admittedNs;
    FrameSender replyTo;
}
