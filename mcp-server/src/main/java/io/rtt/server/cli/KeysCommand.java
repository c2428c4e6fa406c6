package io.rtt.server.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.rtt.engine.Engine;
import io.rtt.engine.trust.Keyring;
import io.rtt.engine.trust.Keys;
import io.rtt.engine.trust.TrustSet;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rtt keys}: local Ed25519 keys and the trust set that authorises plans.
 */
@Command(name = "keys", mixinStandardHelpOptions = true,
    description = "Manage signing keys (.rtt/keys, private keys mode 0600) and the trust set.",
    subcommands = {KeysCommand.Init.class, KeysCommand.ListKeys.class, KeysCommand.Trust.class,
        KeysCommand.Revoke.class})
public final class KeysCommand implements Runnable
{
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run()
    {
        throw new CommandLine.ParameterException(spec.commandLine(), "choose init, list, trust or revoke");
    }

    /** Prints the trust set a rotation made. */
    private static int printed(final CommandLine.Model.CommandSpec spec, final TrustSet next)
    {
        spec.commandLine().getOut().printf("trust set version %d: %d keys, threshold %d%n", next.version(),
            next.keys().size(), next.threshold());
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }

    /** Options every keys subcommand takes. */
    static final class WorkspaceOption
    {
        @Option(names = {"-w", "--workspace"}, defaultValue = ".", paramLabel = "PATH",
            description = "Workspace root (default: the current directory).")
        Path path;

        Engine engine()
        {
            return Engine.open(path);
        }
    }

    @Command(name = "init", mixinStandardHelpOptions = true,
        description = "Create a local key; the first key also founds the trust set (threshold 1).")
    static final class Init implements Callable<Integer>
    {
        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        private WorkspaceOption workspace;

        @Option(names = "--name", defaultValue = "${sys:user.name}", description = "Key name (default: your user).")
        private String name;

        @Override
        public Integer call()
        {
            final Keyring.LocalKey key = workspace.engine().createKey(name);
            spec.commandLine().getOut().printf("created key %s (%s)%npublic: %s%n", key.name(), key.id(),
                Keys.toOpenSsh(key.publicKey(), key.name()));
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the trust set and local keys.")
    static final class ListKeys implements Callable<Integer>
    {
        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        private WorkspaceOption workspace;

        @Override
        public Integer call()
        {
            final PrintWriter out = spec.commandLine().getOut();
            final Keyring keyring = workspace.engine().keyring();
            final TrustSet trust = keyring.current();
            out.printf("trust set version %d, threshold %d of %d%n", trust.version(), trust.threshold(),
                trust.keys().size());
            for (final TrustSet.TrustedKey key : trust.keys())
            {
                out.printf("  trusted %s %s%n", key.id(), key.name());
            }
            for (final Keyring.LocalKey key : keyring.localKeys())
            {
                out.printf("  local   %s %s%s%n", key.id(), key.name(), trust.key(key.id()) == null ? " (not trusted)" : "");
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "trust", mixinStandardHelpOptions = true,
        description = "Add a public key to the trust set; needs the current threshold of local trusted keys.")
    static final class Trust implements Callable<Integer>
    {
        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        private WorkspaceOption workspace;

        @Parameters(index = "0", paramLabel = "PUBKEY", description = "A .pub file or an ssh-ed25519 line.")
        private String publicKey;

        @Option(names = "--name", description = "Name for the key (default: the key's comment).")
        private String name;

        @Option(names = "--threshold", description = "New threshold (default: unchanged).")
        private Integer threshold;

        @Override
        public Integer call() throws IOException
        {
            final String line = Files.isRegularFile(Path.of(publicKey)) ? Files.readString(Path.of(publicKey)).trim() :
                publicKey;
            return printed(spec, workspace.engine().trustKey(line, name, threshold));
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
        description = "Remove a key from the trust set; needs the current threshold of local trusted keys.")
    static final class Revoke implements Callable<Integer>
    {
        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        private WorkspaceOption workspace;

        @Parameters(index = "0", paramLabel = "KEY_ID", description = "The id of the key to remove.")
        private String keyId;

        @Option(names = "--threshold", description = "New threshold (default: unchanged, capped at the key count).")
        private Integer threshold;

        @Override
        public Integer call()
        {
            return printed(spec, workspace.engine().revokeKey(keyId, threshold));
        }
    }
}
