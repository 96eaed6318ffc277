package io.sluice.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code deploy/local/servers.sh}, run from a module's directory (where Maven runs its tests): how
 * a test kills a server it runs ({@code kill nats-2}) and starts it again ({@code up nats-2}).
 */
public final class ServersScript {

    private ServersScript() {
    }

    /** {@code servers.sh <command> <server>}: what it printed, output and errors together. */
    public static String run(String command, String server) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("../deploy/local/servers.sh", command, server).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return output;
    }
}
