package io.sluice.e2e;

import java.util.List;
import java.util.function.ToDoubleFunction;

import io.sluice.testsupport.ProcessCpu;

/**
 * One measured round of the end-to-end benchmark: the direct copy's rate and Sluice's over the
 * same backlog, when each stage had passed it on (seconds from the start), what every process
 * spent, and what the window's claims added to Redis.
 */
record BenchmarkRound(double directRate, double sluiceRate, double[] stageDone, ProcessCpu.Sample directCpu,
        ProcessCpu.Sample sluiceCpu, double bytesPerKey, long redisKeysAdded) {

    double ratio() {
        return this.sluiceRate / this.directRate;
    }

    /**
     * Each figure's median over the rounds, taken figure by figure (so the medians may come from
     * different rounds): on this noisy machine a single round can be a third off.
     */
    static BenchmarkRound median(List<BenchmarkRound> rounds) {
        if (rounds.size() == 1) {
            return rounds.get(0);
        }
        double[] stageDone = new double[3];
        for (int stage = 0; stage < stageDone.length; stage++) {
            int at = stage;
            stageDone[stage] = median(rounds, round -> round.stageDone()[at]);
        }
        return new BenchmarkRound(median(rounds, BenchmarkRound::directRate), median(rounds, BenchmarkRound::sluiceRate),
                stageDone, ProcessCpu.Sample.median(rounds.stream().map(BenchmarkRound::directCpu).toList()),
                ProcessCpu.Sample.median(rounds.stream().map(BenchmarkRound::sluiceCpu).toList()),
                median(rounds, BenchmarkRound::bytesPerKey), (long) median(rounds, round -> round.redisKeysAdded()));
    }

    /** "round: direct copy N/s, Sluice M/s (ratio R), Sluice C core-seconds per million events (direct copy D)". */
    String describe(long events) {
        double perMillion = 1_000_000.0 / events;
        return "round: direct copy %,.0f events/s, Sluice %,.0f events/s (ratio %.2f); core-seconds per million events: Sluice %.1f, direct copy %.1f"
            .formatted(this.directRate, this.sluiceRate, ratio(), this.sluiceCpu.ofPipeline().total() * perMillion,
                    this.directCpu.ofDirectCopy().total() * perMillion);
    }

    private static double median(List<BenchmarkRound> rounds, ToDoubleFunction<BenchmarkRound> figure) {
        return ProcessCpu.median(rounds.stream().mapToDouble(figure).toArray());
    }
}
