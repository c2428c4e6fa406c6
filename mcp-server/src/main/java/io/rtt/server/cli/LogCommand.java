package io.rtt.server.cli;

import java.io.PrintWriter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.rtt.engine.Engine;
import io.rtt.engine.RttException;
import io.rtt.engine.json.CanonicalJson;
import io.rtt.engine.json.Json;
import io.rtt.engine.plan.ObjectStore;
import io.rtt.engine.wal.MerkleTree;
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
            "truncated with a warning, damage elsewhere is refused naming the frame.",
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
        try (Wal wal = Wal.open(engine.workspace().stateDir().resolve("wal")))
        {
            wal.warnings().forEach(w -> spec.commandLine().getErr().println("rtt: " + w));
            final MerkleTree tree = wal.tree();
            final int n = tree.size();
            final HexFormat hex = HexFormat.of();
            if (proof != null)
            {
                if (proof < 1 || proof > n)
                {
                    throw new RttException(RttException.Kind.BAD_INPUT, "no frame " + proof + " (the log has " + n + ")");
                }
                final Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("treeSize", n);
                doc.put("leafIndex", proof - 1);
                doc.put("leafHash", hex.formatHex(wal.frames().get((int)(proof - 1)).leaf()));
                doc.put("root", hex.formatHex(tree.root(n)));
                doc.put("path", tree.inclusionProof((int)(proof - 1), n).stream().map(hex::formatHex).toList());
                out.println(CanonicalJson.string(Json.tree(doc)));
            }
            else if (consistency != null)
            {
                if (consistency < 1 || consistency > n)
                {
                    throw new RttException(RttException.Kind.BAD_INPUT,
                        "old size must be from 1 to " + n + ", got " + consistency);
                }
                final int m = consistency.intValue();
                final Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("oldSize", m);
                doc.put("newSize", n);
                doc.put("oldRoot", hex.formatHex(tree.root(m)));
                doc.put("newRoot", hex.formatHex(tree.root(n)));
                doc.put("proof", tree.consistencyProof(m, n).stream().map(hex::formatHex).toList());
                out.println(CanonicalJson.string(Json.tree(doc)));
            }
            else if (json)
            {
                final List<WalRecord> records = wal.frames().stream().map(Wal.Frame::record).toList();
                out.println(CanonicalJson.string(Json.tree(Map.of("frames", records, "root",
                    hex.formatHex(tree.root(n)), "treeSize", n))));
            }
            else
            {
                for (final Wal.Frame frame : wal.frames())
                {
                    final WalRecord r = frame.record();
                    out.printf("%6d  %-8s v%-3d %s  %s  plan %s  graph %s  (%d signature%s)%n", r.seq(), r.kind(),
                        r.version(), r.time(), frame.hash().substring(0, 19), r.plan(), r.graph(),
                        r.signatures().size(), r.signatures().size() == 1 ? "" : "s");
                }
                if (verify)
                {
                    final ObjectStore objects = new ObjectStore(engine.workspace());
                    for (final Wal.Frame frame : wal.frames())
                    {
                        objects.get(frame.record().graph()); // checks the bytes against the digest
                    }
                    out.printf("verified: %d frames, hash chain and CRCs intact, every graph object present and " +
                        "matching its digest; tree root %s%n", n, hex.formatHex(tree.root(n)));
                }
            }
        }
        out.flush();
        return ExitCodes.OK;
    }
}
