package io.rtt.engine.health;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import io.rtt.engine.telemetry.RouteMetrics;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.NanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One route's circuit breaker, resilience4j-style with a count-based sliding window: while the route's backend
 * fails it fails fast, then probes its way back.
 * <pre>
 *            failures (or slow calls) reach their share of the last window calls, minCalls at least
 *   CLOSED ------------------------------------------------------------------------> OPEN &lt;----+
 *     ^                                                                              |        |
 *     | halfOpenCalls probes succeed                        openMs passed, on the    |        | a probe fails
 *     |                                                     next call's permission   v        | or is slow
 *     +------------------------------------------------------------------------ HALF_OPEN ----+
 * </pre>
 * Closed, it remembers the outcome of each of the last {@link BreakerPolicy#window()} calls in a ring, with running
 * counts of failed and slow ones, and judges once {@link BreakerPolicy#minCalls()} are in: failures at or above
 * {@link BreakerPolicy#failureRatePercent()} of them, or slow calls at or above
 * {@link BreakerPolicy#slowRatePercent()} when calls are timed, open it. Open, it refuses every call until
 * {@link BreakerPolicy#openMs()} has passed; the first call asked for after that half-opens it (no timer runs, so an
 * idle route stays open until its next call). Half-open, it lets {@link BreakerPolicy#halfOpenCalls()} probes through
 * and refuses the rest: when they all succeed it closes, and the first that fails, or is slow, opens it again. Every
 * transition starts from an empty window and is told to the {@link BreakerListener}.
 * <p>
 * The caller's idiom, on the route's one driver thread:
 * <pre>{@code
 * if (!breaker.tryAcquirePermission())
 * {
 *     final int length = breaker.refusal(text, 0);   // "route a->b: circuit open after ...; retrying in 120 ms"
 *     // answer the request with text[0, length) as an error
 *     return;
 * }
 * final long startedNs = breaker.startCall();
 * try
 * {
 *     // run the call
 *     breaker.onSuccess(startedNs);
 * }
 * catch (final Exception ex)
 * {
 *     breaker.onFailure(startedNs);
 * }
 * }</pre>
 * A call that was never run (its deadline passed first) is neither asked about nor recorded.
 * <p>
 * Threads: one writer, the route's driver thread, asks permission and records outcomes; it takes no lock and
 * allocates nothing except on a transition, and reads the clock only while open and, when calls are timed, around
 * each call. {@link #state()}, {@link #trips()} and {@link #shortCircuited()} are for any reader (status, metrics):
 * the writer publishes them with release stores, and they read them with acquire loads.
 */
public final class CircuitBreaker
{
    private static final Logger LOG = LoggerFactory.getLogger(CircuitBreaker.class);
    private static final VarHandle PUBLISHED;
    private static final VarHandle TRIPS;
    private static final VarHandle SHORT_CIRCUITED;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            PUBLISHED = lookup.findVarHandle(CircuitBreaker.class, "published", State.class);
            TRIPS = lookup.findVarHandle(CircuitBreaker.class, "trips", long.class);
            SHORT_CIRCUITED = lookup.findVarHandle(CircuitBreaker.class, "shortCircuited", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    /** A call's outcome in the ring: its failed bit. */
    private static final byte FAILED = 1;
    /** A call's outcome in the ring: its slow bit. */
    private static final byte SLOW = 2;
    private static final byte[] MS = " ms".getBytes(StandardCharsets.US_ASCII);

    /**
     * A breaker's state, with its value on the {@code rtt_route_breaker_state} gauge.
     */
    public enum State
    {
        /** Calls go through and are judged. */
        CLOSED(RouteMetrics.BREAKER_CLOSED),
        /** A few probe calls go through; the rest are refused. */
        HALF_OPEN(RouteMetrics.BREAKER_HALF_OPEN),
        /** Every call is refused at once. */
        OPEN(RouteMetrics.BREAKER_OPEN);

        private final int gauge;

        State(final int gauge)
        {
            this.gauge = gauge;
        }

        /**
         * The state's value on the {@code rtt_route_breaker_state} gauge.
         *
         * @return 0 closed, 1 half-open, 2 open.
         */
        public int gauge()
        {
            return gauge;
        }

        /**
         * The state's name in status and metrics documents.
         *
         * @return {@code closed}, {@code half_open} or {@code open}.
         */
        public String label()
        {
            return RouteMetrics.breakerStateLabel(gauge);
        }
    }

    private final String route;
    private final BreakerPolicy policy;
    private final NanoClock clock;
    private final BreakerListener listener;
    private final long slowCallNs;
    private final long openNs;
    /** The last window calls' outcomes, a ring; the writer's alone. */
    private final byte[] outcomes;
    /** What a refusal says while half-open and every probe is let through already. */
    private final byte[] halfOpenRefusal;
    /** Where the next outcome goes in the ring. */
    private int next;
    /** Outcomes in the ring: up to the window. */
    private int recorded;
    private int failures;
    private int slow;
    /** The state, as the writer sees it. */
    private State state = State.CLOSED;
    private long openedAtNs;
    /** When the last refusal was decided while open, for its message. */
    private long refusedAtNs;
    private int probesLetThrough;
    private int probesSucceeded;
    /** What a refusal says while open, up to the milliseconds left; made at the transition. */
    private byte[] openRefusal = new byte[0];
    @SuppressWarnings("unused") // through PUBLISHED
    private volatile State published = State.CLOSED;
    @SuppressWarnings("unused") // through TRIPS
    private volatile long trips;
    @SuppressWarnings("unused") // through SHORT_CIRCUITED
    private volatile long shortCircuited;

    /**
     * A closed breaker.
     *
     * @param route    the route it guards, for messages and the listener.
     * @param policy   its thresholds.
     * @param clock    the clock of its open wait and of slow calls; tests drive one by hand.
     * @param listener told of each transition.
     */
    public CircuitBreaker(final String route, final BreakerPolicy policy, final NanoClock clock,
        final BreakerListener listener)
    {
        this.route = Objects.requireNonNull(route, "route");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.slowCallNs = TimeUnit.MILLISECONDS.toNanos(policy.slowCallMs());
        this.openNs = TimeUnit.MILLISECONDS.toNanos(policy.openMs());
        this.outcomes = new byte[policy.window()];
        this.halfOpenRefusal = ("route " + route + ": circuit half-open, its " + policy.halfOpenCalls() +
            " probe calls under way; try again shortly").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Whether a call may run now. Open, it half-opens once {@link BreakerPolicy#openMs()} has passed and lets this
     * call through as the first probe. A refused call is counted in {@link #shortCircuited()}; answer it with
     * {@link #refusal}. Writer only.
     *
     * @return true to run the call and record its outcome; false to refuse it.
     */
    public boolean tryAcquirePermission()
    {
        final State current = state;
        if (current == State.CLOSED)
        {
            return true;
        }
        if (current == State.OPEN)
        {
            final long nowNs = clock.nanoTime();
            if (nowNs - openedAtNs < openNs)
            {
                refusedAtNs = nowNs;
                return refuse();
            }
            probesLetThrough = 0;
            probesSucceeded = 0;
            transition(State.HALF_OPEN, "open for " + TimeUnit.NANOSECONDS.toMillis(nowNs - openedAtNs) +
                " ms; letting " + policy.halfOpenCalls() + " probe calls through");
        }
        if (probesLetThrough < policy.halfOpenCalls())
        {
            probesLetThrough++;
            return true;
        }
        return refuse();
    }

    /**
     * When a call with permission starts, by the breaker's clock. Writer only.
     *
     * @return now, when calls are timed; 0 otherwise, and the clock is not read.
     */
    public long startCall()
    {
        return slowCallNs > 0 ? clock.nanoTime() : 0;
    }

    /**
     * Records a call that succeeded (slow or not, as timed). Writer only; a result while open is ignored.
     *
     * @param startedNs what {@link #startCall()} returned for it.
     */
    public void onSuccess(final long startedNs)
    {
        record(slowCallNs > 0 && clock.nanoTime() - startedNs > slowCallNs ? SLOW : 0);
    }

    /**
     * Records a call that failed. Writer only; a result while open is ignored.
     *
     * @param startedNs what {@link #startCall()} returned for it.
     */
    public void onFailure(final long startedNs)
    {
        record((byte)(FAILED | (slowCallNs > 0 && clock.nanoTime() - startedNs > slowCallNs ? SLOW : 0)));
    }

    /**
     * Writes why the last call was refused, in UTF-8, e.g. {@code route api->catalog: circuit open after 60%
     * failures over the last 20 calls; retrying in 4870 ms}. Allocates nothing. Writer only, right after a refusal.
     *
     * @param out    where to write; an expandable buffer, or one with room for the route id and 200 bytes more.
     * @param offset where the message starts.
     * @return its length in bytes.
     */
    public int refusal(final MutableDirectBuffer out, final int offset)
    {
        if (state == State.HALF_OPEN)
        {
            out.putBytes(offset, halfOpenRefusal);
            return halfOpenRefusal.length;
        }
        final long leftNs = Math.max(0, openedAtNs + openNs - refusedAtNs);
        // rounded up: "retrying in 0 ms" would be a lie until the very end
        final long leftMs = (leftNs + 999_999) / 1_000_000;
        int at = offset;
        out.putBytes(at, openRefusal);
        at += openRefusal.length;
        at += out.putLongAscii(at, leftMs);
        out.putBytes(at, MS);
        return at + MS.length - offset;
    }

    /**
     * The breaker's state as last published. Any thread.
     *
     * @return the state.
     */
    public State state()
    {
        return (State)PUBLISHED.getAcquire(this);
    }

    /**
     * Times the breaker opened, from closed or from half-open. Any thread.
     *
     * @return the count since it was made.
     */
    public long trips()
    {
        return (long)TRIPS.getAcquire(this);
    }

    /**
     * Calls refused because the breaker was open, or half-open with every probe let through. Any thread.
     *
     * @return the count since it was made.
     */
    public long shortCircuited()
    {
        return (long)SHORT_CIRCUITED.getAcquire(this);
    }

    /**
     * The route the breaker guards.
     *
     * @return the route id.
     */
    public String route()
    {
        return route;
    }

    /**
     * The breaker's thresholds.
     *
     * @return the policy.
     */
    public BreakerPolicy policy()
    {
        return policy;
    }

    private boolean refuse()
    {
        SHORT_CIRCUITED.setRelease(this, (long)SHORT_CIRCUITED.get(this) + 1);
        return false;
    }

    private void record(final byte outcome)
    {
        final State current = state;
        if (current == State.CLOSED)
        {
            recordClosed(outcome);
        }
        else if (current == State.HALF_OPEN && probesSucceeded < probesLetThrough)
        {
            if (outcome != 0)
            {
                open("probe " + (probesSucceeded + 1) + " of " + policy.halfOpenCalls() +
                    ((outcome & FAILED) != 0 ? " failed" : " was slow (over " + policy.slowCallMs() + " ms)"), "");
            }
            else if (++probesSucceeded == policy.halfOpenCalls())
            {
                clearWindow();
                transition(State.CLOSED, probesSucceeded + " probe calls succeeded");
            }
        }
    }

    private void recordClosed(final byte outcome)
    {
        final byte[] ring = outcomes;
        final int at = next;
        if (recorded == ring.length)
        {
            // the oldest outcome leaves the window as this one takes its slot
            final byte evicted = ring[at];
            failures -= evicted & FAILED;
            slow -= (evicted & SLOW) >> 1;
        }
        else
        {
            recorded++;
        }
        ring[at] = outcome;
        failures += outcome & FAILED;
        slow += (outcome & SLOW) >> 1;
        next = at + 1 == ring.length ? 0 : at + 1;
        // a plain success lowers both rates, or keeps them: only the call that brings the window to minCalls judges
        if (recorded < policy.minCalls() || outcome == 0 && recorded > policy.minCalls())
        {
            return;
        }
        final long calls = recorded;
        if (failures * 100L >= policy.failureRatePercent() * calls)
        {
            open(percent(failures, calls) + "% failures over the last " + calls + " calls",
                " (threshold " + policy.failureRatePercent() + "%)");
        }
        else if (slowCallNs > 0 && slow * 100L >= policy.slowRatePercent() * calls)
        {
            open(percent(slow, calls) + "% slow calls (over " + policy.slowCallMs() + " ms) over the last " + calls +
                " calls", " (threshold " + policy.slowRatePercent() + "%)");
        }
    }

    /**
     * Opens the breaker: fails fast from now until its wait has passed.
     *
     * @param cause     what opened it, as the refusals say it.
     * @param threshold the bound it reached, for the listener.
     */
    private void open(final String cause, final String threshold)
    {
        openedAtNs = clock.nanoTime();
        openRefusal = ("route " + route + ": circuit open after " + cause + "; retrying in ")
            .getBytes(StandardCharsets.UTF_8);
        clearWindow();
        TRIPS.setRelease(this, (long)TRIPS.get(this) + 1);
        transition(State.OPEN, cause + threshold + "; failing fast for " + policy.openMs() + " ms");
    }

    private void clearWindow()
    {
        next = 0;
        recorded = 0;
        failures = 0;
        slow = 0;
    }

    private void transition(final State to, final String reason)
    {
        final State from = state;
        state = to;
        PUBLISHED.setRelease(this, to);
        try
        {
            listener.onTransition(route, from, to, reason);
        }
        catch (final RuntimeException ex)
        {
            LOG.warn("route {}: a breaker listener failed on {} -> {}: {}", route, from.label(), to.label(),
                ex.toString());
        }
    }

    private static long percent(final long part, final long whole)
    {
        return Math.round(part * 100.0 / whole);
    }

    @Override
    public String toString()
    {
        return "CircuitBreaker{route=" + route + ", state=" + state().name().toLowerCase(Locale.ROOT) + ", trips=" +
            trips() + ", shortCircuited=" + shortCircuited() + ", policy=" + policy + "}";
    }
}
