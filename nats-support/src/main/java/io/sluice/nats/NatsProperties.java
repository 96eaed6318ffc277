package io.sluice.nats;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import io.sluice.model.nats.NatsNames;
import io.sluice.model.nats.NatsReplicas;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The NATS settings every service reads, {@code sluice.nats.*} (environment {@code SLUICE_NATS_URL},
 * {@code SLUICE_NATS_USER}, …): the api-service's and the workers' are this one record, so they
 * connect, name and replicate alike. {@link NatsConnections} turns them into a connection.
 *
 * @param url         one server URL, or several separated by commas
 *                    ({@code nats://a:4222,nats://b:4222}): the connection picks one and reconnects to
 *                    the others (and to the servers the cluster announces) when it is lost.
 *                    {@code tls://} URLs connect with TLS; user and password in a URL
 *                    ({@code nats://u:p@host:4222}) work as before
 * @param prefix      isolates every stream, subject and bucket name (tests); empty in production
 * @param replicas    copies JetStream keeps of every stream and KV bucket Sluice creates: 1 on a
 *                    single server, 3 on a three-server cluster (JetStream allows 1 to 5)
 * @param user        user name, with {@code password}; or none
 * @param password    that user's password
 * @param token       an authentication token, instead of user and password
 * @param credentials path of a NATS credentials file ({@code .creds}: a user JWT and its NKey seed),
 *                    instead of user and password or a token
 * @param tls         TLS to every server
 */
public record NatsProperties(@NotBlank @DefaultValue(NatsProperties.DEFAULT_URL) String url,
        @DefaultValue("") String prefix, @Min(1) @Max(NatsReplicas.MAX) @DefaultValue("1") int replicas,
        String user, String password, String token, String credentials, @Valid @DefaultValue Tls tls) {

    /** Default of {@code sluice.nats.url}: a server on this machine. */
    public static final String DEFAULT_URL = "nats://127.0.0.1:4222";

    /**
     * @param enabled whether to connect with TLS, trusting the JVM's certificate authorities (a
     *                {@code tls://} URL or {@code caFile} turns it on too)
     * @param caFile  path of a PEM file with the certificate authorities to trust instead of the
     *                JVM's; turns TLS on
     */
    public record Tls(@DefaultValue("false") boolean enabled, String caFile) {

        /** No TLS unless a URL asks for it. */
        public static final Tls NONE = new Tls(false, null);

        public Tls {
            caFile = blankToNull(caFile);
        }

        /** Whether the settings ask for TLS (a {@code tls://} URL asks without them). */
        public boolean required() {
            return enabled || caFile != null;
        }
    }

    public NatsProperties {
        url = (url == null) ? DEFAULT_URL : url;
        prefix = (prefix == null) ? "" : prefix;
        user = blankToNull(user);
        password = blankToNull(password);
        token = blankToNull(token);
        credentials = blankToNull(credentials);
        tls = (tls == null) ? Tls.NONE : tls;
        if (Arrays.stream(url.split(",")).allMatch(String::isBlank)) {
            throw new IllegalArgumentException("sluice.nats.url names no server, was \"" + url + "\"");
        }
        if (password != null && user == null) {
            throw new IllegalArgumentException("sluice.nats.password is set without sluice.nats.user");
        }
        int ways = (user != null ? 1 : 0) + (token != null ? 1 : 0) + (credentials != null ? 1 : 0);
        if (ways > 1) {
            throw new IllegalArgumentException("set one of sluice.nats.user (with password), sluice.nats.token and "
                    + "sluice.nats.credentials, not several");
        }
    }

    /** Settings with only a server URL (or list), a prefix and a replica count: no credentials, no TLS. */
    public static NatsProperties of(String url, String prefix, int replicas) {
        return new NatsProperties(url, prefix, replicas, null, null, null, null, Tls.NONE);
    }

    /** The server URLs of {@link #url()}, in their order, blanks dropped. */
    public List<String> servers() {
        return Arrays.stream(url.split(",")).map(String::trim).filter(server -> !server.isEmpty()).toList();
    }

    /** The server URLs without user and password, for log lines and messages. */
    public String redactedServers() {
        return servers().stream().map(NatsProperties::redacted).collect(Collectors.joining(","));
    }

    public NatsNames names() {
        return NatsNames.forConfiguredPrefix(prefix);
    }

    public NatsReplicas replicaCount() {
        return new NatsReplicas(replicas);
    }

    /** A server URL without user and password (or token), for log lines. */
    public static String redacted(String url) {
        if (url == null) {
            return "none";
        }
        try {
            URI uri = URI.create(url.contains("://") ? url : "nats://" + url);
            if (uri.getUserInfo() == null) {
                return url;
            }
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null).toString();
        } catch (IllegalArgumentException | URISyntaxException e) {
            return "(unparseable NATS URL)";
        }
    }

    // The password never shows in toString (startup failures and debug logs print the record).
    @Override
    public String toString() {
        return "NatsProperties[url=" + redactedServers() + ", prefix=" + prefix + ", replicas=" + replicas + ", user="
                + user + ", password=" + (password == null ? null : "********") + ", token="
                + (token == null ? null : "********") + ", credentials=" + credentials + ", tls=" + tls + "]";
    }

    private static String blankToNull(String value) {
        return (value == null || value.isBlank()) ? null : value;
    }
}
