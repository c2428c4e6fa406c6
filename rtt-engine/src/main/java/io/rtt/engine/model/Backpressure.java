package io.rtt.engine.model;

/**
 * What a route does with a message it cannot take now: its lane is full, or its rate limit is spent.
 */
public enum Backpressure
{
    /** Wait until there is room; the sender slows to the route's pace. */
    BLOCK,
    /** Refuse at once: the sender gets an error frame (or an exception) it can act on. */
    FAIL_FAST,
    /** Discard the message and count it. */
    DROP
}
