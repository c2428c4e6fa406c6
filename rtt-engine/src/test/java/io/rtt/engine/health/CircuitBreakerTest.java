package io.rtt.engine.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.rtt.engine.telemetry.RouteMetrics;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.NanoClock;
import org.junit.jupiter.api.Test;

/**
 * The breaker's state machine on a clock the test moves by hand: every transition, the thresholds, the minimum of
 * calls, the window's forgetting, slow calls, and what a refusal says.
 */
class CircuitBreakerTest
{
    private static final String ROUTE = "api->catalog";
    /** window 10, minCalls 5, failures 50%, no timing, open 1 s, 2 probes. */
    private static final BreakerPolicy POLICY = new BreakerPolicy(10, 5, 50, 0, 100, 1_000, 2);

    private final HandClock clock = new HandClock();
    private final List<String> transitions = new ArrayList<>();
    private final BreakerListener recording = (route, from, to, reason) ->
        transitions.add(route + " " + from.label() + "->" + to.label() + ": " + reason);

    private CircuitBreaker breaker(final BreakerPolicy policy)
    {
        return new CircuitBreaker(ROUTE, policy, clock, recording);
    }

    @Test
    void shouldStayClosedBelowTheMinimumOfCallsEvenWhenEveryOneFails()
    {
        final CircuitBreaker breaker = breaker(POLICY);
        for (int i = 0; i < 4; i++)
        {
            assertTrue(breaker.tryAcquirePermission());
            breaker.onFailure(breaker.startCall());
        }
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
        assertTrue(breaker.tryAcquirePermission());
        assertEquals(List.of(), transitions);
    }

    @Test
    void shouldOpenWhenFailuresReachTheirShareOnceTheMinimumIsIn()
    {
        final CircuitBreaker breaker = breaker(POLICY);
        succeed(breaker, 2);
        fail(breaker, 2);
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state(), "2 of 4: below the minimum of 5");
        fail(breaker, 1);

