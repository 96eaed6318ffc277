package io.sluice.api.connection;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a token that is not admin may point the connection helpers: the hosts of
 * {@code sluice.connections.allowed-hosts}, each {@code host} (any port) or {@code host:port}.
 * Names are compared as written, without resolving them: listing {@code clickhouse} allows
 * whatever that name resolves to, and not the same server by its address. Pure.
 */
final class AllowedHosts {

    static final String SETTING = "sluice.connections.allowed-hosts";

    private final List<String> entries;

    AllowedHosts(List<String> entries) {
        this.entries = entries.stream().map(String::trim).filter((entry) -> !entry.isEmpty())
            .map((entry) -> entry.toLowerCase(Locale.ROOT)).toList();
    }

    /** Why a non-admin caller may not connect to {@code host:port}, or empty when it may. */
    Optional<String> whyNot(String host, int port) {
        String name = unbracket(host).toLowerCase(Locale.ROOT);
        for (String entry : this.entries) {
            int colon = entry.lastIndexOf(':');
            boolean withPort = colon > 0 && entry.indexOf(':') == colon || entry.startsWith("[") && entry.contains("]:");
            if (withPort) {
                if (unbracket(entry.substring(0, colon)).equals(name) && entry.substring(colon + 1).equals(Integer.toString(port))) {
                    return Optional.empty();
                }
            }
            else if (unbracket(entry).equals(name)) {
                return Optional.empty();
            }
        }
        return Optional.of("only admin tokens may connect to " + host + ":" + port
                + "; other tokens only to the hosts of " + SETTING);
    }

    private static String unbracket(String host) {
        return (host.startsWith("[") && host.endsWith("]")) ? host.substring(1, host.length() - 1) : host;
    }

}
