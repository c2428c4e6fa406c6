package io.rtt.server.cli;

import java.util.concurrent.Callable;

import io.rtt.server.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code rtt version}: the build's version, the MCP SDK it bundles, and the Java runtime.
 */
@Command(name = "version", mixinStandardHelpOptions = true,
    description = "Print the version of rtt, of the MCP Java SDK it bundles, and of the Java runtime.")
public final class VersionCommand implements Callable<Integer>
{
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call()
    {
        for (final String line : new Provider().getVersion())
        {
            spec.commandLine().getOut().println(line);
        }
        return ExitCodes.OK;
    }

    /**
     * Supplies {@code rtt --version}.
     */
    public static final class Provider implements CommandLine.IVersionProvider
    {
        @Override
        public String[] getVersion()
        {
            return new String[] {
                Version.NAME + " " + Version.VERSION,
                "MCP Java SDK " + Version.MCP_SDK_VERSION,
                "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")",
            };
        }
    }
}
