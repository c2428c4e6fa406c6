package io.rtt.engine.trust;

import java.util.List;
import java.util.Objects;

import io.rtt.engine.json.Json;
import io.rtt.engine.model.Signature;

/**
 * The signatures of a plan, kept beside it ({@code .rtt/plans/<id>.sig.json}): what exactly is authorised (the plan
 * id, which is the digest of the plan's canonical bytes), as which version, until when, for which workspace.
 *
 * @param format     {@value #FORMAT}.
 * @param plan       the plan id ({@code sha256:}).
 * @param version    must exceed the last applied version: an older plan cannot be replayed.
 * @param expires    ISO-8601 UTC instant after which the envelope no longer authorises anything.
 * @param workspace  the workspace id the plan is for.
 * @param signatures signatures over {@link #signedBytes()}.
 */
public record PlanEnvelope(String format, String plan, long version, String expires, String workspace,
    List<Signature> signatures)
{
    /** Format of an envelope. */
    public static final String FORMAT = "rtt.plan-envelope/1";

    /**
     * Validates the envelope.
     */
    public PlanEnvelope
    {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(expires, "expires");
        Objects.requireNonNull(workspace, "workspace");
        signatures = List.copyOf(signatures);
        if (version < 1)
        {
            throw new IllegalArgumentException("version < 1: " + version);
        }
    }

    /**
     * The bytes its signatures cover: the envelope without its signatures, canonical.
     *
     * @return canonical JSON.
     */
    public byte[] signedBytes()
    {
        return Json.canonicalBytes(new PlanEnvelope(format, plan, version, expires, workspace, List.of()));
    }

    /**
     * This envelope with one more signature (replacing an earlier one by the same key).
     *
     * @param signature the signature.
     * @return the new envelope.
     */
    public PlanEnvelope with(final Signature signature)
    {
        final List<Signature> all = new java.util.ArrayList<>(signatures.stream()
            .filter(s -> !s.keyId().equals(signature.keyId())).toList());
        all.add(signature);
        all.sort(java.util.Comparator.comparing(Signature::keyId));
        return new PlanEnvelope(format, plan, version, expires, workspace, all);
    }
}
