package io.rtt.drivers.postgres;

import java.util.Set;

import io.rtt.engine.drivers.SqlRequest;
import tools.jackson.databind.JsonNode;

/**
 * Reads a request to the postgres driver: the JSON every SQL driver reads ({@link SqlRequest}), whose
 * {@code "claims": {...}}, a JWT's claims, run it as the claims' role with {@code request.jwt.claims} set (Supabase's
 * Row Level Security).
 */
final class PostgresRequest
{
    /** The roles a request's claims may take: Supabase's, and no other. */
    static final Set<String> CLAIM_ROLES = Set.of("anon", "authenticated", "service_role");
    /** The forms, said in each refusal. */
    static final String USAGE = "a postgres request is {\"sql\": \"...\", \"params\": [...]} or {\"tx\": [{\"sql\": " +
        "\"...\", \"params\": [...]}, ...]}, optionally with \"claims\": {\"role\": ...} and \"readOnly\": true";

    private PostgresRequest()
    {
    }

    /**
     * Reads a request.
     *
     * @param root the request's JSON.
     * @return the request.
     * @throws IllegalArgumentException when it has neither form, or its claims name no role it may take.
     */
    static SqlRequest of(final JsonNode root)
    {
        final SqlRequest request = SqlRequest.of(root, USAGE);
        final JsonNode claims = request.claims();
        if (claims != null)
        {
            final JsonNode role = claims.get("role");
            if (role == null || !role.isString() || !CLAIM_ROLES.contains(role.asString()))
            {
                throw new IllegalArgumentException("claims.role must be one of anon, authenticated, service_role" +
                    (role == null ? "; the claims have none" : "; it is " + role));
            }
        }
        return request;
    }
}
