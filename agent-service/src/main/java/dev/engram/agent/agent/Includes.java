package dev.engram.agent.agent;

import jakarta.ws.rs.core.HttpHeaders;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which relationships an agent response carries. Letta's 1.x SDKs get none unless they ask with {@code include};
 * older clients get all of them.
 */
public record Includes(boolean blocks, boolean tools, boolean tags, boolean sources, boolean identities, boolean pendingApproval) {

    private static final Pattern SDK_AGENT = Pattern.compile("^(?:@letta-ai/)?letta-client/(\\d+)");

    public static final Includes ALL = new Includes(true, true, true, true, true, true);

    public static Includes of(HttpHeaders headers, List<String> include) {
        if (!isModernSdk(headers)) {
            return ALL;
        }
        Set<String> asked = new HashSet<>(include == null ? List.of() : include);
        return new Includes(asked.contains("agent.blocks"), asked.contains("agent.tools"), asked.contains("agent.tags"),
                asked.contains("agent.sources"), asked.contains("agent.identities"), asked.contains("agent.pending_approval"));
    }

    /** Letta's rule: a 1.x SDK sends X-Stainless-Package-Version, or no User-Agent, or a letta-client/1+ User-Agent. */
    public static boolean isModernSdk(HttpHeaders headers) {
        if (headers.getHeaderString("X-Stainless-Package-Version") != null) {
            return true;
        }
        String agent = headers.getHeaderString("User-Agent");
        if (agent == null || agent.isBlank()) {
            return true;
        }
        Matcher m = SDK_AGENT.matcher(agent.trim());
        return m.find() && Integer.parseInt(m.group(1)) >= 1;
    }
}
