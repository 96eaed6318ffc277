package io.sluice.api.secrets;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.sluice.model.definition.KafkaConnection;
import io.sluice.model.definition.PipelineDefinition;
import io.sluice.model.definition.SinkDefinition;
import io.sluice.model.definition.SourceDefinition;

/**
 * When a stored secret may stand behind a mask ({@code "********"}): only for the server, user and
 * security settings it was stored with. Otherwise whoever may edit a pipeline or call a connection
 * helper could move the pipeline's password to a host of their own, or send it over a weaker
 * channel (plaintext instead of TLS, TLS without verification, another CA), and read it off the
 * wire. Pure.
 */
public final class SecretReuse {

    static final String SINK_PASSWORD = "sink.password";

    private SecretReuse() {
    }

    /**
     * Why a Kafka connection's stored secrets may not be used for the one sent, e.g.
     * {@code "re-enter the password: the brokers changed"}; empty when they may. The brokers are
     * compared as a set (order does not matter); a CA sent in clear must be the stored one.
     */
    public static Optional<String> whyNotKafka(KafkaConnection stored, KafkaConnection sent, String secret) {
        String changed = null;
        if (!new HashSet<>(lower(stored.brokers())).equals(new HashSet<>(lower(sent.brokers())))) {
            changed = "the brokers changed";
        }
        else if (!Objects.equals(blankToNull(stored.username()), blankToNull(sent.username()))) {
            changed = "the username changed";
        }
        else if (stored.securityProtocol() != sent.securityProtocol()) {
            changed = "the securityProtocol changed";
        }
        else if (stored.saslMechanism() != sent.saslMechanism()) {
            changed = "the saslMechanism changed";
        }
        else if (stored.skipTlsVerification() != sent.skipTlsVerification()) {
            changed = "skipTlsVerification changed";
        }
        else if (!masked(sent.caCertificatePem())
                && !Objects.equals(blankToNull(stored.caCertificatePem()), blankToNull(sent.caCertificatePem()))) {
            changed = "the caCertificatePem changed";
        }
        return Optional.ofNullable(changed).map((what) -> "re-enter the " + secret + ": " + what);
    }

    /**
     * Why a ClickHouse sink's stored password may not be used for the URL and user sent; empty
     * when it may. The URL is compared whole (scheme, host and port), ignoring case and a trailing
     * slash; no user is ClickHouse's {@code default}.
     */
    public static Optional<String> whyNotClickHouse(String storedUrl, String storedUser, String sentUrl, String sentUser) {
        if (storedUrl == null || sentUrl == null || !trimSlash(storedUrl).equalsIgnoreCase(trimSlash(sentUrl))) {
            return Optional.of("re-enter the password: the URL changed");
        }
        if (!clickHouseUser(storedUser).equals(clickHouseUser(sentUser))) {
            return Optional.of("re-enter the password: the username changed");
        }
        return Optional.empty();
    }

    /**
     * For an edit: which stored passwords may not stand behind a mask in {@code sent}, keyed like
     * {@link SecretField#key()}, with the reason. Sources are matched by id, the sink is the sink.
     * A masked CA certificate is not listed: it is public, and keeping it only narrows whom Sluice
     * trusts.
     */
    public static Map<String, String> refusedInEdit(PipelineDefinition stored, PipelineDefinition sent) {
        Map<String, KafkaConnection> storedSources = new HashMap<>();
        for (int i = 0; i < stored.sources().size(); i++) {
            SourceDefinition source = stored.sources().get(i);
            if (source != null && source.connection() != null) {
                storedSources.put(SecretFields.sourceKey(source, i), source.connection());
            }
        }
        Map<String, String> refused = new HashMap<>();
        for (int i = 0; i < sent.sources().size(); i++) {
            SourceDefinition source = sent.sources().get(i);
            if (source == null || source.connection() == null || !masked(source.connection().password())) {
                continue;
            }
            String key = SecretFields.sourceKey(source, i);
            KafkaConnection before = storedSources.get(key);
            if (before != null) {
                whyNotKafka(before, source.connection(), "password").ifPresent((why) -> refused.put(key + "password", why));
            }
        }
        SinkDefinition before = stored.sink();
        SinkDefinition after = sent.sink();
        if (before != null && after != null && masked(after.password())) {
            whyNotClickHouse(before.url(), before.username(), after.url(), after.username())
                .ifPresent((why) -> refused.put(SINK_PASSWORD, why));
        }
        return refused;
    }

    private static boolean masked(String value) {
        return PipelineDefinition.MASKED_SECRET.equals(value);
    }

    private static List<String> lower(List<String> brokers) {
        return brokers == null ? List.of()
                : brokers.stream().map((broker) -> broker == null ? "" : broker.trim().toLowerCase(Locale.ROOT)).toList();
    }

    private static String blankToNull(String value) {
        return (value == null || value.isBlank()) ? null : value;
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    // ClickHouse's user when none is given.
    private static String clickHouseUser(String username) {
        return (username == null || username.isBlank()) ? "default" : username;
    }

}
