package io.rtt.engine.telemetry;

import java.util.Objects;

/**
 * One route's metrics over a recent window: what its counters counted, as totals and per second, and its service
 * latency's quantiles. The window is made of whole one-second slices plus the slice in progress, so it may cover a
 * little more than was asked, or less for a route younger than the window; {@code seconds} says what it covers.
 *
 * @param route             the route id.
 * @param lane              its lane kind, lower case.
 * @param driver            its driver.
 * @param seconds           the time the window covers, in seconds.
 * @param requests          requests admitted.
 * @param events            one-way events admitted.
 * @param responses         responses written.
 * @param errors            requests the driver answered with an error.
 * @param rejected          messages a fail-fast route refused (over its rate, or its queue full).
 * @param dropped           messages discarded (by a drop route, malformed, or answers to a gone client).
 * @param expired           requests whose deadline passed before the driver reached them.
 * @param blocked           times a blocking route held a message for its rate or its queue.
 * @param shortCircuited    requests and events refused at once because the route's circuit breaker was open.
 * @param bytesIn           payload bytes received.
 * @param bytesOut          payload bytes sent.
 * @param requestsPerSecond requests admitted per second over the window.
 * @param errorsPerSecond   errors per second over the window.
 * @param latency           service latency (admission to answer) over the window.
 * @param breaker           the route's circuit breaker now: {@code closed}, {@code half_open} or {@code open}.
 */
public record RouteWindow(String route, String lane, String driver, double seconds, long requests, long events,
    long responses, long errors, long rejected, long dropped, long expired, long blocked, long shortCircuited,
    long bytesIn, long bytesOut, double requestsPerSecond, double errorsPerSecond, Latency latency, String breaker)
{
    /**
     * Checks the window.
     */
    public RouteWindow
    {
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(lane, "lane");
        Objects.requireNonNull(driver, "driver");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(breaker, "breaker");
        if (seconds < 0)
        {
            throw new IllegalArgumentException("seconds=" + seconds + ": a window covers no negative time");
        }
    }

    /**
     * Service latency over a window, in microseconds; all zero when nothing was served.
     *
     * @param samples messages timed.
     * @param p50Us   the median.
     * @param p95Us   the 95th percentile.
     * @param p99Us   the 99th percentile.
     * @param p999Us  the 99.9th percentile.
     * @param maxUs   the longest.
     */
    public record Latency(long samples, double p50Us, double p95Us, double p99Us, double p999Us, double maxUs)
    {
    }
}
