package io.rtt.engine.plan.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.rtt.engine.model.Lane;
import org.chocosolver.solver.Model;
import org.chocosolver.solver.Solution;
import org.chocosolver.solver.Solver;
import org.chocosolver.solver.search.strategy.Search;
import org.chocosolver.solver.variables.BoolVar;
import org.chocosolver.solver.variables.IntVar;

/**
 * Chooses each route's lane as a constraint problem on Choco-solver: a boolean per route (shm or uds), hard
 * constraints for what cannot share memory, and an objective that puts the highest-priority routes on the
 * fastest lane within the budgets. The search is deterministic: routes in a fixed order, shm tried first.
 * <p>
 * When no assignment exists, the constraint groups that clash are found by leaving each group out in turn.
 */
public final class LaneSolver
{
    /** Lane latency weights in the objective: a uds round trip costs about five shm ones on a small host. */
    static final int SHM_COST = 1;
    static final int UDS_COST = 5;

    /**
     * One route's requirements.
     *
     * @param id              route id.
     * @param priority        objective weight.
     * @param maxMessageBytes largest message.
     * @param deadlineMs      per-message deadline; 1 ms or less needs shm.
     * @param pinned          lane fixed by policy, or {@code null}.
     * @param spin            whether it busy-spins.
     * @param untrusted       whether an end is untrusted.
     */
    public record Request(String id, int priority, int maxMessageBytes, long deadlineMs, Lane pinned, boolean spin,
        boolean untrusted)
    {
    }

    /**
     * Budgets.
     *
     * @param ringBytes       size of one ring (a shm lane has two).
     * @param ringMemoryBytes all rings together.
     * @param spinCores       busy-spinning shm routes.
     */
    public record Budgets(int ringBytes, long ringMemoryBytes, int spinCores)
    {
    }

    /** Groups of constraints, for explaining a clash. */
    public enum Group
    {
        /** Messages too large for a ring. */
        MESSAGE_SIZE,
        /** Untrusted components never share memory. */
        TRUST,
        /** Lanes pinned in rtt.yaml. */
        PINNED,
        /** Deadlines that need shm. */
        DEADLINE,
        /** The ring memory budget. */
        RING_MEMORY,
        /** The spinning-core budget. */
        SPIN_CORES
    }

    /**
     * The outcome.
     *
     * @param lanes   lane per request, in request order; empty if infeasible.
     * @param clashes groups whose constraints cannot hold together; empty if solved.
     * @param optimal whether the solver proved the assignment optimal.
     */
    public record Result(List<Lane> lanes, Set<Group> clashes, boolean optimal)
    {
    }

    private LaneSolver()
    {
    }

    /**
     * Solves.
     *
     * @param requests routes, in a stable order.
     * @param budgets  the budgets.
     * @return lanes, or the clashing groups.
     */
    public static Result solve(final List<Request> requests, final Budgets budgets)
    {
        if (requests.isEmpty())
        {
            // nothing to place: a model of no variables would be handed an empty sum, which Choco refuses
            return new Result(List.of(), Set.of(), true);
        }
        final Result result = solve(requests, budgets, EnumSet.allOf(Group.class));
        if (!result.lanes().isEmpty())
        {
            return result;
        }
        final Set<Group> clashes = EnumSet.noneOf(Group.class);
        for (final Group group : Group.values())
        {
            final Set<Group> without = EnumSet.allOf(Group.class);
            without.remove(group);
            if (!solve(requests, budgets, without).lanes().isEmpty())
            {
                clashes.add(group);
            }
        }
        return new Result(List.of(), clashes.isEmpty() ? EnumSet.allOf(Group.class) : clashes, false);
    }

    private static int upperBound(final List<Request> requests, final Budgets budgets, final Set<Group> groups)
    {
        final int perLaneKib = (int)Math.max(1, 2L * budgets.ringBytes() / 1024);
        final long lanes = Math.min(Integer.MAX_VALUE, budgets.ringMemoryBytes() / 1024) / perLaneKib;
        final int maxShmMessage = budgets.ringBytes() / 8;
        return requests.stream()
            .filter(r -> !(groups.contains(Group.MESSAGE_SIZE) && r.maxMessageBytes() > maxShmMessage))
            .filter(r -> !(groups.contains(Group.TRUST) && r.untrusted()))
            .filter(r -> !(groups.contains(Group.PINNED) && r.pinned() == Lane.UDS))
            .map(Request::priority)
            .sorted(Comparator.reverseOrder())
            .limit(lanes)
            .mapToInt(Integer::intValue)
            .sum();
    }

