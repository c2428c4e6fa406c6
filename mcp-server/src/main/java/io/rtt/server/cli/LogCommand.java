package io.rtt.server.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;

import io.rtt.engine.Engine;
import io.rtt.engine.json.CanonicalJson;
import io.rtt.engine.json.Json;
import io.rtt.engine.wal.LogView;
import io.rtt.engine.wal.Wal;
import io.rtt.engine.wal.WalRecord;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rtt log}: the WAL's frames, verified, with RFC 6962 inclusion and consistency proofs.
 */
@Command(name = "log", mixinStandardHelpOptions = true,
    description = {
        "List the WAL's frames. Opening the log verifies every frame's CRC-32C and hash link; a torn tail is " +
            "truncated with a warning, damage elsewhere is refused naming the frame. --verify also checks every " +
            "frame's signatures against the trust history the log records, and every graph object.",
        "--proof SEQ prints an RFC 6962 inclusion proof of frame SEQ; --consistency OLD_SIZE a consistency proof " +
            "from the log's first OLD_SIZE frames to all of them (hashes in hex, as RFC 9162 checks them)."
    })
public final class LogCommand implements Callable<Integer>
{
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    private WorkspaceArgument workspace;

    @Option(names = "--verify", description = "Verify the chain and every graph object, and print the tree root.")
    private boolean verify;

    @Option(names = "--json", description = "Print JSON.")
    private boolean json;

    @Option(names = "--proof", paramLabel = "SEQ", description = "Inclusion proof of frame SEQ.")
    private Long proof;

    @Option(names = "--consistency", paramLabel = "OLD_SIZE", description = "Consistency proof from OLD_SIZE.")
    private Long consistency;

    @Override
    public Integer call()
    {
        final Engine engine = Engine.open(workspace.path);
        final PrintWriter out = spec.commandLine().getOut();
        final LogView log = verify ? engine.verifyLog() : engine.log();
        log.warnings().forEach(w -> spec.commandLine().getErr().println("rtt: " + w));
        if (proof != null)
        {
            out.println(CanonicalJson.string(Json.tree(log.inclusionProof(proof))));
        }
        else if (consistency != null)
        {
            out.println(CanonicalJson.string(Json.tree(log.consistencyProof(consistency))));
        }
        else if (json)
        {
            out.println(CanonicalJson.string(Json.tree(Map.of("frames", log.records(), "root", log.root(),
                "treeSize", log.size()))));
        }
        else
        {
            for (final Wal.Frame frame : log.frames())
            {
                final WalRecord r = frame.record();
                out.printf("%6d  %-8s v%-3d %s  %s  plan %s  graph %s  (%d signature%s)%n", r.seq(), r.kind(),
                    r.version(), r.time(), frame.hash().substring(0, 19), r.plan(), r.graph(),
                    r.signatures().size(), r.signatures().size() == 1 ? "" : "s");
            }
            if (verify)
            {
                out.printf("verified: %d frames, hash chain and CRCs intact, the trust history as the log " +
                    "recorded it, every apply and rollback signed by a threshold of the keys trusted at its point, " +
                    "every graph object present and matching its digest; tree root %s%n", log.size(), log.root());
            }
        }
        out.flush();
        return ExitCodes.OK;
    }
}
