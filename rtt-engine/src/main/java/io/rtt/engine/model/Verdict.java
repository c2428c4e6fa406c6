package io.rtt.engine.model;

import java.util.List;
import java.util.Objects;

/**
 * A decision RTT took by itself about the committed wiring, with the numbers that decided it: a canary promoted or
 * rejected, a verify that failed after an apply. Written into the log in a {@code verdict} frame, whose signatures
 * cover its digest, so the log proves what was decided and why.
 *
 * @param subject  what was judged: {@code canary} or {@code verify}.
 * @param decision what was decided: {@code promote}, {@code reject} or {@code rollback}.
 * @param frame    the WAL frame judged (the apply frame of the plan under test).
 * @param summary  one sentence for people.
 * @param findings the numbers that decided it, each a sentence with its number and bound.
 */
public record Verdict(String subject, String decision, long frame, String summary, List<String> findings)
{
    /** A canary judged. */
    public static final String CANARY = "canary";
    /** A verify judged. */
    public static final String VERIFY = "verify";
    /** The change stands. */
    public static final String PROMOTE = "promote";
    /** The change is undone. */
    public static final String ROLLBACK = "rollback";

    /**
     * Checks the fields and freezes the findings.
     */
    public Verdict
    {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(summary, "summary");
        findings = List.copyOf(findings);
        if (frame < 1)
        {
            throw new IllegalArgumentException("frame < 1: " + frame);
        }
    }
}
