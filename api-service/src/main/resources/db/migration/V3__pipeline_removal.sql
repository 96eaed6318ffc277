-- Pipelines deleted after they may have run whose data outside PostgreSQL (NATS streams, the
-- stages' positions, ingest's Kafka consumer groups, dedup keys in Redis) is still to be removed. The api-service
-- removes it once no worker runs the pipeline any longer, then deletes the row; until then the id
-- cannot be created again, because a new pipeline under it would resume from the old positions.
-- Kept here, not in memory, so that a restarted api-service finishes the job.
create table pipeline_removal (
    pipeline_id  text        primary key,
    -- the deleted pipeline's definition, secrets sealed as in pipeline.definition: where its
    -- sources' consumer groups are
    definition   text        not null,
    deleted_at   timestamptz not null,
    -- what the removal last waited for, shown to whoever tries to create the id meanwhile
    waiting_for  text
);
