package io.sluice.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

final class RealServersExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    // Longer than any test class runs, so a stream this old belongs to a run that was killed.
    private static final Duration STALE_AFTER = Duration.ofHours(1);
    private static final AtomicBoolean STALE_REMOVED = new AtomicBoolean();

    private static final int PROBE_TIMEOUT_MILLIS = 2_000;
    private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(RealServersExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        LocalEndpoints endpoints = LocalEndpoints.fromEnvironment();
        RealServer[] servers = serversOf(context);
        for (RealServer server : servers) {
            probe(server, endpoints.address(server));
        }
        if (List.of(servers).contains(RealServer.NATS) && STALE_REMOVED.compareAndSet(false, true)) {
            JetStreamJanitor.removeStale(endpoints.natsUrl(), STALE_AFTER);
        }
    }

    /**
     * What the class's namespaces left on the servers goes: every stream and bucket (JetStream
     * reserves their max bytes), topic (the broker keeps its data between runs) and schema.
     */
    @Override
    public void afterAll(ExtensionContext context) {
        List<TestNamespace> issued = TestNamespace.takeIssued(context.getRequiredTestClass());
        LocalEndpoints endpoints = LocalEndpoints.fromEnvironment();
        List<RealServer> servers = List.of(serversOf(context));
        JetStreamJanitor.removeNamespaces(endpoints.natsUrl(), issued);
        if (servers.contains(RealServer.NATS_CLUSTER)) {
            JetStreamJanitor.removeNamespaces(endpoints.natsClusterUrl(), issued);
        }
        if (servers.contains(RealServer.KAFKA)) {
            KafkaJanitor.removeNamespaces(endpoints.kafkaBootstrapServers(), issued);
        }
        if (servers.contains(RealServer.POSTGRES)) {
            PostgresJanitor.removeNamespaces(endpoints, issued);
        }
    }

    private static RealServer[] serversOf(ExtensionContext context) {
        return AnnotationSupport.findAnnotation(context.getRequiredTestClass(), RealServers.class)
                .map(RealServers::value)
                .orElse(new RealServer[0]);
    }

    private static void probe(RealServer server, LocalEndpoints.HostPort address) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address.host(), address.port()), PROBE_TIMEOUT_MILLIS);
        } catch (IOException e) {
            throw new ServerNotReachableException(server, address, e);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == TestNamespace.class || type == LocalEndpoints.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (parameter.getParameter().getType() == LocalEndpoints.class) {
            return LocalEndpoints.fromEnvironment();
        }
        // One namespace per test class: every method of the class shares it, no two classes do.
        ExtensionContext classContext = context.getTestClass().isPresent() && context.getTestMethod().isPresent()
                ? context.getParent().orElse(context)
                : context;
        return classContext.getStore(STORE).computeIfAbsent(
                classContext.getRequiredTestClass().getName(),
                key -> TestNamespace.forClass(classContext.getRequiredTestClass()),
                TestNamespace.class);
    }
}
