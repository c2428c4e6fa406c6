package io.rtt.engine.telemetry;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;
import org.jspecify.annotations.Nullable;

/**
 * One route's counters and its service-latency histogram, in total and over a recent window. Recording allocates
 * nothing: counters are slots of one array, a cache line apart so the intake's and the driver's counters never share
 * one, and latencies go to an HdrHistogram recorder whose one writer is the route's driver thread. Readers take
 * interval histograms from the recorder and fold them into a running total and into the open slice of a
 * {@link MetricsWindow}, so reading never stops the writer, and the window costs the hot path nothing: the metrics
 * sampler {@link #roll}s it once a second, off the hot path.
 * <p>
 * Disabled metrics ({@link #enabled()} false) record nothing and let the hot path skip its clock reads: what the
 * metrics-cost benchmark compares against.
 * <p>
 * Thread-safe: counters and the recorder as said above; the total and the window under this object's monitor.
 */
public final class RouteMetrics
{
    /** Longest latency the histogram resolves; longer ones are clamped to it. */
    static final long HIGHEST_TRACKABLE_NS = TimeUnit.SECONDS.toNanos(60);
    /** Slices of the window: the longest window a query may ask for, in seconds. */
    public static final int WINDOW_SLICES = 60;
    /** Length of one slice of the window. */
    public static final long SLICE_NS = TimeUnit.SECONDS.toNanos(1);
    private static final RouteCounter[] COUNTERS = RouteCounter.values();
    /** {@code rtt_route_breaker_state}: the route's circuit breaker is closed. */
    public static final int BREAKER_CLOSED = 0;
    /** {@code rtt_route_breaker_state}: the route's circuit breaker is half-open, probing. */
    public static final int BREAKER_HALF_OPEN = 1;
    /** {@code rtt_route_breaker_state}: the route's circuit breaker is open, failing fast. */
    public static final int BREAKER_OPEN = 2;
    private static final String[] BREAKER_LABELS = {"closed", "half_open", "open"};

    private final String route;
    private final String lane;
    private final String driver;
    /** Longs per counter: one 64-byte cache line each. */
    private static final int STRIDE = 8;

    private final boolean enabled;
    private final AtomicLongArray counters = new AtomicLongArray(RouteCounter.values().length * STRIDE);
    private final SingleWriterRecorder recorder = new SingleWriterRecorder(1, HIGHEST_TRACKABLE_NS, 2);
    private final Histogram total = new Histogram(1, HIGHEST_TRACKABLE_NS, 2);
    private final long[] countersNow = new long[COUNTERS.length];
    private final long[] counted = new long[COUNTERS.length];
    /** Null when disabled: there is nothing to keep. */
    private final @Nullable MetricsWindow window;
    private Histogram interval;
    /** The breaker gauge; written by the route's driver thread on each transition, read by any. */
    private volatile int breakerState = BREAKER_CLOSED;

    /**
     * Metrics whose window opens now, by {@link System#nanoTime()}.
     *
     * @param route   the route id.
     * @param lane    its lane kind, as a label.
     * @param driver  its driver, as a label.
     * @param enabled false to record nothing.
     */
    public RouteMetrics(final String route, final String lane, final String driver, final boolean enabled)
    {
        this(route, lane, driver, enabled, System.nanoTime());
    }

