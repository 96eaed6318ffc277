-- API tokens and UI sessions. Only the SHA-256 of a token is stored: the token itself is shown once,
-- when it is created, and a leaked database does not let anyone call the API.
create table api_token (
    id           uuid                     primary key,
    name         varchar(200)             not null,
    token_hash   varchar(64)              not null,
    admin        boolean                  not null,
    created_at   timestamp with time zone not null,
    last_used_at timestamp with time zone,
    -- set for UI sessions, which end on their own; API tokens last until revoked
    expires_at   timestamp with time zone,
    revoked_at   timestamp with time zone,
    constraint api_token_hash_unique unique (token_hash)
);

create index api_token_active_by_creation on api_token (created_at) where revoked_at is null;
