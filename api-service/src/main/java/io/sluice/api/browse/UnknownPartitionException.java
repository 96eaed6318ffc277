package io.sluice.api.browse;

/** An offset seek names a partition the topic does not have. */
class UnknownPartitionException extends BrowseException {

    UnknownPartitionException(int partition, int partitions) {
        super("The topic has no partition " + partition + ": its partitions are 0 to " + (partitions - 1) + ".", null);
    }
}
