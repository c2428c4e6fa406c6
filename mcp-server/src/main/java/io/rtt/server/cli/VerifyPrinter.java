package io.rtt.server.cli;

import java.io.PrintWriter;
import java.util.Locale;

import io.rtt.engine.verify.VerifyReport;

/**
 * Prints a verify for people: one line per check, failures first said as failures, then the verdict.
 */
final class VerifyPrinter
{
    private VerifyPrinter()
    {
    }

    static void print(final PrintWriter out, final VerifyReport report)
    {
        for (final VerifyReport.Check check : report.checks())
        {
            out.printf(Locale.ROOT, "  %-10s %-9s %-18s %s%n", mark(check.outcome()), check.name(),
                check.route() == null ? "" : TerminalText.escape(check.route()), TerminalText.escape(check.detail()));
        }
        final long failed = report.failures().size();
        out.printf(Locale.ROOT, "%s: %d checks, %d failed, against WAL frame %d (graph %s), objectives over %d s; " +
            "took %d ms%n", report.passed() ? "verified" : "NOT verified", report.checks().size(), failed,
            report.headSeq(), report.headGraph(), report.windowSeconds(), report.durationMs());
        if (report.recording() != null)
        {
            out.println("the panel's flight recording up to the failure: " + TerminalText.escape(report.recording()));
        }
    }

    private static String mark(final VerifyReport.Outcome outcome)
    {
        return switch (outcome)
        {
            case PASS -> "ok";
            case FAIL -> "FAIL";
            case NOT_JUDGED -> "not judged";
        };
    }
}
