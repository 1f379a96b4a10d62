-- Each organization's steps and tokens per calendar month (UTC), kept up to date by the statement that records a step
-- (RunRepository.insertStep), so that a budget check reads one row instead of counting the month's steps.
CREATE TABLE usage_months (
    organization_id TEXT   NOT NULL,
    month           DATE   NOT NULL,   -- the first day of the month
    steps           BIGINT NOT NULL,
    tokens          BIGINT NOT NULL,
    PRIMARY KEY (organization_id, month)
);

INSERT INTO usage_months (organization_id, month, steps, tokens)
SELECT organization_id, date_trunc('month', created_at AT TIME ZONE 'UTC')::date, count(*), COALESCE(sum(total_tokens), 0)
FROM steps GROUP BY 1, 2;