        assertEquals(CircuitBreaker.State.OPEN, breaker.state());
        assertEquals(1, breaker.trips());
        assertEquals(List.of(ROUTE + " closed->open: 60% failures over the last 5 calls (threshold 50%); failing " +
            "fast for 1000 ms"), transitions);
    }

    @Test
    void shouldStayClosedJustBelowTheFailureRate()
    {
        final CircuitBreaker breaker = breaker(new BreakerPolicy(10, 10, 50, 0, 100, 1_000, 2));
        for (int i = 0; i < 10; i++)
        {
            assertTrue(breaker.tryAcquirePermission());
            if (i % 5 == 1 || i % 5 == 2)
            {
                breaker.onFailure(breaker.startCall());
            }
            else
            {
                breaker.onSuccess(breaker.startCall());
            }
        }
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state(), "4 failures in 10 is 40%");
        fail(breaker, 1);
        assertEquals(CircuitBreaker.State.OPEN, breaker.state(), "the oldest success left: 5 in 10 is 50%");
    }

    @Test
    void shouldJudgeOnTheCallThatBringsTheWindowToTheMinimumEvenWhenItSucceeds()
    {
        final CircuitBreaker breaker = breaker(POLICY);
        fail(breaker, 4);
        succeed(breaker, 1);

        assertEquals(CircuitBreaker.State.OPEN, breaker.state());
        assertEquals(List.of(ROUTE + " closed->open: 80% failures over the last 5 calls (threshold 50%); failing " +
            "fast for 1000 ms"), transitions);
    }

    @Test
    void shouldForgetOutcomesThatLeftTheWindow()
    {
        final CircuitBreaker breaker = breaker(new BreakerPolicy(4, 4, 50, 0, 100, 1_000, 2));
        fail(breaker, 1);
        succeed(breaker, 4);
        fail(breaker, 1);
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state(), "the first failure left the window: 1 in 4");
        fail(breaker, 1);
        assertEquals(CircuitBreaker.State.OPEN, breaker.state(), "2 in the last 4");
    }

    @Test
    void shouldRefuseWhileOpenCountingEachRefusalAndSayingWhenItRetries()
    {
        final CircuitBreaker breaker = opened(POLICY);
        final ExpandableArrayBuffer text = new ExpandableArrayBuffer(16);

        assertFalse(breaker.tryAcquirePermission());
        assertEquals("route api->catalog: circuit open after 100% failures over the last 5 calls; retrying in " +
            "1000 ms", text.getStringWithoutLengthUtf8(0, breaker.refusal(text, 0)));
        clock.advanceMs(250);
        assertFalse(breaker.tryAcquirePermission());
        clock.advanceNs(1);
        assertFalse(breaker.tryAcquirePermission());
        assertEquals("route api->catalog: circuit open after 100% failures over the last 5 calls; retrying in " +
            "750 ms", text.getStringWithoutLengthUtf8(7, breaker.refusal(text, 7)), "rounded up, at an offset");
        clock.advanceMs(749);
        assertFalse(breaker.tryAcquirePermission(), "one nanosecond short of the wait");

        assertEquals(4, breaker.shortCircuited());
        assertEquals(CircuitBreaker.State.OPEN, breaker.state());
    }

    @Test
    void shouldHalfOpenAfterTheWaitAndCloseWhenEveryProbeSucceeds()
    {
        final CircuitBreaker breaker = opened(POLICY);
        clock.advanceMs(1_000);

        assertTrue(breaker.tryAcquirePermission(), "the first call after the wait is the first probe");
        assertEquals(CircuitBreaker.State.HALF_OPEN, breaker.state());
        breaker.onSuccess(breaker.startCall());
        assertEquals(CircuitBreaker.State.HALF_OPEN, breaker.state());
        assertTrue(breaker.tryAcquirePermission());
        breaker.onSuccess(breaker.startCall());

        assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
        assertEquals(List.of(
            ROUTE + " open->half_open: open for 1000 ms; letting 2 probe calls through",
            ROUTE + " half_open->closed: 2 probe calls succeeded"), transitions.subList(1, 3));
        assertEquals(1, breaker.trips());
        assertEquals(0, breaker.shortCircuited());
    }

    @Test
    void shouldRefuseCallsBeyondItsProbesWhileHalfOpen()
    {
        final CircuitBreaker breaker = opened(POLICY);
        clock.advanceMs(1_000);
        assertTrue(breaker.tryAcquirePermission());
        assertTrue(breaker.tryAcquirePermission());

        assertFalse(breaker.tryAcquirePermission());
        final ExpandableArrayBuffer text = new ExpandableArrayBuffer(16);
        assertEquals("route api->catalog: circuit half-open, its 2 probe calls under way; try again shortly",
            text.getStringWithoutLengthUtf8(0, breaker.refusal(text, 0)));
        assertEquals(1, breaker.shortCircuited());
    }

    @Test
    void shouldOpenAgainWhenAProbeFailsAndProbeAgainAfterAnotherWait()
    {
        final CircuitBreaker breaker = opened(POLICY);
        clock.advanceMs(1_000);
        assertTrue(breaker.tryAcquirePermission());
        breaker.onSuccess(breaker.startCall());
        assertTrue(breaker.tryAcquirePermission());
        breaker.onFailure(breaker.startCall());

        assertEquals(CircuitBreaker.State.OPEN, breaker.state());
        assertEquals(2, breaker.trips());
        assertEquals(ROUTE + " half_open->open: probe 2 of 2 failed; failing fast for 1000 ms", transitions.get(2));
        assertFalse(breaker.tryAcquirePermission());
        final ExpandableArrayBuffer text = new ExpandableArrayBuffer(16);
        assertEquals("route api->catalog: circuit open after probe 2 of 2 failed; retrying in 1000 ms",
            text.getStringWithoutLengthUtf8(0, breaker.refusal(text, 0)));

        clock.advanceMs(1_000);
        assertTrue(breaker.tryAcquirePermission());
        assertEquals(CircuitBreaker.State.HALF_OPEN, breaker.state());
    }

    @Test
    void shouldStartFromAnEmptyWindowOnceClosedAgain()
    {
        final CircuitBreaker breaker = opened(POLICY);
        clock.advanceMs(1_000);
        succeed(breaker, 2);
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state());

        fail(breaker, 4);
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state(), "4 calls since it closed: below the minimum");
        fail(breaker, 1);
        assertEquals(CircuitBreaker.State.OPEN, breaker.state());
    }

    @Test
    void shouldOpenWhenSlowCallsReachTheirShare()
    {
        final CircuitBreaker breaker = breaker(new BreakerPolicy(10, 4, 50, 100, 50, 1_000, 2));
        call(breaker, 10, true);
        call(breaker, 101, true);
        call(breaker, 100, true);
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state(), "three calls: below the minimum");
        call(breaker, 150, true);

        assertEquals(CircuitBreaker.State.OPEN, breaker.state(), "two of four slow: 100 ms is not over 100 ms");
        assertEquals(List.of(ROUTE + " closed->open: 50% slow calls (over 100 ms) over the last 4 calls (threshold " +
            "50%); failing fast for 1000 ms"), transitions);
    }

    @Test
    void shouldCountAProbeThatIsSlowAsFailed()
    {
        final CircuitBreaker breaker = breaker(new BreakerPolicy(10, 4, 50, 100, 50, 1_000, 2));
        for (int i = 0; i < 4; i++)
        {
            call(breaker, 0, false);
        }
        clock.advanceMs(1_000);
        call(breaker, 200, true);

        assertEquals(CircuitBreaker.State.OPEN, breaker.state());
        assertEquals(ROUTE + " half_open->open: probe 1 of 2 was slow (over 100 ms); failing fast for 1000 ms",
            transitions.get(2));
    }

    @Test
    void shouldNotTimeCallsNorReadTheClockWhileClosedWithoutSlowCalls()
    {
        final CircuitBreaker breaker = breaker(POLICY);
        for (int i = 0; i < 1_000; i++)
        {
            assertTrue(breaker.tryAcquirePermission());
            assertEquals(0, breaker.startCall());
            breaker.onSuccess(0);
        }
        fail(breaker, 4);
        assertEquals(0, clock.reads);
    }

    @Test
    void shouldGoOnWhenItsListenerThrows()
    {
        final CircuitBreaker breaker = new CircuitBreaker(ROUTE, POLICY, clock, (route, from, to, reason) ->
        {
            throw new IllegalStateException("a broken listener");
        });
        fail(breaker, 5);
        assertEquals(CircuitBreaker.State.OPEN, breaker.state());
        clock.advanceMs(1_000);
        assertTrue(breaker.tryAcquirePermission());
        assertEquals(CircuitBreaker.State.HALF_OPEN, breaker.state());
    }

    @Test
    void shouldNameEachStateAsTheMetricsGaugeDoes()
    {
        assertEquals(List.of("closed 0", "half_open 1", "open 2"), List.of(CircuitBreaker.State.values()).stream()
            .map(s -> s.label() + " " + s.gauge()).toList());
        assertEquals(RouteMetrics.BREAKER_OPEN, CircuitBreaker.State.OPEN.gauge());
    }

    @Test
    void shouldRefuseThresholdsOutOfBounds()
    {
        assertEquals("minCalls must be a whole number from 1 to 10, got 11", assertThrows(
            IllegalArgumentException.class, () -> new BreakerPolicy(10, 11, 50, 0, 100, 1_000, 2)).getMessage());
        assertEquals("failureRatePercent must be a whole number from 1 to 100, got 0", assertThrows(
            IllegalArgumentException.class, () -> new BreakerPolicy(10, 5, 0, 0, 100, 1_000, 2)).getMessage());
        assertEquals("openMs must be a whole number from 1 to 86400000, got 0", assertThrows(
            IllegalArgumentException.class, () -> new BreakerPolicy(10, 5, 50, 0, 100, 0, 2)).getMessage());
    }

    /** Opens the breaker with five failures, the transition recorded first. */
    private CircuitBreaker opened(final BreakerPolicy policy)
    {
        final CircuitBreaker breaker = breaker(policy);
        fail(breaker, 5);
        assertEquals(CircuitBreaker.State.OPEN, breaker.state());
        return breaker;
    }

    private static void succeed(final CircuitBreaker breaker, final int calls)
    {
        for (int i = 0; i < calls; i++)
        {
            assertTrue(breaker.tryAcquirePermission());
            breaker.onSuccess(breaker.startCall());
        }
    }

    private static void fail(final CircuitBreaker breaker, final int calls)
    {
        for (int i = 0; i < calls; i++)
        {
            assertTrue(breaker.tryAcquirePermission());
            breaker.onFailure(breaker.startCall());
        }
    }

    /** One call that takes {@code ms} on the hand clock. */
    private void call(final CircuitBreaker breaker, final long ms, final boolean succeeds)
    {
        assertTrue(breaker.tryAcquirePermission());
        final long startedNs = breaker.startCall();
        clock.advanceMs(ms);
        if (succeeds)
        {
            breaker.onSuccess(startedNs);
        }
        else
        {
            breaker.onFailure(startedNs);
        }
    }

    /** A clock that moves only when the test moves it, and counts its reads. */
    private static final class HandClock implements NanoClock
    {
        private long nowNs = 1_000_000_000_000L;
        private int reads;

        @Override
        public long nanoTime()
        {
            reads++;
            return nowNs;
        }

        void advanceMs(final long ms)
        {
            nowNs += TimeUnit.MILLISECONDS.toNanos(ms);
        }

        void advanceNs(final long ns)
        {
            nowNs += ns;
        }
    }
}
