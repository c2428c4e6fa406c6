package io.rtt.server.cli;

import java.io.PrintWriter;
import java.util.Locale;

import io.rtt.engine.plan.Plan;

/**
 * Renders a plan for people: its id and base, then its actions and the reason for each route's lane.
 */
final class PlanPrinter
{
    private PlanPrinter()
    {
    }

    static void print(final PrintWriter out, final Plan plan)
    {
        out.printf("plan %s%n  base  %s%n  graph %s%n", plan.id(), plan.base(), plan.graph());
        if (plan.actions().isEmpty())
        {
            out.println("no changes: the WAL head already is the desired graph");
        }
        for (final Plan.Action action : plan.actions())
        {
            out.printf("  %-6s %s%s%n", action.op(), action.route(), action.lane() == null ? "" :
                "  lane=" + action.lane().name().toLowerCase(Locale.ROOT) + " driver=" + action.driver());
        }
        for (final Plan.Decision decision : plan.decisions())
        {
            out.printf("    %s: %s%n", decision.route(), decision.reason());
        }
    }
}
