package io.rtt.engine.telemetry;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * One route's counters and its service-latency histogram. Recording allocates nothing: counters are slots of one
 * array, a cache line apart so the intake's and the driver's counters never share one, and latencies go to an
 * HdrHistogram recorder whose one writer is the route's driver thread. Readers take interval histograms from the
 * recorder and fold them into a running total, so reading never stops the writer.
 * <p>
 * Disabled metrics ({@link #enabled()} false) record nothing and let the hot path skip its clock reads: what the
 * metrics-cost benchmark compares against.
 */
public final class RouteMetrics
{
    /** Longest latency the histogram resolves; longer ones are clamped to it. */
    static final long HIGHEST_TRACKABLE_NS = TimeUnit.SECONDS.toNanos(60);

    private final String route;
    private final String lane;
    private final String driver;
    /** Longs per counter: one 64-byte cache line each. */
    private static final int STRIDE = 8;

    private final boolean enabled;
    private final AtomicLongArray counters = new AtomicLongArray(RouteCounter.values().length * STRIDE);
    private final SingleWriterRecorder recorder = new SingleWriterRecorder(1, HIGHEST_TRACKABLE_NS, 2);
    private final Histogram total = new Histogram(1, HIGHEST_TRACKABLE_NS, 2);
    private Histogram interval;

    /**
     * @param route   the route id.
     * @param lane    its lane kind, as a label.
     * @param driver  its driver, as a label.
     * @param enabled false to record nothing.
     */
    public RouteMetrics(final String route, final String lane, final String driver, final boolean enabled)
    {
        this.enabled = enabled;
        this.route = route;
        this.lane = lane;
        this.driver = driver;
    }

    /** Whether this records anything. */
    public boolean enabled()
    {
        return enabled;
    }

    /** Adds one to a counter. */
    public void increment(final RouteCounter counter)
    {
        add(counter, 1);
    }

    /** Adds {@code delta} to a counter. */
    public void add(final RouteCounter counter, final long delta)
    {
        if (enabled)
        {
            counters.getAndAdd(counter.ordinal() * STRIDE, delta);
        }
    }

    /** A counter's value. */
    public long get(final RouteCounter counter)
    {
        return counters.get(counter.ordinal() * STRIDE);
    }

    /**
     * Records one service latency. Only the route's driver thread calls this.
     *
     * @param nanos from admission to the response written.
     */
    public void recordLatency(final long nanos)
    {
        if (enabled)
        {
            recorder.recordValue(Math.min(Math.max(nanos, 1), HIGHEST_TRACKABLE_NS));
        }
    }

    /**
     * Every latency recorded so far.
     *
     * @return a copy of the running total.
     */
    public synchronized Histogram latencies()
    {
        interval = recorder.getIntervalHistogram(interval);
        total.add(interval);
        return total.copy();
    }

    /** The route id. */
    public String route()
    {
        return route;
    }

    /** The lane label. */
    public String lane()
    {
        return lane;
    }

    /** The driver label. */
    public String driver()
    {
        return driver;
    }
}
