package dev.engram.agent.db;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns {@code LETTA_PG_URI} ({@code postgresql://user:pass@host:port/db?params}) into the reactive and JDBC
 * datasource properties. Its ordinal sits below environment variables, so explicit {@code QUARKUS_DATASOURCE_*}
 * settings (and test resources) still win. Without the variable the local default of {@code ./engram up} applies.
 */
public class PgUriConfigSourceFactory implements ConfigSourceFactory {

    static final String DEFAULT_URI = "postgresql://postgres:postgres@127.0.0.1:5434/engram";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue value = context.getValue("LETTA_PG_URI");
        String uri = value == null || value.getValue() == null || value.getValue().isBlank() ? DEFAULT_URI : value.getValue();
        return List.of(new MapBackedConfigSource("LETTA_PG_URI", toProperties(uri), 270) {
        });
    }

    /** The Quarkus datasource properties for one PostgreSQL URI. */
    static Map<String, String> toProperties(String uri) {
        URI parsed = URI.create(uri.trim().replaceFirst("^postgres(ql)?(\\+[a-z0-9]+)?://", "postgresql://"));
        if (parsed.getHost() == null) {
            throw new IllegalArgumentException("LETTA_PG_URI must look like postgresql://user:pass@host:port/db");
        }
        int port = parsed.getPort() > 0 ? parsed.getPort() : 5432;
        String db = parsed.getPath() == null || parsed.getPath().length() <= 1 ? "postgres" : parsed.getPath().substring(1);
        String query = parsed.getRawQuery() == null ? "" : "?" + parsed.getRawQuery();
        Map<String, String> props = new HashMap<>();
        props.put("quarkus.datasource.reactive.url", "postgresql://" + parsed.getHost() + ":" + port + "/" + db + query);
        props.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://" + parsed.getHost() + ":" + port + "/" + db + query);
        String userInfo = parsed.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            props.put("quarkus.datasource.username", decode(colon < 0 ? userInfo : userInfo.substring(0, colon)));
            if (colon >= 0) {
                props.put("quarkus.datasource.password", decode(userInfo.substring(colon + 1)));
            }
        }
        return props;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
