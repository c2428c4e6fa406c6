package io.rtt.engine.telemetry;

/**
 * What a route counts. Each is a Prometheus counter named {@code rtt_route_<name>_total}.
 */
public enum RouteCounter
{
    /** Requests admitted. */
    REQUESTS("requests", "Requests the route admitted."),
    /** One-way events admitted. */
    EVENTS("events", "One-way events the route admitted."),
    /** Responses written. */
    RESPONSES("responses", "Responses the driver wrote."),
    /** Requests the driver failed, and failures of the lane: a damaged ring reset, its loop failing. */
    ERRORS("errors", "Requests the driver answered with an error, and lane failures: damaged shm rings reset, " +
        "errors of the lane's loop."),
    /** Times the route's driver broke on one of its requests (threw an Error) and was restarted or stopped. */
    DRIVER_FAILURES("driver_failures", "Times the driver broke on one of the route's requests (it threw an Error) " +
        "and was restarted, or stopped when it kept failing."),
    /**
     * Messages refused with an error frame: by a fail-fast route over its rate or full, frames over the route's size,
     * and connections over the lane's cap.
     */
    REJECTED("rejected", "Messages a fail-fast route refused because it was over its rate or full, frames over the " +
        "route's maxMessageBytes, and connections over the lane's cap."),
    /**
     * Messages discarded: by a drop route over its rate or full, malformed frames, answers to a gone client; and
     * connections the lane dropped (idle, half-sent frame, not reading its answers).
     */
    DROPPED("dropped", "Messages discarded: by a drop route over its rate or full, malformed frames, and answers " +
        "whose client was gone; and connections dropped for idling, a half-sent frame or not reading."),
    /** Requests whose deadline passed before the driver reached them. */
    EXPIRED("expired", "Requests whose deadline passed before the driver ran them."),
    /** Requests and events refused at once, not run, because the route's circuit breaker was open. */
    SHORT_CIRCUITED("short_circuited", "Requests and events refused at once, not run, because the route's circuit " +
        "breaker was open (or half-open with its probes under way)."),
    /** Times the route's circuit breaker opened, from closed or after a failed probe. */
    BREAKER_TRIPS("breaker_trips", "Times the route's circuit breaker opened: its failures (or slow calls) reached " +
        "their threshold, or a probe failed."),
    /** Times a blocking route waited for its rate limit or its queue. */
    BLOCKED("blocked", "Times a blocking route held a message until its rate or queue allowed it."),
    /** Payload bytes received. */
    BYTES_IN("bytes_in", "Payload bytes received."),
    /** Payload bytes sent. */
    BYTES_OUT("bytes_out", "Payload bytes sent.");

    private final String metric;
    private final String help;

    RouteCounter(final String name, final String help)
    {
        this.metric = "rtt_route_" + name + "_total";
        this.help = help;
    }

    /** The Prometheus metric name. */
    public String metric()
    {
        return metric;
    }

    /** The metric's help text. */
    public String help()
    {
        return help;
    }
}
