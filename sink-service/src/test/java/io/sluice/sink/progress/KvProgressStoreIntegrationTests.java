package io.sluice.sink.progress;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.sluice.model.nats.NatsNames;
import io.sluice.testsupport.LocalEndpoints;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import io.sluice.testsupport.TestNamespace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@RealServers(RealServer.NATS)
class KvProgressStoreIntegrationTests {

    private static Connection nats;
    private static String bucket;

    @BeforeAll
    static void connect(LocalEndpoints endpoints, TestNamespace namespace) throws Exception {
        nats = Nats.connect(endpoints.natsUrl());
        bucket = NatsNames.withPrefix(namespace.natsPrefix()).sinkProgressBucket();
    }

    @AfterAll
    static void removeBucket() throws Exception {
        nats.keyValueManagement().delete(bucket);
        nats.close();
    }

    @Test
    void aLaneWithoutProgressStartsAtTheBeginning() throws Exception {
        ProgressStore store = new KvProgressStore(nats, bucket);

        assertThat(store.read("new-lane")).isEqualTo(new ProgressStore.Versioned(Progress.START, 0));
    }

    @Test
    void onlyOneOfTwoReplicasRecordingAnIntentFromTheSameRevisionWins() throws Exception {
        ProgressStore replicaA = new KvProgressStore(nats, bucket);
        ProgressStore replicaB = new KvProgressStore(nats, bucket);
        replicaA.compareAndSet("contended", 0, new Progress(10, null));
        long revision = replicaA.read("contended").revision();

        long aWon = replicaA.compareAndSet("contended", revision, new Progress(10, new Intent(11, 20, "a", 1)));
        long bWon = replicaB.compareAndSet("contended", revision, new Progress(10, new Intent(11, 30, "b", 1)));

        assertThat(aWon).isGreaterThan(revision);
        assertThat(bWon).isEqualTo(ProgressStore.LOST);
        assertThat(replicaB.read("contended").progress().intent()).isEqualTo(new Intent(11, 20, "a", 1));
    }

    @Test
    void progressSurvivesAReplicaRestart() throws Exception {
        new KvProgressStore(nats, bucket).compareAndSet("durable", 0, new Progress(500, new Intent(501, 640, "a", 99, 7, 3_500, 1_796_000_000_000L)));

        ProgressStore restarted = new KvProgressStore(nats, bucket);

        assertThat(restarted.read("durable").progress()).isEqualTo(new Progress(500, new Intent(501, 640, "a", 99, 7, 3_500, 1_796_000_000_000L)));
    }
}
