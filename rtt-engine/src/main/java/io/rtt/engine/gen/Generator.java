package io.rtt.engine.gen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.rtt.engine.RttException;
import io.rtt.engine.Workspace;
import io.rtt.engine.model.Component;
import io.rtt.engine.model.Lane;
import io.rtt.engine.model.Route;
import io.rtt.engine.plan.ObjectStore;
import io.rtt.engine.wal.LogView;
import org.jspecify.annotations.Nullable;

/**
 * Generates the connectors of a workspace's committed routes: for each route, a client in its calling component's
 * language (or the one asked for) in {@code <out>/<component>/}, with the library files it builds on. Generation is
 * deterministic (the same committed plan gives the same bytes), idempotent (a second run finds every file
 * unchanged) and keeps hand edits inside {@code rtt:keep} regions ({@link KeptRegions}). Every file is prepared before
 * any is written, so a refusal leaves every file as it was.
 * <p>
 * Stateless; a run is not atomic against a concurrent run on the same directory (the last write of a file wins).
 */
public final class Generator
{
    private Generator()
    {
    }

    /**
     * The output directory a user or an agent names, checked to lie inside the workspace (its real path, through
     * any symbolic link) and outside RTT's state, other than the default {@code .rtt/drivers}.
     *
     * @param workspace the workspace.
     * @param out       the directory, relative to the workspace root or absolute; need not exist yet.
     * @return its absolute path.
     * @throws RttException {@code REFUSED} for a directory outside the workspace or inside {@code .rtt/} but not
     *                      under {@code .rtt/drivers}.
     */
    public static Path outputDirectory(final Workspace workspace, final String out)
    {
        final Path root = workspace.root();
        final Path dir = root.resolve(out).toAbsolutePath().normalize();
        checkInside(workspace, dir, out);
        final Path state = workspace.layout().stateDir();
        if (dir.startsWith(state) && !dir.startsWith(workspace.layout().driversDir()))
        {
            throw new RttException(RttException.Kind.REFUSED, "--out " + out + " is inside RTT's state directory " +
                "(.rtt/); connectors go in .rtt/drivers (the default) or in the workspace's own tree");
        }
        return dir;
    }

    /**
     * Generates the connectors of the committed head.
     *
     * @param workspace the workspace.
     * @param log       its log, verified (signatures and trust) by the caller.
     * @param language  the language of every client, or null for each calling component's own.
     * @param out       the output directory, from {@link #outputDirectory} or the state layout's default.
     * @return what was written and what was not.
     * @throws RttException {@code BAD_INPUT} when a file's kept regions cannot be kept (nothing is written then),
     *                      {@code REFUSED} when a component's directory leads outside the workspace, {@code IO} on
     *                      read or write errors.
     */
    public static GenerateReport generate(final Workspace workspace, final LogView log,
        final @Nullable ConnectorLanguage language, final Path out)
    {
        final CommittedSource source = CommittedSource.of(log, new ObjectStore(workspace));
        final List<String> notes = new ArrayList<>();
        final List<GenerateReport.Skipped> skipped = new ArrayList<>();
        if (source.seq() == 0)
        {
            notes.add("nothing is committed yet: generate after an apply (rtt up --apply, or rtt plan, sign, apply)");
        }
        final Map<String, Component> components = new HashMap<>();
        source.head().components().forEach(c -> components.put(c.id(), c));
        final Map<String, List<ClientSpec>> byComponent = new TreeMap<>();
        for (final Route route : source.head().routes())
        {
            final Component caller = components.get(route.from());
            final ConnectorLanguage chosen = language != null ? language :
                ConnectorLanguage.ofComponent(caller.language());
            if (chosen == null)
            {
                skipped.add(new GenerateReport.Skipped(route.id(), caller.id(), unsupported(caller)));
                continue;
            }
            if (chosen != ConnectorLanguage.JAVA && route.lane() == Lane.SHM)
            {
                notes.add("route " + route.id() + " is on a shm lane, which the " + chosen.label() + " client " +
                    "cannot speak (only Java's can); pin it with `lane: uds` in rtt.yaml, then plan and apply");
            }
            byComponent.computeIfAbsent(caller.id(), id -> new ArrayList<>())
                .add(ClientSpec.of(route, chosen, source.plan(), source.graph()));
        }
        final List<Planned> planned = new ArrayList<>();
        byComponent.forEach((component, specs) -> planned.addAll(render(workspace, out, component, specs, skipped)));
        final List<ConnectorWriter.Prepared> prepared = new ArrayList<>();
        for (final Planned file : planned)
        {
            prepared.add(ConnectorWriter.prepare(file.path(), file.generated(), workspace.relativize(file.path())));
        }
        final List<GenerateReport.File> files = new ArrayList<>();
        for (int i = 0; i < planned.size(); i++)
        {
            final Planned file = planned.get(i);
            final String shown = workspace.relativize(file.path());
            ConnectorWriter.write(prepared.get(i), shown);
            files.add(new GenerateReport.File(shown, file.component(), file.language().label(),
                file.generated().route(), prepared.get(i).status().label()));
        }
        files.sort((a, b) -> a.path().compareTo(b.path()));
        skipped.sort((a, b) -> a.route().compareTo(b.route()));
        return new GenerateReport(GenerateReport.FORMAT, source.seq(), source.plan(), source.graph(),
            workspace.relativize(out), files, skipped, notes);
    }

