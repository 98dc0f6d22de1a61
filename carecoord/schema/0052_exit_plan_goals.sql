-- Issue 16: the exit programme's plan becomes one use of the case plan. Its items were a table
-- of their own (exit_plan_items, one goal per life domain, achieved or not); from here they are
-- goals of the case (case_goals) that name the programme they belong to, with a status and a
-- target date like every goal, and several per life domain.

-- NULL: a goal of the case plan alone. Set: a goal of the case's exit programme (its domain one
-- of the programme's life domains: domain/case_work.py check_exit_goal). It goes with the
-- programme, as the plan items did.
ALTER TABLE case_goals ADD COLUMN exit_programme_id INTEGER
    REFERENCES exit_programmes(id) ON DELETE CASCADE;

CREATE INDEX case_goals_by_exit_programme ON case_goals(exit_programme_id)
    WHERE exit_programme_id IS NOT NULL;

-- Every plan item becomes a goal of the programme's case, nothing lost:
-- - an item with an achieved date is reached on that date; one without is open, since the
--   enrolment (the old item recorded no other status, nor when it was written);
-- - the goal's words stay (trimmed); an anonymised item (its words '') has none (NULL), as an
--   anonymised goal has;
-- - there was no target date, referral or task; recorded by 'migration', at the moment it ran.
INSERT INTO case_goals (
    case_id, domain, goal, status, status_on, target_on, referral_id, task_id,
    recorded_by, recorded_at, exit_programme_id
)
SELECT
    p.case_id,
    i.life_domain,
    nullif(trim(i.goal), ''),
    CASE WHEN i.achieved_on IS NULL THEN 'open' ELSE 'reached' END,
    coalesce(i.achieved_on, p.enrolled_on),
    NULL, NULL, NULL,
    'migration',
    strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now'),
    p.id
FROM exit_plan_items i JOIN exit_programmes p ON p.id = i.programme_id
ORDER BY p.case_id, i.life_domain;

DROP TABLE exit_plan_items;
