package io.rtt.engine.plan;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import io.rtt.engine.RttException;
import io.rtt.engine.Workspace;
import io.rtt.engine.fs.AtomicFiles;
import io.rtt.engine.json.Digests;
import io.rtt.engine.json.Json;
import io.rtt.engine.trust.PlanEnvelope;
import io.rtt.engine.fs.BoundedRead;
import org.jspecify.annotations.Nullable;

/**
 * Where plans and their envelopes live ({@code .rtt/plans/<hex>.plan.json} and {@code <hex>.sig.json}), and
 * reading them back with their integrity checked.
 */
public final class PlanFiles
{
    /** Largest signature envelope read: a few hundred signatures. */
    private static final int MAX_ENVELOPE_BYTES = 1024 * 1024;

    private final Path directory;

    /**
     * The plan files of a workspace.
     *
     * @param workspace the workspace.
     */
    public PlanFiles(final Workspace workspace)
    {
        this.directory = workspace.layout().plansDir();
    }

    /**
     * Writes a plan under its id.
     *
     * @param plan the plan.
     * @return the file written.
     * @throws RttException {@code IO} if it cannot be written.
     */
    public Path write(final Plan plan)
    {
        final Path file = planFile(plan.id());
        try
        {
            AtomicFiles.write(file, plan.canonicalBytes(), null);
            return file;
        }
        catch (final IOException ex)
        {
            throw new RttException(RttException.Kind.IO, "cannot write " + file + ": " + ex, ex);
        }
    }

    /**
     * Reads a plan and checks that its content still matches its id.
     *
     * @param file the plan file (any path; plans are portable).
     * @return the plan.
     * @throws RttException {@code BAD_INPUT} if unreadable, {@code REFUSED} if its content does not match its id.
     */
    public static Plan read(final Path file)
    {
        final Plan plan;
        try
        {
            plan = Json.MAPPER.readValue(BoundedRead.readAllBytes(file, ObjectStore.MAX_OBJECT_BYTES, "plan"),
                Plan.class);
        }
        catch (final IOException | RuntimeException ex)
        {
            throw new RttException(RttException.Kind.BAD_INPUT, "cannot read plan " + file + ": " + ex.getMessage());
        }
        if (plan.id() == null || !plan.id().equals(plan.computeId()))
        {
            throw new RttException(RttException.Kind.REFUSED, "plan " + file + " does not match its id " + plan.id() +
                " (its content hashes to " + plan.computeId() + "): it was changed after it was made");
        }
        if (!plan.graph().equals(plan.desired().digest()))
        {
            throw new RttException(RttException.Kind.REFUSED, "plan " + plan.id() + " names graph " + plan.graph() +
                " but carries " + plan.desired().digest());
        }
        return plan;
    }

    /**
     * Reads a plan's envelope.
     *
     * @param planId the plan id.
     * @return the envelope, or {@code null} if the plan is unsigned.
     * @throws RttException {@code BAD_INPUT} if the envelope is unreadable.
     */
    public @Nullable PlanEnvelope envelope(final String planId)
    {
        final Path file = envelopeFile(planId);
        try
        {
            return Json.MAPPER.readValue(BoundedRead.readAllBytes(file, MAX_ENVELOPE_BYTES, "plan envelope"),
                PlanEnvelope.class);
        }
        catch (final NoSuchFileException ex)
        {
            return null;
        }
        catch (final IOException | RuntimeException ex)
        {
            throw new RttException(RttException.Kind.BAD_INPUT, "cannot read envelope " + file + ": " + ex.getMessage());
        }
    }

    /**
     * Writes a plan's envelope.
     *
     * @param envelope the envelope.
     * @return the file written.
     * @throws RttException {@code IO} if it cannot be written.
     */
    public Path write(final PlanEnvelope envelope)
    {
        final Path file = envelopeFile(envelope.plan());
        try
        {
            AtomicFiles.write(file, Json.canonicalBytes(envelope), null);
            return file;
        }
        catch (final IOException ex)
        {
            throw new RttException(RttException.Kind.IO, "cannot write " + file + ": " + ex, ex);
        }
    }

    /**
     * The file of a plan.
     *
     * @param planId the plan id.
     * @return {@code .rtt/plans/<hex>.plan.json}.
     */
    public Path planFile(final String planId)
    {
        return directory.resolve(hex(planId) + ".plan.json");
    }

    private Path envelopeFile(final String planId)
    {
        return directory.resolve(hex(planId) + ".sig.json");
    }

    private static String hex(final String id)
    {
        if (!id.matches("sha256:[0-9a-f]{64}"))
        {
            throw new RttException(RttException.Kind.BAD_INPUT, "not a plan id: " + id);
        }
        return id.substring(Digests.SHA256_PREFIX.length());
    }
}
