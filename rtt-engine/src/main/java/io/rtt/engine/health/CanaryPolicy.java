package io.rtt.engine.health;

import static io.rtt.engine.PolicyFile.invalid;

import java.util.Map;
import java.util.List;

import io.rtt.engine.PolicyFile;
import io.rtt.engine.RttException;
import io.rtt.engine.Workspace;
import io.rtt.engine.json.LocatedTree;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * When a canary is rejected, from the {@code canary:} section of {@code rtt.yaml}:
 * <pre>
 * canary:
 *   alpha: 0.01                    # significance: a difference must be this unlikely by chance
 *   minSamples: 50                 # requests on each side before the canary is judged
 *   minLatencyShift: 0.1           # the canary's median must be at least 10% over the baseline's to reject
 *   minErrorRateDifference: 0.01   # its error rate at least 1 percentage point over the baseline's to reject
 *   fraction: 0.1                  # share of the route's traffic the canary takes
 * </pre>
 * A difference rejects the canary only when it is both significant and at least the minimum: on large samples a
 * tiny difference is significant, and a canary 1% slower is not worth a rollback. Every key is optional; every value
 * is checked, and a bad one is refused with its line.
 *
 * @param alpha                  significance level of both tests, in (0, 0.5].
 * @param minSamples             requests each side needs before a verdict; at least {@link #MIN_SAMPLES_FLOOR}.
 * @param minLatencyShift        smallest rise of the canary's median latency over the baseline's that rejects, as a
 *                               fraction of the baseline's (0.1 is 10%), in [0, 100].
 * @param minErrorRateDifference smallest rise of the canary's error rate over the baseline's that rejects, as a
 *                               difference of proportions (0.01 is one percentage point), in [0, 1].
 * @param fraction               share of traffic sent to the canary, in (0, 1).
 */
public record CanaryPolicy(double alpha, long minSamples, double minLatencyShift, double minErrorRateDifference,
    double fraction)
{
    /** Default significance level. */
    public static final double DEFAULT_ALPHA = 0.01;
    /** Default requests per side before a verdict. */
    public static final long DEFAULT_MIN_SAMPLES = 50;
    /** Default smallest latency rise that rejects: 10%. */
    public static final double DEFAULT_MIN_LATENCY_SHIFT = 0.10;
    /** Default smallest error-rate rise that rejects: one percentage point. */
    public static final double DEFAULT_MIN_ERROR_RATE_DIFFERENCE = 0.01;
    /** Default share of traffic for the canary. */
    public static final double DEFAULT_FRACTION = 0.1;
    /**
     * Fewest samples per side a policy may ask for: the rank-sum test's p-value comes from the normal approximation
     * (no exact small-sample distribution is computed), which is rough below about 20 samples a side.
     */
    public static final long MIN_SAMPLES_FLOOR = 20;
    /** Most samples per side a policy may ask for. */
    public static final long MAX_SAMPLES = 1_000_000_000L;

    /** The settings, in the order they are checked and listed; before {@link #DEFAULT}, which checks them. */
    private static final List<String> KEYS = List.of("alpha", "minSamples", "minLatencyShift",
        "minErrorRateDifference", "fraction");

    /** The policy of a workspace whose rtt.yaml has no {@code canary:} section. */
    public static final CanaryPolicy DEFAULT = new CanaryPolicy(DEFAULT_ALPHA, DEFAULT_MIN_SAMPLES,
        DEFAULT_MIN_LATENCY_SHIFT, DEFAULT_MIN_ERROR_RATE_DIFFERENCE, DEFAULT_FRACTION);

    /**
     * Validates the values.
     */
    public CanaryPolicy
    {
        for (final String key : KEYS)
        {
            final double value = switch (key)
            {
                case "alpha" -> alpha;
                case "minSamples" -> minSamples;
                case "minLatencyShift" -> minLatencyShift;
                case "minErrorRateDifference" -> minErrorRateDifference;
                default -> fraction;
            };
            final String violation = violation(key, value);
            if (violation != null)
            {
                throw new IllegalArgumentException(violation);
            }
        }
    }

    /** The rule a value of a key breaks, or null when it keeps them all: one table for the record and the parser. */
    private static @Nullable String violation(final String key, final double value)
    {
        return switch (key)
        {
            case "alpha" -> value > 0 && value <= 0.5 ? null : "alpha must be in (0, 0.5], got " + value;
            case "minSamples" -> value >= MIN_SAMPLES_FLOOR && value <= MAX_SAMPLES && value == Math.rint(value) ?
                null : "minSamples must be a whole number from " + MIN_SAMPLES_FLOOR + " to " + MAX_SAMPLES +
                " (the rank-sum test's normal approximation needs " + MIN_SAMPLES_FLOOR + " a side), got " +
                (long)value;
            case "minLatencyShift" -> value >= 0 && value <= 100 ? null :
                "minLatencyShift must be in [0, 100] (0.1 is 10%), got " + value;
            case "minErrorRateDifference" -> value >= 0 && value <= 1 ? null :
                "minErrorRateDifference must be in [0, 1] (0.01 is one percentage point), got " + value;
            case "fraction" -> value > 0 && value < 1 ? null : "fraction must be in (0, 1), got " + value;
            default -> throw new IllegalArgumentException("not a canary setting: " + key);
        };
    }

    /**
     * The canary policy of a workspace.
     *
     * @param workspace the workspace; rtt.yaml may be absent.
     * @return the policy, {@link #DEFAULT} where rtt.yaml sets nothing.
     * @throws RttException {@code BAD_INPUT} naming the line of a malformed, unknown or invalid value.
     */
    public static CanaryPolicy load(final Workspace workspace)
    {
        return from(PolicyFile.read(workspace));
    }

    /**
     * The canary policy of a policy document already read.
     *
     * @param doc the document, as {@link PolicyFile#read} returns it.
     * @return the policy, {@link #DEFAULT} where the document sets nothing.
     * @throws RttException {@code BAD_INPUT} naming the line of a malformed, unknown or invalid value.
     */
    public static CanaryPolicy from(final LocatedTree doc)
    {
        final JsonNode section = doc.tree().path("canary");
        if (section.isMissingNode() || section.isNull())
        {
            return DEFAULT;
        }
        if (!section.isObject())
        {
            throw invalid(doc, "/canary", "canary must be a mapping of " + String.join(", ", KEYS) + ", got " +
                section);
        }
        for (final Map.Entry<String, JsonNode> entry : section.properties())
        {
            if (!KEYS.contains(entry.getKey()))
            {
                throw invalid(doc, "/canary/" + LocatedTree.segment(entry.getKey()), "canary." + entry.getKey() +
                    " is not a canary setting; they are " + String.join(", ", KEYS));
            }
        }
        return new CanaryPolicy(decimal(doc, "alpha", section, DEFAULT_ALPHA),
            whole(doc, "minSamples", section, DEFAULT_MIN_SAMPLES),
            decimal(doc, "minLatencyShift", section, DEFAULT_MIN_LATENCY_SHIFT),
            decimal(doc, "minErrorRateDifference", section, DEFAULT_MIN_ERROR_RATE_DIFFERENCE),
            decimal(doc, "fraction", section, DEFAULT_FRACTION));
    }

    private static double decimal(final LocatedTree doc, final String key, final JsonNode section,
        final double fallback)
    {
        final JsonNode node = section.path(key);
        if (node.isMissingNode() || node.isNull())
        {
            return fallback;
        }
        if (!node.isNumber() || !Double.isFinite(node.asDouble()))
        {
            throw invalid(doc, "/canary/" + key, "canary." + key + " must be a number, got " + node);
        }
        return checked(doc, key, node.asDouble());
    }

    private static long whole(final LocatedTree doc, final String key, final JsonNode section, final long fallback)
    {
        final JsonNode node = section.path(key);
        if (node.isMissingNode() || node.isNull())
        {
            return fallback;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong())
        {
            throw invalid(doc, "/canary/" + key, "canary." + key + " must be a whole number, got " + node);
        }
        return (long)checked(doc, key, node.asLong());
    }

    private static double checked(final LocatedTree doc, final String key, final double value)
    {
        final String violation = violation(key, value);
        if (violation != null)
        {
            throw invalid(doc, "/canary/" + key, "canary." + violation);
        }
        return value;
    }

}
