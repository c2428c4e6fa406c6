package io.rtt.server.cli;

import java.time.Duration;
import java.util.concurrent.Callable;

import io.rtt.engine.plan.Plan;
import io.rtt.engine.trust.PlanEnvelope;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rtt sign PLAN}: add a signature to a plan's envelope.
 */
@Command(name = "sign",
    description = "Sign a plan with a local key: writes or extends .rtt/plans/<id>.sig.json (plan id, version, " +
        "expiry, workspace, signatures).")
public final class SignCommand implements Callable<Integer>
{
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    private PlanArguments plan;

    // not mixinStandardHelpOptions: its --version would clash with the envelope's, which took --help with it
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    private boolean help;

    @Option(names = "--key", description = "Local key to sign with (default: the only one).")
    private String key;

    @Option(names = "--version", paramLabel = "N", defaultValue = "0",
        description = "Envelope version (default: one above the last applied).")
    private long version;

    @Option(names = "--valid-for", paramLabel = "DURATION", defaultValue = "PT24H",
        description = "How long the signature authorises, ISO-8601 (default: PT24H).")
    private Duration validFor;

    @Override
    public Integer call()
    {
        final Plan read = plan.plan();
        final PlanEnvelope envelope = plan.engine().applier().sign(read, key, version, validFor);
        spec.commandLine().getOut().printf("signed %s: version %d, expires %s, %d signature(s)%n", read.id(),
            envelope.version(), envelope.expires(), envelope.signatures().size());
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
