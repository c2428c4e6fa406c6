package io.rtt.engine.telemetry;

import org.HdrHistogram.Histogram;

/**
 * A route's recent past as a ring of slices, each the latencies recorded and the counters' values at its start: the
 * slice in progress (open) and up to {@code capacity} closed ones. The metrics sampler closes the open slice once a
 * second ({@link #roll}); a query adds up the slices that overlap the window it asks for. Counters need no per-slice
 * sums: what a window counted is a counter's value now less its value when the window's oldest slice opened.
 * <pre>
 *   closed[0]  closed[1]  ...  closed[n-1]   open
 *   |--1 s--|  |--1 s--|       |--1 s--|     |--now
 *   start: counters, end       ...           start: counters; latencies so far
 * </pre>
 * Slices are recycled: the one a roll evicts becomes the next open slice, so a full ring allocates nothing.
 * <p>
 * Not thread-safe: the route's metrics monitor guards it.
 */
final class MetricsWindow
{
    /** One slice of time: when it opened and closed, the counters when it opened, and its latencies. */
    private static final class Slice
    {
        private long startNs;
        private long endNs;
        private final long[] countersAtStart;
        private final SparseHistogram latencies = new SparseHistogram();

        private Slice(final int counters)
        {
            this.countersAtStart = new long[counters];
        }

        private void open(final long nowNs, final long[] countersNow)
        {
            startNs = nowNs;
            endNs = 0;
            System.arraycopy(countersNow, 0, countersAtStart, 0, countersAtStart.length);
            latencies.clear();
        }
    }

    private final Slice[] closed;
    /** Slices closed so far; the newest is at {@code (rolls - 1) % closed.length}. */
    private long rolls;
    private Slice open;

    /**
     * @param capacity    closed slices kept: the longest window, in slices.
     * @param startNs     when the first slice opens.
     * @param countersNow the counters' values then.
     */
    MetricsWindow(final int capacity, final long startNs, final long[] countersNow)
    {
        this.closed = new Slice[capacity];
        this.open = new Slice(countersNow.length);
        open.open(startNs, countersNow);
    }

    /**
     * Adds latencies to the open slice.
     *
     * @param interval latencies recorded since the last call.
     */
    void add(final Histogram interval)
    {
        open.latencies.add(interval);
    }

    /**
     * Closes the open slice and opens the next.
     *
     * @param nowNs       when, by the clock the window's start was given in.
     * @param countersNow the counters' values now.
     */
    void roll(final long nowNs, final long[] countersNow)
    {
        final int at = (int)(rolls % closed.length);
        final Slice evicted = closed[at];
        open.endNs = nowNs;
        closed[at] = open;
        rolls++;
        open = evicted != null ? evicted : new Slice(countersNow.length);
        open.open(nowNs, countersNow);
    }

    /**
     * Adds up the slices that overlap the last {@code windowNs}: the open one, and closed ones back to the first
     * that ended before the window began.
     *
     * @param windowNs    the window's length.
     * @param nowNs       now, by the window's clock.
     * @param countersNow the counters' values now.
     * @param latencies   emptied, then given every latency of those slices.
     * @param counted     given what each counter counted over those slices.
     * @return nanoseconds those slices cover.
     */
    long sum(final long windowNs, final long nowNs, final long[] countersNow, final Histogram latencies,
        final long[] counted)
    {
        latencies.reset();
        open.latencies.addTo(latencies);
        Slice oldest = open;
        final long kept = Math.min(rolls, closed.length);
        for (long i = 1; i <= kept; i++)
        {
            final Slice slice = closed[(int)((rolls - i) % closed.length)];
            if (nowNs - slice.endNs >= windowNs)
            {
                break;
            }
            slice.latencies.addTo(latencies);
            oldest = slice;
        }
        for (int i = 0; i < counted.length; i++)
        {
            counted[i] = countersNow[i] - oldest.countersAtStart[i];
        }
        return nowNs - oldest.startNs;
    }
}
