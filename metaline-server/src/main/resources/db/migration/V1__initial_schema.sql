-- MetaLine server schema. One set for H2 (MODE=PostgreSQL, DATABASE_TO_LOWER) and PostgreSQL 15:
-- only portable types (varchar, text, integer, bigint, double precision, boolean, timestamp with time zone).
-- Large values (CSV bodies, JSON, base64 artefacts) are text: unlimited in PostgreSQL, CLOB in H2.

create table tokens (
    id           varchar(64)  primary key,
    secret_hash  varchar(64)  not null unique,   -- hex SHA-256 of the secret; the secret itself is never stored
    site         varchar(200) not null,
    role         varchar(16)  not null,
    label        varchar(500),
    created      timestamp with time zone not null,
    revoked      timestamp with time zone
);
create index tokens_site on tokens (site);

create table datasets (
    id           varchar(64)  primary key,
    site         varchar(200) not null,
    name         varchar(500) not null,
    task_column  varchar(500) not null,
    row_count    integer      not null,
    task_count   integer      not null,
    columns_json text         not null,
    csv          text         not null,
    created_by   varchar(64),
    created      timestamp with time zone not null
);
create index datasets_site on datasets (site, created);

create table models (
    id           varchar(64)  primary key,
    site         varchar(200) not null,
    name         varchar(500) not null,
    version      integer      not null,
    dataset_id   varchar(64)  not null references datasets (id),
    config_json  text         not null,          -- inputs, outputs, algorithm, seed, iterations, input bounds
    status       varchar(16)  not null,
    progress     double precision not null,
    metrics_json text,
    curve_json   text,
    artefact     text,                           -- base64 of the MetaPrior file
    checksum     varchar(64),                    -- hex SHA-256 of the artefact bytes
    created_by   varchar(64),
    created      timestamp with time zone not null,
    finished     timestamp with time zone,
    error        text,
    constraint models_version unique (site, name, version)
);
create index models_site on models (site, created);
create index models_status on models (status);

create table studies (
    id             varchar(64)  primary key,
    site           varchar(200) not null,
    name           varchar(500) not null,
    prior_model_id varchar(64)  references models (id),
    spec_json      text         not null,
    state_json     text         not null,        -- the full StudyJson state: continues exactly after a restart
    version        bigint       not null,        -- optimistic lock: bumped by every state change
    state_note     text,                         -- e.g. the optimiser's message after an unsafe ask
    trial_count    integer      not null,
    completed      integer      not null,
    created_by     varchar(64),
    created        timestamp with time zone not null,
    updated        timestamp with time zone not null
);
create index studies_site on studies (site, created);

create table trials (
    study_id        varchar(64) not null references studies (id),
    trial_id        integer     not null,
    status          varchar(16) not null,
    settings_json   text        not null,
    context_json    text        not null,
    outcomes_json   text        not null,
    note            text,
    suggestion_json text,                        -- predictions, acquisition and reason of the suggestion
    created         timestamp with time zone,
    finished        timestamp with time zone,
    primary key (study_id, trial_id)
);

create table approvals (
    study_id   varchar(64) not null references studies (id),
    trial_id   integer     not null,
    decision   varchar(16) not null,             -- approved | rejected
    reason     text,
    decided_by varchar(64),
    decided    timestamp with time zone not null,
    primary key (study_id, trial_id)
);

create table lines (
    site           varchar(200) not null,
    id             varchar(200) not null,
    product        varchar(500),
    state          varchar(32)  not null,
    study_id       varchar(64),
    cycle          bigint       not null,
    setpoints_json text         not null,
    outcomes_json  text         not null,
    updated        timestamp with time zone not null,
    primary key (site, id)
);