    private static Result solve(final List<Request> requests, final Budgets budgets, final Set<Group> groups)
    {
        final int n = requests.size();
        final Model model = new Model("lanes");
        final BoolVar[] shm = new BoolVar[n];
        final int maxShmMessage = budgets.ringBytes() / 8;
        for (int i = 0; i < n; i++)
        {
            final Request r = requests.get(i);
            shm[i] = model.boolVar("shm_" + i);
            if (groups.contains(Group.MESSAGE_SIZE) && r.maxMessageBytes() > maxShmMessage)
            {
                model.arithm(shm[i], "=", 0).post();
            }
            if (groups.contains(Group.TRUST) && r.untrusted())
            {
                model.arithm(shm[i], "=", 0).post();
            }
            if (groups.contains(Group.PINNED) && r.pinned() != null)
            {
                model.arithm(shm[i], "=", r.pinned() == Lane.SHM ? 1 : 0).post();
            }
            if (groups.contains(Group.DEADLINE) && r.deadlineMs() > 0 && r.deadlineMs() <= 1)
            {
                model.arithm(shm[i], "=", 1).post();
            }
        }
        if (groups.contains(Group.RING_MEMORY))
        {
            // In KiB so the sum stays an int: two rings per shm lane.
            final int perLaneKib = (int)Math.max(1, 2L * budgets.ringBytes() / 1024);
            final int budgetKib = (int)Math.min(Integer.MAX_VALUE, budgets.ringMemoryBytes() / 1024);
            model.sum(shm, "<=", budgetKib / perLaneKib).post();
        }
        if (groups.contains(Group.SPIN_CORES))
        {
            final List<BoolVar> spinning = new ArrayList<>();
            for (int i = 0; i < n; i++)
            {
                if (requests.get(i).spin())
                {
                    spinning.add(shm[i]);
                }
            }
            if (!spinning.isEmpty())
            {
                model.sum(spinning.toArray(BoolVar[]::new), "<=", budgets.spinCores()).post();
            }
        }
        final int[] weights = requests.stream().mapToInt(Request::priority).toArray();
        final IntVar gain = model.intVar("gain", 0, java.util.Arrays.stream(weights).sum());
        model.scalar(shm, weights, "=", gain).post();
        if (groups.contains(Group.RING_MEMORY))
        {
            // Implied bound (a relaxation, so always valid): at most `lanes` routes fit, so the gain is at most the
            // sum of the largest eligible priorities. It lets the solver prove the greedy assignment optimal
            // instead of searching out the whole space.
            model.arithm(gain, "<=", upperBound(requests, budgets, groups)).post();
        }
        final Solver solver = model.getSolver();
        // Highest priority first, then id: the first solution is the greedy one, and the order fixes ties.
        final Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
        }
        java.util.Arrays.sort(order, Comparator.<Integer>comparingInt(i -> -weights[i])
            .thenComparing(i -> requests.get(i).id()));
        final BoolVar[] ordered = new BoolVar[n];
        for (int i = 0; i < n; i++)
        {
            ordered[i] = shm[order[i]];
        }
        solver.setSearch(Search.inputOrderUBSearch(ordered));
        solver.limitTime("10s");
        final Solution best = solver.findOptimalSolution(gain, Model.MAXIMIZE);
        if (best == null)
        {
            return new Result(List.of(), Set.of(), false);
        }
        final List<Lane> lanes = new ArrayList<>();
        for (int i = 0; i < n; i++)
        {
            lanes.add(best.getIntVal(shm[i]) == 1 ? Lane.SHM : Lane.UDS);
        }
        return new Result(lanes, Set.of(), !solver.isStopCriterionMet());
    }
}