    /**
     * Metrics whose window opens at a given time.
     *
     * @param route   the route id.
     * @param lane    its lane kind, as a label.
     * @param driver  its driver, as a label.
     * @param enabled false to record nothing.
     * @param startNs when the window's first slice opens, by the clock later {@link #roll} and {@link #window} calls
     *                are given.
     */
    public RouteMetrics(final String route, final String lane, final String driver, final boolean enabled,
        final long startNs)
    {
        this.enabled = enabled;
        this.route = route;
        this.lane = lane;
        this.driver = driver;
        this.window = enabled ? new MetricsWindow(WINDOW_SLICES, startNs, countersNow) : null;
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
     * Sets the state of the route's circuit breaker, the {@code rtt_route_breaker_state} gauge; set whether metrics
     * are enabled or not, as it is a state, not a recording.
     *
     * @param state {@link #BREAKER_CLOSED}, {@link #BREAKER_HALF_OPEN} or {@link #BREAKER_OPEN}.
     * @throws IllegalArgumentException for another value.
     */
    public void breakerState(final int state)
    {
        breakerStateLabel(state); // refuses a value the gauge does not define
        breakerState = state;
    }

    /**
     * The state of the route's circuit breaker.
     *
     * @return {@link #BREAKER_CLOSED}, {@link #BREAKER_HALF_OPEN} or {@link #BREAKER_OPEN}.
     */
    public int breakerState()
    {
        return breakerState;
    }

    /**
     * A breaker state's name in status and metrics documents.
     *
     * @param state {@link #BREAKER_CLOSED}, {@link #BREAKER_HALF_OPEN} or {@link #BREAKER_OPEN}.
     * @return {@code closed}, {@code half_open} or {@code open}.
     * @throws IllegalArgumentException for another value.
     */
    public static String breakerStateLabel(final int state)
    {
        if (state < 0 || state >= BREAKER_LABELS.length)
        {
            throw new IllegalArgumentException("breaker state " + state + ": expected 0 (closed), 1 (half-open) or " +
                "2 (open)");
        }
        return BREAKER_LABELS[state];
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
        drain();
        return total.copy();
    }

    /**
     * Closes the window's open slice and opens the next; the metrics sampler calls this once per {@link #SLICE_NS}.
     * Nothing when disabled.
     *
     * @param nowNs now, by the clock the window opened by.
     */
    public synchronized void roll(final long nowNs)
    {
        if (window != null)
        {
            drain();
            window.roll(nowNs, snapshot());
        }
    }

    /**
     * What the route did over its last {@code windowNs}: whole slices back to that length, and the open one.
     *
     * @param windowNs  how far back to look; at most {@link #WINDOW_SLICES} slices are kept.
     * @param nowNs     now, by the clock the window opened by.
     * @param latencies scratch histogram (1 ns to 60 s, 2 digits, as {@link #newScratch()} makes), overwritten.
     * @return the window; all zero when disabled.
     * @throws IllegalArgumentException when {@code windowNs} is not positive.
     */
    public synchronized RouteWindow window(final long windowNs, final long nowNs, final Histogram latencies)
    {
        if (windowNs <= 0)
        {
            throw new IllegalArgumentException("windowNs=" + windowNs + ": a window must be longer than zero");
        }
        final long coveredNs;
        if (window == null)
        {
            latencies.reset();
            Arrays.fill(counted, 0);
            coveredNs = 0;
        }
        else
        {
            drain();
            coveredNs = window.sum(windowNs, nowNs, snapshot(), latencies, counted);
        }
        final double seconds = coveredNs / 1e9;
        return new RouteWindow(route, lane, driver, round(seconds, 1000), counted(RouteCounter.REQUESTS),
            counted(RouteCounter.EVENTS), counted(RouteCounter.RESPONSES), counted(RouteCounter.ERRORS),
            counted(RouteCounter.REJECTED), counted(RouteCounter.DROPPED), counted(RouteCounter.EXPIRED),
            counted(RouteCounter.BLOCKED), counted(RouteCounter.SHORT_CIRCUITED), counted(RouteCounter.BYTES_IN),
            counted(RouteCounter.BYTES_OUT), perSecond(counted(RouteCounter.REQUESTS), seconds),
            perSecond(counted(RouteCounter.ERRORS), seconds), latency(latencies),
            breakerStateLabel(breakerState));
    }

    /**
     * A histogram of the range and precision these metrics record, for {@link #window}.
     *
     * @return a new, empty histogram.
     */
    public static Histogram newScratch()
    {
        return new Histogram(1, HIGHEST_TRACKABLE_NS, 2);
    }

    /** Takes what the recorder holds into the total and the window's open slice. */
    private void drain()
    {
        interval = recorder.getIntervalHistogram(interval);
        total.add(interval);
        if (window != null)
        {
            window.add(interval);
        }
    }

    private long[] snapshot()
    {
        for (int i = 0; i < COUNTERS.length; i++)
        {
            countersNow[i] = get(COUNTERS[i]);
        }
        return countersNow;
    }

    private long counted(final RouteCounter counter)
    {
        return counted[counter.ordinal()];
    }

    private static double perSecond(final long count, final double seconds)
    {
        return seconds <= 0 ? 0 : round(count / seconds, 100);
    }

    private static RouteWindow.Latency latency(final Histogram latencies)
    {
        if (latencies.getTotalCount() == 0)
        {
            return new RouteWindow.Latency(0, 0, 0, 0, 0, 0);
        }
        return new RouteWindow.Latency(latencies.getTotalCount(), micros(latencies.getValueAtPercentile(50)),
            micros(latencies.getValueAtPercentile(95)), micros(latencies.getValueAtPercentile(99)),
            micros(latencies.getValueAtPercentile(99.9)), micros(latencies.getMaxValue()));
    }

    private static double micros(final long nanos)
    {
        return round(nanos / 1000.0, 10);
    }

    private static double round(final double value, final int per)
    {
        return Math.round(value * per) / (double)per;
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
