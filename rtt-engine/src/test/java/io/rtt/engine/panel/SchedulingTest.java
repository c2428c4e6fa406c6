package io.rtt.engine.panel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.Map;

import io.rtt.engine.health.BreakerListener;
import io.rtt.engine.health.BreakerPolicy;
import io.rtt.engine.health.CircuitBreaker;
import io.rtt.engine.telemetry.RouteMetrics;
import org.agrona.concurrent.SystemNanoClock;
import org.junit.jupiter.api.Test;

class SchedulingTest
{
    @Test
    void wfqShouldShareABusyDriverByWeight()
    {
        final RouteQueue heavy = queue("heavy", 3);
        final RouteQueue light = queue("light", 1);
        fill(heavy, 1000, 0);
        fill(light, 1000, 0);
        final Map<String, Integer> served = serve(Scheduling.WFQ, 400, heavy, light);
        assertEquals(300, served.get("heavy"));
        assertEquals(100, served.get("light"));
    }

    @Test
    void wfqShouldGiveAnIdleRouteNoBankedCredit()
    {
        final RouteQueue busy = queue("busy", 1);
        final RouteQueue late = queue("late", 1);
        final RouteQueue[] both = {busy, late};
        final long[] clock = new long[1];
        fill(busy, 1000, 0);
        for (int i = 0; i < 500; i++)
        {
            Scheduling.WFQ.pick(both, clock).release();
        }
        fill(late, 1000, 0);
        final Map<String, Integer> served = new HashMap<>();
        for (int i = 0; i < 100; i++)
        {
            final RouteQueue picked = Scheduling.WFQ.pick(both, clock);
            served.merge(picked.route, 1, Integer::sum);
            picked.release();
        }
        assertEquals(50, served.get("late"), "a newcomer gets its share, not 500 messages of catch-up");
    }

    @Test
    void edfShouldServeTheEarliestDeadlineAndThoseWithoutLast()
    {
        final RouteQueue none = queue("none", 1);
        final RouteQueue later = queue("later", 1);
        final RouteQueue sooner = queue("sooner", 1);
        fill(none, 1, 0);
        fill(later, 1, 2_000);
        fill(sooner, 1, 1_000);
        final RouteQueue[] all = {none, later, sooner};
        final long[] clock = new long[1];
        final StringBuilder order = new StringBuilder();
        RouteQueue picked;
        while ((picked = Scheduling.EDF.pick(all, clock)) != null)
        {
            order.append(picked.route).append(' ');
            picked.release();
        }
        assertEquals("sooner later none ", order.toString());
        assertNull(Scheduling.WFQ.pick(all, clock));
    }

    private static RouteQueue queue(final String name, final int weight)
    {
        return new RouteQueue(name, 1, weight, 1024, new RouteMetrics(name, "shm", "echo", true),
            new CircuitBreaker(name, BreakerPolicy.DEFAULT, SystemNanoClock.INSTANCE, BreakerListener.NONE));
    }

    private static void fill(final RouteQueue queue, final int count, final long deadlineNs)
    {
        for (int i = 0; i < count; i++)
        {
            final Work work = queue.claim();
            work.deadlineNs = deadlineNs;
            queue.publish();
        }
    }

    private static Map<String, Integer> serve(final Scheduling scheduling, final int count, final RouteQueue... queues)
    {
        final long[] clock = new long[1];
        final Map<String, Integer> served = new HashMap<>();
        for (int i = 0; i < count; i++)
        {
            final RouteQueue picked = scheduling.pick(queues, clock);
            served.merge(picked.route, 1, Integer::sum);
            picked.release();
        }
        return served;
    }
}
