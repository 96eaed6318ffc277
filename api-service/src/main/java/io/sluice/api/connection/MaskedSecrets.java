package io.sluice.api.connection;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import io.sluice.api.secrets.SecretReuse;
import io.sluice.model.definition.KafkaConnection;
import io.sluice.model.definition.PipelineDefinition;
import io.sluice.model.definition.SinkDefinition;
import io.sluice.model.definition.SourceDefinition;
import io.sluice.model.definition.Violation;

/**
 * Puts a stored pipeline's secrets back where a connection request sends their mask. Editing a
 * pipeline, the UI only ever has {@value PipelineDefinition#MASKED_SECRET} for its passwords, so
 * without this every connection test, topic list and table list of an edited pipeline would log
 * in with the mask.
 *
 * <p>A stored secret is only ever sent where it was stored for: a password for the same brokers (in
 * any order), user and security settings (protocol, SASL mechanism, TLS verification, CA) as one of
 * the pipeline's sources, or the same ClickHouse URL and user as its sink ({@link SecretReuse}); a
 * CA certificate for the same brokers and user.
 * Otherwise anyone allowed to test connections could point a request with the mask at a server of
 * their own and read the pipeline's password off the wire. Pure.
 */
final class MaskedSecrets {

    static final String NO_PIPELINE = "is masked: name the pipeline it is stored for (?pipeline=…), or type it";

    static final String NOT_STORED = "is masked, but no pipeline of that id stores one for this server and user: type it";

    private MaskedSecrets() {
    }

    /**
     * @param stored the named pipeline in clear, or null when none was named; looked up only when
     *               something is masked
     * @return {@code sent}, with each masked secret replaced by the one stored for the source that
     *         has the same brokers and user
     * @throws InvalidConnectionRequestException if a masked secret cannot be put back
     */
    static KafkaConnection kafka(KafkaConnection sent, Supplier<PipelineDefinition> stored, String path) {
        if (sent == null || (!masked(sent.password()) && !masked(sent.caCertificatePem()))) {
            return sent;
        }
        PipelineDefinition pipeline = stored.get();
        KafkaConnection passwordFrom = null;
        KafkaConnection certificateFrom = null;
        String refusal = null;
        if (pipeline != null) {
            for (SourceDefinition source : pipeline.sources()) {
                KafkaConnection candidate = source == null ? null : source.connection();
                if (candidate == null) {
                    continue;
                }
                boolean sameServer = new HashSet<>(candidate.brokers()).equals(new HashSet<>(sent.brokers()))
                        && Objects.equals(candidate.username(), sent.username());
                if (sameServer && certificateFrom == null) {
                    certificateFrom = candidate;
                }
                Optional<String> why = SecretReuse.whyNotKafka(candidate, sent, "password");
                if (why.isEmpty()) {
                    passwordFrom = (passwordFrom == null) ? candidate : passwordFrom;
                }
                else if (refusal == null || sameServer) {
                    refusal = why.get();
                }
            }
        }
        List<Violation> violations = new ArrayList<>();
        String password = restore(sent.password(), passwordFrom == null ? null : passwordFrom.password(), pipeline,
                passwordFrom == null ? refusal : null, path + ".password", violations);
        String ca = restore(sent.caCertificatePem(), certificateFrom == null ? null : certificateFrom.caCertificatePem(),
                pipeline, null, path + ".caCertificatePem", violations);
        check(violations);
        return new KafkaConnection(sent.brokers(), sent.securityProtocol(), sent.saslMechanism(), sent.username(), password,
                ca, sent.skipTlsVerification());
    }

    /**
     * @param stored the named pipeline in clear, or null when none was named; looked up only when
     *               the password is masked
     * @return {@code sent}, with a masked password replaced by the sink's if it has the same URL and user
     * @throws InvalidConnectionRequestException if a masked password cannot be put back
     */
    static ClickHouseConnection clickHouse(ClickHouseConnection sent, Supplier<PipelineDefinition> stored, String path) {
        if (sent == null || !masked(sent.password())) {
            return sent;
        }
        PipelineDefinition pipeline = stored.get();
        SinkDefinition sink = pipeline == null ? null : pipeline.sink();
        Optional<String> refusal = sink == null ? Optional.empty()
                : SecretReuse.whyNotClickHouse(sink.url(), sink.username(), sent.url(), sent.username());
        List<Violation> violations = new ArrayList<>();
        String password = restore(sent.password(), (sink != null && refusal.isEmpty()) ? sink.password() : null, pipeline,
                refusal.orElse(null), path + ".password", violations);
        check(violations);
        return new ClickHouseConnection(sent.url(), sent.username(), password, sent.database());
    }

    /**
     * @param refusal why the named pipeline's secret may not be used here, or null
     */
    private static String restore(String sent, String stored, PipelineDefinition pipeline, String refusal, String path,
            List<Violation> violations) {
        if (!masked(sent)) {
            return sent;
        }
        if (stored != null && !stored.isEmpty()) {
            return stored;
        }
        violations.add(new Violation(path, pipeline == null ? NO_PIPELINE : (refusal != null ? refusal : NOT_STORED)));
        return sent;
    }

    private static boolean masked(String value) {
        return PipelineDefinition.MASKED_SECRET.equals(value);
    }

    private static void check(List<Violation> violations) {
        if (!violations.isEmpty()) {
            throw new InvalidConnectionRequestException(violations);
        }
    }
}
