package io.rtt.engine.verify;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import io.rtt.engine.Engine;
import io.rtt.engine.RttException;
import io.rtt.engine.model.Verdict;
import io.rtt.engine.plan.Applier;
import io.rtt.engine.plan.Plan;
import org.jspecify.annotations.Nullable;

/**
 * An apply gated by verify: commits the plan, waits for the running panel to serve it, verifies, and when a check
 * fails records the verdict and rolls back by itself (as {@link Applier#decide} allows), or says which command
 * finishes the rollback. With no panel running there is nothing live to verify, and it says so.
 */
public final class GatedApply
{
    /** How long the panel may take to serve a new head: a few of its watcher's looks. */
    public static final Duration SETTLE = Duration.ofSeconds(15);
    private static final long POLL_NS = 50_000_000L;

    private GatedApply()
    {
    }

    /**
     * What a gated apply did.
     *
     * @param applied  the commit.
     * @param verify   the verify after it, or null when no panel serves the workspace.
     * @param rollback the rollback RTT made by itself after a failed verify, or null.
     * @param note     what a person should know: why nothing was verified, or how to finish a rollback RTT could
     *                 not make; empty when there is nothing to add.
     */
    public record Report(Applier.Outcome applied, @Nullable VerifyReport verify, Applier.@Nullable Outcome rollback,
        String note)
    {
    }

    /**
     * Applies a plan, then verifies it on the live panel.
     *
     * @param engine the workspace's engine.
     * @param plan   the signed plan.
     * @param window the window objectives are judged on.
     * @return what was applied, verified and rolled back.
     * @throws RttException as {@link Applier#apply}, when the plan is refused (nothing is committed then).
     */
    public static Report apply(final Engine engine, final Plan plan, final Duration window)
    {
        final Applier.Outcome applied = engine.applier().apply(plan, false);
        if (!engine.panelRunning())
        {
            return new Report(applied, null, null, "not verified: no panel serves the workspace (start one with " +
                "`rtt serve --detach " + engine.workspace().root() + "`, then `rtt verify`)");
        }
        final String settled = settle(engine, plan.graph());
        final VerifyReport verify = engine.verify(window);
        if (verify.passed())
        {
            return new Report(applied, verify, null, settled);
        }
        final List<String> findings = verify.failures().stream()
            .map(c -> (c.route() == null ? "" : c.route() + ": ") + c.name() + ": " + c.detail()).toList();
        final Verdict verdict = new Verdict(Verdict.VERIFY, Verdict.ROLLBACK, applied.seq(), "verify failed after " +
            "applying plan " + plan.id() + " (frame " + applied.seq() + "): " + findings.size() + " of " +
            verify.checks().size() + " checks failed", findings);
        try
        {
            return new Report(applied, verify, engine.applier().decide(verdict), settled);
        }
        catch (final RttException refused)
        {
            return new Report(applied, verify, null, "the change stays committed: " + refused.getMessage());
        }
    }

    /** Waits for the panel to serve the graph; says so when it did not in time (verify then fails on it). */
    private static String settle(final Engine engine, final String graph)
    {
        final long deadline = System.nanoTime() + SETTLE.toNanos();
        while (System.nanoTime() - deadline < 0)
        {
            try
            {
                if (engine.panelStatus().headGraph().equals(graph))
                {
                    return "";
                }
            }
            catch (final RttException ex)
            {
                return "the panel stopped answering: " + ex.getMessage();
            }
            LockSupport.parkNanos(POLL_NS);
        }
        return "the panel did not serve the new head within " + SETTLE.toSeconds() + " s";
    }
}