    /** One file to write, and for whom. */
    private record Planned(Path path, GeneratedFile generated, String component, ConnectorLanguage language)
    {
    }

    /** A component's files: its clients, one per route (a name taken twice skips the later route), then its library. */
    private static List<Planned> render(final Workspace workspace, final Path out, final String component,
        final List<ClientSpec> specs, final List<GenerateReport.Skipped> skipped)
    {
        final Path dir = out.resolve(Identifiers.directory(component));
        checkInside(workspace, dir, workspace.relativize(dir));
        final ConnectorLanguage language = specs.get(0).language();
        final ClientRenderer renderer = ClientRenderer.of(language);
        final Map<String, String> names = new HashMap<>();
        final Set<RequestFormat> formats = EnumSet.noneOf(RequestFormat.class);
        final List<Planned> files = new ArrayList<>();
        for (final ClientSpec spec : specs)
        {
            final GeneratedFile client = renderer.client(spec);
            final String taken = names.putIfAbsent(client.name(), spec.route());
            if (taken != null)
            {
                skipped.add(new GenerateReport.Skipped(spec.route(), component, "its client would be " +
                    client.name() + ", which is route " + taken + "'s client already; rename one route"));
                continue;
            }
            formats.add(spec.format());
            files.add(new Planned(dir.resolve(client.name()), client, component, language));
        }
        for (final GeneratedFile library : renderer.library(formats))
        {
            files.add(new Planned(dir.resolve(library.name()), library, component, language));
        }
        return files;
    }

    private static String unsupported(final Component caller)
    {
        final String written = caller.language() == null ? "has no source language in the index (an image only)" :
            "is written in " + caller.language();
        return "component " + caller.id() + " " + written + "; rtt gen writes java, python, node and go clients: " +
            "pass --lang to choose one";
    }

    /** Refuses a directory whose nearest existing ancestor's real path is outside the workspace. */
    private static void checkInside(final Workspace workspace, final Path dir, final String shown)
    {
        if (!dir.startsWith(workspace.root()))
        {
            throw outside(workspace, shown);
        }
        Path existing = dir;
        while (!Files.exists(existing, LinkOption.NOFOLLOW_LINKS) && !existing.equals(workspace.root()))
        {
            existing = existing.getParent();
        }
        final Path real;
        try
        {
            real = existing.toRealPath();
        }
        catch (final IOException ex)
        {
            throw new RttException(RttException.Kind.IO, "cannot resolve " + shown + ": " + ex, ex);
        }
        if (!real.startsWith(workspace.root()))
        {
            throw outside(workspace, shown);
        }
    }

    private static RttException outside(final Workspace workspace, final String shown)
    {
        return new RttException(RttException.Kind.REFUSED, "connectors go inside the workspace, and " + shown +
            " is outside it (workspace root " + workspace.root() + ")");
    }
}
