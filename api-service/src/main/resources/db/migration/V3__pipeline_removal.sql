-- Pipelines deleted after they may have run whose NATS data (streams, the stages' recorded
-- positions) is still to be removed. The api-service removes it once no worker runs the pipeline
-- any longer, then deletes the row; until then the id cannot be created again, because a new
-- pipeline under it would resume from the old positions. Kept here, not in memory, so that a
-- restarted api-service finishes the job.
create table pipeline_removal (
    pipeline_id  text        primary key,
    deleted_at   timestamptz not null
);
