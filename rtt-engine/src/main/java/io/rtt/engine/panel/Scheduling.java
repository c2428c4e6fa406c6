package io.rtt.engine.panel;

/**
 * How a driver serving several routes picks the next message: the choice among the routes' queue heads.
 */
enum Scheduling
{
    /**
     * Weighted fair queueing (start-time fair queueing, every message one unit of work): each route's share of a
     * busy driver is its weight over the sum of the busy routes' weights, and an idle route banks no credit.
     */
    WFQ
    {
        @Override
        RouteQueue pick(final RouteQueue[] queues, final long[] virtualTime)
        {
            RouteQueue best = null;
            long bestStart = Long.MAX_VALUE;
            for (final RouteQueue queue : queues)
            {
                if (queue.peek() != null)
                {
                    final long start = Math.max(virtualTime[0], queue.finishTag);
                    if (start < bestStart)
                    {
                        best = queue;
                        bestStart = start;
                    }
                }
            }
            if (best != null)
            {
                virtualTime[0] = bestStart;
                best.finishTag = bestStart + Math.max(1, UNIT / best.weight);
            }
            return best;
        }
    },
    /**
     * Earliest deadline first: the head whose frame deadline comes soonest; messages without a deadline come after
     * all that have one, in queue order.
     */
    EDF
    {
        @Override
        RouteQueue pick(final RouteQueue[] queues, final long[] virtualTime)
        {
            RouteQueue best = null;
            long bestDeadline = Long.MAX_VALUE;
            for (final RouteQueue queue : queues)
            {
                final Work head = queue.peek();
                if (head != null)
                {
                    final long deadline = head.deadlineNs == 0 ? Long.MAX_VALUE : head.deadlineNs;
                    if (best == null || deadline < bestDeadline)
                    {
                        best = queue;
                        bestDeadline = deadline;
                    }
                }
            }
            return best;
        }
    };

    /** One message's work in virtual time; divisible by every weight up to 12 without remainder. */
    static final long UNIT = 27_720L;

    /**
     * Picks the queue to serve next.
     *
     * @param queues      the driver's routes.
     * @param virtualTime the driver's virtual clock, one slot, updated by WFQ.
     * @return the queue whose head goes next, or null when all are empty.
     */
    abstract RouteQueue pick(RouteQueue[] queues, long[] virtualTime);
}
