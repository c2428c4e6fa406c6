package io.rtt.engine.json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * The JSON Canonicalization Scheme (RFC 8785): the one place RTT turns a JSON tree into the bytes it hashes, signs
 * and writes.
 * <p>
 * Object members are sorted by the UTF-16 code units of their names, no whitespace is written, strings escape only
 * what JSON requires, and numbers are written as ECMAScript writes an IEEE-754 double.
 * <p>
 * Stateless and thread-safe.
 */
public final class CanonicalJson
{
    private static final BigInteger MAX_SAFE_INTEGER = BigInteger.valueOf(9_007_199_254_740_992L);
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private CanonicalJson()
    {
    }

    /**
     * The canonical UTF-8 bytes of a JSON tree.
     *
     * @param node the tree to serialise.
     * @return its canonical bytes.
     * @throws IllegalArgumentException if the tree holds a number JSON cannot carry (NaN, infinity) or a binary node.
     */
    public static byte[] bytes(final JsonNode node)
    {
        return string(node).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The canonical text of a JSON tree.
     *
     * @param node the tree to serialise.
     * @return its canonical text.
     * @throws IllegalArgumentException if the tree holds a number JSON cannot carry (NaN, infinity) or a binary node.
     */
    public static String string(final JsonNode node)
    {
        final StringBuilder out = new StringBuilder(256);
        write(node, out);
        return out.toString();
    }

    private static void write(final JsonNode node, final StringBuilder out)
    {
        if (node == null || node.isNull() || node.isMissingNode())
        {
            out.append("null");
        }
        else if (node.isObject())
        {
            final List<Map.Entry<String, JsonNode>> members = new ArrayList<>(node.properties());
            members.sort(Map.Entry.comparingByKey());
            out.append('{');
            for (int i = 0; i < members.size(); i++)
            {
                if (i > 0)
                {
                    out.append(',');
                }
                writeString(members.get(i).getKey(), out);
                out.append(':');
                write(members.get(i).getValue(), out);
            }
            out.append('}');
        }
        else if (node.isArray())
        {
            out.append('[');
            for (int i = 0; i < node.size(); i++)
            {
                if (i > 0)
                {
                    out.append(',');
                }
                write(node.get(i), out);
            }
            out.append(']');
        }
        else if (node.isString())
        {
            writeString(node.stringValue(), out);
        }
        else if (node.isBoolean())
        {
            out.append(node.booleanValue());
        }
        else if (node.isIntegralNumber())
        {
            final BigInteger value = node.bigIntegerValue();
            if (value.abs().compareTo(MAX_SAFE_INTEGER) <= 0)
            {
                out.append(value);
            }
            else
            {
                out.append(number(value.doubleValue()));
            }
        }
        else if (node.isNumber())
        {
            out.append(number(node.doubleValue()));
        }
        else
        {
            throw new IllegalArgumentException("not representable in canonical JSON: " + node.getNodeType());
        }
    }

    /**
     * Writes a double as ECMAScript's {@code Number.prototype.toString} does (RFC 8785 section 3.2.2.3).
     *
     * @param value the number.
     * @return its canonical text.
     * @throws IllegalArgumentException if the value is NaN or infinite.
     */
    public static String number(final double value)
    {
        if (Double.isNaN(value) || Double.isInfinite(value))
        {
            throw new IllegalArgumentException("number not allowed in JSON: " + value);
        }
        if (value == 0)
        {
            return "0";
        }
        final BigDecimal decimal = shortest(Math.abs(value));
        final String digits = decimal.unscaledValue().toString();
        final int k = digits.length();
        final int n = k - decimal.scale(); // value = 0.digits * 10^n
        final StringBuilder out = new StringBuilder(24);
        if (value < 0)
        {
            out.append('-');
        }
        if (k <= n && n <= 21)
        {
            out.append(digits).append("0".repeat(n - k));
        }
        else if (0 < n && n <= 21)
        {
            out.append(digits, 0, n).append('.').append(digits, n, k);
        }
        else if (-6 < n && n <= 0)
        {
            out.append("0.").append("0".repeat(-n)).append(digits);
        }
        else
        {
            final int exponent = n - 1;
            out.append(digits.charAt(0));
            if (k > 1)
            {
                out.append('.').append(digits, 1, k);
            }
            out.append('e').append(exponent < 0 ? '-' : '+').append(Math.abs(exponent));
        }
        return out.toString();
    }

    /**
     * The decimal with the fewest significant digits that reads back as the same double, closest to it among those.
     * Java 17's {@code Double.toString} is not always shortest (JDK-4511638), so the digits are searched for.
     */
    private static BigDecimal shortest(final double value)
    {
        final BigDecimal exact = new BigDecimal(value);
        for (int precision = 1; precision < 17; precision++)
        {
            final BigDecimal candidate = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
            if (candidate.doubleValue() == value)
            {
                return candidate.stripTrailingZeros();
            }
        }
        return exact.round(new MathContext(17, RoundingMode.HALF_EVEN)).stripTrailingZeros();
    }

    private static void writeString(final String value, final StringBuilder out)
    {
        out.append('"');
        int plain = 0;
        while (plain < value.length())
        {
            final char c = value.charAt(plain);
            if (c < 0x20 || c == '"' || c == '\\')
            {
                break;
            }
            plain++;
        }
        out.append(value, 0, plain); // most strings need no escaping: copy them whole
        for (int i = plain; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            switch (c)
            {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default ->
                {
                    if (c < 0x20)
                    {
                        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    }
                    else
                    {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
