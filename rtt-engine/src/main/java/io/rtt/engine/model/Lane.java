package io.rtt.engine.model;

/**
 * What carries a route's messages.
 */
public enum Lane
{
    /** A pair of single-producer single-consumer rings in one memory-mapped file. */
    SHM,
    /** A Unix-domain stream socket carrying length-prefixed frames. */
    UDS
}
